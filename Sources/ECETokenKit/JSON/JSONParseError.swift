/// Why ``StrictJSONParser`` rejected its input, and where.
///
/// Two errors are equal when their ``kind`` and ``offset`` are equal; the extra context used by
/// ``description`` is not compared.
package struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of problem.
    package enum Kind: Sendable, Equatable {
        /// The input is empty or only whitespace.
        case empty
        /// The input starts with a UTF-8 byte order mark (EF BB BF).
        case byteOrderMark
        /// The input is UTF-16 or UTF-32, or a string holds invalid UTF-8.
        case notUTF8
        /// A byte that cannot appear here, or a top-level value of the wrong type.
        case unexpectedCharacter
        /// The input ends in the middle of a value.
        case unexpectedEnd
        /// A comma directly before `]` or `}`.
        case trailingComma
        /// Something other than whitespace after the value.
        case trailingData
        /// A number that does not follow the RFC 8259 grammar (e.g. `01`, `.5`, `1e`, `+1`).
        case invalidNumber
        /// A backslash escape other than \" \\ \/ \b \f \n \r \t \uXXXX.
        case invalidEscape
        /// A `\uD800`–`\uDFFF` escape that is not part of a high+low surrogate pair.
        case loneSurrogate
        /// A raw byte below 0x20 inside a string.
        case controlCharacterInString
        /// An object member name that already appeared in the same object (compared after unescaping).
        case duplicateMember(String)
        /// Arrays and objects nested deeper than the parser's maximum depth.
        case tooDeep
        /// The input is longer than the parser's maximum size.
        case tooLarge
    }

    /// Extra context for the message; not part of equality.
    enum Detail: Sendable {
        case none
        /// The byte found (nil at end of input) and a phrase for what was expected ("" for nothing).
        case found(UInt8?, expected: String)
        /// Already sanitised text for the message (a number lexeme or an escape).
        case text(String)
        /// The input looks like UTF-16 or UTF-32.
        case wideEncoding
        /// The configured limit that was exceeded.
        case limit(Int)
        /// `parseObject` found another type, e.g. "a string".
        case expectedObject(found: String)
    }

    /// The category of problem.
    package let kind: Kind
    /// The byte offset into the input where the problem is.
    package let offset: Int
    let detail: Detail

    /// Creates an error of `kind` at byte `offset`.
    package init(kind: Kind, offset: Int) {
        self.init(kind: kind, offset: offset, detail: .none)
    }

    init(kind: Kind, offset: Int, detail: Detail) {
        self.kind = kind
        self.offset = offset
        self.detail = detail
    }

    /// Compares ``kind`` and ``offset``.
    package static func == (lhs: JSONParseError, rhs: JSONParseError) -> Bool {
        lhs.kind == rhs.kind && lhs.offset == rhs.offset
    }

    /// One sentence naming the problem and its byte offset, e.g. `trailing comma at byte 14`.
    package var description: String {
        let at = "at byte \(offset)"
        switch kind {
        case .empty:
            return "empty input \(at) (expected a JSON value)"
        case .byteOrderMark:
            return "byte order mark \(at) (JSON must be UTF-8 without a BOM)"
        case .notUTF8:
            if case .wideEncoding = detail {
                return "UTF-16 or UTF-32 text \(at) (JSON must be UTF-8)"
            }
            return "invalid UTF-8 \(at)"
        case .unexpectedCharacter:
            switch detail {
            case .expectedObject(let found):
                return "expected a JSON object, found \(found) \(at)"
            case .found(let byte?, let expected):
                return "unexpected \(Self.describe(byte)) \(at)\(Self.expecting(expected))"
            default:
                return "unexpected character \(at)"
            }
        case .unexpectedEnd:
            if case .found(_, let expected) = detail {
                return "unexpected end of input \(at)\(Self.expecting(expected))"
            }
            return "unexpected end of input \(at)"
        case .trailingComma:
            return "trailing comma \(at)"
        case .trailingData:
            if case .found(let byte?, _) = detail {
                return "unexpected \(Self.describe(byte)) after the JSON value \(at)"
            }
            return "unexpected data after the JSON value \(at)"
        case .invalidNumber:
            if case .text(let lexeme) = detail {
                return "invalid number \"\(lexeme)\" \(at)"
            }
            return "invalid number \(at)"
        case .invalidEscape:
            if case .text(let escape) = detail {
                return "invalid escape \(escape) \(at)"
            }
            return "invalid escape \(at)"
        case .loneSurrogate:
            if case .text(let escape) = detail {
                return "lone surrogate escape \(escape) \(at)"
            }
            return "lone surrogate escape \(at)"
        case .controlCharacterInString:
            if case .found(let byte?, _) = detail {
                return "unescaped control character U+00\(Self.hex(byte)) in a string \(at)"
            }
            return "unescaped control character in a string \(at)"
        case .duplicateMember(let name):
            return "duplicate member \(Self.quoted(name)) \(at)"
        case .tooDeep:
            if case .limit(let limit) = detail {
                return "nesting deeper than \(limit) levels \(at)"
            }
            return "nesting too deep \(at)"
        case .tooLarge:
            if case .limit(let limit) = detail {
                return "input larger than \(limit) bytes \(at)"
            }
            return "input too large \(at)"
        }
    }

    private static func expecting(_ expected: String) -> String {
        expected.isEmpty ? "" : " (expected \(expected))"
    }

    /// "character 'x'", "space", "control byte 0x0A" or "non-ASCII byte 0xC3".
    static func describe(_ byte: UInt8) -> String {
        switch byte {
        case 0x20: "space"
        case UInt8(ascii: "'"): "character \"'\""
        case 0x21...0x7E: "character '\(Character(Unicode.Scalar(byte)))'"
        case 0x80...: "non-ASCII byte 0x\(hex(byte))"
        default: "control byte 0x\(hex(byte))"
        }
    }

    /// Two uppercase hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// `text` in double quotes, JSON-escaped so it holds no control, format or separator characters, and cut to
    /// about 40 characters.
    static func quoted(_ text: String, limit: Int = 40) -> String {
        var out = "\""
        var length = 0
        for scalar in text.unicodeScalars {
            if length >= limit {
                out += "…"
                break
            }
            let piece = escapedForMessage(scalar)
            out += piece
            length += piece.unicodeScalars.count
        }
        return out + "\""
    }

    private static func escapedForMessage(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: break
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return utf16Escape(scalar)
        default:
            return String(scalar)
        }
    }

    /// `\uXXXX` (lowercase), or a surrogate pair of them above U+FFFF.
    static func utf16Escape(_ scalar: Unicode.Scalar) -> String {
        var out = ""
        for unit in String(scalar).utf16 {
            out += "\\u" + hex(UInt8(unit >> 8)).lowercased() + hex(UInt8(unit & 0xFF)).lowercased()
        }
        return out
    }
}
