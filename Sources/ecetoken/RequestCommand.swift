import ArgumentParser
import ECETokenKit

/// `ecetoken request`: ask the coordinator for a token, then check it with verify's machinery: exactly
/// the requested roles, the requested kind, the signature when a secret is configured.
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Ask the coordinator for a roles token, then check it as verify does.",
        discussion: """
            POSTs to the coordinator's enrollment-tokens API, then runs verify's checks on the token it \
            returns, with --roles as an exact-roles check and the kind as a kind check: a coordinator that \
            grants other roles than requested fails loudly (exit 1). The signature is verified when a secret \
            is configured. In text mode the token alone goes to stdout, and only when every check passes, \
            so TOKEN=$(ecetoken request ...) works; the report goes to stderr. --format json prints the API \
            reply with the verify report under "report", pass or fail.

            Examples, one for each job:

            Audit a token before handing it out: request it and check it in one step.
              TOKEN=$(ecetoken request --coordinator https://ece-1:12443 \\
                --api-key-file api.key --cacert ece-ca.pem \\
                --bootstrap-secrets bootstrap-secrets.json \\
                --roles allocator,proxy --ephemeral --validity 2h)

            Gate CI on roles: keep the reply and the report, fail on any mismatch.
              ecetoken request --coordinator "$ECE_URL" --api-key-env ECE_API_KEY \\
                --cacert ece-ca.pem --secret-env ECE_TOKENS_SECRET --format json \\
                --roles allocator --ephemeral --validity 2h --min-validity 90m \\
                > reply.json

            Debug an install: request exactly what the host's --roles needs.
              ecetoken request --coordinator ece-1 --api-key-file api.key \\
                --cacert ece-ca.pem --roles allocator,proxy --ephemeral \\
                --install-roles allocator,proxy

            Exit codes: 0 the token passed every check, 1 a check failed (roles or kind differ from the \
            request), 2 signature invalid, 3 no decodable token in the reply, 4 coordinator unreachable, \
            5 TLS failure, 6 error status from the coordinator, 7 unexpected reply, 64 usage, 66 unreadable file.
            """
    )

    @OptionGroup(title: "Coordinator") var coordinator: CoordinatorOptions

    @Option(
        name: .customLong("roles"),
        help: ArgumentHelp("Comma-separated roles to request ('' for none).", valueName: "list")
    )
    var roles: String

    @Flag(help: "Request a persistent token (no expiry; revocable).")
    var persistent = false

    @Flag(help: "Request an ephemeral token (expires; cannot be revoked).")
    var ephemeral = false

    @Option(
        name: .customLong("validity"),
        help: ArgumentHelp(
            "How long an ephemeral token lasts, such as 30m or 2h (ECE's default: 1h).",
            valueName: "duration"
        )
    )
    var validity: String?

    @Option(
        name: .customLong("min-validity"),
        help: ArgumentHelp(
            "The ephemeral token must stay valid at least this long (90s, 30m, 1h30m).",
            valueName: "duration"
        )
    )
    var minValidity: String?

    @Option(
        name: .customLong("install-roles"),
        help: ArgumentHelp(
            "Preflight: exactly what you will pass to elastic-cloud-enterprise.sh --roles.",
            valueName: "value"
        )
    )
    var installRoles: String?

    @Option(name: .customLong("issuer"), help: ArgumentHelp("iss must be exactly this value.", valueName: "value"))
    var issuer: String?

    @OptionGroup var secret: SecretOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try KindFlags.validate(persistent: persistent, ephemeral: ephemeral, validity: validity)
    }

    func run() throws {
        try FailureReporter.reporting(command: "request", json: output.format == .json) { try execute() }
    }

    private func execute() throws {
        let roleNames = try RoleListOption.parse(roles, option: "--roles", spaces: .refused)
        let request: EnrollmentTokenRequest
        if persistent {
            request = .persistent(roles: roleNames)
        } else {
            request = .ephemeral(roles: roleNames, validitySeconds: try validitySeconds())
        }
        let requirements = PolicyRequirements(
            exactRoles: roleNames,
            kind: request.kind,
            minimumValidity: try PolicyOptions.minimumValidity(minValidity),
            issuer: issuer,
            installRoles: installRoles
        )
        let now = try clock.currentTime()
        let policy = try secret.verificationPolicy(clock: clock)
        let secretSource = try secret.source()
        let client = try coordinator.client(
            standardInputTaken: secretSource == .file(path: "-") ? "the secret" : nil
        )
        // The secret is loaded before the coordinator is asked: a bad secret must not leave a new token behind.
        let loaded = try secretSource.map { try secret.load($0) }
        for name in roleNames where Role(rawValue: name) == nil {
            StandardStreams.writeErrorLine(
                "ecetoken: warning: \(EscapedText.quoted(name)) is not a known role (allocator, coordinator, proxy, director)"
            )
        }

        let created = try client.createToken(request)
        let inspector = TokenInspector(key: loaded?.key, policy: policy, requirements: requirements)
        let report = inspector.inspect(
            TokenInput(bytes: Array(created.token.utf8), source: "coordinator reply", apiTokenID: created.tokenID),
            now: now
        )
        switch output.format {
        case .json:
            var members = [JSONObject.Member(name: "token", value: .string(created.token))]
            if let id = created.tokenID { members.append(JSONObject.Member(name: "token_id", value: .string(id))) }
            members.append(JSONObject.Member(name: "coordinator", value: .string(client.endpoint.baseURL)))
            members.append(JSONObject.Member(name: "report", value: JSONRenderer().value(for: .report(report))))
            StandardStreams.writeOut(JSONValue.object(JSONObject(members)).serializedPretty() + "\n")
            if !report.passed {
                StandardStreams.writeErrorLine(
                    RequestRendering.failureMessage(report, request: request, client: client)
                )
            }
        case .text:
            let style = TextStyle(enabled: RequestRendering.stderrColor(output.color))
            if let error = report.decodingError {
                StandardStreams.writeErrorLine(
                    "ecetoken: error: the coordinator \(client.endpoint.baseURL) returned no decodable token: "
                        + error.reason
                )
            } else {
                let renderer = TextRenderer(style: style, secretDescription: loaded?.source.description)
                StandardStreams.writeError(renderer.render(report))
            }
            if report.passed {
                StandardStreams.writeOut(created.token + "\n")
                StandardStreams.writeErrorLine(
                    RequestRendering.successMessage(report, request: request, client: client)
                )
            } else if report.decodingError == nil {
                StandardStreams.writeErrorLine(
                    style.red(RequestRendering.failureMessage(report, request: request, client: client))
                )
            }
        }
        let status = ExitStatus(report.outcome)
        if status != .pass { throw ExitCode(status.rawValue) }
    }

    private func validitySeconds() throws -> Int32? {
        guard let validity else { return nil }
        guard let seconds = Durations.parse(validity), seconds > 0, seconds <= Int64(Int32.max) else {
            throw ValidationError(
                "--validity: \(EscapedText.quoted(validity)) is not a positive duration that fits the API's "
                    + "validity_in_seconds (at most \(Int32.max) s), such as 30m or 2h"
            )
        }
        return Int32(seconds)
    }
}
