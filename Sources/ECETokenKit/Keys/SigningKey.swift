/// An HMAC secret, checked against the rules a strict verifier keeps before it is ever used.
///
/// Its `description` is redacted, so interpolating a key into a message can never leak it.
public struct SigningKey: Sendable, CustomStringConvertible {
    /// The key bytes. Internal: the key leaves this module only as an HMAC context.
    let bytes: [UInt8]
    /// The secret's text before decoding, kept to diagnose a mismatch (``SecretDiagnosis``).
    let secretText: [UInt8]
    /// How ``secretText`` became ``bytes``.
    let encoding: SecretEncoding

    /// How many bytes the key has.
    public var count: Int { bytes.count }

    /// Builds a key from the secret's text.
    /// - Parameters:
    ///   - secretText: the secret as stored (for ECE, `bootstrap_tokens_secret` as written).
    ///   - encoding: how the text becomes key bytes; ECE uses ``SecretEncoding/raw``.
    /// - Throws: ``SecretError`` when the secret is empty, looks like a public key, or does not decode.
    public init(secretText: [UInt8], encoding: SecretEncoding = .raw) throws(SecretError) {
        if secretText.isEmpty { throw SecretError(.empty, "the secret is empty; an empty HMAC key is never accepted") }
        if let kind = Self.publicKeyKind(secretText) {
            throw SecretError(
                .looksLikePublicKey,
                "the secret looks like \(kind), not an HMAC secret; a public key must never be used as an HMAC key "
                    + "(algorithm confusion, CVE-2017-11424)")
        }
        let bytes = try encoding.keyBytes(from: secretText)
        if bytes.isEmpty { throw SecretError(.empty, "the secret decodes to zero bytes; an empty HMAC key is never accepted") }
        self.bytes = bytes
        self.secretText = secretText
        self.encoding = encoding
    }

    /// Builds a key from raw bytes, with the same refusals as ``init(secretText:encoding:)``.
    public init(bytes: [UInt8]) throws(SecretError) {
        try self.init(secretText: bytes, encoding: .raw)
    }

    /// Whether the key is long enough for `algorithm` (RFC 7518 §3.2: at least the digest size).
    public func isStrongEnough(for algorithm: HMACAlgorithm) -> Bool {
        bytes.count >= algorithm.digestLength
    }

    /// A redacted description: the length only.
    public var description: String { "SigningKey(\(bytes.count) bytes, redacted)" }

    /// Names the kind of public key the text looks like, or `nil`.
    static func publicKeyKind(_ text: [UInt8]) -> String? {
        var start = 0
        while start < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[start]) { start += 1 }
        let trimmed = text[start...]
        let prefixes: [(String, String)] = [
            ("-----BEGIN", "a PEM key or certificate"),
            ("ssh-rsa", "an SSH public key"),
            ("ssh-ed25519", "an SSH public key"),
            ("ssh-dss", "an SSH public key"),
            ("ecdsa-sha2-", "an SSH public key"),
            ("sk-ssh-", "an SSH public key"),
            ("sk-ecdsa-", "an SSH public key"),
        ]
        for (prefix, kind) in prefixes where trimmed.starts(with: prefix.utf8) {
            return kind
        }
        if trimmed.first == UInt8(ascii: "{"),
            let object = try? StrictJSONParser().parseObject(trimmed),
            let keyType = object["kty"]?.stringValue, keyType != "oct"
        {
            return "a JWK of type \(keyType == "RSA" || keyType == "EC" || keyType == "OKP" ? keyType : "other than oct")"
        }
        return nil
    }
}
