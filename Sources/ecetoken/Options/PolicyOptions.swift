import ArgumentParser
import ECETokenKit

/// What a token must satisfy beyond a valid signature and a live expiry: the CI gate and the install
/// preflight. `verify` fails on them; `inspect` reports them without failing.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .customLong("require-roles"),
        help: ArgumentHelp("The token must grant each of these roles.", valueName: "list")
    )
    var requireRoles: String?

    @Option(
        name: .customLong("exact-roles"),
        help: ArgumentHelp("The token must grant exactly this set of roles.", valueName: "list")
    )
    var exactRoles: String?

    @Option(
        name: .customLong("forbid-roles"),
        help: ArgumentHelp("The token must grant none of these roles.", valueName: "list")
    )
    var forbidRoles: String?

    @Option(
        name: .customLong("kind"),
        help: ArgumentHelp("The token must be ephemeral or persistent.", valueName: "kind")
    )
    var kind: TokenKind?

    @Option(
        name: .customLong("min-validity"),
        help: ArgumentHelp(
            "An ephemeral token must stay valid at least this long (90s, 30m, 1h30m), so it cannot expire mid-install.",
            valueName: "duration"
        )
    )
    var minValidity: String?

    @Option(name: .customLong("issuer"), help: ArgumentHelp("iss must be exactly this value.", valueName: "value"))
    var issuer: String?

    @Option(
        name: .customLong("token-id"),
        help: ArgumentHelp("A persistent token's id (sub) must be this.", valueName: "id")
    )
    var tokenID: String?

    @Option(
        name: .customLong("install-roles"),
        help: ArgumentHelp(
            "Preflight (the install-roles requirement): exactly what you will pass to elastic-cloud-enterprise.sh "
                + "--roles; fails when the token lacks one.",
            valueName: "value"
        )
    )
    var installRoles: String?

    /// The seconds of a `--min-validity` value, or `nil` without one.
    /// - Throws: `ValidationError` when the value is not a duration.
    static func minimumValidity(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        guard let seconds = Durations.parse(text) else {
            throw ValidationError(
                "--min-validity: \(EscapedText.quoted(text)) is not a duration such as 90s, 30m or 1h30m"
            )
        }
        return seconds
    }

    /// The requirements, validated.
    func requirements() throws -> PolicyRequirements {
        PolicyRequirements(
            requiredRoles: try roleList(requireRoles, option: "--require-roles"),
            exactRoles: try roleList(exactRoles, option: "--exact-roles"),
            forbiddenRoles: try roleList(forbidRoles, option: "--forbid-roles"),
            kind: kind,
            minimumValidity: try Self.minimumValidity(minValidity),
            issuer: issuer,
            tokenID: tokenID,
            installRoles: installRoles
        )
    }

    /// A role list option's roles (``RoleListOption``, spaces around names trimmed), or `nil` without one.
    private func roleList(_ value: String?, option: String) throws -> [String]? {
        try value.map { try RoleListOption.parse($0, option: option, spaces: .trimmed) }
    }
}

extension TokenKind: ExpressibleByArgument {}
