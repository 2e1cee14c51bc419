import ArgumentParser
import ECETokenKit

/// Usage errors found while a subcommand runs (a bad `--now`, a missing secret) reported the way
/// swift-argument-parser reports its own, but naming the subcommand rather than the root command.
enum UsageFailure {
    /// Runs `body`; a `ValidationError` from it becomes one line on stderr, a pointer to the
    /// subcommand's help, and exit 64.
    static func reporting(command: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ValidationError {
            // A rejected argument may be a URL carrying credentials: its userinfo, query and fragment are
            // masked whatever the command (the coordinator commands' stream redactor masks the rest).
            StandardStreams.writeErrorLine("ecetoken \(command): error: \(CredentialRedactor().redact(error.message))")
            StandardStreams.writeErrorLine("See 'ecetoken \(command) --help'.")
            throw ExitCode(ExitStatus.usage.rawValue)
        }
    }
}
