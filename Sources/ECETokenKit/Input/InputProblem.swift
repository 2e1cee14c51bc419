/// An input that yields no token: an unreadable file, a line that is too long, JSON that is not a
/// token container. Each is reported once, with where it is, and the run goes on.
package struct InputProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether the input could not be read at all or was read but is not usable.
    package enum Kind: Sendable, Equatable {
        /// Opening or reading failed (exit 66 in the tool).
        case unreadable
        /// Read, but not a token or a known token container (exit 3 in the tool).
        case undecodable
    }

    /// Which kind.
    package let kind: Kind
    /// Where: `tokens.txt:12`, `stdin`, `argument 2`.
    package let source: String
    /// One sentence: what is wrong.
    package let reason: String
    /// The line it is on, when it is one line of a file or stream.
    package let line: Int?

    /// Creates a problem.
    package init(_ kind: Kind, source: String, reason: String, line: Int? = nil) {
        self.kind = kind
        self.source = source
        self.reason = reason
        self.line = line
    }

    /// The outcome name reports and audit summaries give it: `unreadable`, or `malformed` as for a token
    /// that does not decode (``TokenReport/Outcome/name``).
    package var outcomeName: String {
        kind == .unreadable ? "unreadable" : TokenReport.Outcome.malformed.name
    }

    /// The error code reports give it, and the failure reason audit summaries count.
    package var errorCode: String {
        kind == .unreadable ? "unreadable" : "undecodable_input"
    }

    /// `source: reason`.
    package var description: String { "\(source): \(reason)" }
}

/// One thing found in an input: a token to check, or a problem to report.
package enum InputItem: Sendable, Equatable {
    /// A token, with where it came from.
    case token(TokenInput)
    /// Something that is not a token.
    case problem(InputProblem)
}
