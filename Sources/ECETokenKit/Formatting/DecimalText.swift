/// Integers as decimal ASCII without building a string: for the audit's per-token output.
public enum DecimalText {
    /// The most bytes ``write(_:to:)`` writes: a `-` and the 19 digits of `Int64.min`'s magnitude.
    public static let maximumLength = 20

    /// Writes the decimal digits of `value` (and a leading `-` when negative) at `destination`, which has
    /// room for ``maximumLength`` bytes, and returns how many bytes it wrote.
    public static func write(_ value: Int64, to destination: UnsafeMutableRawPointer) -> Int {
        var length = value < 0 ? 1 : 0
        var rest = value.magnitude
        repeat {
            length += 1
            rest /= 10
        } while rest > 0
        rest = value.magnitude
        var index = length
        repeat {
            index -= 1
            destination.storeBytes(of: UInt8(ascii: "0") + UInt8(rest % 10), toByteOffset: index, as: UInt8.self)
            rest /= 10
        } while rest > 0
        if value < 0 { destination.storeBytes(of: UInt8(ascii: "-"), as: UInt8.self) }
        return length
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` in decimal ASCII, with a leading `-` when negative.
    public mutating func appendDecimal(_ value: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for DecimalText.maximumLength
        Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            let count = DecimalText.write(value, to: buffer.baseAddress!)
            append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Appends constant text.
    mutating func append(_ text: StaticString) {
        append(contentsOf: UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
