/// One token to check, with where it came from.
package struct TokenInput: Sendable, Equatable {
    /// The token's bytes, without surrounding whitespace.
    package let bytes: [UInt8]
    /// Where it came from: `argument 1`, `stdin:3`, `tokens.txt:12`; `token` when not given.
    package let source: String
    /// The `token_id` of the enrollment-tokens API reply the token came in, if it came in one.
    package let apiTokenID: String?
    /// The text as found, before surrounding spaces, tabs and a line's `\r` were trimmed: what an
    /// operator would paste into `--roles-token "$(cat file)"`.
    package let rawBytes: [UInt8]
    /// The line it was on, when it came from a line of a file or stream.
    package let line: Int?

    /// Creates an input.
    /// - Parameters:
    ///   - source: where it came from, named in reports and their rendering.
    ///   - rawBytes: the untrimmed text, when it differs from `bytes`.
    package init(
        bytes: [UInt8],
        source: String = "token",
        apiTokenID: String? = nil,
        rawBytes: [UInt8]? = nil,
        line: Int? = nil
    ) {
        self.bytes = bytes
        self.source = source
        self.apiTokenID = apiTokenID
        self.rawBytes = rawBytes ?? bytes
        self.line = line
    }

    /// The token inside `raw`: without the spaces, tabs, carriage returns and line feeds around it.
    ///
    /// One rule for every input form (a `TOKEN` argument, a line of a file or of standard input):
    /// whitespace around a token is not part of it, and is trimmed; whitespace inside one is an error.
    public static func tokenRange(in raw: UnsafeRawBufferPointer) -> Range<Int> {
        var lower = 0
        var upper = raw.count
        while lower < upper, isSurroundingWhitespace(raw[lower]) { lower += 1 }
        while upper > lower, isSurroundingWhitespace(raw[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    @inline(__always)
    private static func isSurroundingWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}
