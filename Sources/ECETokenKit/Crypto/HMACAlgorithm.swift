/// The JWS HMAC algorithms (RFC 7518 §3.2). The key is bound to the algorithm the caller allows; the
/// token's header never chooses it.
public enum HMACAlgorithm: String, Sendable, CaseIterable, Hashable {
    /// HMAC with SHA-256: the only algorithm ECE uses, and the only one allowed by default.
    case hs256 = "HS256"
    /// HMAC with SHA-384.
    case hs384 = "HS384"
    /// HMAC with SHA-512.
    case hs512 = "HS512"

    /// The `alg` header value, exactly as it must appear (case-sensitive).
    public var name: String { rawValue }

    /// The digest size in bytes, which is also the minimum key size (RFC 7518 §3.2).
    public var digestLength: Int {
        switch self {
        case .hs256: return 32
        case .hs384: return 48
        case .hs512: return 64
        }
    }

    /// The OpenSSL digest name.
    var digestName: String {
        switch self {
        case .hs256: return "SHA256"
        case .hs384: return "SHA384"
        case .hs512: return "SHA512"
        }
    }

    /// Looks up an algorithm by its exact, case-sensitive name; `nil` for anything else.
    public init?(name: String) {
        self.init(rawValue: name)
    }
}
