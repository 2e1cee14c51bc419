/// A roles token whose signature verified and whose checks passed: what it grants, typed.
public struct VerifiedRolesToken: Sendable {
    /// The roles granted that ECE knows, in token order, each once.
    public let roles: [Role]
    /// Role names ECE does not know, in token order, each once (a warning in ``report``).
    public let unknownRoles: [String]
    /// Ephemeral (expires) or persistent (valid until revoked).
    public let kind: TokenKind
    /// When an ephemeral token expires, Unix seconds (`exp` rounded down); `nil` for a persistent token.
    public let expiresAt: Int64?
    /// The token's id, its `sub` (a UUID): for a persistent token, the `token_id` the enrollment-tokens
    /// API lists and revokes.
    public let tokenID: String?
    /// `iss`: `current`, or `bootstrap-initial` in ECE 1.x tokens.
    public let issuer: String?
    /// Every check, with warnings, for those who want them.
    public let report: TokenReport

    /// Reads the typed facts of a report whose outcome is ``TokenReport/Outcome/pass``.
    init(report: TokenReport) {
        var roles: [Role] = []
        var unknown: [String] = []
        for name in report.roles ?? [] {
            if let role = Role(rawValue: name) {
                if !roles.contains(role) { roles.append(role) }
            } else if !unknown.containsBytes(name) {
                unknown.append(name)
            }
        }
        self.roles = roles
        unknownRoles = unknown
        kind = report.kind ?? .persistent
        expiresAt = kind == .ephemeral ? report.expiry?.seconds : nil
        tokenID = report.subject
        issuer = report.issuer
        self.report = report
    }
}
