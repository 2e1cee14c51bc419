#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the coordinator password comes from. Never the command line: argv is visible in `ps` and
/// shell history.
package enum PasswordSource: Sendable, Equatable, CustomStringConvertible {
    /// A file holding the password; `-` for standard input. Exactly one trailing `\n` is stripped.
    case file(path: String)
    /// An environment variable holding the password, used exactly as set.
    case environment(name: String)

    /// The largest password file accepted: a credential file's limit.
    package static let maximumFileSize = CredentialFile.maximumSize

    /// Where the password came from, for messages: `password file /run/secrets/ece`.
    package var description: String {
        switch self {
        case .file(let path): return path == "-" ? "password on stdin" : "password file \(EscapedText.escape(path))"
        case .environment(let name): return "environment variable \(EscapedText.escape(name))"
        }
    }

    /// A password read from its source, with warnings about the source; never the password in them.
    package struct Loaded: Sendable {
        /// The password's bytes.
        package let bytes: [UInt8]
        /// Warnings: a file readable by others, whitespace kept at the end.
        package let warnings: [String]
    }

    /// Why no password could be read.
    package struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Whether the file could not be read at all (as opposed to a refused value).
        package let isUnreadable: Bool
        /// One sentence naming the source; never the password.
        package let reason: String
        /// The reason.
        package var description: String { reason }
    }

    /// Reads the password.
    /// - Parameter environment: looks up environment variables (injectable for tests).
    /// - Throws: ``Problem`` for an unreadable file, an unset or empty variable, or an empty password.
    package func load(
        environment: (String) -> String? = { name in getenv(name).map { String(cString: $0) } }
    ) throws(Problem) -> Loaded {
        switch self {
        case .file(let path):
            return try CredentialReader.load(
                file: path,
                noun: "password",
                description: description
            )
        case .environment(let name):
            return try CredentialReader.load(
                value: environment(name),
                noun: "password",
                description: description
            )
        }
    }
}

/// Reads a credential (a password, an API key) from a file or an environment variable: one rule for both.
enum CredentialReader {
    /// Reads a credential file (`-` for stdin) of at most ``CredentialFile/maximumSize`` bytes, strips exactly one
    /// trailing `\n`, and warns when the file is readable by group or others.
    static func load(
        file path: String,
        noun: String,
        description: String
    ) throws(PasswordSource.Problem) -> PasswordSource.Loaded {
        var warnings: [String] = []
        var bytes: [UInt8]
        do {
            let mode: UInt32?
            (bytes, mode) = try CredentialFile.read(path)
            if let warning = CredentialFile.permissionWarning(path: path, mode: mode) { warnings.append(warning) }
        } catch {
            throw PasswordSource.Problem(
                isUnreadable: error.kind == .unreadable,
                reason: "the \(description): \(error.reason)"
            )
        }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return try checked(bytes, noun: noun, description: description, warnings: warnings)
    }

    /// Takes an environment variable's value exactly as set.
    static func load(
        value: String?,
        noun: String,
        description: String
    ) throws(PasswordSource.Problem) -> PasswordSource.Loaded {
        guard let value else {
            throw PasswordSource.Problem(isUnreadable: false, reason: "the \(description) is not set")
        }
        return try checked(Array(value.utf8), noun: noun, description: description, warnings: [])
    }

    private static func checked(
        _ bytes: [UInt8],
        noun: String,
        description: String,
        warnings: [String]
    ) throws(PasswordSource.Problem) -> PasswordSource.Loaded {
        var warnings = warnings
        if bytes.isEmpty {
            throw PasswordSource.Problem(isUnreadable: false, reason: "the \(description) holds an empty \(noun)")
        }
        if let last = bytes.last, [0x20, 0x09, 0x0D, 0x0A].contains(last) {
            warnings.append(
                "the \(description) ends with whitespace that is sent as part of the \(noun) "
                    + "(only one trailing newline is stripped from a file)"
            )
        }
        return PasswordSource.Loaded(bytes: bytes, warnings: warnings)
    }
}
