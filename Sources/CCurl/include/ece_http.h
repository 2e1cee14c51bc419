// One HTTP(S) exchange through libcurl, loaded with dlopen at first use.
//
// The ecetoken binary does not link libcurl: commands that never touch the network (inspect, verify
// without --check-active, audit, mint) must start as fast as before, and a missing libcurl must only
// break the commands that need it. This header exposes no libcurl type, so Swift sees a small,
// non-variadic C API and nothing of curl.h.

#ifndef ECE_HTTP_H
#define ECE_HTTP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What the shim itself saw go wrong, beside libcurl's result code. The shim reports facts only; the
/// caller (ECETokenKitCurl) decides what a failure means from these, the CURLcode and the CURLINFO values.
enum ece_http_shim_problem {
    /// Nothing: libcurl ran the exchange; its result is in curl_code.
    ECE_HTTP_SHIM_NONE = 0,
    /// libcurl could not be loaded, or lacks a function this shim needs (the reason is in error).
    ECE_HTTP_SHIM_UNAVAILABLE = 1,
    /// The reply body grew past max_response_bytes, so the shim stopped reading.
    ECE_HTTP_SHIM_TOO_LARGE = 2,
    /// The shim could not allocate memory (for the body or the API key header).
    ECE_HTTP_SHIM_OUT_OF_MEMORY = 3,
    /// libcurl refused an option (curl_code says why); nothing was sent.
    ECE_HTTP_SHIM_OPTION_REFUSED = 4,
};

/// One request. Strings are NUL-terminated; NULL means "not set".
struct ece_http_request {
    /// "GET", "POST" or "DELETE".
    const char *method;
    /// The whole URL, without credentials.
    const char *url;
    /// The request body (POST), or NULL.
    const unsigned char *body;
    /// Its length in bytes.
    size_t body_length;
    /// Basic-auth user name, or NULL for no authentication.
    const char *user;
    /// Basic-auth password (only with user).
    const char *password;
    /// An ECE API key, sent as `Authorization: ApiKey KEY` instead of basic auth; NULL for none.
    /// Never copied into error text; the header line built from it is wiped before it is freed.
    const char *api_key;
    /// A PEM file of CA certificates to trust instead of the system's, or NULL for the system's.
    const char *ca_file;
    /// Non-zero: do not verify the server's certificate or host name.
    int insecure;
    /// Milliseconds allowed to connect (TCP and TLS), > 0.
    long connect_timeout_ms;
    /// Milliseconds allowed for the whole exchange, > 0.
    long timeout_ms;
    /// The largest reply body accepted, in bytes.
    size_t max_response_bytes;
    /// The User-Agent header value.
    const char *user_agent;
};

/// What came back: the reply, or the raw facts about why none came. Free with ece_http_response_free.
struct ece_http_response {
    /// The HTTP status, when a reply arrived (curl_code is 0 and problem is ECE_HTTP_SHIM_NONE).
    long status;
    /// The reply body (malloc'd; NULL when empty or when no reply arrived).
    unsigned char *body;
    /// Its length in bytes.
    size_t body_length;
    /// An ece_http_shim_problem value.
    int problem;
    /// The CURLcode of curl_easy_perform (or of the refused option), or -1 when libcurl was not reached.
    int curl_code;
    /// CURLINFO_OS_ERRNO: the system errno libcurl saw on the last connect, or 0.
    long os_errno;
    /// CURLINFO_SSL_VERIFYRESULT: the X509 verify result of the server's certificate chain (OpenSSL's
    /// X509_V_* numbers; 0 when it verified; libcurl's OpenSSL backend leaves 1, X509_V_ERR_UNSPECIFIED, when
    /// the exchange failed before the chain's result was read).
    long ssl_verify_result;
    /// CURLINFO_CONNECT_TIME_T: microseconds until the TCP connection was made, 0 if it never was.
    long long connect_time_us;
    /// CURLINFO_APPCONNECT_TIME_T: microseconds until the TLS handshake completed, 0 if it never did
    /// (always 0 for http://).
    long long tls_connect_time_us;
    /// libcurl's error text, or why libcurl could not be loaded; empty when none. Never holds the password.
    /// Only for display: no decision is taken on it.
    char error[256];
};

/// Performs one exchange. Thread-safe; loads libcurl once, at the first call.
/// The corresponding libcurl functions are `curl_easy_init`, `curl_easy_setopt` and `curl_easy_perform`.
/// Returns 0 when an HTTP reply arrived (any status), -1 otherwise (the response says why).
int ece_http_perform(const struct ece_http_request *request, struct ece_http_response *response);

/// Frees the body of a response filled by ece_http_perform.
void ece_http_response_free(struct ece_http_response *response);

/// Whether libcurl can be loaded (loading it if it was not yet).
int ece_http_available(void);

#ifdef __cplusplus
}
#endif

#endif
