/// What a caller requires of a token beyond a valid signature and a live expiry: the checks a CI gate
/// or an install preflight asks for. Every field is optional; each one set adds one named check.
public struct PolicyRequirements: Sendable, Equatable {
    /// Roles the token must grant (`--require-roles`).
    public var requiredRoles: [String]?
    /// The exact set of roles the token must grant (`--exact-roles`).
    public var exactRoles: [String]?
    /// Roles the token must not grant (`--forbid-roles`).
    public var forbiddenRoles: [String]?
    /// The kind the token must be (`--kind`).
    public var kind: TokenKind?
    /// Seconds an ephemeral token must stay valid from the clock on (`--min-validity`).
    public var minimumValidity: Int64?
    /// The exact `iss` required (`--issuer`).
    public var issuer: String?
    /// The `sub` a persistent token must have (`--token-id`).
    public var tokenID: String?
    /// The value the operator will pass to `elastic-cloud-enterprise.sh --roles` (`--install-roles`).
    public var installRoles: String?

    /// Creates requirements; none are set by default.
    public init(
        requiredRoles: [String]? = nil,
        exactRoles: [String]? = nil,
        forbiddenRoles: [String]? = nil,
        kind: TokenKind? = nil,
        minimumValidity: Int64? = nil,
        issuer: String? = nil,
        tokenID: String? = nil,
        installRoles: String? = nil
    ) {
        self.requiredRoles = requiredRoles
        self.exactRoles = exactRoles
        self.forbiddenRoles = forbiddenRoles
        self.kind = kind
        self.minimumValidity = minimumValidity
        self.issuer = issuer
        self.tokenID = tokenID
        self.installRoles = installRoles
    }

    /// Whether no requirement is set.
    public var isEmpty: Bool { self == PolicyRequirements() }
}
