internal import COpenSSL

/// Process-wide settings of the cryptographic library (OpenSSL 3's libcrypto).
package enum CryptoLibrary {
    /// Tells OpenSSL not to free its global state when the process exits, which a short-lived program
    /// gains nothing from: it saved a single `ecetoken verify` about 5% of its instructions. Takes
    /// effect only before the library's first use; later calls change nothing.
    /// The corresponding C call is `OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL)`.
    package static func skipCleanupAtExit() {
        _ = OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil)
    }
}
