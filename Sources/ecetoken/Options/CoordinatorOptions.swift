import ArgumentParser
import ECETokenKit
import ECETokenKitCurl

/// How to reach the coordinator's enrollment-tokens API: where, as whom, whom to trust, how long to wait.
/// Credentials are never arguments: an API key or a password comes from a file, an environment variable
/// or ecctl's configuration file.
struct CoordinatorOptions: ParsableArguments {
    /// The environment variable read when `--coordinator` is not given.
    static let coordinatorEnvironmentVariable = "ECE_COORDINATOR"

    @Option(
        name: .customLong("coordinator"),
        help: ArgumentHelp(
            "The coordinator's API: https://HOST:PORT, http://HOST:PORT, HOST:PORT or HOST. Without a port, "
                + "https:// and a bare HOST mean 12443, http:// means 12400. Default: $ECE_COORDINATOR.",
            valueName: "url"
        )
    )
    var coordinator: String?

    @Option(
        name: .customLong("api-key-file"),
        help: ArgumentHelp(
            "Read an ECE API key from a file ('-' for stdin), sent as 'Authorization: ApiKey'. Exactly one "
                + "trailing newline is stripped. The first choice for automation. Default: $ECE_API_KEY.",
            valueName: "path"
        ),
        completion: .file()
    )
    var apiKeyFile: String?

    @Option(
        name: .customLong("api-key-env"),
        help: ArgumentHelp("Read an ECE API key from this environment variable.", valueName: "name")
    )
    var apiKeyEnvironmentVariable: String?

    @Option(
        name: .customLong("ecctl-config"),
        help: ArgumentHelp(
            "Take host, apikey or user/pass, insecure and timeout from ecctl's JSON configuration: a NAME "
                + "($HOME/.ecctl/NAME.json, as ecctl --config NAME) or a PATH. Options given here win.",
            valueName: "name-or-path"
        ),
        completion: .file(extensions: ["json"])
    )
    var ecctlConfig: String?

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
            "How long to wait for the connection, such as 10 or 10s "
                + "(default \(TransportSettings.defaultConnectTimeoutMilliseconds / 1000)s).",
            valueName: "duration"
        )
    )
    var connectTimeout: String?

    @Option(
        name: .customLong("timeout"),
        help: ArgumentHelp(
            "How long the whole exchange may take, such as 30 or 2m "
                + "(default \(TransportSettings.defaultTimeoutMilliseconds / 1000)s).",
            valueName: "duration"
        )
    )
    var timeout: String?

    /// Whether any of these options was given (so `verify` can refuse them without `--check-active`).
    var isGiven: Bool {
        coordinator != nil || user != nil || passwordFile != nil || passwordEnvironmentVariable != nil
            || apiKeyFile != nil || apiKeyEnvironmentVariable != nil || ecctlConfig != nil || caFile != nil
            || insecure || connectTimeout != nil || timeout != nil
    }

    /// Whether a credential is read from standard input.
    var readsCredentialFromStandardInput: Bool { passwordFile == "-" || apiKeyFile == "-" }

    /// A client for the coordinator: validates every option, reads ecctl's configuration and the
    /// credentials, installs the credentials' redactor on the output streams, and prints the warnings
    /// (`--insecure`, plain `http://`, a loose credential file) on stderr.
    /// - Parameter standardInputTaken: what else reads stdin, when something does (tokens, a secret).
    /// - Throws: `ValidationError` (exit 64), or for an unreadable credential, CA or ecctl file a
    ///   `PasswordSource.Problem` or ``NamedFileError`` (exit 66), as ``FailureReporter`` reports them.
    func client(standardInputTaken: String? = nil) throws -> CoordinatorClient {
        // Before anything is printed: a URL echoed in a usage error shows no userinfo, query or fragment.
        StandardStreams.redactor = CredentialRedactor()
        let file = try EcctlConfigFile.load(ecctlConfig)
        let endpoint = try endpoint(file: file)
        let credential = try CoordinatorCredentialChoice.resolve(options: self, file: file)
        if let standardInputTaken, readsCredentialFromStandardInput {
            throw ValidationError(
                "the \(credential.noun) and \(standardInputTaken) cannot both come from standard input"
            )
        }
        let connectMilliseconds =
            try Self.milliseconds(connectTimeout, option: "--connect-timeout")
            ?? TransportSettings.defaultConnectTimeoutMilliseconds
        let totalMilliseconds =
            try Self.milliseconds(timeout, option: "--timeout")
            ?? file?.configuration.timeoutMilliseconds ?? TransportSettings.defaultTimeoutMilliseconds
        if insecure && caFile != nil {
            throw ValidationError("give --cacert or --insecure, not both: --insecure checks no certificate at all")
        }
        // --cacert on the command line wins over the file's insecure: true.
        let fileInsecure = caFile == nil && !insecure && file?.configuration.insecure == true
        if let caFile {
            do {
                _ = try ByteSource(path: caFile)
            } catch {
                throw NamedFileError("--cacert \(EscapedText.escape(caFile))", error)
            }
        }
        let loaded = try credential.load()
        StandardStreams.redactor = loaded.settingsRedactor
        for warning in loaded.warnings { StandardStreams.writeErrorLine("ecetoken: warning: \(warning)") }
        if insecure || fileInsecure {
            let flag = insecure ? "--insecure" : "insecure: true in \(file?.shownPath ?? "the ecctl configuration")"
            StandardStreams.writeErrorLine(
                "ecetoken: warning: \(flag): the coordinator's TLS certificate is NOT checked; anyone on the "
                    + "network path can read the \(credential.noun) and hand you a forged token. Use --cacert with "
                    + "the coordinator's CA certificate instead."
            )
        }
        if endpoint.scheme == .http {
            StandardStreams.writeErrorLine(
                "ecetoken: warning: \(endpoint.baseURL) is plain HTTP: the \(credential.noun) and the tokens "
                    + "cross the network unencrypted. Use https:// (ECE's API port 12443 serves HTTPS)."
            )
        }
        let settings = TransportSettings(
            credentials: loaded.credentials,
            apiKey: loaded.apiKey,
            caFile: caFile,
            insecure: insecure || fileInsecure,
            connectTimeoutMilliseconds: connectMilliseconds,
            timeoutMilliseconds: totalMilliseconds,
            userAgent: "ecetoken/\(ECETokenCommand.version)"
        )
        return CoordinatorClient(endpoint: endpoint, transport: CurlTransport(settings: settings))
    }

    /// The coordinator endpoint: `--coordinator`, else the ecctl file's `host`, else `ECE_COORDINATOR`.
    private func endpoint(file: EcctlConfigFile?) throws -> CoordinatorEndpoint {
        let text: String
        let source: String
        if let coordinator {
            (text, source) = (coordinator, "--coordinator")
        } else if let host = file?.configuration.host, let file {
            (text, source) = (host, "the \"host\" of \(file.shownPath)")
        } else if let value = StandardStreams.environment(Self.coordinatorEnvironmentVariable), !value.isEmpty {
            (text, source) = (value, Self.coordinatorEnvironmentVariable)
        } else {
            throw ValidationError(
                "give the coordinator with --coordinator https://HOST:12443 (or set "
                    + "\(Self.coordinatorEnvironmentVariable), or name an ecctl configuration with a host)"
            )
        }
        do {
            return try CoordinatorEndpoint(parsing: text, source: source)
        } catch {
            throw ValidationError(error.reason)
        }
    }

    /// A timeout option in milliseconds (a positive duration of at most one day), or `nil` when not given.
    private static func milliseconds(_ text: String?, option: String) throws -> Int? {
        guard let text else { return nil }
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
