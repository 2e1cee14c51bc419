/// A strict RFC 8259 JSON reader for untrusted input (JWT headers and claims).
///
/// It accepts exactly one UTF-8 JSON value surrounded only by JSON whitespace and rejects everything lenient
/// parsers let through: byte order marks, UTF-16/32, invalid UTF-8, comments, trailing commas, leading zeros,
/// lone surrogate escapes, raw control characters in strings and duplicate member names (compared after
/// unescaping). Nesting depth and input size are bounded, the parser is iterative, and it never traps.
package struct StrictJSONParser: Sendable {
    /// The default limit on array/object nesting (the top-level container is depth 1).
    package static let defaultMaximumDepth = 32
    /// The default limit on input size in bytes.
    package static let defaultMaximumBytes = 65_536

    /// The deepest array/object nesting accepted; deeper input throws `.tooDeep`.
    package var maximumDepth: Int
    /// The largest input accepted, in bytes; longer input throws `.tooLarge`.
    package var maximumBytes: Int

    /// Creates a parser with the given limits.
    package init(maximumDepth: Int = defaultMaximumDepth, maximumBytes: Int = defaultMaximumBytes) {
        self.maximumDepth = maximumDepth
        self.maximumBytes = maximumBytes
    }

    /// Parses exactly one JSON value (any type at top level) surrounded only by JSON whitespace.
    package func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        var reader = try Reader(checking: bytes, maximumDepth: maximumDepth, maximumBytes: maximumBytes)
        return try reader.parseDocument()
    }

    /// Same, but the top-level value must be an object; a non-object top level throws kind
    /// `.unexpectedCharacter` with a message like "expected a JSON object, found a string at byte 0".
    package func parseObject(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONObject {
        var reader = try Reader(checking: bytes, maximumDepth: maximumDepth, maximumBytes: maximumBytes)
        reader.skipWhitespace()
        let start = reader.position
        if let found = reader.typeStartingHere(), found != "an object" {
            throw JSONParseError(kind: .unexpectedCharacter, offset: start, detail: .expectedObject(found: found))
        }
        let value = try reader.parseDocument()
        guard case .object(let object) = value else {
            throw JSONParseError(
                kind: .unexpectedCharacter,
                offset: start,
                detail: .expectedObject(found: value.typeNameWithArticle)
            )
        }
        return object
    }

    /// Whether `bytes` is exactly one RFC 8259 number lexeme.
    static func isValidNumberLexeme(_ bytes: [UInt8]) -> Bool {
        scanNumber(bytes, from: 0) == bytes.count
    }

    /// The end of the number that starts at `start` per
    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, or `nil` if the grammar is not met.
    static func scanNumber(_ b: [UInt8], from start: Int) -> Int? {
        let end = b.count
        var i = start
        func isDigit(_ i: Int) -> Bool { i < end && b[i] >= Ascii.zero && b[i] <= Ascii.nine }
        if i < end && b[i] == Ascii.minus { i += 1 }
        guard isDigit(i) else { return nil }
        if b[i] == Ascii.zero {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < end && b[i] == Ascii.dot {
            i += 1
            guard isDigit(i) else { return nil }
            while isDigit(i) { i += 1 }
        }
        if i < end && (b[i] == Ascii.lowerE || b[i] == Ascii.upperE) {
            i += 1
            if i < end && (b[i] == Ascii.plus || b[i] == Ascii.minus) { i += 1 }
            guard isDigit(i) else { return nil }
            while isDigit(i) { i += 1 }
        }
        return i
    }
}

/// ASCII byte constants.
private enum Ascii {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")
    static let lowerU = UInt8(ascii: "u")
    static let lowerT = UInt8(ascii: "t")
    static let lowerF = UInt8(ascii: "f")
    static let lowerN = UInt8(ascii: "n")
    static let lowerB = UInt8(ascii: "b")
    static let lowerR = UInt8(ascii: "r")

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == newline || byte == carriageReturn || byte == tab
    }

    /// Bytes that may continue a malformed number, used to report "1.2.3" or "01" as one invalid number.
    static func isNumberish(_ byte: UInt8) -> Bool {
        switch byte {
        case zero...nine, UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), dot, plus,
            minus:
            true
        default:
            false
        }
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case zero...nine: UInt32(byte - zero)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    static func isPrintable(_ byte: UInt8) -> Bool {
        byte >= 0x21 && byte <= 0x7E
    }
}

/// One array or object being read.
private struct Frame {
    var isObject: Bool
    var elements: [JSONValue] = []
    var members: [JSONObject.Member] = []
    /// The names of an object read so far, for rejecting a repeated one.
    var names = SeenStrings()
    var pendingName = ""
}

/// The cursor over one input.
private struct Reader {
    let bytes: [UInt8]
    let maximumDepth: Int
    var position = 0

    /// Copies the input and performs the checks that come before parsing: size, emptiness, BOM, UTF-16/32.
    init(checking input: some Collection<UInt8>, maximumDepth: Int, maximumBytes: Int) throws(JSONParseError) {
        if input.count > maximumBytes {
            let limit = max(maximumBytes, 0)
            throw JSONParseError(kind: .tooLarge, offset: limit, detail: .limit(limit))
        }
        let b = Array(input)
        if !b.contains(where: { !Ascii.isWhitespace($0) }) {
            throw JSONParseError(kind: .empty, offset: 0)
        }
        if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
            throw JSONParseError(kind: .byteOrderMark, offset: 0)
        }
        if Self.looksLikeUTF16OrUTF32(b) {
            throw JSONParseError(kind: .notUTF8, offset: 0, detail: .wideEncoding)
        }
        self.bytes = b
        self.maximumDepth = maximumDepth
    }

    /// The RFC 4627 §3 detection patterns plus the UTF-16 byte order marks.
    private static func looksLikeUTF16OrUTF32(_ b: [UInt8]) -> Bool {
        if b.count >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE)) {
            return true
        }
        if b.count >= 4 {
            return (b[0] == 0 && b[1] == 0)  // UTF-32BE, with or without BOM
                || (b[0] == 0 && b[2] == 0)  // UTF-16BE
                || (b[1] == 0 && b[2] == 0 && b[3] == 0)  // UTF-32LE
                || (b[1] == 0 && b[3] == 0)  // UTF-16LE
        }
        if b.count >= 2 {
            return b[0] == 0 || b[1] == 0  // one UTF-16 code unit
        }
        return false
    }

    var end: Int { bytes.count }

    mutating func skipWhitespace() {
        while position < end && Ascii.isWhitespace(bytes[position]) { position += 1 }
    }

    /// The type (with article) of the value that starts at the cursor, judged by its first byte.
    func typeStartingHere() -> String? {
        guard position < end else { return nil }
        switch bytes[position] {
        case Ascii.openBrace: return "an object"
        case Ascii.openBracket: return "an array"
        case Ascii.quote: return "a string"
        case Ascii.minus, Ascii.zero...Ascii.nine: return "a number"
        case Ascii.lowerT, Ascii.lowerF: return "a boolean"
        case Ascii.lowerN: return "null"
        default: return nil
        }
    }

    // MARK: Errors

    func unexpected(_ expected: String, at offset: Int? = nil) -> JSONParseError {
        let at = offset ?? position
        guard at < end else {
            return JSONParseError(kind: .unexpectedEnd, offset: end, detail: .found(nil, expected: expected))
        }
        return JSONParseError(kind: .unexpectedCharacter, offset: at, detail: .found(bytes[at], expected: expected))
    }

    // MARK: Structure

    /// Reads one value and checks that only whitespace follows it. Iterative: nesting lives in `stack`.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        var stack: [Frame] = []
        nextValue: while true {
            skipWhitespace()
            guard position < end else { throw unexpected("a value") }
            var value: JSONValue
            switch bytes[position] {
            case Ascii.openBrace:
                try checkDepth(stack.count)
                position += 1
                skipWhitespace()
                if position < end && bytes[position] == Ascii.closeBrace {
                    position += 1
                    value = .object(JSONObject(uncheckedMembers: []))
                } else {
                    var frame = Frame(isObject: true)
                    try readMemberName(into: &frame)
                    stack.append(frame)
                    continue nextValue
                }
            case Ascii.openBracket:
                try checkDepth(stack.count)
                position += 1
                skipWhitespace()
                if position < end && bytes[position] == Ascii.closeBracket {
                    position += 1
                    value = .array([])
                } else {
                    stack.append(Frame(isObject: false))
                    continue nextValue
                }
            case Ascii.quote:
                value = .string(try readString())
            case Ascii.minus, Ascii.zero...Ascii.nine, Ascii.plus, Ascii.dot:
                value = .number(try readNumber())
            case Ascii.lowerT:
                try readLiteral("true")
                value = .bool(true)
            case Ascii.lowerF:
                try readLiteral("false")
                value = .bool(false)
            case Ascii.lowerN:
                try readLiteral("null")
                value = .null
            default:
                throw unexpected("a value")
            }

            // Attach the finished value to its container, closing containers as far as possible.
            while true {
                skipWhitespace()
                guard !stack.isEmpty else {
                    if position < end {
                        throw JSONParseError(
                            kind: .trailingData,
                            offset: position,
                            detail: .found(bytes[position], expected: "")
                        )
                    }
                    return value
                }
                let top = stack.count - 1
                if stack[top].isObject {
                    stack[top].members.append(JSONObject.Member(name: stack[top].pendingName, value: value))
                    guard position < end else { throw unexpected("',' or '}'") }
                    switch bytes[position] {
                    case Ascii.comma:
                        let comma = position
                        position += 1
                        skipWhitespace()
                        if position < end && bytes[position] == Ascii.closeBrace {
                            throw JSONParseError(kind: .trailingComma, offset: comma)
                        }
                        try readMemberName(into: &stack[top])
                        continue nextValue
                    case Ascii.closeBrace:
                        position += 1
                        value = .object(JSONObject(uncheckedMembers: stack.removeLast().members))
                    default:
                        throw unexpected("',' or '}'")
                    }
                } else {
                    stack[top].elements.append(value)
                    guard position < end else { throw unexpected("',' or ']'") }
                    switch bytes[position] {
                    case Ascii.comma:
                        let comma = position
                        position += 1
                        skipWhitespace()
                        if position < end && bytes[position] == Ascii.closeBracket {
                            throw JSONParseError(kind: .trailingComma, offset: comma)
                        }
                        continue nextValue
                    case Ascii.closeBracket:
                        position += 1
                        value = .array(stack.removeLast().elements)
                    default:
                        throw unexpected("',' or ']'")
                    }
                }
            }
        }
    }

    /// Throws `.tooDeep` if opening a container at the cursor would exceed the maximum depth.
    func checkDepth(_ open: Int) throws(JSONParseError) {
        if open >= maximumDepth {
            throw JSONParseError(kind: .tooDeep, offset: position, detail: .limit(maximumDepth))
        }
    }

    /// Reads `"name"` and the `:` after it (cursor at the opening quote, possibly after whitespace),
    /// rejecting names already present in `frame`.
    mutating func readMemberName(into frame: inout Frame) throws(JSONParseError) {
        skipWhitespace()
        guard position < end, bytes[position] == Ascii.quote else {
            throw unexpected("a member name in double quotes")
        }
        let nameStart = position
        let name = try readString()
        guard frame.names.insert(name) else {
            throw JSONParseError(kind: .duplicateMember(name), offset: nameStart)
        }
        skipWhitespace()
        guard position < end, bytes[position] == Ascii.colon else {
            throw unexpected("':' after the member name")
        }
        position += 1
        frame.pendingName = name
    }

    mutating func readLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = "'\(literal)'"
        var index = position
        for byte in UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount) {
            guard index < end, bytes[index] == byte else { throw unexpected(expected, at: index) }
            index += 1
        }
        position = index
    }

    // MARK: Numbers

    mutating func readNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        guard let numberEnd = StrictJSONParser.scanNumber(bytes, from: start),
            numberEnd >= end || !Ascii.isNumberish(bytes[numberEnd])
        else {
            var lexemeEnd = start + 1
            while lexemeEnd < end && Ascii.isNumberish(bytes[lexemeEnd]) { lexemeEnd += 1 }
            var lexeme = String(decoding: bytes[start..<min(lexemeEnd, start + 40)], as: UTF8.self)
            if lexemeEnd > start + 40 { lexeme += "…" }
            throw JSONParseError(kind: .invalidNumber, offset: start, detail: .text(lexeme))
        }
        position = numberEnd
        return JSONNumber(validatedText: String(decoding: bytes[start..<numberEnd], as: UTF8.self))
    }

    // MARK: Strings

    /// Reads a string (cursor at the opening quote), validating UTF-8 and decoding escapes.
    mutating func readString() throws(JSONParseError) -> String {
        position += 1
        var segmentStart = position
        var decoded: [UInt8] = []
        var hasEscapes = false
        while true {
            guard position < end else { throw unexpected("'\"' to close the string") }
            let byte = bytes[position]
            if byte == Ascii.quote {
                let result: String
                if hasEscapes {
                    decoded.append(contentsOf: bytes[segmentStart..<position])
                    result = String(decoding: decoded, as: UTF8.self)
                } else {
                    result = String(decoding: bytes[segmentStart..<position], as: UTF8.self)
                }
                position += 1
                return result
            } else if byte == Ascii.backslash {
                decoded.append(contentsOf: bytes[segmentStart..<position])
                hasEscapes = true
                try readEscape(into: &decoded)
                segmentStart = position
            } else if byte < 0x20 {
                throw JSONParseError(
                    kind: .controlCharacterInString,
                    offset: position,
                    detail: .found(byte, expected: "")
                )
            } else if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    /// Validates one multi-byte UTF-8 sequence at the cursor (Unicode table 3-7) and moves past it.
    mutating func skipUTF8Sequence() throws(JSONParseError) {
        let start = position
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        let continuationCount: Int
        switch bytes[start] {
        case 0xC2...0xDF: continuationCount = 1
        case 0xE0:
            continuationCount = 2
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
        case 0xED:
            continuationCount = 2
            high = 0x9F
        case 0xF0:
            continuationCount = 3
            low = 0x90
        case 0xF1...0xF3: continuationCount = 3
        case 0xF4:
            continuationCount = 3
            high = 0x8F
        default: throw JSONParseError(kind: .notUTF8, offset: start)
        }
        var index = start + 1
        for n in 0..<continuationCount {
            let lower = n == 0 ? low : 0x80
            let upper = n == 0 ? high : 0xBF
            guard index < end, bytes[index] >= lower, bytes[index] <= upper else {
                throw JSONParseError(kind: .notUTF8, offset: start)
            }
            index += 1
        }
        position = index
    }

    /// Decodes one escape (cursor at the backslash) and appends its UTF-8 to `out`.
    mutating func readEscape(into out: inout [UInt8]) throws(JSONParseError) {
        let start = position
        guard start + 1 < end else { throw unexpected("an escape after '\\'", at: start + 1) }
        let simple: UInt8?
        switch bytes[start + 1] {
        case Ascii.quote: simple = Ascii.quote
        case Ascii.backslash: simple = Ascii.backslash
        case Ascii.slash: simple = Ascii.slash
        case Ascii.lowerB: simple = 0x08
        case Ascii.lowerF: simple = 0x0C
        case Ascii.lowerN: simple = 0x0A
        case Ascii.lowerR: simple = 0x0D
        case Ascii.lowerT: simple = 0x09
        case Ascii.lowerU: simple = nil
        case let other:
            let shown =
                Ascii.isPrintable(other)
                ? "\\\(Character(Unicode.Scalar(other)))"
                : "(backslash followed by \(JSONParseError.describe(other)))"
            throw JSONParseError(kind: .invalidEscape, offset: start, detail: .text(shown))
        }
        if let simple {
            out.append(simple)
            position = start + 2
            return
        }
        let unit = try readHex4(escapeAt: start)
        var scalarValue = unit
        var next = start + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard next + 1 < end, bytes[next] == Ascii.backslash, bytes[next + 1] == Ascii.lowerU else {
                throw loneSurrogate(unit, at: start)
            }
            let low = try readHex4(escapeAt: next)
            guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(unit, at: start) }
            scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw loneSurrogate(unit, at: start)
        default:
            break
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw loneSurrogate(unit, at: start) }
        UTF8.encode(scalar) { out.append($0) }
        position = next
    }

    /// The value of the four hex digits after `\u` at `escapeAt`.
    func readHex4(escapeAt start: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for index in (start + 2)..<(start + 6) {
            guard index < end else { throw unexpected("4 hex digits after '\\u'", at: index) }
            guard let digit = Ascii.hexValue(bytes[index]) else {
                var shown = "\\u"
                for i in (start + 2)...index where Ascii.isPrintable(bytes[i]) {
                    shown.append(Character(Unicode.Scalar(bytes[i])))
                }
                throw JSONParseError(
                    kind: .invalidEscape,
                    offset: start,
                    detail: .text("\(shown) (\\u needs 4 hex digits)")
                )
            }
            value = value << 4 | digit
        }
        return value
    }

    func loneSurrogate(_ unit: UInt32, at offset: Int) -> JSONParseError {
        var hex = String(unit, radix: 16)
        while hex.utf8.count < 4 { hex = "0" + hex }
        return JSONParseError(kind: .loneSurrogate, offset: offset, detail: .text("\\u\(hex)"))
    }
}
