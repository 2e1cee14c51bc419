#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a `TOKEN` command-line argument names: the token itself, standard input, a file, or neither.
package enum TokenArgument: Sendable, Equatable {
    /// `-`: read standard input.
    case standardInput
    /// A path to read tokens from.
    case file(path: String)
    /// The token text itself.
    case literal(String)
    /// Neither an existing file nor shaped like a token (an empty string, JSON, a pasted secret): a
    /// malformed input, reported by ``unrecognizedProblem(_:index:)`` without echoing it whole.
    case unrecognized(String)

    /// Decides what `argument` names.
    ///
    /// `-` is standard input. An existing path is a file. Text that starts like a JWT header (`eyJ`, after
    /// the whitespace ``TokenInput/tokenRange(in:)`` trims) is a token, even with a `/` in it (a token
    /// pasted in standard base64 gets a token error). Other text with two or more dots and no `/` is a
    /// token too. A path in a directory that exists is a file, so a mistyped name gets "cannot open" with
    /// its path. Anything else (an empty string, JSON text, words, a pasted secret) is neither.
    package init(_ argument: String, fileExists: (String) -> Bool = TokenArgument.fileExists) {
        if argument == "-" {
            self = .standardInput
        } else if fileExists(argument) {
            self = .file(path: argument)
        } else if Self.isTokenShaped(Array(argument.utf8)) {
            self = .literal(argument)
        } else if let slash = argument.lastIndex(of: "/"),
            fileExists(slash == argument.startIndex ? "/" : String(argument[..<slash]))
        {
            self = .file(path: argument)
        } else {
            self = .unrecognized(argument)
        }
    }

    private static func isTokenShaped(_ bytes: [UInt8]) -> Bool {
        let token = bytes.withUnsafeBytes { bytes[TokenInput.tokenRange(in: $0)] }
        if token.starts(with: "eyJ".utf8) { return true }
        return !token.contains(UInt8(ascii: "/")) && token.filter { $0 == UInt8(ascii: ".") }.count >= 2
    }

    /// Whether a path exists. The corresponding C function is `access`.
    package static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The input a literal token argument makes, as argument number `index + 1`: the token without
    /// surrounding whitespace (the rule of ``TokenInput/tokenRange(in:)``, the same as for lines).
    public static func input(_ text: String, index: Int) -> TokenInput {
        let raw = Array(text.utf8)
        let token = raw.withUnsafeBytes { raw[TokenInput.tokenRange(in: $0)] }
        return TokenInput(bytes: Array(token), source: "argument \(index + 1)", rawBytes: raw)
    }

    /// The most characters of an unrecognized argument shown in its problem: enough to tell which
    /// argument it was, too few to copy a secret pasted by mistake into a log.
    public static let shownCharacters = 8

    /// The problem an ``unrecognized(_:)`` argument number `index + 1` is reported as: malformed, naming
    /// both readings, showing at most ``shownCharacters`` characters of it (escaped) and its length.
    public static func unrecognizedProblem(_ text: String, index: Int) -> InputProblem {
        let count = text.unicodeScalars.count
        let shown =
            count == 0 ? "\"\" (empty)" : "\(EscapedText.quoted(text, limit: shownCharacters)) (\(count) characters)"
        return InputProblem(
            .undecodable,
            source: "argument \(index + 1)",
            reason: "not a file, and not a token: \(shown)"
        )
    }
}
