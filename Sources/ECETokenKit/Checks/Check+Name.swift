extension Check {
    /// The stable name of a check: what reports, JSON output and audit summaries show.
    ///
    /// Every check the library runs has a constant here, so no layer matches names as string literals.
    public struct Name: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The kebab-case name, for example `signature`.
        public let rawValue: String

        /// Wraps a name; for names this library does not define (a caller's own checks).
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The kebab-case name.
        public var description: String { rawValue }

        /// The header's `alg` is allowed and it carries no critical extension.
        public static let header = Name(rawValue: "header")
        /// The signature verifies with the configured secret.
        public static let signature = Name(rawValue: "signature")
        /// A setup mistake that explains a bad signature (a warning).
        public static let secretDiagnosis = Name(rawValue: "secret-diagnosis")
        /// Every known claim has the right JSON type.
        public static let claimTypes = Name(rawValue: "claim-types")
        /// Ephemeral or persistent, and whether `persistent` and `exp` agree.
        public static let kind = Name(rawValue: "kind")
        /// `exp` against the clock and leeway.
        public static let expiry = Name(rawValue: "expiry")
        /// `nbf` against the clock and leeway, when present.
        public static let notBefore = Name(rawValue: "not-before")
        /// The roles granted: unknown or repeated names.
        public static let roles = Name(rawValue: "roles")
        /// `sub` is a UUID.
        public static let subject = Name(rawValue: "subject")
        /// `iss` is a value ECE uses.
        public static let issuer = Name(rawValue: "issuer")
        /// An enrollment-tokens API reply's `token_id` equals the token's `sub`.
        public static let tokenID = Name(rawValue: "token-id")
        /// ``PolicyRequirements/requiredRoles``.
        public static let requireRoles = Name(rawValue: "require-roles")
        /// ``PolicyRequirements/exactRoles``.
        public static let exactRoles = Name(rawValue: "exact-roles")
        /// ``PolicyRequirements/forbiddenRoles``.
        public static let forbidRoles = Name(rawValue: "forbid-roles")
        /// ``PolicyRequirements/kind``.
        public static let kindRequired = Name(rawValue: "kind-required")
        /// ``PolicyRequirements/minimumValidity``.
        public static let minimumValidity = Name(rawValue: "min-validity")
        /// ``PolicyRequirements/issuer``.
        public static let issuerRequired = Name(rawValue: "issuer-required")
        /// ``PolicyRequirements/tokenID``.
        public static let tokenIDRequired = Name(rawValue: "token-id-required")
        /// ``PolicyRequirements/installRoles``: the installer's `--roles` value fits the token.
        public static let installRoles = Name(rawValue: "install-roles")
        /// With ``PolicyRequirements/installRoles``: the token's text survives the installer's unquoted use.
        public static let installerTokenText = Name(rawValue: "installer-token-text")
        /// An emergency-shaped token needs the installer's `--roles` (a warning).
        public static let installHint = Name(rawValue: "install-hint")
        /// The coordinator still lists the persistent token (a coordinator query, not a claim check).
        public static let active = Name(rawValue: "active")

        /// The names of the checks ``PolicyRequirements`` adds.
        public static let policyChecks: Set<Name> = [
            .requireRoles, .exactRoles, .forbidRoles, .kindRequired, .minimumValidity, .issuerRequired,
            .tokenIDRequired, .installRoles, .installerTokenText,
        ]
    }
}
