#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the HMAC secret comes from. Never the command line: argv is visible in `ps` and shell history.
public enum SecretSource: Sendable, Equatable {
    /// A file holding the secret; `-` for standard input. Exactly one trailing `\n` is stripped.
    case file(path: String)
    /// An environment variable holding the secret, used exactly as set.
    case environment(name: String)
    /// ECE's `bootstrap-secrets.json`; only `bootstrap_tokens_secret` is read.
    case bootstrapSecrets(path: String)

    /// The environment variable read when no source is named.
    public static let defaultEnvironmentVariable = "ECETOKEN_SECRET"

    /// Where the secret came from, for messages: `secret file Fixtures/secret.txt`.
    public var description: String {
        switch self {
        case .file(let path): return path == "-" ? "secret on stdin" : "secret file \(EscapedText.escape(path))"
        case .environment(let name): return "environment variable \(EscapedText.escape(name))"
        case .bootstrapSecrets(let path): return "\(BootstrapSecrets.secretMember) in \(EscapedText.escape(path))"
        }
    }
}

/// A secret read from its source, with anything about the source worth a warning.
public struct LoadedSecret: Sendable {
    /// The key built from the secret.
    public let key: SigningKey
    /// Where it came from.
    public let source: SecretSource
    /// Warnings about the source (loose file permissions, whitespace left in the secret); never the secret.
    public let warnings: [String]

    /// Whether the secret starts with a UTF-8 byte order mark: kept in the key (and warned about) when
    /// verifying, so the diagnosis can point at it; `mint` refuses to sign with such a secret.
    public var startsWithByteOrderMark: Bool { key.secretText.starts(with: SecretLoader.byteOrderMark) }
}

/// Reads secrets from files, standard input, the environment and bootstrap-secrets files.
public enum SecretLoader {
    /// The largest secret file accepted: a credential file's limit.
    public static let maximumSecretFileSize = CredentialFile.maximumSize

    /// The UTF-8 byte order mark, which some editors put at the start of a file.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Loads the secret from `source` and builds a key.
    /// - Parameters:
    ///   - source: where the secret is.
    ///   - encoding: how its text becomes key bytes (ECE: ``SecretEncoding/raw``).
    ///   - environment: looks up environment variables (injectable for tests).
    /// - Throws: ``SecretError``; its reason names the source, never the secret.
    public static func load(
        from source: SecretSource,
        encoding: SecretEncoding = .raw,
        environment: (String) -> String? = { name in getenv(name).map { String(cString: $0) } }
    ) throws(SecretError) -> LoadedSecret {
        var warnings: [String] = []
        let text: [UInt8]
        switch source {
        case .file(let path):
            let (bytes, mode): ([UInt8], UInt32?)
            do {
                (bytes, mode) = try CredentialFile.read(path)
            } catch {
                throw SecretError(.unreadable, "\(EscapedText.escape(error.source)): \(error.reason)")
            }
            if let warning = CredentialFile.permissionWarning(path: path, mode: mode) { warnings.append(warning) }
            var trimmed = bytes[...]
            if trimmed.last == UInt8(ascii: "\n") { trimmed = trimmed.dropLast() }
            text = Array(trimmed)
        case .environment(let name):
            guard let value = environment(name) else {
                throw SecretError(
                    .environmentVariableUnset,
                    "environment variable \(EscapedText.escape(name)) is not set"
                )
            }
            text = Array(value.utf8)
        case .bootstrapSecrets(let path):
            let (bytes, mode) = try read(path: path, limit: BootstrapSecrets.maximumFileSize)
            if let warning = CredentialFile.permissionWarning(path: path, mode: mode) { warnings.append(warning) }
            let shownPath = EscapedText.escape(path)
            guard let secret = try BootstrapSecrets(parsing: bytes, source: shownPath).secret else {
                throw SecretError(.invalidBootstrapSecrets, "\(shownPath): no \(BootstrapSecrets.secretMember) member")
            }
            text = secret
        }
        if let object = jsonObject(in: text), BootstrapSecrets.isBootstrapSecrets(object) {
            throw SecretError(
                .wholeBootstrapSecretsFile,
                "the \(source.description) is a whole ECE bootstrap-secrets.json, not a bare secret"
            )
        }
        if let last = text.last, [0x20, 0x09, 0x0D, 0x0A].contains(last) {
            warnings.append(
                "the \(source.description) ends with whitespace (\(last == 0x0D ? "a carriage return" : last == 0x0A ? "a second newline" : "a space or tab")) "
                    + "that is kept as part of the key; ECE secrets never end with whitespace"
            )
        }
        if text.starts(with: SecretLoader.byteOrderMark) {
            warnings.append(
                "the \(source.description) starts with a UTF-8 byte order mark (EF BB BF, left by some editors) "
                    + "that is kept as part of the key; ECE secrets have none: save it without one"
            )
        }
        if let first = text.first, [0x20, 0x09, 0x0D, 0x0A].contains(first) {
            warnings.append("the \(source.description) starts with whitespace that is kept as part of the key")
        }
        do {
            let key = try SigningKey(secretText: text, encoding: encoding)
            return LoadedSecret(key: key, source: source, warnings: warnings)
        } catch {
            throw SecretError(error.code, "\(source.description): \(error.reason)")
        }
    }

    /// The JSON object `text` holds, after any leading whitespace and UTF-8 byte order mark, or `nil`.
    private static func jsonObject(in text: [UInt8]) -> JSONObject? {
        var body = text[...]
        if body.starts(with: byteOrderMark) { body = body.dropFirst(3) }
        while let first = body.first, [0x20, 0x09, 0x0A, 0x0D].contains(first) { body = body.dropFirst() }
        guard body.first == UInt8(ascii: "{") else { return nil }
        return try? StrictJSONParser(maximumDepth: 64, maximumBytes: BootstrapSecrets.maximumFileSize).parseObject(body)
    }

    private static func read(path: String, limit: Int) throws(SecretError) -> ([UInt8], UInt32?) {
        do {
            let source = path == "-" ? ByteSource(standardInputNamed: "stdin") : try ByteSource(path: path)
            return (try source.readAll(limit: limit), source.permissionBits)
        } catch {
            throw SecretError(.unreadable, "\(EscapedText.escape(error.source)): \(error.reason)")
        }
    }
}
