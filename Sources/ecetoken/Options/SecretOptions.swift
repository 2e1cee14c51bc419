import ArgumentParser
import ECETokenKit

/// Where the HMAC secret comes from, and the verification policy. The secret's value is never an
/// argument: command lines end up in `ps` output and shell history.
struct SecretOptions: ParsableArguments {
    /// The defaults, shared with the quick `verify` path (``QuickVerify``): ECE's encoding, and the library's
    /// strict policy (``VerificationPolicy/init(allowedAlgorithms:allowsWeakKey:leeway:)``'s defaults).
    static let defaultEncoding = SecretEncoding.raw
    static let defaultPolicy = VerificationPolicy()

    @Option(
        name: .customLong("secret-file"),
        help: ArgumentHelp(
            "Read the secret from a file ('-' for stdin). Exactly one trailing newline is stripped.",
            valueName: "path"
        ),
        completion: .file()
    )
    var secretFile: String?

    @Option(
        name: .customLong("secret-env"),
        help: ArgumentHelp("Read the secret from this environment variable, used exactly as set.", valueName: "name")
    )
    var secretEnvironmentVariable: String?

    @Option(
        name: .customLong("bootstrap-secrets"),
        help: ArgumentHelp(
            "Take bootstrap_tokens_secret from an ECE bootstrap-secrets.json (nothing else is read from it).",
            valueName: "path"
        ),
        completion: .file(extensions: ["json"])
    )
    var bootstrapSecrets: String?

    @Option(
        name: .customLong("secret-encoding"),
        help: ArgumentHelp(
            "How the secret's text becomes the key: raw (ECE: the bytes as written), base64, base64url or hex "
                + "(the 'secret encoding' a secret-diagnosis advises).",
            valueName: "encoding"
        )
    )
    var secretEncoding: SecretEncoding = Self.defaultEncoding

    @Option(
        name: .customLong("algorithms"),
        help: ArgumentHelp("Comma-separated alg allow-list: HS256, HS384, HS512.", valueName: "list")
    )
    var algorithms: String = Self.defaultPolicy.allowedAlgorithms.map(\.name).joined(separator: ",")

    @Flag(
        name: .customLong("allow-weak-secret"),
        help: "Accept keys shorter than the digest (RFC 7518 §3.2 forbids them; for testing only)."
    )
    var allowWeakSecret = Self.defaultPolicy.allowsWeakKey

    /// The secret source named on the command line, else `ECETOKEN_SECRET` when set and not empty, else none.
    func source() throws -> SecretSource? {
        try Self.source(file: secretFile, environment: secretEnvironmentVariable, bootstrapSecrets: bootstrapSecrets)
    }

    /// The secret source of `--secret-file`, `--secret-env` and `--bootstrap-secrets` (at most one), else
    /// `ECETOKEN_SECRET` when set and not empty, else none.
    static func source(file: String?, environment: String?, bootstrapSecrets: String?) throws -> SecretSource? {
        let named: [SecretSource] = [
            file.map { .file(path: $0) },
            environment.map { .environment(name: $0) },
            bootstrapSecrets.map { .bootstrapSecrets(path: $0) },
        ].compactMap { $0 }
        if named.count > 1 {
            throw ValidationError("give only one of --secret-file, --secret-env and --bootstrap-secrets")
        }
        if let source = named.first { return source }
        // Set but empty counts as unset, so `ECETOKEN_SECRET= ecetoken inspect` decodes instead of failing.
        if let value = StandardStreams.environment(SecretSource.defaultEnvironmentVariable), !value.isEmpty {
            return .environment(name: SecretSource.defaultEnvironmentVariable)
        }
        return nil
    }

    /// The usage error for a command that cannot run without a secret.
    static func missingSecret(_ what: String, note: String = "") -> ValidationError {
        ValidationError(
            "\(what) needs a secret: use --secret-file PATH, --secret-env NAME, --bootstrap-secrets PATH or set "
                + SecretSource.defaultEnvironmentVariable + note
        )
    }

    /// Loads the secret from `source` with the chosen encoding, printing its warnings to stderr.
    /// - Throws: ``SecretError`` for a secret that cannot be read or is refused (``FailureReporter`` reports it).
    func load(_ source: SecretSource) throws -> LoadedSecret {
        try Self.load(source, encoding: secretEncoding)
    }

    /// Loads the secret from `source` with `encoding`; see ``load(_:)``.
    static func load(_ source: SecretSource, encoding: SecretEncoding) throws -> LoadedSecret {
        let secret = try SecretLoader.load(from: source, encoding: encoding)
        for warning in secret.warnings { StandardStreams.writeErrorLine("ecetoken: warning: \(warning)") }
        return secret
    }

    /// The verification policy these options and `clock`'s leeway ask for.
    /// - Throws: `ValidationError` for an `--algorithms` or `--leeway` value that does not parse.
    func verificationPolicy(clock: ClockOptions) throws -> VerificationPolicy {
        VerificationPolicy(
            allowedAlgorithms: try allowedAlgorithms(),
            allowsWeakKey: allowWeakSecret,
            leeway: try clock.leewaySeconds()
        )
    }

    /// The algorithms allowed.
    func allowedAlgorithms() throws -> [HMACAlgorithm] {
        var result: [HMACAlgorithm] = []
        for name in algorithms.split(separator: ",", omittingEmptySubsequences: false) {
            guard let algorithm = HMACAlgorithm(name: String(name)) else {
                throw ValidationError(
                    "--algorithms: \(EscapedText.quoted(String(name))) is not one of HS256, HS384, HS512 "
                        + "(names are case-sensitive)"
                )
            }
            if !result.contains(algorithm) { result.append(algorithm) }
        }
        return result
    }
}

extension SecretEncoding: ExpressibleByArgument {}
