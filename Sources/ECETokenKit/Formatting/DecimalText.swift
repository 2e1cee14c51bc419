/// Integers as decimal ASCII without building a string: for the audit's per-token output.
public enum DecimalText {
    /// Calls `body` with the decimal digits of `value` (and a leading `-` when negative), held on the stack.
    public static func withDigits<Result>(of value: Int64, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: a sign and the 20 digits of UInt64.max
        var rest = value.magnitude
        return withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "-")
            }
            return body(UnsafeRawBufferPointer(rebasing: buffer[index...]))
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` in decimal ASCII, with a leading `-` when negative.
    public mutating func appendDecimal(_ value: Int64) {
        DecimalText.withDigits(of: value) { append(contentsOf: $0) }
    }
}
