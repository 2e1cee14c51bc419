import ArgumentParser
import ECETokenKit

/// `ecetoken mint`: make a roles token the way ECE does, signed with the configured secret.
struct MintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mint",
        abstract: "Make a roles token the way ECE does (for tests, fixtures and offline installs).",
        discussion: """
            In text mode the token alone goes to stdout, so TOKEN=$(ecetoken mint ...) works; details go to \
            stderr. --format json prints the enrollment-tokens API reply shape: {"token": ..., "token_id": ...}.

            Examples, one for each job:

            Audit a token before handing it out: mint it, then verify what you hand out.
              ecetoken mint --bootstrap-secrets bootstrap-secrets.json \\
                --roles allocator,proxy --ephemeral --validity 2h > token.jwt
              ecetoken verify --bootstrap-secrets bootstrap-secrets.json \\
                --exact-roles allocator,proxy token.jwt

            Gate CI on roles: a token the gate must refuse (verify exits 1).
              ecetoken mint --secret-file secret.txt --roles allocator --persistent \\
                --format json | ecetoken verify --secret-file secret.txt \\
                --exact-roles allocator,proxy -

            Debug an install: a known-good token from the same secret rules the \
            token out (or shows the secret is not the installation's).
              ecetoken mint --bootstrap-secrets bootstrap-secrets.json \\
                --roles allocator --ephemeral --validity 30m
            """
    )

    @Option(
        name: .customLong("roles"),
        help: ArgumentHelp("Comma-separated roles to grant ('' for none).", valueName: "list")
    )
    var roles: String

    @Flag(help: "Make a persistent token (no exp; revocable).")
    var persistent = false

    @Flag(help: "Make an ephemeral token (carries exp).")
    var ephemeral = false

    @Option(
        name: .customLong("validity"),
        help: ArgumentHelp("How long an ephemeral token lasts (default 1h).", valueName: "duration")
    )
    var validity: String?

    @Option(name: .customLong("issuer"), help: ArgumentHelp("The iss claim.", valueName: "value"))
    var issuer = "current"

    @Option(
        name: .customLong("subject"),
        help: ArgumentHelp("The sub claim (default: a fresh random UUID).", valueName: "uuid")
    )
    var subject: String?

    @OptionGroup var secret: SecretOptions
    @OptionGroup var clock: ClockOptions

    @Option(name: .customLong("format"), help: "Output format: text (the token alone) or json (the API reply shape).")
    var format: OutputOptions.Format = .text

    func validate() throws {
        try KindFlags.validate(persistent: persistent, ephemeral: ephemeral, validity: validity)
    }

    func run() throws {
        try FailureReporter.reporting(command: "mint") { try mint() }
    }

    private func mint() throws {
        let roleNames =
            roles.isEmpty ? [] : roles.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if roleNames.contains(where: { $0.isEmpty || $0.contains(" ") }) {
            throw ValidationError("--roles: \(EscapedText.quoted(roles)) has an empty entry or a space")
        }
        var seconds = TokenMinter.defaultValidity
        if let validity {
            guard let parsed = Durations.parse(validity), parsed > 0 else {
                throw ValidationError(
                    "--validity: \(EscapedText.quoted(validity)) is not a positive duration such as 30m or 2h"
                )
            }
            seconds = parsed
        }
        guard let source = try secret.source() else { throw SecretOptions.missingSecret("mint") }
        let loaded = try secret.load(source)
        if loaded.startsWithByteOrderMark {
            throw ValidationError(
                "the \(source.description) starts with a UTF-8 byte order mark: a token signed with it would not "
                    + "verify with the installation's secret, so mint refuses it; save the secret without one"
            )
        }
        for name in roleNames where Role(rawValue: name) == nil {
            StandardStreams.writeErrorLine(
                "ecetoken: warning: \(EscapedText.quoted(name)) is not a known role (allocator, coordinator, proxy, director)"
            )
        }
        let request = TokenMinter.Request(
            roles: roleNames,
            kind: persistent ? .persistent : .ephemeral,
            validity: seconds,
            issuer: issuer,
            subject: subject
        )
        let minted = try TokenMinter(key: loaded.key, allowsWeakKey: secret.allowWeakSecret).mint(
            request,
            now: try clock.currentTime()
        )
        switch format {
        case .text:
            StandardStreams.writeOut(minted.token + "\n")
            var details =
                "ecetoken: minted \(request.kind == .ephemeral ? "an" : "a") \(request.kind.rawValue) token, roles [\(roleNames.map { EscapedText.escape($0, limit: 60) }.joined(separator: ", "))]"
            if let exp = minted.expiresAt {
                details += ", expires \(Timestamps.rfc3339(exp) ?? String(exp))"
            } else {
                details += ", token id \(EscapedText.escape(minted.subject, limit: 80))"
            }
            StandardStreams.writeErrorLine(details)
        case .json:
            var members = [JSONObject.Member(name: "token", value: .string(minted.token))]
            if request.kind == .persistent {
                members.append(JSONObject.Member(name: "token_id", value: .string(minted.subject)))
            }
            StandardStreams.writeOut(JSONValue.object(JSONObject(members)).serializedPretty() + "\n")
        }
    }
}
