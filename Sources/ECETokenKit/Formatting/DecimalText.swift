/// Integers as decimal ASCII without building a string: for the audit's per-token output.
package enum DecimalText {
    /// The most bytes ``write(_:to:)`` writes: a `-` and the 19 digits of `Int64.min`'s magnitude.
    package static let maximumLength = 20

    /// Writes the decimal digits of `value` (and a leading `-` when negative) at `destination`, which has
    /// room for ``maximumLength`` bytes, and returns how many bytes it wrote.
    package static func write(_ value: Int64, to destination: UnsafeMutableRawPointer) -> Int {
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
