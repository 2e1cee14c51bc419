/// A failure inside the crypto library itself (not a bad token): an allocation or an unexpected
/// OpenSSL error.
public struct CryptoError: Error, Sendable, CustomStringConvertible {
    /// What failed, with OpenSSL's own error text where it gave one.
    public let reason: String

    /// Creates an error with its reason.
    public init(reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}
