#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a ``ByteSource`` into lines in constant memory: a line longer than the limit is skipped to its
/// end without being stored, and reported as too long.
///
/// Lines come one at a time (``next()``, a copy of each line) or as blocks of many whole lines borrowed
/// from the reader's buffer (``nextBlock()``, no copy), the form the audit's parallel workers take.
package final class LineReader {
    /// One line of input.
    package enum Line: Sendable, Equatable {
        /// A line's bytes, without its `\n`; a trailing `\r` is kept for the caller to judge.
        case text(number: Int, bytes: [UInt8])
        /// A line longer than the limit, with its length in bytes.
        case tooLong(number: Int, length: Int)
    }

    /// Whole lines borrowed from the reader's buffer: valid until the reader's next call.
    package struct Block {
        /// The lines' bytes: each line ends in `\n`, except the input's last line when it has none.
        /// A line inside may be longer than the limit; the caller reports it as too long.
        package let bytes: UnsafeRawBufferPointer
        /// The number of the block's first line.
        package let firstLineNumber: Int
    }

    /// What ``nextBlock()`` yields.
    package enum BlockItem {
        /// Whole lines.
        case lines(Block)
        /// A line longer than the limit that did not fit the buffer, skipped to its end.
        case tooLong(number: Int, length: Int)
    }

    /// The longest line kept, in bytes.
    package static let defaultMaximumLineLength = 65_536

    /// The buffer size: large enough for many lines per block and for the longest line kept.
    static let bufferSize = 1 << 20

    private let source: ByteSource
    private let maximumLineLength: Int
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var finished = false
    private var lineNumber = 0

    /// Reads lines from `source`.
    package init(_ source: ByteSource, maximumLineLength: Int = defaultMaximumLineLength) {
        self.source = source
        self.maximumLineLength = maximumLineLength
        buffer = .allocate(byteCount: max(Self.bufferSize, maximumLineLength + 1), alignment: 16)
    }

    deinit {
        buffer.deallocate()
    }

    /// The next line, or `nil` at the end of input.
    /// - Throws: ``InputProblem`` when reading fails.
    package func next() throws(InputProblem) -> Line? {
        var overflowLength = 0
        while true {
            if let newline = index(of: UInt8(ascii: "\n"), from: start, to: end) {
                lineNumber += 1
                defer { start = newline + 1 }
                if overflowLength > 0 {
                    return .tooLong(number: lineNumber, length: overflowLength + newline - start)
                }
                return makeLine(start..<newline)
            }
            if finished {
                guard start < end || overflowLength > 0 else { return nil }
                lineNumber += 1
                defer { start = end }
                if overflowLength > 0 { return .tooLong(number: lineNumber, length: overflowLength + end - start) }
                return makeLine(start..<end)
            }
            if end - start > maximumLineLength {
                overflowLength += end - start
                start = end
            }
            try refill()
        }
    }

    /// The next run of whole lines, or a line too long for the buffer, or `nil` at the end of input.
    /// - Throws: ``InputProblem`` when reading fails.
    package func nextBlock() throws(InputProblem) -> BlockItem? {
        var overflowLength = 0
        while true {
            if overflowLength > 0 {
                // Skipping a line longer than the limit: to its newline, or to the end of input.
                if let newline = index(of: UInt8(ascii: "\n"), from: start, to: end) {
                    lineNumber += 1
                    defer { start = newline + 1 }
                    return .tooLong(number: lineNumber, length: overflowLength + newline - start)
                }
                if finished {
                    lineNumber += 1
                    defer { start = end }
                    return .tooLong(number: lineNumber, length: overflowLength + end - start)
                }
            } else if let last = lastIndex(of: UInt8(ascii: "\n"), from: start, to: end) {
                let block = Block(
                    bytes: UnsafeRawBufferPointer(rebasing: buffer[start...last]),
                    firstLineNumber: lineNumber + 1
                )
                lineNumber += Self.count(UInt8(ascii: "\n"), in: block.bytes)
                start = last + 1
                return .lines(block)
            } else if finished {
                guard start < end else { return nil }
                // The last line, without a newline.
                let block = Block(
                    bytes: UnsafeRawBufferPointer(rebasing: buffer[start..<end]),
                    firstLineNumber: lineNumber + 1
                )
                lineNumber += 1
                start = end
                return .lines(block)
            }
            if overflowLength == 0 && end - start > maximumLineLength {
                overflowLength = end - start
                start = end
            } else if overflowLength > 0 {
                overflowLength += end - start
                start = end
            }
            try refill()
        }
    }

    /// Moves the unread bytes to the front of the buffer and reads more after them.
    private func refill() throws(InputProblem) {
        if start > 0 {
            if end > start, let base = buffer.baseAddress {
                memmove(base, base + start, end - start)
            }
            end -= start
            start = 0
        }
        let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
        if count == 0 { finished = true } else { end += count }
    }

    private func index(of byte: UInt8, from lower: Int, to upper: Int) -> Int? {
        guard lower < upper, let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + lower, Int32(byte), upper - lower) else { return nil }
        return base.distance(to: found)
    }

    private func lastIndex(of byte: UInt8, from lower: Int, to upper: Int) -> Int? {
        // A backward scan: the last newline is usually within one line of the end (memrchr is a GNU extension).
        var index = upper - 1
        while index >= lower {
            if buffer[index] == byte { return index }
            index -= 1
        }
        return nil
    }

    /// How many times `byte` occurs in `bytes`.
    static func count(_ byte: UInt8, in bytes: UnsafeRawBufferPointer) -> Int {
        guard var cursor = bytes.baseAddress else { return 0 }
        let limit = cursor + bytes.count
        var total = 0
        while cursor < limit, let found = memchr(cursor, Int32(byte), limit - cursor) {
            total += 1
            cursor = UnsafeRawPointer(found) + 1
        }
        return total
    }

    private func makeLine(_ range: Range<Int>) -> Line {
        if range.count > maximumLineLength { return .tooLong(number: lineNumber, length: range.count) }
        return .text(number: lineNumber, bytes: Array(UnsafeRawBufferPointer(rebasing: buffer[range])))
    }
}
