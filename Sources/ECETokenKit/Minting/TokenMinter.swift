/// Makes roles tokens the way ECE does: header `{"typ":"JWT","alg":"HS256"}`, then claims `sub`,
/// `roles`, `iss`, `persistent` and, for ephemeral tokens, `exp`, serialized compactly in that order.
public struct TokenMinter {
    /// The default validity of an ephemeral token (ECE's: one hour).
    public static let defaultValidity: Int64 = 3600
    /// The header every ECE token has, byte for byte.
    public static let header = #"{"typ":"JWT","alg":"HS256"}"#

    /// What to put in a token.
    public struct Request: Sendable, Equatable {
        /// Granted roles, in order.
        public var roles: [String]
        /// Persistent (no `exp`) or ephemeral.
        public var kind: TokenKind
        /// Seconds an ephemeral token stays valid.
        public var validity: Int64
        /// `iss`; ECE writes `current`.
        public var issuer: String
        /// `sub`; a fresh random UUID when `nil`.
        public var subject: String?

        /// Creates a request with ECE's defaults.
        public init(
            roles: [String],
            kind: TokenKind,
            validity: Int64 = TokenMinter.defaultValidity,
            issuer: String = "current",
            subject: String? = nil
        ) {
            self.roles = roles
            self.kind = kind
            self.validity = validity
            self.issuer = issuer
            self.subject = subject
        }
    }

    /// A minted token and its facts.
    public struct Minted: Sendable, Equatable {
        /// The compact token.
        public let token: String
        /// Its `sub`, which is the `token_id` of a persistent token.
        public let subject: String
        /// Its `exp`, for an ephemeral token.
        public let expiresAt: Int64?
    }

    private let key: SigningKey
    private let allowsWeakKey: Bool

    /// Creates a minter that signs with `key` using HS256.
    public init(key: SigningKey, allowsWeakKey: Bool = false) {
        self.key = key
        self.allowsWeakKey = allowsWeakKey
    }

    /// Mints a token at time `now`.
    /// - Throws: ``TokenError`` with code `weakKey` for a key shorter than 32 bytes (unless allowed), or
    ///   a `CryptoError` when OpenSSL fails.
    public func mint(_ request: Request, now: Int64) throws -> Minted {
        if !allowsWeakKey && !key.isStrongEnough(for: .hs256) {
            throw TokenError(
                .weakKey,
                "the secret is \(key.count) bytes, shorter than the 32 bytes HS256 requires (RFC 7518 §3.2)"
            )
        }
        let subject = request.subject ?? UUIDGenerator.randomUUIDString()
        var members: [JSONObject.Member] = [
            .init(name: "sub", value: .string(subject)),
            .init(name: "roles", value: .array(request.roles.map(JSONValue.string))),
            .init(name: "iss", value: .string(request.issuer)),
            .init(name: "persistent", value: .bool(request.kind == .persistent)),
        ]
        var expiresAt: Int64?
        if request.kind == .ephemeral {
            let (exp, overflow) = now.addingReportingOverflow(request.validity)
            guard !overflow else { throw TokenError(.tooLarge, "the validity is too long") }
            expiresAt = exp
            members.append(.init(name: "exp", value: .number(JSONNumber(exp))))
        }
        let payload = JSONValue.object(JSONObject(members)).serialized()
        let signingInput = Base64URL.encode(Array(Self.header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let signature = try HMACContext(algorithm: .hs256, key: key.bytes).authenticationCode(
            for: Array(signingInput.utf8)
        )
        return Minted(token: signingInput + "." + Base64URL.encode(signature), subject: subject, expiresAt: expiresAt)
    }
}

/// Random version 4 UUIDs (RFC 9562 §5.4), lowercase as ECE writes them, without Foundation.
package enum UUIDGenerator {
    /// A fresh random UUID string.
    package static func randomUUIDString() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        let groups = [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]]
        return groups.map { $0.joined() }.joined(separator: "-")
    }
}
