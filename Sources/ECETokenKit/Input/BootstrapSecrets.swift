/// ECE's `bootstrap-secrets.json`: the signing secret and the three install-time tokens.
///
/// The file also holds admin passwords and certificates. Only `bootstrap_tokens_secret` and the three
/// token members are ever read from it, and error messages name members, never values.
package struct BootstrapSecrets: Sendable {
    /// The largest file accepted (real ones, with certificates, are a few tens of KiB).
    package static let maximumFileSize = 4 * 1_048_576
    /// The member that holds the HMAC secret.
    package static let secretMember = "bootstrap_tokens_secret"
    /// The members that hold the install-time tokens, in the order reported.
    package static let tokenMembers = [
        "bootstrap_runner_roles_token", "allocator_only_token", "emergency_all_roles_except_allocator_token",
    ]

    /// `bootstrap_tokens_secret` as written (the HMAC key is these bytes, not their base64 decoding).
    package let secret: [UInt8]?
    /// The install-time tokens found, by member name, in ``tokenMembers`` order.
    package let tokens: [(member: String, token: String)]

    /// Whether a parsed JSON object looks like a bootstrap-secrets file.
    package static func isBootstrapSecrets(_ object: JSONObject) -> Bool {
        object[secretMember] != nil || tokenMembers.contains { object[$0] != nil }
    }

    /// Reads the members this tool uses from a parsed file.
    /// - Throws: ``SecretError`` with code `invalidBootstrapSecrets` when a member has the wrong type.
    package init(_ object: JSONObject, source: String) throws(SecretError) {
        switch object[Self.secretMember] {
        case nil: secret = nil
        case .string(let text): secret = Array(text.utf8)
        case .some(let other):
            throw SecretError(
                .invalidBootstrapSecrets,
                "\(source): \(Self.secretMember) is \(RolesTokenClaims.article(other.typeName)), expected a string"
            )
        }
        var tokens: [(String, String)] = []
        for member in Self.tokenMembers {
            if case .string(let token) = object[member] { tokens.append((member, token)) }
        }
        self.tokens = tokens
    }

    /// Parses a bootstrap-secrets file's bytes.
    /// - Throws: ``SecretError`` with code `invalidBootstrapSecrets`; the message gives a byte offset, never content.
    package init(parsing bytes: [UInt8], source: String) throws(SecretError) {
        let object: JSONObject
        do {
            object = try StrictJSONParser(maximumDepth: 64, maximumBytes: Self.maximumFileSize).parseObject(bytes)
        } catch {
            throw SecretError(
                .invalidBootstrapSecrets,
                "\(source): not a valid JSON object (problem at byte \(error.offset))"
            )
        }
        try self.init(object, source: source)
    }
}
