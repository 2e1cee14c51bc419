// libcurl, loaded with dlopen at first use; see include/ece_http.h for why.

#include "ece_http.h"
#include "curl_abi.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__APPLE__)
static const char *const library_name = "libcurl.4.dylib";
#else
static const char *const library_name = "libcurl.so.4";
#endif

// The libcurl functions used, called through pointers found with dlsym.
typedef ece_curl_code (*global_init_function)(long);
typedef ece_curl *(*easy_init_function)(void);
typedef ece_curl_code (*easy_setopt_function)(ece_curl *, ece_curl_option, ...);
typedef ece_curl_code (*easy_perform_function)(ece_curl *);
typedef ece_curl_code (*easy_getinfo_function)(ece_curl *, ece_curl_info, ...);
typedef void (*easy_cleanup_function)(ece_curl *);
typedef const char *(*easy_strerror_function)(ece_curl_code);
typedef struct ece_curl_slist *(*slist_append_function)(struct ece_curl_slist *, const char *);
typedef void (*slist_free_all_function)(struct ece_curl_slist *);

static struct {
    global_init_function global_init;
    easy_init_function easy_init;
    easy_setopt_function easy_setopt;
    easy_perform_function easy_perform;
    easy_getinfo_function easy_getinfo;
    easy_cleanup_function easy_cleanup;
    easy_strerror_function easy_strerror;
    slist_append_function slist_append;
    slist_free_all_function slist_free_all;
    int loaded;
    char error[256];
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

/// Loads libcurl and its functions once; on failure leaves curl.loaded 0 and the reason in curl.error.
/// The library is never unloaded. The corresponding C functions are `dlopen` and `dlsym`.
static void load_curl(void) {
    void *handle = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(curl.error, sizeof curl.error, "%s", reason != NULL ? reason : library_name);
        return;
    }
#define ECE_LOAD(field, type, symbol)                                                                      \
    do {                                                                                                   \
        curl.field = (type)dlsym(handle, symbol);                                                          \
        if (curl.field == NULL) {                                                                          \
            snprintf(curl.error, sizeof curl.error, "%s has no function %s", library_name, symbol);       \
            return;                                                                                        \
        }                                                                                                  \
    } while (0)
    ECE_LOAD(global_init, global_init_function, "curl_global_init");
    ECE_LOAD(easy_init, easy_init_function, "curl_easy_init");
    ECE_LOAD(easy_setopt, easy_setopt_function, "curl_easy_setopt");
    ECE_LOAD(easy_perform, easy_perform_function, "curl_easy_perform");
    ECE_LOAD(easy_getinfo, easy_getinfo_function, "curl_easy_getinfo");
    ECE_LOAD(easy_cleanup, easy_cleanup_function, "curl_easy_cleanup");
    ECE_LOAD(easy_strerror, easy_strerror_function, "curl_easy_strerror");
    ECE_LOAD(slist_append, slist_append_function, "curl_slist_append");
    ECE_LOAD(slist_free_all, slist_free_all_function, "curl_slist_free_all");
#undef ECE_LOAD
    // curl_global_init is not thread-safe in older releases; pthread_once makes this the only call.
    if (curl.global_init(ECE_CURL_GLOBAL_DEFAULT) != ECE_CURLE_OK) {
        snprintf(curl.error, sizeof curl.error, "curl_global_init failed");
        return;
    }
    curl.loaded = 1;
}

int ece_http_available(void) {
    pthread_once(&load_once, load_curl);
    return curl.loaded;
}

/// The reply body, collected up to a limit.
struct sink {
    unsigned char *data;
    size_t length;
    size_t capacity;
    size_t limit;
    int too_large;
    int out_of_memory;
};

/// ECE_CURLOPT_WRITEFUNCTION: appends to the sink; returning less than given makes libcurl stop.
static size_t write_body(char *bytes, size_t size, size_t count, void *context) {
    struct sink *sink = context;
    size_t total = size * count;
    if (total > sink->limit - sink->length) {
        sink->too_large = 1;
        return 0;
    }
    if (sink->length + total > sink->capacity) {
        size_t capacity = sink->capacity < 4096 ? 4096 : sink->capacity;
        while (capacity < sink->length + total) {
            capacity = capacity > sink->limit / 2 ? sink->limit : capacity * 2;
        }
        unsigned char *grown = realloc(sink->data, capacity);
        if (grown == NULL) {
            sink->out_of_memory = 1;
            return 0;
        }
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->length, bytes, total);
    sink->length += total;
    return total;
}

/// Overwrites `length` bytes with zeros in a way the compiler does not drop as a dead store.
static void wipe(void *bytes, size_t length) {
    volatile unsigned char *byte = bytes;
    while (length-- > 0) *byte++ = 0;
}

/// Fails the exchange before it starts, with a reason; returns -1.
static int fail(struct ece_http_response *response, int problem, int code, const char *reason) {
    response->problem = problem;
    response->curl_code = code;
    snprintf(response->error, sizeof response->error, "%s", reason);
    return -1;
}

int ece_http_perform(const struct ece_http_request *request, struct ece_http_response *response) {
    memset(response, 0, sizeof *response);
    response->curl_code = -1;
    if (!ece_http_available()) {
        return fail(response, ECE_HTTP_SHIM_UNAVAILABLE, -1, curl.error);
    }
    ece_curl *easy = curl.easy_init();
    if (easy == NULL) {
        return fail(response, ECE_HTTP_SHIM_OUT_OF_MEMORY, -1, "curl_easy_init failed");
    }
    char error[ECE_CURL_ERROR_SIZE] = {0};
    struct sink sink = {.limit = request->max_response_bytes};
    struct ece_curl_slist *headers = NULL;
    struct ece_curl_slist *next = NULL;
    ece_curl_code code = ECE_CURLE_OK;

#define ECE_SET(option, value)                                                                             \
    do {                                                                                                   \
        if (code == ECE_CURLE_OK) code = curl.easy_setopt(easy, option, value);                                \
    } while (0)
    ECE_SET(ECE_CURLOPT_ERRORBUFFER, error);
    ECE_SET(ECE_CURLOPT_URL, request->url);
    // Only HTTPS and HTTP, never file://, ftp:// or anything else a URL could name.
    if (code == ECE_CURLE_OK) {
        code = curl.easy_setopt(easy, ECE_CURLOPT_PROTOCOLS_STR, "https,http");
        if (code == ECE_CURLE_UNKNOWN_OPTION) {
            code = curl.easy_setopt(easy, ECE_CURLOPT_PROTOCOLS, (long)(ECE_CURLPROTO_HTTPS | ECE_CURLPROTO_HTTP));
        }
    }
    ECE_SET(ECE_CURLOPT_FOLLOWLOCATION, 0L);
    ECE_SET(ECE_CURLOPT_NOSIGNAL, 1L);
    ECE_SET(ECE_CURLOPT_USERAGENT, request->user_agent);
    ECE_SET(ECE_CURLOPT_CONNECTTIMEOUT_MS, request->connect_timeout_ms);
    ECE_SET(ECE_CURLOPT_TIMEOUT_MS, request->timeout_ms);
    ECE_SET(ECE_CURLOPT_MAXFILESIZE_LARGE, (ece_curl_off_t)request->max_response_bytes);
    ECE_SET(ECE_CURLOPT_WRITEFUNCTION, write_body);
    ECE_SET(ECE_CURLOPT_WRITEDATA, &sink);
    ECE_SET(ECE_CURLOPT_SSLVERSION, (long)ECE_CURL_SSLVERSION_TLSv1_2);
    if (request->insecure) {
        ECE_SET(ECE_CURLOPT_SSL_VERIFYPEER, 0L);
        ECE_SET(ECE_CURLOPT_SSL_VERIFYHOST, 0L);
    } else {
        ECE_SET(ECE_CURLOPT_SSL_VERIFYPEER, 1L);
        ECE_SET(ECE_CURLOPT_SSL_VERIFYHOST, 2L);
    }
    if (request->ca_file != NULL) {
        // Trust this file only: no system CA directory next to it.
        ECE_SET(ECE_CURLOPT_CAINFO, request->ca_file);
        if (code == ECE_CURLE_OK) (void)curl.easy_setopt(easy, ECE_CURLOPT_CAPATH, (char *)NULL);
    }
    // "Authorization: ApiKey KEY", built in a buffer of our own so it can be wiped after the exchange.
    static const char api_key_prefix[] = "Authorization: ApiKey ";
    char *api_key_header = NULL;
    size_t api_key_header_size = 0;
    if (request->api_key != NULL) {
        api_key_header_size = sizeof api_key_prefix + strlen(request->api_key);
        api_key_header = malloc(api_key_header_size);
        if (api_key_header == NULL) {
            curl.easy_cleanup(easy);
            return fail(response, ECE_HTTP_SHIM_OUT_OF_MEMORY, -1, "out of memory");
        }
        snprintf(api_key_header, api_key_header_size, "%s%s", api_key_prefix, request->api_key);
        next = curl.slist_append(headers, api_key_header);
        if (next == NULL) {
            code = ECE_CURLE_OUT_OF_MEMORY;
        } else {
            headers = next;
        }
    } else if (request->user != NULL) {
        ECE_SET(ECE_CURLOPT_HTTPAUTH, (long)ECE_CURLAUTH_BASIC);
        ECE_SET(ECE_CURLOPT_USERNAME, request->user);
        ECE_SET(ECE_CURLOPT_PASSWORD, request->password != NULL ? request->password : "");
    }
    const char *const header_lines[] = {"Accept: application/json", "Expect:"};
    for (size_t index = 0; index < sizeof header_lines / sizeof header_lines[0]; index++) {
        next = curl.slist_append(headers, header_lines[index]);
        if (next == NULL) break;
        headers = next;
    }
    if (strcmp(request->method, "GET") == 0) {
        ECE_SET(ECE_CURLOPT_HTTPGET, 1L);
    } else if (strcmp(request->method, "POST") == 0) {
        next = curl.slist_append(headers, "Content-Type: application/json");
        if (next != NULL) headers = next;
        ECE_SET(ECE_CURLOPT_POST, 1L);
        ECE_SET(ECE_CURLOPT_POSTFIELDSIZE_LARGE, (ece_curl_off_t)request->body_length);
        ECE_SET(ECE_CURLOPT_POSTFIELDS, request->body != NULL ? (const char *)request->body : "");
    } else {
        ECE_SET(ECE_CURLOPT_CUSTOMREQUEST, request->method);
    }
    ECE_SET(ECE_CURLOPT_HTTPHEADER, headers);
#undef ECE_SET

    if (code != ECE_CURLE_OK) {
        // An option this libcurl does not support: refuse rather than run with weaker settings.
        fail(response, ECE_HTTP_SHIM_OPTION_REFUSED, (int)code, error[0] != 0 ? error : curl.easy_strerror(code));
    } else {
        code = curl.easy_perform(easy);
        response->curl_code = (int)code;
        // Facts for the caller to decide from; a getinfo that fails leaves its 0.
        (void)curl.easy_getinfo(easy, ECE_CURLINFO_OS_ERRNO, &response->os_errno);
        (void)curl.easy_getinfo(easy, ECE_CURLINFO_SSL_VERIFYRESULT, &response->ssl_verify_result);
        ece_curl_off_t connect_time = 0;
        ece_curl_off_t tls_connect_time = 0;
        (void)curl.easy_getinfo(easy, ECE_CURLINFO_CONNECT_TIME_T, &connect_time);
        (void)curl.easy_getinfo(easy, ECE_CURLINFO_APPCONNECT_TIME_T, &tls_connect_time);
        response->connect_time_us = connect_time;
        response->tls_connect_time_us = tls_connect_time;
        if (sink.too_large) {
            response->problem = ECE_HTTP_SHIM_TOO_LARGE;
        } else if (sink.out_of_memory) {
            response->problem = ECE_HTTP_SHIM_OUT_OF_MEMORY;
        }
        if (code == ECE_CURLE_OK) {
            (void)curl.easy_getinfo(easy, ECE_CURLINFO_RESPONSE_CODE, &response->status);
        } else if (error[0] == 0) {
            snprintf(error, sizeof error, "%s", curl.easy_strerror(code));
        }
        snprintf(response->error, sizeof response->error, "%s", error);
    }
    curl.easy_cleanup(easy);
    // curl_slist_append copies each line: wipe the copies holding the key, then the buffer it came from.
    for (struct ece_curl_slist *item = headers; item != NULL; item = item->next) {
        if (api_key_header != NULL && item->data != NULL && strncmp(item->data, api_key_prefix, sizeof api_key_prefix - 1) == 0) {
            wipe(item->data, strlen(item->data));
        }
    }
    curl.slist_free_all(headers);
    if (api_key_header != NULL) {
        wipe(api_key_header, api_key_header_size);
        free(api_key_header);
    }
    int replied = code == ECE_CURLE_OK && response->problem == ECE_HTTP_SHIM_NONE;
    if (replied) {
        response->body = sink.data;
        response->body_length = sink.length;
    } else {
        free(sink.data);
    }
    return replied ? 0 : -1;
}

void ece_http_response_free(struct ece_http_response *response) {
    free(response->body);
    response->body = NULL;
    response->body_length = 0;
}
