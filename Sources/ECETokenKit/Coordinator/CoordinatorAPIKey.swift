#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An ECE API key, sent as `Authorization: ApiKey KEY`: what automation uses instead of the admin
/// password. Its bytes are never part of any description, message or error.
public struct CoordinatorAPIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key's bytes, exactly as read.
    public let bytes: [UInt8]

    /// Creates a key.
    /// - Throws: ``CoordinatorCredentials/Problem`` for an empty key, or one holding a space, a control or a
    ///   non-ASCII byte (an HTTP header cannot carry them, and ECE's keys are base64).
    public init(bytes: [UInt8]) throws(CoordinatorCredentials.Problem) {
        if bytes.isEmpty { throw CoordinatorCredentials.Problem(reason: "the API key is empty") }
        if bytes.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            throw CoordinatorCredentials.Problem(
                reason: "the API key holds a space, a control or a non-ASCII character, which an HTTP header "
                    + "cannot carry (ECE's API keys are base64)"
            )
        }
        self.bytes = bytes
    }

    /// `API key (not shown)`.
    public var description: String { "API key (not shown)" }

    /// Same as ``description``: the key is never shown.
    public var debugDescription: String { description }
}

/// Where the coordinator API key comes from. Never the command line: argv is visible in `ps` and shell
/// history.
package enum APIKeySource: Sendable, Equatable, CustomStringConvertible {
    /// A file holding the key; `-` for standard input. Exactly one trailing `\n` is stripped.
    case file(path: String)
    /// An environment variable holding the key, used exactly as set.
    case environment(name: String)

    /// The variable read when no other credential is given.
    package static let defaultEnvironmentVariable = "ECE_API_KEY"

    /// Where the key came from, for messages: `API key file /run/secrets/key`.
    package var description: String {
        switch self {
        case .file(let path): return path == "-" ? "API key on stdin" : "API key file \(EscapedText.escape(path))"
        case .environment(let name): return "environment variable \(EscapedText.escape(name))"
        }
    }

    /// Reads the key, with the same rules as a password: see ``PasswordSource/load(environment:)``.
    /// - Throws: ``PasswordSource/Problem`` for an unreadable file, an unset variable, or an empty key.
    package func load(
        environment: (String) -> String? = { name in getenv(name).map { String(cString: $0) } }
    ) throws(PasswordSource.Problem) -> PasswordSource.Loaded {
        switch self {
        case .file(let path):
            return try CredentialReader.load(
                file: path,
                noun: "API key",
                description: description
            )
        case .environment(let name):
            return try CredentialReader.load(
                value: environment(name),
                noun: "API key",
                description: description
            )
        }
    }
}
