// libcurl's result codes (CURLcode) that the transport tells apart, copied from curl/curl.h.
//
// Public to Swift (the CCurl module) so that ECETokenKitCurl classifies a failure from these numbers,
// never from libcurl's English text; curl_abi_check.c asserts every value against curl/curl.h. libcurl
// never renumbers them within soname 4 (docs/libcurl/ABI.md).

#ifndef ECE_CURL_CODES_H
#define ECE_CURL_CODES_H

#define ECE_CURLE_OK 0
#define ECE_CURLE_COULDNT_RESOLVE_PROXY 5
#define ECE_CURLE_COULDNT_RESOLVE_HOST 6
#define ECE_CURLE_COULDNT_CONNECT 7
#define ECE_CURLE_WEIRD_SERVER_REPLY 8
#define ECE_CURLE_HTTP2 16
#define ECE_CURLE_PARTIAL_FILE 18
#define ECE_CURLE_WRITE_ERROR 23
#define ECE_CURLE_OUT_OF_MEMORY 27
#define ECE_CURLE_OPERATION_TIMEDOUT 28
#define ECE_CURLE_SSL_CONNECT_ERROR 35
#define ECE_CURLE_UNKNOWN_OPTION 48
#define ECE_CURLE_GOT_NOTHING 52
#define ECE_CURLE_SSL_ENGINE_NOTFOUND 53
#define ECE_CURLE_SSL_ENGINE_SETFAILED 54
#define ECE_CURLE_SEND_ERROR 55
#define ECE_CURLE_RECV_ERROR 56
#define ECE_CURLE_SSL_CERTPROBLEM 58
#define ECE_CURLE_SSL_CIPHER 59
#define ECE_CURLE_PEER_FAILED_VERIFICATION 60
#define ECE_CURLE_FILESIZE_EXCEEDED 63
#define ECE_CURLE_SSL_ENGINE_INITFAILED 66
#define ECE_CURLE_SSL_CACERT_BADFILE 77
#define ECE_CURLE_SSL_SHUTDOWN_FAILED 80
#define ECE_CURLE_SSL_CRL_BADFILE 82
#define ECE_CURLE_SSL_ISSUER_ERROR 83
#define ECE_CURLE_SSL_PINNEDPUBKEYNOTMATCH 90
#define ECE_CURLE_SSL_INVALIDCERTSTATUS 91
#define ECE_CURLE_HTTP2_STREAM 92

#endif
