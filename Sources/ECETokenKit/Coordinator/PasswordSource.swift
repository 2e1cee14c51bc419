#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the coordinator password comes from. Never the command line: argv is visible in `ps` and
/// shell history.
public enum PasswordSource: Sendable, Equatable, CustomStringConvertible {
    /// A file holding the password; `-` for standard input. Exactly one trailing `\n` is stripped.
    case file(path: String)
    /// An environment variable holding the password, used exactly as set.
    case environment(name: String)

    /// The largest password file accepted: a credential file's limit.
    public static let maximumFileSize = CredentialFile.maximumSize

    /// Where the password came from, for messages: `password file /run/secrets/ece`.
    public var description: String {
        switch self {
        case .file(let path): return path == "-" ? "password on stdin" : "password file \(EscapedText.escape(path))"
        case .environment(let name): return "environment variable \(EscapedText.escape(name))"
        }
    }

    /// A password read from its source, with warnings about the source; never the password in them.
    public struct Loaded: Sendable {
        /// The password's bytes.
        public let bytes: [UInt8]
        /// Warnings: a file readable by others, whitespace kept at the end.
        public let warnings: [String]
    }

    /// Why no password could be read.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Whether the file could not be read at all (as opposed to a refused value).
        public let isUnreadable: Bool
        /// One sentence naming the source; never the password.
        public let reason: String
        /// The reason.
        public var description: String { reason }
    }

    /// Reads the password.
    /// - Parameter environment: looks up environment variables (injectable for tests).
    /// - Throws: ``Problem`` for an unreadable file, an unset or empty variable, or an empty password.
    public func load(
        environment: (String) -> String? = { name in getenv(name).map { String(cString: $0) } }
    ) throws(Problem) -> Loaded {
        var warnings: [String] = []
        var bytes: [UInt8]
        switch self {
        case .file(let path):
            do {
                let mode: UInt32?
                (bytes, mode) = try CredentialFile.read(path)
                if let mode, mode & 0o044 != 0 {
                    let shown = EscapedText.escape(path)
                    warnings.append(
                        "\(shown) is readable by group or others (mode 0\(String(mode, radix: 8))); run chmod 600 \(shown)"
                    )
                }
            } catch {
                throw Problem(
                    isUnreadable: error.kind == .unreadable,
                    reason: "--password-file \(EscapedText.escape(error.source)): \(error.reason)"
                )
            }
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        case .environment(let name):
            guard let value = environment(name) else {
                throw Problem(isUnreadable: false, reason: "--password-env: \(description) is not set")
            }
            bytes = Array(value.utf8)
        }
        if bytes.isEmpty { throw Problem(isUnreadable: false, reason: "the \(description) holds an empty password") }
        if let last = bytes.last, [0x20, 0x09, 0x0D, 0x0A].contains(last) {
            warnings.append(
                "the \(description) ends with whitespace that is sent as part of the password "
                    + "(only one trailing newline is stripped from a file)"
            )
        }
        return Loaded(bytes: bytes, warnings: warnings)
    }
}
