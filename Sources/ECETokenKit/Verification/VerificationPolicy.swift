/// What a verifier accepts: algorithms, key strength and clock leeway.
public struct VerificationPolicy: Sendable, Equatable {
    /// The `alg` values accepted, matched exactly. Default: `HS256` only.
    public var allowedAlgorithms: [HMACAlgorithm]
    /// Whether keys shorter than the digest are accepted. Default: no (RFC 7518 §3.2).
    public var allowsWeakKey: Bool
    /// Seconds of clock skew tolerated on `exp` and `nbf`. Default: 0.
    public var leeway: Int64

    /// Creates a policy; the defaults are the strict ones.
    public init(allowedAlgorithms: [HMACAlgorithm] = [.hs256], allowsWeakKey: Bool = false, leeway: Int64 = 0) {
        self.allowedAlgorithms = allowedAlgorithms
        self.allowsWeakKey = allowsWeakKey
        self.leeway = leeway
    }
}
