import ArgumentParser
import ECETokenKit

/// The one place a command's failure becomes what the operator sees: a message on stderr and the
/// documented exit status (``ExitStatus``). Commands and options throw (a library error, a
/// `ValidationError`, a ``NamedFileError``) and never print an error themselves; the advice that names
/// this tool's flags is added here, since the library speaks in its own terms.
///
/// Every message passes through a ``CredentialRedactor`` (URL userinfo, query and fragment, authorization
/// values), and through ``StandardStreams/redactor`` when a coordinator command has set it.
enum FailureReporter {
    /// What a failure turns into.
    struct Report: Equatable {
        /// The lines written to stderr, redacted.
        let lines: [String]
        /// The exit status.
        let status: ExitStatus
        /// What is written to stdout, for a command asked for JSON: the error as a JSON object.
        var output: String? = nil
    }

    /// Runs `body`; an error it throws is written to stderr and becomes the documented exit status.
    /// `ExitCode` (a status already reported) and errors of unknown kind pass through to ArgumentParser.
    /// - Parameters:
    ///   - command: the subcommand, for usage messages: `ecetoken verify: error: …`.
    ///   - json: the command writes JSON: a coordinator failure is also written to stdout as a JSON object.
    static func reporting(command: String, json: Bool = false, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            guard let report = report(error, command: command, json: json) else { throw error }
            for line in report.lines { StandardStreams.writeErrorLine(line) }
            if let output = report.output { StandardStreams.writeOut(output) }
            throw ExitCode(report.status.rawValue)
        }
    }

    /// The message and status for `error` thrown by `command`, or `nil` for an error left to ArgumentParser
    /// (`ExitCode`, `CleanExit`, anything not listed here).
    static func report(_ error: any Error, command: String, json: Bool = false) -> Report? {
        let report: Report
        switch error {
        case let error as ValidationError:
            report = usage(error.message, command: command)
        case let error as SecretError:
            report = secret(error)
        case let error as NamedFileError:
            report = Report(lines: ["ecetoken: error: \(error.message)"], status: ExitStatus(error.problem))
        case let error as PasswordSource.Problem:
            // The credential's file could not be read (66); any other refusal is the command line's (64).
            report =
                error.isUnreadable
                ? Report(lines: ["ecetoken: error: \(error.reason)"], status: .unreadable)
                : usage(error.reason, command: command)
        case let error as RevocationTarget.Refusal:
            report = refusal(error, command: command)
        case let error as TokenError:
            report = Report(lines: ["ecetoken: error: \(error.reason)"], status: status(error.code))
        case let error as CoordinatorError:
            // One line with every entry of ECE's error list (the advice naming this tool's flags is
            // CoordinatorAdvice's), and with --format json the error as a JSON object on stdout.
            report = Report(
                lines: ["ecetoken: error: \(CoordinatorAdvice.message(for: error))"],
                status: ExitStatus(error.code.category),
                output: json ? CoordinatorFailure.json(error).serializedPretty() + "\n" : nil
            )
        default:
            return nil
        }
        return Report(lines: report.lines.map(redacted), status: report.status, output: report.output)
    }

    /// A usage error reported the way swift-argument-parser reports its own, but naming the subcommand:
    /// the message, a pointer to the subcommand's help, exit 64.
    private static func usage(_ message: String, command: String) -> Report {
        Report(
            lines: ["ecetoken \(command): error: \(message)", "See 'ecetoken \(command) --help'."],
            status: .usage
        )
    }

    /// A secret that could not be loaded (66) or is refused (64), with the flag that fixes it where one does.
    private static func secret(_ error: SecretError) -> Report {
        var message = error.reason
        if error.code == .wholeBootstrapSecretsFile { message += ": pass the file with --bootstrap-secrets instead" }
        return Report(
            lines: ["ecetoken: error: \(message)"],
            status: error.code == .unreadable ? .unreadable : .usage
        )
    }

    /// `revoke`'s refusals: an ephemeral token (1), one that does not decode (3), an id that cannot be one (64).
    private static func refusal(_ error: RevocationTarget.Refusal, command: String) -> Report {
        switch error.kind {
        case .invalidID: return usage(error.reason, command: command)
        case .ephemeral: return Report(lines: ["ecetoken \(command): refused: \(error.reason)"], status: .checkFailed)
        case .malformed: return Report(lines: ["ecetoken: error: \(error.reason)"], status: .malformed)
        }
    }

    /// The status for a thrown token error. Only `mint` throws one out of a command, for a key too weak to
    /// sign with: a refused secret, so a usage error like any other refused secret. (A token's own weak-key
    /// verdict is a report outcome, exit 2, and never thrown.)
    private static func status(_ code: TokenError.Code) -> ExitStatus {
        if code == .weakKey { return .usage }
        if code.isMalformed { return .malformed }
        switch code {
        case .expired, .policyFailed, .claimsInvalid: return .checkFailed
        default: return .signatureInvalid
        }
    }

    /// `text` with URL userinfo, query values, fragments and authorization values masked.
    private static func redacted(_ text: String) -> String {
        CredentialRedactor().redact(text)
    }
}
