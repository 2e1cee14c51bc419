/// A failure inside the crypto library itself (not a bad token): an allocation or an unexpected
/// OpenSSL error.
package struct CryptoError: Error, Sendable, CustomStringConvertible {
    /// What failed, with OpenSSL's own error text where it gave one.
    package let reason: String

    /// Creates an error with its reason.
    package init(reason: String) {
        self.reason = reason
    }

    /// The reason.
    package var description: String { reason }
}
