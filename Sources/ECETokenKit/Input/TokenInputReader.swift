/// Finds the tokens in a file or stream, whatever shape it has:
/// - one token per line (blank lines and `#` comments skipped, CRLF accepted);
/// - enrollment-tokens API replies `{"token": …, "token_id": …}`, one per line or one whole document;
/// - an ECE `bootstrap-secrets.json` (its three install-time tokens; nothing else is read from it).
///
/// Every line yields a token or a problem, in input order; nothing is skipped silently.
package struct TokenInputReader {
    /// The largest multi-line JSON document accepted.
    package static let maximumDocumentSize = BootstrapSecrets.maximumFileSize

    private let source: ByteSource

    /// Reads from `source`.
    package init(_ source: ByteSource) {
        self.source = source
    }

    /// Calls `body` with each item in input order.
    package func forEachItem(_ body: (InputItem) -> Void) {
        read(lineBlocks: nil, body)
    }

    /// Calls `body` with each item in input order, except that after the first line, runs of whole lines
    /// go to `lineBlocks` instead (borrowed, no copy) when it is given.
    ///
    /// `lineBlocks` must handle each line as this reader would (see ``lineContent(of:)`` and
    /// ``tooLongProblem(source:line:length:)``) and return whether any line had content; items it
    /// produces must be emitted before it returns, to keep input order.
    package func forEachItem(lineBlocks: (LineReader.Block) -> Bool, _ body: (InputItem) -> Void) {
        withoutActuallyEscaping(lineBlocks) { read(lineBlocks: $0, body) }
    }

    private func read(lineBlocks: ((LineReader.Block) -> Bool)?, _ body: (InputItem) -> Void) {
        let lines = LineReader(source)
        var sawContent = false
        do {
            while !sawContent || lineBlocks == nil, let line = try lines.next() {
                if !sawContent, case .text(let number, let raw) = line, Self.startsMultiLineDocument(raw) {
                    // The first thing in the input is a JSON object spread over several lines.
                    readDocument(firstLine: (number, raw), lines: lines, body)
                    return
                }
                if handle(line, body) { sawContent = true }
            }
            if let lineBlocks {
                while let item = try lines.nextBlock() {
                    switch item {
                    case .lines(let block):
                        if lineBlocks(block) { sawContent = true }
                    case .tooLong(let number, let length):
                        body(.problem(Self.tooLongProblem(source: source.name, line: number, length: length)))
                        sawContent = true
                    }
                }
            }
            if !sawContent {
                body(.problem(InputProblem(.undecodable, source: source.name, reason: "no token found (empty input)")))
            }
        } catch {
            body(.problem(error))
        }
    }

    /// Collects every item into an array.
    package func items() -> [InputItem] {
        var result: [InputItem] = []
        forEachItem { result.append($0) }
        return result
    }

    /// Handles one line as a token, a one-line JSON object, a comment or a problem.
    /// - Returns: whether the line had content (not blank, not a comment).
    @discardableResult
    private func handle(_ line: LineReader.Line, _ body: (InputItem) -> Void) -> Bool {
        switch line {
        case .tooLong(let number, let length):
            body(.problem(Self.tooLongProblem(source: source.name, line: number, length: length)))
            return true
        case .text(let number, let raw):
            let content = raw.withUnsafeBytes { Self.lineContent(of: $0) }
            Self.items(of: content, in: raw, source: source.name, line: number).forEach(body)
            return content != .nothing
        }
    }

    /// Whether a first line opens a JSON object that does not close on the same line.
    private static func startsMultiLineDocument(_ raw: [UInt8]) -> Bool {
        guard case .jsonObject(let range) = raw.withUnsafeBytes(lineContent) else { return false }
        return (try? StrictJSONParser().parseObject(raw[range])) == nil
    }

    /// Whether a line reads as a list entry on its own: a bare token or a complete one-line object.
    private static func isListEntry(_ raw: [UInt8]) -> Bool {
        switch raw.withUnsafeBytes(lineContent) {
        case .nothing: return false
        case .token(let range): return raw[range].starts(with: "eyJ".utf8)
        case .jsonObject(let range): return (try? StrictJSONParser().parseObject(raw[range])) != nil
        }
    }

    /// Reads the rest of the input as one JSON document. When it is not a document of tokens but its
    /// other lines read as a list (bare tokens or one-line objects), the input was a list with a broken
    /// first entry: every line is then handled on its own, so no token behind the broken line is lost.
    ///
    /// The lines read ahead are kept as one byte array and their ends (``BufferedLines``), not as an array
    /// each: a document of a million short lines would otherwise take more memory than its size says.
    private func readDocument(firstLine: (Int, [UInt8]), lines: LineReader, _ body: (InputItem) -> Void) {
        var buffered = BufferedLines(firstLineNumber: firstLine.0)
        buffered.append(.text(number: firstLine.0, bytes: firstLine.1))
        var overflowed = false
        do {
            while let line = try lines.next() {
                buffered.append(line)
                if buffered.size > Self.maximumDocumentSize {
                    overflowed = true
                    break
                }
            }
        } catch {
            buffered.forEachLine { handle($0, body) }
            body(.problem(error))
            return
        }
        let tooLongLine = buffered.firstTooLong
        if !overflowed && tooLongLine == nil {
            let items = Self.items(fromDocument: buffered.document, name: source.name)
            if items.contains(where: { if case .token = $0 { return true } else { return false } }) {
                items.forEach(body)
                return
            }
            if !looksLikeList(buffered) {
                items.forEach(body)
                return
            }
        } else if !looksLikeList(buffered) {
            if let number = tooLongLine {
                body(
                    .problem(
                        InputProblem(
                            .undecodable,
                            source: "\(source.name):\(number)",
                            reason: "a JSON document line is longer than the limit",
                            line: number
                        )
                    )
                )
            } else {
                body(
                    .problem(
                        InputProblem(
                            .undecodable,
                            source: source.name,
                            reason: "JSON document larger than \(Self.maximumDocumentSize) bytes"
                        )
                    )
                )
            }
            return
        }
        // A list after all: every buffered line on its own, then the rest of the input line by line.
        buffered.forEachLine { handle($0, body) }
        do {
            while let line = try lines.next() { handle(line, body) }
        } catch {
            body(.problem(error))
        }
    }

    /// Whether any line after the first reads as a list entry.
    private func looksLikeList(_ buffered: BufferedLines) -> Bool {
        var found = false
        buffered.forEachLine { line in
            guard !found, case .text(let number, let bytes) = line, number != buffered.firstLineNumber else { return }
            found = Self.isListEntry(bytes)
        }
        return found
    }

    /// Consecutive lines read ahead: their text joined by newlines (the document as read), each line's
    /// end in it, and the lines too long to keep.
    private struct BufferedLines {
        let firstLineNumber: Int
        /// The text lines, each followed by `\n`.
        private(set) var document: [UInt8] = []
        /// For each line, the end of its text in ``document``, or -1 for a line too long to keep.
        private var ends: [Int32] = []
        private var tooLong: [Int: Int] = [:]
        /// The bytes the lines take in the input.
        private(set) var size = 0

        init(firstLineNumber: Int) {
            self.firstLineNumber = firstLineNumber
        }

        mutating func append(_ line: LineReader.Line) {
            switch line {
            case .text(_, let bytes):
                document += bytes
                ends.append(Int32(document.count))
                document.append(UInt8(ascii: "\n"))
                size += bytes.count + 1
            case .tooLong(_, let length):
                tooLong[ends.count] = length
                ends.append(-1)
            }
        }

        /// The number of the first line too long to keep, if any.
        var firstTooLong: Int? { ends.firstIndex(of: -1).map { firstLineNumber + $0 } }

        /// Calls `body` with each line, in order, as ``LineReader`` gave it.
        func forEachLine(_ body: (LineReader.Line) -> Void) {
            var start = 0
            for (index, end) in ends.enumerated() {
                let number = firstLineNumber + index
                guard end >= 0 else {
                    body(.tooLong(number: number, length: tooLong[index] ?? 0))
                    continue
                }
                body(.text(number: number, bytes: Array(document[start..<Int(end)])))
                start = Int(end) + 1
            }
        }
    }
}
