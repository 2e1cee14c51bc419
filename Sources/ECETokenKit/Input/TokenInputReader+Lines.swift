/// How ``TokenInputReader`` handles one line of a list: what the line holds and the items it yields. The
/// audit's block reading (``LineBlockAuditor``) handles lines through these too, so both read alike.
extension TokenInputReader {
    /// The items of one line whose content is `content`: none for a blank line or a comment, the token, or
    /// what a one-line JSON object holds. `raw` is the whole line, without its `\n`.
    package static func items(
        of content: LineContent,
        in raw: some Collection<UInt8>,
        source name: String,
        line number: Int
    ) -> [InputItem] {
        let bytes = Array(raw)
        let location = "\(name):\(number)"
        switch content {
        case .nothing:
            return []
        case .jsonObject(let range):
            return items(fromJSONLine: Array(bytes[range]), location: location, line: number)
        case .token(let range):
            return [.token(TokenInput(bytes: Array(bytes[range]), source: location, rawBytes: bytes, line: number))]
        }
    }

    /// What one line of input holds, as ranges of the line's bytes.
    package enum LineContent: Equatable {
        /// A blank line or a `#` comment.
        case nothing
        /// A JSON object on one line (an API reply), without surrounding whitespace.
        case jsonObject(Range<Int>)
        /// A token, without the whitespace around it (``TokenInput/tokenRange(in:)``).
        case token(Range<Int>)
    }

    /// Classifies one line (without its `\n`) as a list reader does.
    package static func lineContent(of raw: UnsafeRawBufferPointer) -> LineContent {
        let range = TokenInput.tokenRange(in: raw)
        let lower = range.lowerBound
        let upper = range.upperBound
        if lower == upper || raw[lower] == UInt8(ascii: "#") { return .nothing }
        if raw[lower] == UInt8(ascii: "{") { return .jsonObject(lower..<upper) }
        return .token(lower..<upper)
    }

    /// The problem reported for a line longer than ``LineReader/defaultMaximumLineLength``.
    package static func tooLongProblem(source name: String, line number: Int, length: Int) -> InputProblem {
        InputProblem(
            .undecodable,
            source: "\(name):\(number)",
            reason: "line is \(length) bytes, longer than the "
                + "\(LineReader.defaultMaximumLineLength)-byte limit; skipped to its end",
            line: number
        )
    }
}
