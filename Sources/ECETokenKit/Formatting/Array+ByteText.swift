/// Text appended to byte arrays without building a `String`: for the per-token output of audits.
extension Array where Element == UInt8 {
    /// Appends `value` in decimal ASCII, with a leading `-` when negative.
    package mutating func appendDecimal(_ value: Int64) {
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
