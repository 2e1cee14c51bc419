import ArgumentParser
import ECETokenKit

/// The `ecetoken` command: inspects and verifies Elastic Cloud Enterprise roles tokens.
@main
struct ECETokenCommand: ParsableCommand {
    /// What `ecetoken --version` prints; keep it in step with CHANGELOG.md.
    static let version = "0.1.0"

    // Discussions are ASCII and their example lines stay under 80 columns: the help wraps at 80 when
    // not on a terminal, and the man page generator drops characters such as an ellipsis.
    static let configuration = CommandConfiguration(
        commandName: "ecetoken",
        abstract: "Inspect and verify Elastic Cloud Enterprise roles (enrollment) tokens.",
        discussion: """
            Examples, one for each job:

            Audit a token before handing it out (what it grants, when it expires, \
            whether this installation signed it):
              ecetoken verify --bootstrap-secrets bootstrap-secrets.json token.jwt

            Gate CI on roles (exit 1 when a check fails, 2 when not signed by you):
              ecetoken verify --secret-env ECE_TOKENS_SECRET --format json \\
                --exact-roles allocator,proxy --min-validity 90m reply.json

            Debug an install (expired, another installation's token, wrong secret, \
            roles missing from --roles, a token mangled by copy and paste):
              ecetoken inspect --secret-file secret.txt \\
                --install-roles allocator,proxy token.jwt

            Talk to the coordinator: request, verify, hand out, revoke.
              ecetoken request --coordinator https://ece-1:12443 \\
                --api-key-file api.key --cacert ece-ca.pem \\
                --bootstrap-secrets bootstrap-secrets.json \\
                --roles allocator --persistent > token.jwt
              ecetoken revoke --coordinator https://ece-1:12443 \\
                --api-key-file api.key --cacert ece-ca.pem - < token.jwt

            Exit codes: 0 pass, 1 a check failed, 2 signature invalid, 3 malformed token or input, \
            4 coordinator unreachable, 5 TLS failure, 6 error status from the coordinator, \
            7 unexpected reply from the coordinator, 64 usage error, 66 unreadable file. \
            With several tokens the highest code wins.
            """,
        version: ECETokenCommand.version,
        subcommands: [
            InspectCommand.self, VerifyCommand.self, AuditCommand.self, MintCommand.self, RequestCommand.self,
            ListCommand.self, RevokeCommand.self,
        ]
    )

    /// Runs the command line. The everyday `ecetoken verify` (tokens, a secret option, `--now`, `--format`)
    /// skips building ArgumentParser's model of every command, which is most of a single verification's
    /// start-up; anything else, help and mistakes included, goes through ArgumentParser.
    static func main() {
        // OpenSSL's clean-up at exit frees what the process is about to give back anyway.
        CryptoLibrary.skipCleanupAtExit()
        if let run = QuickVerify.run(for: Array(CommandLine.arguments.dropFirst())) {
            PathReport.write("verify quick")
            do {
                try FailureReporter.reporting(command: "verify") { try run.execute() }
            } catch {
                exit(withError: error)
            }
            return
        }
        if CommandLine.arguments.dropFirst().first == "verify" { PathReport.write("verify full") }
        main(nil)
    }
}

/// `ecetoken inspect`: decode and show; verify the signature only when a secret is configured.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a token's header, claims, kind, roles, expiry and signature status.",
        discussion: """
            Without a secret the signature is NOT VERIFIED and everything shown is untrusted. \
            Exits 0 for any decodable token, 3 for a malformed one, 66 for an unreadable file. \
            Checks are reported but never fail: use verify to fail a job.

            Examples, one for each job:

            Audit a token before handing it out: what it grants and until when.
              ecetoken inspect --bootstrap-secrets bootstrap-secrets.json token.jwt

            Gate CI on roles: keep the full report, then gate with verify.
              ecetoken inspect --secret-env ECE_TOKENS_SECRET --format json \\
                --exact-roles allocator,proxy reply.json > token-report.json

            Debug an install: was the token still valid when the install ran, and \
            does it grant what --roles asked for? No secret is needed to decode it.
              ecetoken inspect --now 2026-11-29T10:00:00Z \\
                --install-roles allocator,proxy token.jwt
              ecetoken inspect - < pasted-token.txt
            """
    )

    @OptionGroup var input: TokenArguments

    @OptionGroup var secret: SecretOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup(title: "Checks (reported, never failing, under inspect)") var policy: PolicyOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try FailureReporter.reporting(command: "inspect") {
            try TokenRun(
                mode: .inspect,
                tokens: input.tokens,
                settings: TokenRun.Settings(secret: secret, clock: clock, policy: policy, output: output)
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
            Exit codes: 0 pass, 1 a check failed, 2 signature invalid, 3 malformed, 64 usage, 66 unreadable; \
            with --check-active also 4 coordinator unreachable, 5 TLS failure, 6 error status, \
            7 unexpected reply.

            --check-active asks the coordinator (one GET) whether it still lists each persistent \
            token's id: one it does not list fails the active check (revoked, or another \
            installation's). Ephemeral tokens are never listed: their active check passes with a \
            note, since they cannot be revoked and expire on their own.

            Examples, one for each job:

            Audit a token before handing it out: signed here, not expired, the \
            right roles.
              ecetoken verify --bootstrap-secrets bootstrap-secrets.json \\
                --require-roles allocator token.jwt

            Gate CI on roles: the job fails unless every check passes.
              ecetoken verify --secret-env ECE_TOKENS_SECRET --kind ephemeral \\
                --exact-roles allocator,proxy --min-validity 90m reply.json

            Debug an install: a wrong secret or another installation's token \
            exits 2 (with a hint when a stray newline or encoding explains it); \
            --install-roles names roles the token lacks.
              ecetoken verify --secret-file secret.txt \\
                --install-roles allocator,proxy token.jwt

            Before handing out a persistent token: is it still active (not revoked)?
              ecetoken verify --bootstrap-secrets bootstrap-secrets.json \\
                --check-active --coordinator https://ece-1:12443 \\
                --password-file admin.pass --cacert ece-ca.pem token.jwt
            """
    )

    @OptionGroup var input: TokenArguments

    @OptionGroup var secret: SecretOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup(title: "Checks (CI gate and install preflight)") var policy: PolicyOptions

    @Flag(
        name: .customLong("check-active"),
        help: "Ask the coordinator whether it still lists each persistent token (not revoked, this installation's)."
    )
    var checkActive = false

    @OptionGroup(title: "Coordinator (with --check-active)") var coordinator: CoordinatorOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try FailureReporter.reporting(command: "verify") {
            if !checkActive && coordinator.isGiven {
                throw ValidationError("the coordinator options apply only with --check-active")
            }
            try TokenRun(
                mode: .verify,
                tokens: input.tokens,
                settings: TokenRun.Settings(secret: secret, clock: clock, policy: policy, output: output),
                activeCheck: checkActive ? coordinator : nil
            ).execute()
        }
    }
}
