#ifndef ECETOKEN_COPENSSL_SHIM_H
#define ECETOKEN_COPENSSL_SHIM_H

// Only current OpenSSL 3 API: deprecated calls such as HMAC_CTX_* must not compile.
#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#endif
