extension JSONValue {
    /// Compact JSON text: no spaces, members in stored order, strings escaped per RFC 8259 (\" \\ \b \f \n \r \t,
    /// every other scalar of ``EscapedText/isDisplayHazard(_:)`` (controls, DEL, C1, U+2028/U+2029, bidi
    /// controls, zero-width characters) as \uXXXX in lowercase hex; other non-ASCII kept as UTF-8; '/' not
    /// escaped); numbers written as their `text`.
    package func serialized() -> String {
        var out: [UInt8] = []
        JSONWriter.write(self, pretty: false, indent: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text of ``serialized()`` to `output`, without building a string.
    package func serialize(into output: inout [UInt8]) {
        JSONWriter.write(self, pretty: false, indent: 0, into: &output)
    }

    /// Indented JSON (2 spaces, "name": value with one space after the colon, empty array `[]`, empty object
    /// `{}`), same escaping; no trailing newline.
    package func serializedPretty() -> String {
        var out: [UInt8] = []
        JSONWriter.write(self, pretty: true, indent: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// The byte-level JSON writer behind `serialized()` and `serializedPretty()`.
enum JSONWriter {
    static func write(_ value: JSONValue, pretty: Bool, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            out.append(contentsOf: number.text.utf8)
        case .string(let string):
            appendQuoted(string, to: &out)
        case .array(let elements):
            guard !elements.isEmpty else {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1, into: &out) }
                write(element, pretty: pretty, indent: indent + 1, into: &out)
            }
            if pretty { newline(indent, into: &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.members.isEmpty else {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(indent + 1, into: &out) }
                appendQuoted(member.name, to: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                write(member.value, pretty: pretty, indent: indent + 1, into: &out)
            }
            if pretty { newline(indent, into: &out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ indent: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// Appends `string` as a quoted JSON string, escaping as described on `serialized()`.
    static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                let byte = utf8[index]
                var escape: StaticString?
                var length = 1
                var escapedValue = UInt32(byte)
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x00..<0x20, 0x7F:
                    escape = nil
                case 0xC2...0xDF where index + 1 < count:
                    // Two-byte sequences: the C1 controls (U+0080–U+009F: U+009B is CSI) and U+061C.
                    escapedValue = UInt32(byte & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F)
                    guard EscapedText.isDisplayHazard(escapedValue) else {
                        index += 2
                        continue
                    }
                    length = 2
                case 0xE0...0xEF where index + 2 < count:
                    // Three-byte sequences: U+2028/U+2029, the other bidi controls, zero-width characters.
                    escapedValue =
                        UInt32(byte & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F)
                    guard EscapedText.isDisplayHazard(escapedValue) else {
                        index += 3
                        continue
                    }
                    length = 3
                default:
                    index += 1
                    continue
                }
                out.append(contentsOf: utf8[runStart..<index])
                if let escape {
                    out.append(
                        contentsOf: UnsafeBufferPointer(start: escape.utf8Start, count: escape.utf8CodeUnitCount)
                    )
                } else {
                    let hexDigits: StaticString = "0123456789abcdef"
                    let digits = UnsafeBufferPointer(start: hexDigits.utf8Start, count: 16)
                    out.append(contentsOf: "\\u".utf8)
                    for shift in stride(from: 12, through: 0, by: -4) {
                        out.append(digits[Int(escapedValue >> UInt32(shift) & 0x0F)])
                    }
                }
                index += length
                runStart = index
            }
            out.append(contentsOf: utf8[runStart..<count])
        }
        out.append(UInt8(ascii: "\""))
    }
}
