import ArgumentParser

/// The `ecetoken` command: inspects and verifies Elastic Cloud Enterprise roles tokens.
@main
struct ECETokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecetoken",
        abstract: "Inspect and verify Elastic Cloud Enterprise roles (enrollment) tokens.",
        discussion: """
            Exit codes: 0 pass, 1 a check failed, 2 signature invalid, 3 malformed token or input, \
            64 usage error, 66 unreadable file. With several tokens the highest code wins.
            """,
        version: "0.1.0",
        subcommands: [InspectCommand.self, VerifyCommand.self, AuditCommand.self, MintCommand.self]
    )
}

/// `ecetoken inspect`: decode and show; verify the signature only when a secret is configured.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a token's header, claims, kind, roles, expiry and signature status.",
        discussion: """
            Without a secret the signature is NOT VERIFIED and everything shown is untrusted. \
            Exits 0 for any decodable token, 3 for a malformed one, 66 for an unreadable file.

            Examples:
              ecetoken inspect Fixtures/tokens/ephemeral-allocator-proxy.jwt
              ecetoken inspect --secret-file secret.txt --format json token.jwt
              curl … | ecetoken inspect -
            """
    )

    @Argument(help: ArgumentHelp("Tokens, files of tokens (one per line, API replies, bootstrap-secrets.json), or '-' for stdin.", valueName: "token"))
    var tokens: [String] = []

    @OptionGroup var secret: SecretOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup(title: "Checks (reported, never failing, under inspect)") var policy: PolicyOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try UsageFailure.reporting(command: "inspect") {
            try TokenRun(
                mode: .inspect, tokens: tokens, secretOptions: secret, clockOptions: clock, policyOptions: policy,
                outputOptions: output
            ).execute()
        }
    }
}

/// `ecetoken verify`: pass only when the signature is valid and every check passes.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify tokens: valid signature, not expired, every check passing.",
        discussion: """
            Needs a secret (--secret-file, --secret-env, --bootstrap-secrets or ECETOKEN_SECRET). \
            Exit codes: 0 pass, 1 a check failed, 2 signature invalid, 3 malformed, 64 usage, 66 unreadable.

            Examples:
              ecetoken verify --bootstrap-secrets /mnt/data/elastic/bootstrap-state/bootstrap-secrets.json token.jwt
              ecetoken verify --secret-file secret.txt --format json tokens.txt
            """
    )

    @Argument(help: ArgumentHelp("Tokens, files of tokens (one per line, API replies, bootstrap-secrets.json), or '-' for stdin.", valueName: "token"))
    var tokens: [String] = []

    @OptionGroup var secret: SecretOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup(title: "Checks (CI gate and install preflight)") var policy: PolicyOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try UsageFailure.reporting(command: "verify") {
            try TokenRun(
                mode: .verify, tokens: tokens, secretOptions: secret, clockOptions: clock, policyOptions: policy,
                outputOptions: output
            ).execute()
        }
    }
}
