import ECETokenKit
import Foundation
import Testing

/// A private temporary directory for one test. Inputs are written into it and read back through
/// ``ByteSource/init(path:)``; the directory is removed when the value goes away.
final class InputScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ECETokenKitTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path a file called `name` has (or would have) in the directory.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Writes `bytes` to `name` with the given permission bits and returns its path.
    @discardableResult
    func write(_ bytes: [UInt8], name: String = "input.txt", permissions: Int = 0o600) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        return path
    }

    /// Writes the UTF-8 bytes of `text` to `name` and returns its path.
    @discardableResult
    func write(_ text: String, name: String = "input.txt", permissions: Int = 0o600) throws -> String {
        try write(Array(text.utf8), name: name, permissions: permissions)
    }

    /// The package root, three levels above this file (`Tests/ECETokenKitTests/LineReaderTests.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The absolute path of a file under `Fixtures/`.
    static func fixture(_ relativePath: String) -> String {
        packageRoot.appendingPathComponent("Fixtures").appendingPathComponent(relativePath).path
    }
}

/// A small LineReader input and the lines it must give.
struct LineSplitCase: Sendable, CustomTestStringConvertible {
    let label: String
    let input: [UInt8]
    let expected: [LineReader.Line]

    init(_ label: String, _ input: String, _ expected: [LineReader.Line]) {
        self.label = label
        self.input = Array(input.utf8)
        self.expected = expected
    }

    var testDescription: String { label }
}

@Suite("LineReader: lines in constant memory, over a 1 MiB read buffer")
struct LineReaderTests {
    static let maximum = LineReader.defaultMaximumLineLength

    /// Every line of `bytes`, written to a file and read through a ``LineReader``.
    static func lines(_ bytes: [UInt8], maximumLineLength: Int? = nil) throws -> [LineReader.Line] {
        let scratch = try InputScratchDirectory()
        let source = try ByteSource(path: try scratch.write(bytes))
        let reader =
            if let maximumLineLength { LineReader(source, maximumLineLength: maximumLineLength) } else {
                LineReader(source)
            }
        var result: [LineReader.Line] = []
        while let line = try reader.next() { result.append(line) }
        // Past the end it stays at the end.
        #expect(try reader.next() == nil)
        return result
    }

    static func text(_ number: Int, _ text: String) -> LineReader.Line {
        .text(number: number, bytes: Array(text.utf8))
    }

    /// What a LineReader must give for `bytes`: a plain split on `\n`, with no empty line after a final `\n`.
    static func reference(_ bytes: [UInt8], maximumLineLength: Int) -> [LineReader.Line] {
        var pieces = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if bytes.last == UInt8(ascii: "\n") || bytes.isEmpty { pieces.removeLast() }
        return pieces.enumerated().map { index, piece in
            piece.count > maximumLineLength
                ? .tooLong(number: index + 1, length: piece.count) : .text(number: index + 1, bytes: Array(piece))
        }
    }

    @Test(
        "Small inputs split into numbered lines; a trailing \\r is kept for the caller",
        arguments: [
            LineSplitCase("empty input: no lines", "", []),
            LineSplitCase("one line without a trailing newline", "abc", [text(1, "abc")]),
            LineSplitCase("one line with a trailing newline", "abc\n", [text(1, "abc")]),
            LineSplitCase("\\n endings", "one\ntwo\nthree\n", [text(1, "one"), text(2, "two"), text(3, "three")]),
            LineSplitCase("\\r\\n endings keep the \\r", "one\r\ntwo\r\n", [text(1, "one\r"), text(2, "two\r")]),
            LineSplitCase(
                "mixed endings, last line unterminated",
                "a\r\nb\nc\r",
                [text(1, "a\r"), text(2, "b"), text(3, "c\r")]
            ),
            LineSplitCase("a lone newline is one empty line", "\n", [text(1, "")]),
            LineSplitCase(
                "blank lines are lines, and count",
                "\n\nx\n\n\ny",
                [text(1, ""), text(2, ""), text(3, "x"), text(4, ""), text(5, ""), text(6, "y")]
            ),
            LineSplitCase("a blank CRLF line is a lone \\r", "\r\n\r\n", [text(1, "\r"), text(2, "\r")]),
            LineSplitCase("spaces are not trimmed", "  a b \t\n", [text(1, "  a b \t")]),
        ]
    )
    func smallInputs(splitCase: LineSplitCase) throws {
        #expect(try Self.lines(splitCase.input) == splitCase.expected)
    }

    @Test("NUL bytes inside a line are kept")
    func nulBytes() throws {
        let input: [UInt8] = [0x61, 0x00, 0x62, 0x00, 0x0A, 0x00, 0x0A, 0x00, 0x00]
        #expect(
            try Self.lines(input) == [
                .text(number: 1, bytes: [0x61, 0x00, 0x62, 0x00]), .text(number: 2, bytes: [0x00]),
                .text(number: 3, bytes: [0x00, 0x00]),
            ]
        )
    }

    @Test("Many 1000-byte lines (more than 200 KiB) straddle the read buffer and all come back intact, in order")
    func linesStraddleTheBuffer() throws {
        let count = 256
        var input: [UInt8] = []
        var expected: [LineReader.Line] = []
        for index in 0..<count {
            // Each line is distinct: its number, then a filler that depends on it.
            let prefix = Array(String(format: "%05d:", index).utf8)
            let filler = (0..<(1000 - prefix.count)).map { UInt8(ascii: "a") + UInt8((index + $0) % 26) }
            let line = prefix + filler
            #expect(line.count == 1000)
            input += line + [UInt8(ascii: "\n")]
            expected.append(.text(number: index + 1, bytes: line))
        }
        #expect(input.count > 200 * 1024)
        let lines = try Self.lines(input)
        #expect(lines.count == count)
        #expect(lines == expected)
    }

    @Test("CRLF lines straddling the buffer keep their \\r, even when \\r and \\n are on either side of 64 KiB")
    func crlfAcrossTheBoundary() throws {
        // The first read fills 65 537 bytes: the \r is byte 65 535, the \n byte 65 536.
        let first = [UInt8](repeating: UInt8(ascii: "q"), count: 65_535)
        let input = first + Array("\r\nnext\r\nlast".utf8)
        let lines = try Self.lines(input)
        #expect(lines == [.text(number: 1, bytes: first + [0x0D]), Self.text(2, "next\r"), Self.text(3, "last")])
    }

    @Test("The \\r of a CRLF line counts toward the maximum: max-1 bytes + \\r is kept, max bytes + \\r is too long")
    func carriageReturnCounts() throws {
        let short = [UInt8](repeating: UInt8(ascii: "m"), count: Self.maximum - 1)
        let full = [UInt8](repeating: UInt8(ascii: "m"), count: Self.maximum)
        let input = short + Array("\r\n".utf8) + full + Array("\r\nafter\r\n".utf8)
        #expect(
            try Self.lines(input) == [
                .text(number: 1, bytes: short + [0x0D]), .tooLong(number: 2, length: Self.maximum + 1),
                Self.text(3, "after\r"),
            ]
        )
    }

    @Test("A line of exactly maximumLineLength bytes is kept")
    func exactlyMaximumKept() throws {
        let line = [UInt8](repeating: UInt8(ascii: "k"), count: Self.maximum)
        #expect(
            try Self.lines(line + [0x0A] + Array("next\n".utf8)) == [
                .text(number: 1, bytes: line), Self.text(2, "next"),
            ]
        )
        #expect(try Self.lines(line) == [.text(number: 1, bytes: line)])
    }

    @Test("A line one byte over the maximum is too long, and the next line is still read", arguments: [false, true])
    func oneOverTheMaximum(atEnd: Bool) throws {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: Self.maximum + 1)
        let input = Array("before\n".utf8) + line + (atEnd ? [] : Array("\nafter\nend".utf8))
        let expected: [LineReader.Line] =
            [Self.text(1, "before"), .tooLong(number: 2, length: Self.maximum + 1)]
            + (atEnd ? [] : [Self.text(3, "after"), Self.text(4, "end")])
        #expect(try Self.lines(input) == expected)
    }

    @Test("A 10 MB line is skipped, reported with its length, and the following line is read")
    func tenMegabyteLine() throws {
        let scratch = try InputScratchDirectory()
        var data = Data(repeating: UInt8(ascii: "z"), count: 10_000_000)
        data.append(contentsOf: Array("\nnormal line\n".utf8))
        let path = scratch.path("huge.txt")
        try data.write(to: URL(fileURLWithPath: path))
        let reader = LineReader(try ByteSource(path: path))
        #expect(try reader.next() == .tooLong(number: 1, length: 10_000_000))
        #expect(try reader.next() == Self.text(2, "normal line"))
        #expect(try reader.next() == nil)
    }

    @Test("A custom small maximum: lines over it are too long, lines at it are kept")
    func customMaximum() throws {
        let input =
            "12345678\n123456789\nok\n\n" + String(repeating: "0123456789abcdef", count: 5_000)
            + "\n1234567\r\ntail-long"
        let lines = try Self.lines(Array(input.utf8), maximumLineLength: 8)
        #expect(
            lines == [
                Self.text(1, "12345678"), .tooLong(number: 2, length: 9), Self.text(3, "ok"), Self.text(4, ""),
                .tooLong(number: 5, length: 80_000), Self.text(6, "1234567\r"), .tooLong(number: 7, length: 9),
            ]
        )
    }

    @Test("A maximum of zero keeps only empty lines")
    func zeroMaximum() throws {
        #expect(
            try Self.lines(Array("\na\n\n".utf8), maximumLineLength: 0) == [
                Self.text(1, ""), .tooLong(number: 2, length: 1), Self.text(3, ""),
            ]
        )
    }

    @Test(
        "Random line lengths around the limit and the buffer give the same lines as a plain split",
        arguments: [(seed: UInt64(1), maximum: 100), (2, 4_096), (3, 65_536), (4, 70_000)]
    )
    func randomLines(seed: UInt64, maximum: Int) throws {
        var random = SplitMix64(seed: seed)
        var input: [UInt8] = []
        while input.count < 400_000 {
            // Mostly short lines, some near the limit, a few well past it.
            let roll = random.next() % 10
            let length: Int =
                switch roll {
                case 0..<6: Int(random.next() % 200)
                case 6..<9: maximum - 2 + Int(random.next() % 5)
                default: maximum + Int(random.next() % 150_000)
                }
            let byte = UInt8(ascii: "A") + UInt8(random.next() % 26)
            input += [UInt8](repeating: byte, count: max(0, length))
            if random.next() % 4 == 0 { input.append(0x0D) }
            input.append(0x0A)
        }
        if random.next() % 2 == 0 { input += Array("unterminated".utf8) }
        let lines = try Self.lines(input, maximumLineLength: maximum)
        let expected = Self.reference(input, maximumLineLength: maximum)
        #expect(lines.count == expected.count)
        #expect(lines == expected)
    }

    /// The lines ``LineReader/nextBlock()`` gives, split the way the audit's block auditor splits them, in
    /// the same form as ``LineReader/next()``'s.
    static func blockLines(_ bytes: [UInt8], maximumLineLength: Int) throws -> [LineReader.Line] {
        let scratch = try InputScratchDirectory()
        let reader = LineReader(try ByteSource(path: try scratch.write(bytes)), maximumLineLength: maximumLineLength)
        var result: [LineReader.Line] = []
        while let item = try reader.nextBlock() {
            switch item {
            case .tooLong(let number, let length):
                result.append(.tooLong(number: number, length: length))
            case .lines(let block):
                var pieces = Array(block.bytes).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                if block.bytes.last == UInt8(ascii: "\n") { pieces.removeLast() }
                for (offset, piece) in pieces.enumerated() {
                    let number = block.firstLineNumber + offset
                    result.append(
                        piece.count > maximumLineLength
                            ? .tooLong(number: number, length: piece.count) : .text(number: number, bytes: Array(piece))
                    )
                }
            }
        }
        #expect(try reader.nextBlock() == nil)
        return result
    }

    @Test("Blocks hold the same lines as line-by-line reading, over block boundaries and long lines")
    func blocksMatchLines() throws {
        var generator = SplitMix64(seed: 7)
        for round in 0..<12 {
            var bytes: [UInt8] = []
            // Past the 1 MiB buffer, with lines up to a few times the small maximum and some far beyond it.
            while bytes.count < 2_500_000 {
                let length =
                    round % 3 == 0 && Int.random(in: 0..<200, using: &generator) == 0
                    ? Int.random(in: 100_000...1_500_000, using: &generator)
                    : Int.random(in: 0...400, using: &generator)
                bytes += [UInt8](repeating: UInt8(ascii: "a") + UInt8(length % 26), count: length)
                bytes.append(UInt8(ascii: "\n"))
            }
            if round % 2 == 1 { bytes.removeLast() }
            let maximum = round % 4 == 0 ? 300 : Self.maximum
            #expect(
                try Self.blockLines(bytes, maximumLineLength: maximum) == Self.lines(bytes, maximumLineLength: maximum)
            )
        }
    }
}
