#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a `TOKEN` command-line argument names: the token itself, standard input, or a file.
package enum TokenArgument: Sendable, Equatable {
    /// `-`: read standard input.
    case standardInput
    /// A path to read tokens from.
    case file(path: String)
    /// The token text itself.
    case literal(String)

    /// Decides what `argument` names.
    ///
    /// `-` is standard input. An existing path is a file. Text that starts like a JWT header (`eyJ`) is a
    /// token, even with a `/` in it (a token pasted in standard base64 gets a token error, not "no such
    /// file"). Other text with a `/` is a file; other text with two or more dots is a token. Anything
    /// else is taken as a file name, so a mistyped path gets "no such file" rather than a token error.
    package init(_ argument: String, fileExists: (String) -> Bool = TokenArgument.fileExists) {
        if argument == "-" {
            self = .standardInput
        } else if fileExists(argument) {
            self = .file(path: argument)
        } else if argument.hasPrefix("eyJ") {
            self = .literal(argument)
        } else if argument.utf8.contains(UInt8(ascii: "/")) {
            self = .file(path: argument)
        } else if argument.utf8.filter({ $0 == UInt8(ascii: ".") }).count >= 2 {
            self = .literal(argument)
        } else {
            self = .file(path: argument)
        }
    }

    /// Whether a path exists. The corresponding C function is `access`.
    package static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
