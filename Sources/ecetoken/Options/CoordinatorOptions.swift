import ArgumentParser
import ECETokenKit
import ECETokenKitCurl

/// How to reach the coordinator's enrollment-tokens API: where, as whom, whom to trust, how long to wait.
/// The password is never an argument: it comes from a file or an environment variable.
struct CoordinatorOptions: ParsableArguments {
    /// The environment variable read when `--coordinator` is not given.
    static let coordinatorEnvironmentVariable = "ECE_COORDINATOR"

    @Option(
        name: .customLong("coordinator"),
        help: ArgumentHelp(
            "The coordinator's API: https://HOST:PORT, HOST:PORT or HOST (https, port 12443 by default). "
                + "Default: $ECE_COORDINATOR.",
            valueName: "url"
        )
    )
    var coordinator: String?

    @Option(
        name: .customLong("user"),
        help: ArgumentHelp("The user for HTTP basic authentication (default: admin).", valueName: "name")
    )
    var user: String?

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp(
            "Read the user's password from a file ('-' for stdin). Exactly one trailing newline is stripped.",
            valueName: "path"
        ),
        completion: .file()
    )
    var passwordFile: String?

    @Option(
        name: .customLong("password-env"),
        help: ArgumentHelp("Read the user's password from this environment variable.", valueName: "name")
    )
    var passwordEnvironmentVariable: String?

    @Option(
        name: .customLong("cacert"),
        help: ArgumentHelp(
            "Trust only the CA certificates in this PEM file (ECE's self-signed CA) instead of the system's.",
            valueName: "path"
        ),
        completion: .file()
    )
    var caFile: String?

    @Flag(
        name: .customLong("insecure"),
        help: "Do not check the coordinator's TLS certificate (a warning is printed on every run)."
    )
    var insecure = false

    @Option(
        name: .customLong("connect-timeout"),
        help: ArgumentHelp(
            "How long to wait for the connection, such as 10 or 10s (default 10s).",
            valueName: "duration"
        )
    )
    var connectTimeout: String?

    @Option(
        name: .customLong("timeout"),
        help: ArgumentHelp(
            "How long the whole exchange may take, such as 30 or 2m (default 30s).",
            valueName: "duration"
        )
    )
    var timeout: String?

    /// Whether any of these options was given (so `verify` can refuse them without `--check-active`).
    var isGiven: Bool {
        coordinator != nil || user != nil || passwordFile != nil || passwordEnvironmentVariable != nil
            || caFile != nil || insecure || connectTimeout != nil || timeout != nil
    }

    /// The coordinator endpoint, from `--coordinator` or `ECE_COORDINATOR`.
    func endpoint() throws -> CoordinatorEndpoint {
        let text: String
        if let coordinator {
            text = coordinator
        } else if let value = StandardStreams.environment(Self.coordinatorEnvironmentVariable), !value.isEmpty {
            text = value
        } else {
            throw ValidationError(
                "give the coordinator with --coordinator https://HOST:12443 (or set \(Self.coordinatorEnvironmentVariable))"
            )
        }
        do {
            return try CoordinatorEndpoint(parsing: text)
        } catch {
            throw ValidationError(error.reason)
        }
    }

    /// The password source named on the command line.
    func passwordSource() throws -> PasswordSource {
        switch (passwordFile, passwordEnvironmentVariable) {
        case (let path?, nil): return .file(path: path)
        case (nil, let name?): return .environment(name: name)
        case (.some, .some): throw ValidationError("give only one of --password-file and --password-env")
        case (nil, nil):
            throw ValidationError(
                "the coordinator needs the password of user \(EscapedText.quoted(user ?? CoordinatorCredentials.defaultUser)): "
                    + "give --password-file PATH or --password-env NAME (never the password itself on the command line)"
            )
        }
    }

    /// A client for the coordinator: validates every option, reads the password, and prints the
    /// warnings (`--insecure`, plain `http://`, a loose password file) on stderr.
    /// - Parameter standardInputTaken: what else reads stdin, when something does (tokens, a secret).
    /// - Throws: `ValidationError` (exit 64), or `ExitCode` 66 for an unreadable password or CA file.
    func client(standardInputTaken: String? = nil) throws -> CoordinatorClient {
        let endpoint = try endpoint()
        let source = try passwordSource()
        if let standardInputTaken, source == .file(path: "-") {
            throw ValidationError("the password and \(standardInputTaken) cannot both come from standard input")
        }
        let connectMilliseconds = try Self.milliseconds(connectTimeout, option: "--connect-timeout", default: 10)
        let totalMilliseconds = try Self.milliseconds(timeout, option: "--timeout", default: 30)
        if insecure && caFile != nil {
            throw ValidationError("give --cacert or --insecure, not both: --insecure checks no certificate at all")
        }
        if let caFile {
            do {
                _ = try ByteSource(path: caFile)
            } catch {
                StandardStreams.writeErrorLine(
                    "ecetoken: error: --cacert \(EscapedText.escape(caFile)): \(error.reason)"
                )
                throw ExitCode(ExitStatus.unreadable.rawValue)
            }
        }
        let loaded: PasswordSource.Loaded
        do {
            loaded = try source.load()
        } catch {
            if error.isUnreadable {
                StandardStreams.writeErrorLine("ecetoken: error: \(error.reason)")
                throw ExitCode(ExitStatus.unreadable.rawValue)
            }
            throw ValidationError(error.reason)
        }
        for warning in loaded.warnings { StandardStreams.writeErrorLine("ecetoken: warning: \(warning)") }
        let credentials: CoordinatorCredentials
        do {
            credentials = try CoordinatorCredentials(
                user: user ?? CoordinatorCredentials.defaultUser,
                passwordBytes: loaded.bytes
            )
        } catch {
            throw ValidationError("--user or password: \(error.reason)")
        }
        if insecure {
            StandardStreams.writeErrorLine(
                "ecetoken: warning: --insecure: the coordinator's TLS certificate is NOT checked; anyone on the "
                    + "network path can read the password and hand you a forged token. Use --cacert with the "
                    + "coordinator's CA certificate instead."
            )
        }
        if endpoint.scheme == .http {
            StandardStreams.writeErrorLine(
                "ecetoken: warning: \(endpoint.baseURL) is plain HTTP: the password and the tokens cross the "
                    + "network unencrypted. Use https:// (ECE's API port 12443 serves HTTPS)."
            )
        }
        let settings = TransportSettings(
            credentials: credentials,
            caFile: caFile,
            insecure: insecure,
            connectTimeoutMilliseconds: connectMilliseconds,
            timeoutMilliseconds: totalMilliseconds,
            userAgent: "ecetoken/\(ECETokenCommand.version)"
        )
        return CoordinatorClient(endpoint: endpoint, transport: CurlTransport(settings: settings))
    }

    /// A timeout option in milliseconds: a positive duration of at most one day.
    private static func milliseconds(_ text: String?, option: String, default seconds: Int64) throws -> Int {
        guard let text else { return Int(seconds) * 1000 }
        guard let parsed = Durations.parse(text), parsed > 0, parsed <= 86_400 else {
            throw ValidationError(
                "\(option): \(EscapedText.quoted(text)) is not a positive duration of at most a day, such as 10, 30s or 2m"
            )
        }
        return Int(parsed) * 1000
    }
}

extension ExitStatus {
    /// The exit status for a coordinator failure.
    init(_ category: CoordinatorError.Category) {
        switch category {
        case .unreachable: self = .unreachable
        case .tls: self = .tlsFailure
        case .status: self = .coordinatorError
        case .reply: self = .unexpectedReply
        }
    }
}

/// Reports a coordinator failure: one error line on stderr, and the exit code of its category.
enum CoordinatorFailure {
    /// Prints `error` and returns the exit code to throw.
    static func report(_ error: CoordinatorError) -> ExitCode {
        StandardStreams.writeErrorLine("ecetoken: error: \(error.reason)")
        return ExitCode(ExitStatus(error.code.category).rawValue)
    }
}
