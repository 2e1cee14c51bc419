import ArgumentParser
import ECETokenKit

/// Which credential a coordinator command sends, chosen from the command line, ecctl's configuration
/// and `ECE_API_KEY`, in that order: options given on the command line win over the file, and the file
/// (named on the command line) wins over the environment.
enum CoordinatorCredentialChoice {
    /// An API key from a file or an environment variable.
    case apiKey(APIKeySource)
    /// An API key from an ecctl configuration file.
    case apiKeyInFile(String, file: String)
    /// A user and a password from a file or an environment variable.
    case password(user: String, PasswordSource)
    /// A user and a password from an ecctl configuration file.
    case passwordInFile(user: String, password: String, file: String)

    /// What the credential is, for messages: `API key` or `password`.
    var noun: String {
        switch self {
        case .apiKey, .apiKeyInFile: return "API key"
        case .password, .passwordInFile: return "password"
        }
    }

    /// The credential chosen.
    /// - Throws: `ValidationError` when an API key and a password are both given, when two sources of
    ///   one are given, or when none is.
    static func resolve(options: CoordinatorOptions, file: EcctlConfigFile?) throws -> CoordinatorCredentialChoice {
        let apiKey: APIKeySource?
        switch (options.apiKeyFile, options.apiKeyEnvironmentVariable) {
        case (let path?, nil): apiKey = .file(path: path)
        case (nil, let name?): apiKey = .environment(name: name)
        case (.some, .some): throw ValidationError("give only one of --api-key-file and --api-key-env")
        case (nil, nil): apiKey = nil
        }
        let password: PasswordSource?
        switch (options.passwordFile, options.passwordEnvironmentVariable) {
        case (let path?, nil): password = .file(path: path)
        case (nil, let name?): password = .environment(name: name)
        case (.some, .some): throw ValidationError("give only one of --password-file and --password-env")
        case (nil, nil): password = nil
        }
        if apiKey != nil && (password != nil || options.user != nil) {
            throw ValidationError(
                "give an API key (--api-key-file, --api-key-env) or a user and password (--user, "
                    + "--password-file, --password-env), not both"
            )
        }
        let configuration = file?.configuration
        let fileUser = configuration?.user
        let user = options.user ?? fileUser ?? CoordinatorCredentials.defaultUser
        if let apiKey { return .apiKey(apiKey) }
        if let password { return .password(user: user, password) }
        if let file, let filePassword = configuration?.password {
            return .passwordInFile(user: user, password: filePassword, file: file.shownPath)
        }
        if options.user == nil, let file, let key = configuration?.apiKey {
            return .apiKeyInFile(key, file: file.shownPath)
        }
        if options.user == nil, let value = StandardStreams.environment(APIKeySource.defaultEnvironmentVariable),
            !value.isEmpty
        {
            return .apiKey(.environment(name: APIKeySource.defaultEnvironmentVariable))
        }
        if options.user != nil {
            throw ValidationError(
                "the coordinator needs the password of user \(EscapedText.quoted(user)): give --password-file "
                    + "PATH or --password-env NAME (never the password itself on the command line)"
            )
        }
        throw ValidationError(
            "the coordinator needs credentials: give an API key with --api-key-file PATH or --api-key-env NAME "
                + "(or set \(APIKeySource.defaultEnvironmentVariable)), or the password of user "
                + "\(EscapedText.quoted(user)) with --password-file PATH or --password-env NAME; never a "
                + "credential itself on the command line"
        )
    }

    /// The credential, read and checked.
    struct Loaded {
        /// Basic-auth credentials, or `nil` with an API key.
        let credentials: CoordinatorCredentials?
        /// The API key, or `nil` with a password.
        let apiKey: CoordinatorAPIKey?
        /// Warnings about the source (loose file modes, trailing whitespace).
        let warnings: [String]

        /// The redactor for what was read.
        var settingsRedactor: CredentialRedactor {
            CredentialRedactor(user: credentials?.user, password: credentials?.passwordBytes, apiKey: apiKey?.bytes)
        }
    }

    /// Reads the credential.
    /// - Throws: `PasswordSource.Problem` for a source that cannot be read or is refused (exit 66 or 64, as
    ///   ``FailureReporter`` reports it), `ValidationError` for a credential the coordinator would refuse.
    func load() throws -> Loaded {
        do {
            switch self {
            case .apiKey(let source):
                let loaded = try source.load()
                return Loaded(
                    credentials: nil,
                    apiKey: try CoordinatorAPIKey(bytes: loaded.bytes),
                    warnings: loaded.warnings
                )
            case .apiKeyInFile(let key, _):
                return Loaded(credentials: nil, apiKey: try CoordinatorAPIKey(bytes: Array(key.utf8)), warnings: [])
            case .password(let user, let source):
                let loaded = try source.load()
                let credentials = try CoordinatorCredentials(user: user, passwordBytes: loaded.bytes)
                return Loaded(credentials: credentials, apiKey: nil, warnings: loaded.warnings)
            case .passwordInFile(let user, let password, _):
                let credentials = try CoordinatorCredentials(user: user, passwordBytes: Array(password.utf8))
                return Loaded(credentials: credentials, apiKey: nil, warnings: [])
            }
        } catch let problem as CoordinatorCredentials.Problem {
            switch self {
            case .apiKey(let source): throw ValidationError("\(source): \(problem.reason)")
            case .apiKeyInFile(_, let file): throw ValidationError("\(file): \"apikey\": \(problem.reason)")
            case .password: throw ValidationError("--user or password: \(problem.reason)")
            case .passwordInFile(_, _, let file):
                throw ValidationError("\(file): \"user\" or \"pass\": \(problem.reason)")
            }
        }
    }
}
