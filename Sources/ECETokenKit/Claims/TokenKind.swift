/// Ephemeral (expires, cannot be revoked) or persistent (no expiry, revocable).
public enum TokenKind: String, Sendable {
    /// Carries `exp`; expires on its own.
    case ephemeral
    /// No `exp`; valid until revoked.
    case persistent
}
