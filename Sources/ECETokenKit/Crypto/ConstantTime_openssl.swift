internal import COpenSSL

/// Constant-time comparison (RFC 7518 §3.2: comparing MACs must not leak where they differ).
package enum ConstantTime {
    /// Whether two byte arrays are equal, in time that depends only on their length.
    /// The corresponding C function is `CRYPTO_memcmp`.
    package static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isEmpty { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }
}
