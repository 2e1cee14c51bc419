/// Splits a ``ByteSource`` into lines in constant memory: a line longer than the limit is skipped to its
/// end without being stored, and reported as too long.
public final class LineReader {
    /// One line of input.
    public enum Line: Sendable, Equatable {
        /// A line's bytes, without its `\n`; a trailing `\r` is kept for the caller to judge.
        case text(number: Int, bytes: [UInt8])
        /// A line longer than the limit, with its length in bytes.
        case tooLong(number: Int, length: Int)
    }

    /// The longest line kept, in bytes.
    public static let defaultMaximumLineLength = 65_536

    private let source: ByteSource
    private let maximumLineLength: Int
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var finished = false
    private var lineNumber = 0

    /// Reads lines from `source`.
    public init(_ source: ByteSource, maximumLineLength: Int = defaultMaximumLineLength) {
        self.source = source
        self.maximumLineLength = maximumLineLength
        buffer = [UInt8](repeating: 0, count: max(65_536, maximumLineLength + 1))
    }

    /// The next line, or `nil` at the end of input.
    /// - Throws: ``InputProblem`` when reading fails.
    public func next() throws(InputProblem) -> Line? {
        var overflowLength = 0
        while true {
            if let newline = buffer[start..<end].firstIndex(of: UInt8(ascii: "\n")) {
                lineNumber += 1
                defer { start = newline + 1 }
                if overflowLength > 0 {
                    return .tooLong(number: lineNumber, length: overflowLength + newline - start)
                }
                return makeLine(buffer[start..<newline])
            }
            if finished {
                guard start < end || overflowLength > 0 else { return nil }
                lineNumber += 1
                defer { start = end }
                if overflowLength > 0 { return .tooLong(number: lineNumber, length: overflowLength + end - start) }
                return makeLine(buffer[start..<end])
            }
            if end - start > maximumLineLength {
                overflowLength += end - start
                start = end
            }
            if start > 0 {
                buffer.withUnsafeMutableBufferPointer { pointer in
                    guard let base = pointer.baseAddress else { return }
                    (base).update(from: base + start, count: end - start)
                }
                end -= start
                start = 0
            }
            let count = try readMore()
            if count == 0 { finished = true } else { end += count }
        }
    }

    private func readMore() throws(InputProblem) -> Int {
        let capacity = buffer.count - end
        do {
            return try buffer.withUnsafeMutableBytes { raw in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[end..<(end + capacity)]))
            }
        } catch let problem as InputProblem {
            throw problem
        } catch {
            throw InputProblem(.unreadable, source: source.name, reason: "cannot read: \(error)")
        }
    }

    private func makeLine(_ bytes: ArraySlice<UInt8>) -> Line {
        let line = bytes
        if line.count > maximumLineLength { return .tooLong(number: lineNumber, length: line.count) }
        return .text(number: lineNumber, bytes: Array(line))
    }
}
