import ArgumentParser
import ECETokenKit

/// `ecetoken audit`: verify and check every token in any number of files or a stream, in order, on
/// every core, in memory that does not grow with the input.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify and check every token in files or on stdin: a table or JSON lines, then a summary.",
        discussion: """
            Each input is detected on its own: one token per line (blank lines and # comments skipped, CRLF \
            accepted), enrollment-tokens API replies (one JSON object per line or a whole file), or an ECE \
            bootstrap-secrets.json, whose three install-time tokens are verified with its own \
            bootstrap_tokens_secret unless another secret is given. Every token is reported exactly once, in \
            input order; a bad line is reported with its file and line and the run goes on. Exit codes as verify.

            Examples:
              ecetoken audit --secret-file secret.txt --summary-only issued-tokens.txt
              ecetoken audit --bootstrap-secrets bootstrap-secrets.json --format jsonl --exact-roles allocator tokens.txt
              ecetoken audit /mnt/data/elastic/bootstrap-state/bootstrap-secrets.json
            """
    )

    /// Output formats of `audit`.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case jsonl
    }

    @Argument(help: ArgumentHelp("Files to audit ('-' or none for stdin).", valueName: "file"), completion: .file())
    var files: [String] = []

    @OptionGroup var secret: SecretOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup(title: "Checks (CI gate and install preflight)") var policy: PolicyOptions

    @Option(name: .customLong("format"), help: "Output format: text (a table) or jsonl (one JSON object per token).")
    var format: Format = .text

    @Flag(name: .customLong("summary-only"), help: "Print only the summary.")
    var summaryOnly = false

    @Option(
        name: .customLong("jobs"),
        help: ArgumentHelp("Worker threads (default: the number of cores).", valueName: "n")
    )
    var jobs: Int?

    @Option(name: .customLong("color"), help: "Colour the table: auto, always or never.")
    var color: OutputOptions.ColorMode = .auto

    func validate() throws {
        if let jobs, jobs < 1 || jobs > 1024 {
            throw ValidationError("--jobs must be between 1 and 1024")
        }
        if files.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("'-' (standard input) can be given only once")
        }
    }

    func run() throws {
        try FailureReporter.reporting(command: "audit") {
            var run = try AuditRun(command: self)
            try run.execute()
        }
    }
}
