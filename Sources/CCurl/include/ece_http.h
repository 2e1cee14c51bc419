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

/// What went wrong, classified for the caller's messages and exit codes.
enum ece_http_failure {
    /// A reply arrived (any HTTP status).
    ECE_HTTP_OK = 0,
    /// libcurl could not be loaded, or lacks a function this shim needs.
    ECE_HTTP_UNAVAILABLE = 1,
    /// The host name did not resolve.
    ECE_HTTP_RESOLVE = 2,
    /// The host refused the TCP connection.
    ECE_HTTP_REFUSED = 3,
    /// The TCP connection failed otherwise (no route, network unreachable, reset).
    ECE_HTTP_CONNECT = 4,
    /// The connect timeout or the total timeout expired.
    ECE_HTTP_TIMEOUT = 5,
    /// The server's certificate is not trusted by the configured CA (or is expired).
    ECE_HTTP_TLS_UNTRUSTED = 6,
    /// The server's certificate does not name the host connected to.
    ECE_HTTP_TLS_HOSTNAME = 7,
    /// The TLS handshake failed (protocol, cipher, not TLS at all).
    ECE_HTTP_TLS_HANDSHAKE = 8,
    /// The CA file could not be used.
    ECE_HTTP_TLS_CA_FILE = 9,
    /// The reply is larger than max_response_bytes.
    ECE_HTTP_TOO_LARGE = 10,
    /// The connection broke while sending or receiving, or the server sent nothing.
    ECE_HTTP_EXCHANGE = 11,
    /// Anything else libcurl reports.
    ECE_HTTP_OTHER = 12,
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

/// What came back. Free with ece_http_response_free.
struct ece_http_response {
    /// The HTTP status, when failure is ECE_HTTP_OK.
    long status;
    /// The reply body (malloc'd; NULL when empty).
    unsigned char *body;
    /// Its length in bytes.
    size_t body_length;
    /// An ece_http_failure value.
    int failure;
    /// The CURLcode, or -1 when libcurl was not reached.
    int curl_code;
    /// The system errno libcurl saw on the last connect, or 0.
    long os_errno;
    /// libcurl's error text, or why libcurl could not be loaded; empty when none. Never holds the password.
    char error[256];
};

/// Performs one exchange. Thread-safe; loads libcurl once, at the first call.
/// The corresponding libcurl functions are `curl_easy_init`, `curl_easy_setopt` and `curl_easy_perform`.
/// Returns response->failure.
int ece_http_perform(const struct ece_http_request *request, struct ece_http_response *response);

/// Frees the body of a response filled by ece_http_perform.
void ece_http_response_free(struct ece_http_response *response);

/// Whether libcurl can be loaded (loading it if it was not yet).
int ece_http_available(void);

#ifdef __cplusplus
}
#endif

#endif
