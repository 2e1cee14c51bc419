/// Ephemeral or persistent, as ECE decides it: the `persistent` claim when it is a boolean,
/// otherwise the presence of `exp`.
package enum Classification {
    /// The token's kind.
    package static func kind(of claims: RolesTokenClaims) -> TokenKind {
        kind(persistent: claims.persistent.value, hasExpiration: claims.expiration.isPresent)
    }

    /// The kind of a token with this boolean `persistent` claim (if any) and with or without `exp`.
    package static func kind(persistent: Bool?, hasExpiration: Bool) -> TokenKind {
        if let persistent { return persistent ? .persistent : .ephemeral }
        return hasExpiration ? .ephemeral : .persistent
    }

    /// Whether a boolean `persistent` claim and the presence of `exp` disagree.
    package static func conflicts(persistent: Bool?, hasExpiration: Bool) -> Bool {
        guard let persistent else { return false }
        return persistent == hasExpiration
    }

    /// A sentence when `persistent` and the presence of `exp` disagree, else `nil`.
    package static func conflict(in claims: RolesTokenClaims) -> String? {
        guard let persistent = claims.persistent.value,
            conflicts(persistent: persistent, hasExpiration: claims.expiration.isPresent)
        else { return nil }
        return persistent
            ? "persistent is true but the token also carries exp; ECE never issues such a token"
            : "persistent is false but the token has no exp, so it would never expire"
    }
}
