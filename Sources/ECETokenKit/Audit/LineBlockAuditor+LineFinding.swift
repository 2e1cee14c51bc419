#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How ``LineBlockAuditor`` finds lines: the cut points of a block and each line of a part, with `memchr`.
extension LineBlockAuditor {
    /// How many newlines `bytes` holds.
    static func newlineCount(in bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var offset = 0
        while offset < bytes.count,
            let newline = memchr(base + offset, Int32(UInt8(ascii: "\n")), bytes.count - offset)
        {
            count += 1
            offset = base.distance(to: UnsafeRawPointer(newline)) + 1
        }
        return count
    }

    /// The offset just after the first newline at or after `offset`, or the end of `bytes`.
    static func lineEnd(in bytes: UnsafeRawBufferPointer, from offset: Int) -> Int {
        guard offset < bytes.count, let base = bytes.baseAddress,
            let newline = memchr(base + offset, Int32(UInt8(ascii: "\n")), bytes.count - offset)
        else { return bytes.count }
        return base.distance(to: UnsafeRawPointer(newline)) + 1
    }
}

extension LineBlockAuditor.Worker {
    /// How many lines ``findLines(in:)`` found.
    var lineCount: Int { lineStarts.count - 1 }

    /// Finds the lines of `bytes`: whole lines, each ending in a newline but perhaps the last.
    func findLines(in bytes: UnsafeRawBufferPointer) {
        lineStarts.removeAll(keepingCapacity: true)
        guard let base = bytes.baseAddress else {
            lineStarts.append(1)
            return
        }
        var offset = 0
        while offset < bytes.count {
            lineStarts.append(offset)
            guard let newline = memchr(base + offset, Int32(UInt8(ascii: "\n")), bytes.count - offset) else {
                offset = bytes.count
                break
            }
            offset = base.distance(to: UnsafeRawPointer(newline)) + 1
        }
        lineStarts.append(bytes.last == UInt8(ascii: "\n") ? offset : offset + 1)
    }
}
