/// Ephemeral or persistent, as ECE decides it: the `persistent` claim when it is a boolean,
/// otherwise the presence of `exp`.
public enum Classification {
    /// The token's kind.
    public static func kind(of claims: RolesTokenClaims) -> TokenKind {
        if let persistent = claims.persistent.value {
            return persistent ? .persistent : .ephemeral
        }
        return claims.expiration.isPresent ? .ephemeral : .persistent
    }

    /// A sentence when `persistent` and the presence of `exp` disagree, else `nil`.
    public static func conflict(in claims: RolesTokenClaims) -> String? {
        guard let persistent = claims.persistent.value else { return nil }
        if persistent && claims.expiration.isPresent {
            return "persistent is true but the token also carries exp; ECE never issues such a token"
        }
        if !persistent && !claims.expiration.isPresent {
            return "persistent is false but the token has no exp, so it would never expire"
        }
        return nil
    }
}
