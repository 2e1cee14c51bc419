// libcurl, loaded with dlopen at first use; see include/ece_http.h for why.

#include "ece_http.h"
#include "curl_abi.h"

#include <dlfcn.h>
#include <errno.h>
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

/// Sorts a ece_curl_code into the failures the caller tells apart.
static int classify(ece_curl_code code, long os_errno, const char *text, const struct sink *sink) {
    switch (code) {
    case ECE_CURLE_OK:
        return ECE_HTTP_OK;
    case ECE_CURLE_COULDNT_RESOLVE_HOST:
    case ECE_CURLE_COULDNT_RESOLVE_PROXY:
        return ECE_HTTP_RESOLVE;
    case ECE_CURLE_COULDNT_CONNECT:
        return os_errno == ECONNREFUSED ? ECE_HTTP_REFUSED : ECE_HTTP_CONNECT;
    case ECE_CURLE_OPERATION_TIMEDOUT:
        return ECE_HTTP_TIMEOUT;
    case ECE_CURLE_PEER_FAILED_VERIFICATION:
        // OpenSSL backend: "SSL: no alternative certificate subject name matches target host name ..." or
        // "SSL: certificate subject name ... does not match target host name ..." for a host name mismatch;
        // "SSL certificate problem: ..." for an untrusted, self-signed or expired certificate.
        if (strstr(text, "host name") != NULL || strstr(text, "hostname") != NULL) {
            return ECE_HTTP_TLS_HOSTNAME;
        }
        return ECE_HTTP_TLS_UNTRUSTED;
    case ECE_CURLE_SSL_CACERT_BADFILE:
        return ECE_HTTP_TLS_CA_FILE;
    case ECE_CURLE_SSL_CONNECT_ERROR:
        if (strstr(text, "certificate verify failed") != NULL) {
            return ECE_HTTP_TLS_UNTRUSTED;
        }
        return ECE_HTTP_TLS_HANDSHAKE;
    case ECE_CURLE_SSL_ENGINE_NOTFOUND:
    case ECE_CURLE_SSL_ENGINE_SETFAILED:
    case ECE_CURLE_SSL_CERTPROBLEM:
    case ECE_CURLE_SSL_CIPHER:
    case ECE_CURLE_SSL_ENGINE_INITFAILED:
    case ECE_CURLE_SSL_SHUTDOWN_FAILED:
    case ECE_CURLE_SSL_CRL_BADFILE:
    case ECE_CURLE_SSL_ISSUER_ERROR:
    case ECE_CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case ECE_CURLE_SSL_INVALIDCERTSTATUS:
        return ECE_HTTP_TLS_HANDSHAKE;
    case ECE_CURLE_FILESIZE_EXCEEDED:
        return ECE_HTTP_TOO_LARGE;
    case ECE_CURLE_WRITE_ERROR:
        return sink->too_large ? ECE_HTTP_TOO_LARGE : ECE_HTTP_OTHER;
    case ECE_CURLE_GOT_NOTHING:
    case ECE_CURLE_SEND_ERROR:
    case ECE_CURLE_RECV_ERROR:
    case ECE_CURLE_PARTIAL_FILE:
    case ECE_CURLE_WEIRD_SERVER_REPLY:
    case ECE_CURLE_HTTP2:
    case ECE_CURLE_HTTP2_STREAM:
        return ECE_HTTP_EXCHANGE;
    default:
        return ECE_HTTP_OTHER;
    }
}

/// Overwrites `length` bytes with zeros in a way the compiler does not drop as a dead store.
static void wipe(void *bytes, size_t length) {
    volatile unsigned char *byte = bytes;
    while (length-- > 0) *byte++ = 0;
}

/// Fails the exchange before it starts, with a reason.
static int fail(struct ece_http_response *response, int failure, int code, const char *reason) {
    response->failure = failure;
    response->curl_code = code;
    snprintf(response->error, sizeof response->error, "%s", reason);
    return failure;
}

int ece_http_perform(const struct ece_http_request *request, struct ece_http_response *response) {
    memset(response, 0, sizeof *response);
    response->curl_code = -1;
    if (!ece_http_available()) {
        return fail(response, ECE_HTTP_UNAVAILABLE, -1, curl.error);
    }
    ece_curl *easy = curl.easy_init();
    if (easy == NULL) {
        return fail(response, ECE_HTTP_OTHER, -1, "curl_easy_init failed");
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
            return fail(response, ECE_HTTP_OTHER, -1, "out of memory");
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
        fail(response, ECE_HTTP_OTHER, (int)code, error[0] != 0 ? error : curl.easy_strerror(code));
    } else {
        code = curl.easy_perform(easy);
        long os_errno = 0;
        (void)curl.easy_getinfo(easy, ECE_CURLINFO_OS_ERRNO, &os_errno);
        response->os_errno = os_errno;
        response->curl_code = (int)code;
        if (code == ECE_CURLE_OK) {
            long status = 0;
            (void)curl.easy_getinfo(easy, ECE_CURLINFO_RESPONSE_CODE, &status);
            response->status = status;
        } else if (error[0] == 0) {
            snprintf(error, sizeof error, "%s", curl.easy_strerror(code));
        }
        snprintf(response->error, sizeof response->error, "%s", error);
        response->failure = sink.out_of_memory ? ECE_HTTP_OTHER : classify(code, os_errno, error, &sink);
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
    if (response->failure == ECE_HTTP_OK) {
        response->body = sink.data;
        response->body_length = sink.length;
    } else {
        free(sink.data);
    }
    return response->failure;
}

void ece_http_response_free(struct ece_http_response *response) {
    free(response->body);
    response->body = NULL;
    response->body_length = 0;
}
