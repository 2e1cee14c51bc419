import ArgumentParser
import ECETokenKit
import Testing

@testable import ecetoken

/// `FailureReporter`, in process: each kind of error a command throws becomes its one message and its
/// documented exit status; `ExitCode` and errors of unknown kind pass through; every message is redacted.
@Suite("FailureReporter: every command failure's message and exit status")
struct FailureReporterTests {
    typealias Report = FailureReporter.Report
    /// The tool's exit statuses (Swift Testing has an `ExitStatus` of its own).
    typealias Status = ecetoken.ExitStatus

    static func report(_ error: any Error, command: String = "verify") throws -> Report {
        try #require(FailureReporter.report(error, command: command))
    }

    @Test("A ValidationError is a usage error naming the subcommand and its help: exit 64")
    func validationError() throws {
        let report = try Self.report(ValidationError("--now: \"soon\" is not a time"), command: "mint")
        #expect(
            report
                == Report(
                    lines: ["ecetoken mint: error: --now: \"soon\" is not a time", "See 'ecetoken mint --help'."],
                    status: .usage
                )
        )
    }

    @Test("A usage message keeps no URL credential: userinfo, query values and fragment are masked")
    func usageRedacted() throws {
        let report = try Self.report(
            ValidationError("--coordinator https://admin:Hunter2pw@ece-1:12443/?token=abc123#frag is not a URL"),
            command: "list"
        )
        let text = report.lines.joined(separator: "\n")
        #expect(!text.contains("Hunter2pw") && !text.contains("abc123") && !text.contains("frag"), "\(text)")
        #expect(text.contains(CredentialRedactor.mask), "\(text)")
        #expect(report.status == .usage)
    }

    @Test("Every other message is redacted the same way")
    func otherMessagesRedacted() throws {
        let problem = InputProblem(.unreadable, source: "x", reason: "see https://u:Hunter2pw@h/?k=abc123")
        let text = try Self.report(NamedFileError("--cacert ca.pem", problem)).lines.joined(separator: "\n")
        #expect(!text.contains("Hunter2pw") && !text.contains("abc123"), "\(text)")
    }

    @Test(
        "A secret that cannot be read exits 66; a refused secret exits 64, with the library's reason",
        arguments: [
            (SecretError(.unreadable, "the secret file s.txt: No such file or directory"), Status.unreadable),
            (SecretError(.empty, "the secret is empty; an empty HMAC key is never accepted"), .usage),
            (SecretError(.invalidEncoding, "the secret file s.txt: the secret is not hex"), .usage),
            (SecretError(.environmentVariableUnset, "environment variable S is not set"), .usage),
            (SecretError(.looksLikePublicKey, "the secret looks like a PEM key"), .usage),
            (SecretError(.invalidBootstrapSecrets, "b.json: no bootstrap_tokens_secret member"), .usage),
        ]
    )
    func secretError(error: SecretError, status: Status) throws {
        #expect(try Self.report(error) == Report(lines: ["ecetoken: error: \(error.reason)"], status: status))
    }

    @Test("A whole bootstrap-secrets.json given as a secret: the library's reason, then the flag that reads it")
    func wholeBootstrapSecretsFile() throws {
        let error = SecretError(
            .wholeBootstrapSecretsFile,
            "the secret file b.json is a whole ECE bootstrap-secrets.json, not a bare secret"
        )
        #expect(
            try Self.report(error)
                == Report(
                    lines: [
                        "ecetoken: error: the secret file b.json is a whole ECE bootstrap-secrets.json, not a bare "
                            + "secret: pass the file with --bootstrap-secrets instead"
                    ],
                    status: .usage
                )
        )
    }

    @Test("A named file that cannot be read exits 66, with what named it and the note")
    func namedFileUnreadable() throws {
        let problem = InputProblem(.unreadable, source: "/etc/ece.json", reason: "No such file or directory")
        let error = NamedFileError("--ecctl-config /etc/ece.json", problem, note: "the configuration ecctl reads")
        #expect(
            try Self.report(error)
                == Report(
                    lines: [
                        "ecetoken: error: --ecctl-config /etc/ece.json: No such file or directory "
                            + "(the configuration ecctl reads)"
                    ],
                    status: .unreadable
                )
        )
    }

    @Test("A named input read but not usable (too large) exits 3")
    func namedFileUndecodable() throws {
        let problem = InputProblem(.undecodable, source: "stdin", reason: "larger than 65536 bytes")
        #expect(
            try Self.report(NamedFileError("stdin", problem))
                == Report(lines: ["ecetoken: error: stdin: larger than 65536 bytes"], status: .malformed)
        )
    }

    @Test("A credential file that cannot be read exits 66")
    func credentialUnreadable() throws {
        let result = Result { () throws(PasswordSource.Problem) in
            try PasswordSource.file(path: "/nonexistent/ecetoken/admin.pass").load()
        }
        guard case .failure(let problem) = result else {
            Issue.record("a missing file was read")
            return
        }
        #expect(problem.isUnreadable)
        #expect(
            try Self.report(problem, command: "list")
                == Report(lines: ["ecetoken: error: \(problem.reason)"], status: .unreadable)
        )
    }

    @Test("A credential source refused for another reason is a usage error of the command")
    func credentialRefused() throws {
        let result = Result { () throws(PasswordSource.Problem) in
            try PasswordSource.environment(name: "ECETOKEN_TEST_UNSET").load(environment: { _ in nil })
        }
        guard case .failure(let problem) = result else {
            Issue.record("an unset variable was read")
            return
        }
        #expect(!problem.isUnreadable)
        #expect(
            try Self.report(problem, command: "list")
                == Report(
                    lines: ["ecetoken list: error: \(problem.reason)", "See 'ecetoken list --help'."],
                    status: .usage
                )
        )
    }

    static func refusal(_ argument: String) throws -> RevocationTarget.Refusal {
        let result = Result { () throws(RevocationTarget.Refusal) in try RevocationTarget(argument, now: 1_800_000_000)
        }
        guard case .failure(let refusal) = result else { throw RefusalExpected() }
        return refusal
    }

    struct RefusalExpected: Error {}

    @Test("revoke: an ephemeral token is refused (exit 1), a token that does not decode exits 3, a bad id 64")
    func revocationRefusals() throws {
        let ephemeral = TestTokens.sign(
            claims: #"{"sub":"4c8990df-1fb7-4820-b868-6bc9e8860814","roles":[],"iss":"current","exp":1800003600}"#,
            key: Array(repeating: 0x61, count: 32)
        )
        let refused = try Self.report(try Self.refusal(ephemeral), command: "revoke")
        #expect(refused.status == .checkFailed)
        #expect(refused.lines.count == 1 && refused.lines[0].hasPrefix("ecetoken revoke: refused: "), "\(refused)")

        let malformed = try Self.report(try Self.refusal("not.a.token"), command: "revoke")
        #expect(malformed.status == .malformed)
        #expect(malformed.lines.count == 1 && malformed.lines[0].hasPrefix("ecetoken: error: "), "\(malformed)")

        let badID = try Self.report(try Self.refusal("an id with spaces"), command: "revoke")
        #expect(badID.status == .usage)
        #expect(badID.lines.last == "See 'ecetoken revoke --help'.", "\(badID)")
    }

    @Test(
        "A thrown token error: a key too weak to mint with is a refused secret (64); others keep their outcome's code",
        arguments: [
            (TokenError.Code.weakKey, Status.usage), (.invalidBase64, .malformed), (.segmentCount, .malformed),
            (.signatureMismatch, .signatureInvalid), (.algorithmNotAllowed, .signatureInvalid),
            (.expired, .checkFailed), (.policyFailed, .checkFailed),
        ]
    )
    func tokenError(code: TokenError.Code, status: Status) throws {
        let error = TokenError(code, "why")
        #expect(try Self.report(error, command: "mint") == Report(lines: ["ecetoken: error: why"], status: status))
    }

    @Test("A coordinator failure: CoordinatorAdvice's line, its category's status, and JSON on stdout when asked")
    func coordinatorError() throws {
        let endpoint = try CoordinatorEndpoint(parsing: "https://ece-1.example:12443", source: "--coordinator")
        let error = CoordinatorError(status: 401, body: [], operation: .list, endpoint: endpoint, user: "admin")
        let text = try #require(FailureReporter.report(error, command: "list"))
        #expect(text.lines == ["ecetoken: error: \(CoordinatorAdvice.message(for: error))"])
        #expect(text.lines[0].contains("--password-file"))
        #expect(text.status == .coordinatorError)
        #expect(text.output == nil)
        let json = try #require(FailureReporter.report(error, command: "list", json: true))
        #expect(json.lines == text.lines)
        #expect(json.output == CoordinatorFailure.json(error).serializedPretty() + "\n")
        #expect(json.output?.contains("\"exit_code\": 6") == true)
    }

    struct Unknown: Error {}

    @Test("ExitCode (a status already reported) and errors of unknown kind are left to ArgumentParser")
    func passThrough() {
        #expect(FailureReporter.report(ExitCode(5), command: "list") == nil)
        #expect(FailureReporter.report(CleanExit.message("done"), command: "list") == nil)
        #expect(FailureReporter.report(Unknown(), command: "list") == nil)
    }

    @Test("reporting(command:) throws the report's status as an ExitCode, and rethrows ExitCode unchanged")
    func reporting() {
        #expect(throws: ExitCode(Status.malformed.rawValue)) {
            try FailureReporter.reporting(command: "revoke") {
                throw NamedFileError("stdin", InputProblem(.undecodable, source: "stdin", reason: "too large"))
            }
        }
        #expect(throws: ExitCode(7)) {
            try FailureReporter.reporting(command: "list") { throw ExitCode(7) }
        }
    }
}
