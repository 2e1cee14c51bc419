/// An HMAC secret, checked against the rules a strict verifier keeps before it is ever used.
///
/// Its `description` is redacted, so interpolating a key into a message can never leak it.
public struct SigningKey: Sendable, CustomStringConvertible, CustomReflectable {
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
                    + "(algorithm confusion, CVE-2017-11424)"
            )
        }
        let bytes = try encoding.keyBytes(from: secretText)
        if encoding != .raw, let kind = Self.publicKeyKind(bytes) {
            throw SecretError(
                .looksLikePublicKey,
                "the secret decodes (\(encoding.rawValue)) to what looks like \(kind), not an HMAC secret; a public key "
                    + "must never be used as an HMAC key (algorithm confusion, CVE-2017-11424)"
            )
        }
        if bytes.isEmpty {
            throw SecretError(.empty, "the secret decodes to zero bytes; an empty HMAC key is never accepted")
        }
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

    /// A redacted mirror, so `dump` and debuggers show the length only.
    public var customMirror: Mirror { Mirror(self, children: ["count": bytes.count]) }

    /// Names the kind of public key the text looks like, or `nil`.
    static func publicKeyKind(_ text: [UInt8]) -> String? {
        var start = 0
        while start < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[start]) { start += 1 }
        let trimmed = text[start...]
        // ASCII-lowercased, so "-----begin" and "SSH-RSA" are caught too.
        let lowered = trimmed.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        if lowered.starts(with: "-----begin".utf8) { return "a PEM key or certificate" }
        let sshPrefixes = ["ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"]
        if sshPrefixes.contains(where: { lowered.starts(with: $0.utf8) }) { return "an SSH public key" }
        guard trimmed.first == UInt8(ascii: "{") else { return nil }
        if let object = try? StrictJSONParser().parseObject(trimmed) {
            if object["keys"] != nil { return "a JWK set" }
            if let keyType = object["kty"]?.stringValue, keyType != "oct" {
                return
                    "a JWK of type \(keyType == "RSA" || keyType == "EC" || keyType == "OKP" ? keyType : "other than oct")"
            }
            return nil
        }
        // Not strict JSON, but shaped like a key: refuse rather than use it as HMAC bytes.
        return contains(lowered, "\"kty\"") || contains(lowered, "\"keys\"") ? "a JWK" : nil
    }

    private static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard haystack.count >= pattern.count else { return false }
        for offset in 0...(haystack.count - pattern.count)
        where haystack[offset..<(offset + pattern.count)].elementsEqual(pattern) {
            return true
        }
        return false
    }
}
