// The part of libcurl's ABI that ece_http.c uses, declared here so the build needs no curl headers
// (Debian's libcurl4-openssl-dev, RHEL's libcurl-devel). The binary loads libcurl.so.4 with dlopen, so
// these declarations are the whole contract between the two.
//
// Every value is copied from curl's include/curl/curl.h (the CURLOPT, CURLINFO and CURLcode lists and
// the CURLOPTTYPE_*/CURLINFO_* bases). libcurl promises that they never change within soname 4: options,
// info codes and error codes are only ever added, never renumbered ("ABI compatibility",
// docs/libcurl/ABI.md). The oldest libcurl this shim meets on a supported host is 7.61 (RHEL 8); every
// value below exists in it (CURLINFO_CONNECT_TIME_T and CURLINFO_APPCONNECT_TIME_T
// came in 7.61.0 itself), except CURLOPT_PROTOCOLS_STR (7.85), which the shim tries first and falls
// back from when libcurl answers CURLE_UNKNOWN_OPTION.
//
// Names carry an ECE_ prefix so that curl_abi_check.c can include curl/curl.h beside this file and
// assert, at compile time, that each value equals the real header's (CI runs it against Debian's
// header: Scripts/check-curl-abi.sh).

#ifndef ECE_CURL_ABI_H
#define ECE_CURL_ABI_H

#include <stddef.h>

/// CURL: an easy handle, opaque (curl.h: `typedef void CURL;`).
typedef void ece_curl;
/// CURLcode, CURLoption and CURLINFO are C enums, passed and returned as int.
typedef int ece_curl_code;
typedef int ece_curl_option;
typedef int ece_curl_info;
/// curl_off_t: a signed 64-bit integer on every 64-bit platform (curl/system.h).
typedef long long ece_curl_off_t;

/// struct curl_slist: a linked list of strings (curl.h).
struct ece_curl_slist {
    char *data;
    struct ece_curl_slist *next;
};

// curl_global_init flags: CURL_GLOBAL_DEFAULT is CURL_GLOBAL_ALL, CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32.
#define ECE_CURL_GLOBAL_DEFAULT 3L
// The size CURLOPT_ERRORBUFFER's buffer must have.
#define ECE_CURL_ERROR_SIZE 256

// CURLcode values: include/ece_curl_codes.h, where Swift reads them too.
#include "include/ece_curl_codes.h"

// CURLoption values: a type base (CURLOPTTYPE_*) plus the option's number. The type says what the
// variadic argument is: long, a pointer (object, string, list or callback data), a function, curl_off_t.
#define ECE_CURLOPTTYPE_LONG 0
#define ECE_CURLOPTTYPE_OBJECTPOINT 10000
#define ECE_CURLOPTTYPE_FUNCTIONPOINT 20000
#define ECE_CURLOPTTYPE_OFF_T 30000

#define ECE_CURLOPT_WRITEDATA (ECE_CURLOPTTYPE_OBJECTPOINT + 1)
#define ECE_CURLOPT_URL (ECE_CURLOPTTYPE_OBJECTPOINT + 2)
#define ECE_CURLOPT_ERRORBUFFER (ECE_CURLOPTTYPE_OBJECTPOINT + 10)
#define ECE_CURLOPT_WRITEFUNCTION (ECE_CURLOPTTYPE_FUNCTIONPOINT + 11)
#define ECE_CURLOPT_POSTFIELDS (ECE_CURLOPTTYPE_OBJECTPOINT + 15)
#define ECE_CURLOPT_USERAGENT (ECE_CURLOPTTYPE_OBJECTPOINT + 18)
#define ECE_CURLOPT_HTTPHEADER (ECE_CURLOPTTYPE_OBJECTPOINT + 23)
#define ECE_CURLOPT_SSLVERSION (ECE_CURLOPTTYPE_LONG + 32)
#define ECE_CURLOPT_CUSTOMREQUEST (ECE_CURLOPTTYPE_OBJECTPOINT + 36)
#define ECE_CURLOPT_POST (ECE_CURLOPTTYPE_LONG + 47)
#define ECE_CURLOPT_FOLLOWLOCATION (ECE_CURLOPTTYPE_LONG + 52)
#define ECE_CURLOPT_SSL_VERIFYPEER (ECE_CURLOPTTYPE_LONG + 64)
#define ECE_CURLOPT_CAINFO (ECE_CURLOPTTYPE_OBJECTPOINT + 65)
#define ECE_CURLOPT_HTTPGET (ECE_CURLOPTTYPE_LONG + 80)
#define ECE_CURLOPT_SSL_VERIFYHOST (ECE_CURLOPTTYPE_LONG + 81)
#define ECE_CURLOPT_CAPATH (ECE_CURLOPTTYPE_OBJECTPOINT + 97)
#define ECE_CURLOPT_NOSIGNAL (ECE_CURLOPTTYPE_LONG + 99)
#define ECE_CURLOPT_HTTPAUTH (ECE_CURLOPTTYPE_LONG + 107)
#define ECE_CURLOPT_MAXFILESIZE_LARGE (ECE_CURLOPTTYPE_OFF_T + 117)
#define ECE_CURLOPT_POSTFIELDSIZE_LARGE (ECE_CURLOPTTYPE_OFF_T + 120)
#define ECE_CURLOPT_TIMEOUT_MS (ECE_CURLOPTTYPE_LONG + 155)
#define ECE_CURLOPT_CONNECTTIMEOUT_MS (ECE_CURLOPTTYPE_LONG + 156)
#define ECE_CURLOPT_USERNAME (ECE_CURLOPTTYPE_OBJECTPOINT + 173)
#define ECE_CURLOPT_PASSWORD (ECE_CURLOPTTYPE_OBJECTPOINT + 174)
#define ECE_CURLOPT_PROTOCOLS (ECE_CURLOPTTYPE_LONG + 181)
#define ECE_CURLOPT_PROTOCOLS_STR (ECE_CURLOPTTYPE_OBJECTPOINT + 318)

// Values of long options.
#define ECE_CURLPROTO_HTTP (1L << 0)
#define ECE_CURLPROTO_HTTPS (1L << 1)
#define ECE_CURL_SSLVERSION_TLSv1_2 6L
#define ECE_CURLAUTH_BASIC 1L

// CURLINFO values: a type base plus the info's number; CURLINFO_LONG reads into a long.
#define ECE_CURLINFO_LONG 0x200000
#define ECE_CURLINFO_RESPONSE_CODE (ECE_CURLINFO_LONG + 2)
#define ECE_CURLINFO_OS_ERRNO (ECE_CURLINFO_LONG + 25)
#define ECE_CURLINFO_SSL_VERIFYRESULT (ECE_CURLINFO_LONG + 13)
// CURLINFO_OFF_T reads into a curl_off_t; the *_TIME_T values are microseconds (libcurl 7.61.0 and later).
#define ECE_CURLINFO_OFF_T 0x600000
#define ECE_CURLINFO_CONNECT_TIME_T (ECE_CURLINFO_OFF_T + 52)
#define ECE_CURLINFO_APPCONNECT_TIME_T (ECE_CURLINFO_OFF_T + 56)

#endif
