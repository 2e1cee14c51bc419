internal import COpenSSL

/// An HMAC key bound to one algorithm, keyed once in an OpenSSL `EVP_MAC_CTX` and reused for every
/// message (re-keying per message would cost a context rebuild each time).
///
/// Not thread-safe: each thread keeps its own context.
package final class HMACContext {
    /// The algorithm the key is bound to.
    package let algorithm: HMACAlgorithm
    private let mac: OpaquePointer
    private let context: OpaquePointer

    /// Keys a new context.
    /// - Parameters:
    ///   - algorithm: the HMAC algorithm.
    ///   - key: the raw key bytes (any length, including empty: policy belongs to the caller).
    /// - Throws: ``CryptoError`` when OpenSSL cannot build the context.
    package init(algorithm: HMACAlgorithm, key: [UInt8]) throws(CryptoError) {
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else {
            throw Self.openSSLError("EVP_MAC_fetch(HMAC)")
        }
        guard let context = EVP_MAC_CTX_new(mac) else {
            EVP_MAC_free(mac)
            throw Self.openSSLError("EVP_MAC_CTX_new")
        }
        self.algorithm = algorithm
        self.mac = mac
        self.context = context
        // A non-nil pointer even for an empty key: nil would mean "keep the previous key".
        var keyBytes = key.isEmpty ? [0] : key
        let keyLength = key.count
        // OSSL_PARAM keeps pointers to the parameter name and the digest name, so both must stay alive during
        // EVP_MAC_init: the params are built inside withCString for each. (OSSL_MAC_PARAM_DIGEST is imported as a
        // Swift String; passed directly it becomes a temporary C string that dies when the construct call returns.)
        let status = OSSL_MAC_PARAM_DIGEST.withCString { parameterName in
            algorithm.digestName.withCString { digestName -> Int32 in
                var params = [
                    OSSL_PARAM_construct_utf8_string(parameterName, UnsafeMutablePointer(mutating: digestName), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return keyBytes.withUnsafeMutableBufferPointer { keyBuffer in
                    EVP_MAC_init(context, keyBuffer.baseAddress, keyLength, &params)
                }
            }
        }
        for index in keyBytes.indices { keyBytes[index] = 0 }
        if status != 1 {
            throw Self.openSSLError("EVP_MAC_init")
        }
    }

    deinit {
        EVP_MAC_CTX_free(context)
        EVP_MAC_free(mac)
    }

    /// Computes the full-length authentication code of `message`.
    /// - Throws: ``CryptoError`` when OpenSSL fails.
    package func authenticationCode(for message: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        // Re-initialise with a nil key: OpenSSL keeps the key from the first EVP_MAC_init.
        guard EVP_MAC_init(context, nil, 0, nil) == 1 else { throw Self.openSSLError("EVP_MAC_init") }
        let updated: Int32 =
            message.withContiguousStorageIfAvailable { buffer in
                EVP_MAC_update(context, buffer.baseAddress, buffer.count)
            }
            ?? Array(message).withUnsafeBufferPointer { buffer in
                EVP_MAC_update(context, buffer.baseAddress, buffer.count)
            }
        guard updated == 1 else { throw Self.openSSLError("EVP_MAC_update") }
        var output = [UInt8](repeating: 0, count: 64)
        var written = 0
        let finished = output.withUnsafeMutableBufferPointer { buffer in
            EVP_MAC_final(context, buffer.baseAddress, &written, buffer.count)
        }
        guard finished == 1, written == algorithm.digestLength else { throw Self.openSSLError("EVP_MAC_final") }
        output.removeSubrange(written...)
        return output
    }

    /// Whether `code` is the authentication code of `message`, compared in constant time.
    ///
    /// A code of the wrong length is rejected before any comparison.
    /// - Throws: ``CryptoError`` when OpenSSL fails.
    package func isValid(code: some Collection<UInt8>, for message: some Collection<UInt8>) throws(CryptoError) -> Bool
    {
        guard code.count == algorithm.digestLength else { return false }
        let expected = try authenticationCode(for: message)
        return ConstantTime.equals(expected, Array(code))
    }

    /// Whether `code` is the authentication code of `message`, compared in constant time, without
    /// allocating: the hot path of an audit. OpenSSL failures count as "not valid".
    package func isValid(code: UnsafeRawBufferPointer, for message: UnsafeRawBufferPointer) -> Bool {
        guard code.count == algorithm.digestLength, let codeBase = code.baseAddress else { return false }
        // 64 bytes: the longest digest (SHA-512), on the stack.
        var expected: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return withUnsafeMutableBytes(of: &expected) { output -> Bool in
            guard EVP_MAC_init(context, nil, 0, nil) == 1,
                EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
            else { return false }
            var written = 0
            guard
                EVP_MAC_final(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &written, output.count)
                    == 1, written == code.count
            else { return false }
            return CRYPTO_memcmp(output.baseAddress, codeBase, written) == 0
        }
    }

    /// Reads OpenSSL's error queue into one error. The corresponding C function is `ERR_get_error`.
    private static func openSSLError(_ call: String) -> CryptoError {
        var details: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let length = buffer.firstIndex(of: 0) ?? buffer.count
            details.append(String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        let suffix = details.isEmpty ? "" : ": " + details.joined(separator: "; ")
        return CryptoError(reason: "OpenSSL \(call) failed\(suffix)")
    }
}
