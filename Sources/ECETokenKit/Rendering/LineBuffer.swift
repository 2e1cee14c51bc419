/// One output line being built with plain memory copies: cheaper per piece than appending to an array,
/// which checks its capacity and uniqueness on every call. Reused from line to line.
final class LineBuffer {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int = 4096) {
        self.capacity = capacity
        storage = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit {
        storage.deallocate()
    }

    /// Where the bytes start; it moves when a write needs more room.
    var start: UnsafeRawPointer { UnsafeRawPointer(storage) }

    /// The line so far.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    /// Starts a new line, keeping the memory.
    func removeAll() { count = 0 }

    /// Appends bytes.
    @inline(__always)
    func write(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (storage + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends at most 32 bytes from `source`, reading 32 bytes there whatever `count` is (the caller
    /// guarantees they are readable): four word copies instead of a call to `memcpy`, for the short
    /// constant pieces of a JSON line.
    @inline(__always)
    func writeShort(_ source: UnsafeRawPointer, count: Int) {
        reserve(32)
        let destination = storage + self.count
        for offset in stride(from: 0, to: 32, by: 8) {
            destination.storeBytes(
                of: source.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                toByteOffset: offset,
                as: UInt64.self
            )
        }
        self.count += count
    }

    /// Appends constant text.
    @inline(__always)
    func write(_ text: StaticString) {
        write(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends the bytes of an array or a slice of one.
    func write(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ write(UnsafeRawBufferPointer($0)) }) == nil {
            for byte in bytes { write(byte: byte) }
        }
    }

    /// Appends one byte.
    @inline(__always)
    func write(byte: UInt8) {
        reserve(1)
        storage.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends an integer in decimal.
    func writeDecimal(_ value: Int64) {
        write(atMost: DecimalText.maximumLength) { DecimalText.write(value, to: $0) }
    }

    /// Lets `body` write up to `limit` bytes in place; it returns how many it wrote.
    @inline(__always)
    func write(atMost limit: Int, _ body: (UnsafeMutableRawPointer) -> Int) {
        reserve(limit)
        count += body(storage + count)
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var grown = capacity * 2
        while grown < count + extra { grown *= 2 }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 8)
        bigger.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = bigger
        capacity = grown
    }
}
