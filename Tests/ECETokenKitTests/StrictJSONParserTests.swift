import ECETokenKit
import Testing

/// One input the parser must reject, with the expected error kind and byte offset.
struct RejectedJSON: Sendable, CustomTestStringConvertible {
    let label: String
    let bytes: [UInt8]
    let kind: JSONParseError.Kind
    let offset: Int

    init(_ text: String, _ kind: JSONParseError.Kind, at offset: Int) {
        self.label = text
        self.bytes = Array(text.utf8)
        self.kind = kind
        self.offset = offset
    }

    init(bytes: [UInt8], _ kind: JSONParseError.Kind, at offset: Int) {
        self.label = bytes.map { String($0, radix: 16) }.joined(separator: " ")
        self.bytes = bytes
        self.kind = kind
        self.offset = offset
    }

    var testDescription: String { label.debugDescription }
}

/// Parses `text` with the default parser.
private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    try StrictJSONParser().parse(Array(text.utf8))
}

/// Asserts that `bytes` is rejected with `kind` at `offset` and a safe message; returns the error.
@discardableResult
private func expectRejected(
    _ bytes: [UInt8],
    _ kind: JSONParseError.Kind,
    at offset: Int,
    parser: StrictJSONParser = StrictJSONParser(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> JSONParseError? {
    let error = #expect(throws: JSONParseError.self, sourceLocation: sourceLocation) {
        try parser.parse(bytes)
    }
    #expect(error?.kind == kind, sourceLocation: sourceLocation)
    #expect(error?.offset == offset, sourceLocation: sourceLocation)
    if let error {
        #expect(
            error.description.hasSuffix("at byte \(offset)") || error.description.contains("at byte \(offset) ("),
            "\(error.description)",
            sourceLocation: sourceLocation
        )
        #expect(
            !error.description.unicodeScalars.contains { $0.properties.generalCategory == .control },
            sourceLocation: sourceLocation
        )
    }
    return error
}

/// `depth` nested arrays around `1`.
private func nestedArrays(_ depth: Int) -> String {
    String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
}

@Suite("Strict JSON parser")
struct StrictJSONParserTests {

    // MARK: Accepted input

    @Test(
        "Accepts any value at top level, surrounded by JSON whitespace",
        arguments: [
            ("{}", JSONValue.object(JSONObject([]))),
            ("{} ", .object(JSONObject([]))),
            (" \t\r\n[] \n", .array([])),
            ("1", .number(JSONNumber(text: "1"))),
            ("-0", .number(JSONNumber(text: "-0"))),
            ("-1.5e3", .number(JSONNumber(text: "-1.5e3"))),
            ("0.5E+10", .number(JSONNumber(text: "0.5E+10"))),
            ("2e-7", .number(JSONNumber(text: "2e-7"))),
            ("12345678901234567890", .number(JSONNumber(text: "12345678901234567890"))),
            ("1e400", .number(JSONNumber(text: "1e400"))),
            ("\"s\"", .string("s")),
            ("true", .bool(true)),
            ("false", .bool(false)),
            ("null", .null),
            (
                "[1,[2,[3]],{}]",
                .array([
                    .number(JSONNumber(1)), .array([.number(JSONNumber(2)), .array([.number(JSONNumber(3))])]),
                    .object(JSONObject([])),
                ])
            ),
        ]
    )
    func acceptsValues(input: String, expected: JSONValue) throws {
        #expect(try parse(input) == expected)
    }

    @Test("Objects keep member order and are searchable by name")
    func objectOrder() throws {
        let object = try StrictJSONParser().parseObject(Array(#"{"typ":"JWT", "alg" : "HS256","n":null}"#.utf8))
        #expect(object.names == ["typ", "alg", "n"])
        #expect(object["alg"] == .string("HS256"))
        #expect(object["n"] == .null)
        #expect(object["missing"] == nil)
        #expect(object.members.first == JSONObject.Member(name: "typ", value: .string("JWT")))
    }

    @Test("The same member name in different objects is not a duplicate")
    func sameNameInDifferentObjects() throws {
        let value = try parse(#"[{"a":1},{"a":2,"b":{"a":3}}]"#)
        #expect(value.arrayValue?.count == 2)
        #expect(value.arrayValue?[1].objectValue?["b"]?.objectValue?["a"] == .number(JSONNumber(3)))
    }

    @Test(
        "Decodes every simple escape",
        arguments: [
            (#""\"""#, "\""),
            (#""\\""#, "\\"),
            (#""\/""#, "/"),
            (#""\b""#, "\u{8}"),
            (#""\f""#, "\u{C}"),
            (#""\n""#, "\n"),
            (#""\r""#, "\r"),
            (#""\t""#, "\t"),
            (#""a\nb\tc""#, "a\nb\tc"),
            (#""\u0041\u00e9\u00E9\u20AC""#, "Aéé€"),
            (#""caf\u00e9 ok""#, "café ok"),
            (#""/""#, "/"),
            ("\"\u{7F}\"", "\u{7F}"),
        ]
    )
    func simpleEscapes(input: String, expected: String) throws {
        #expect(try parse(input) == .string(expected))
    }

    @Test("\\u0000 is a valid escape and yields a NUL scalar")
    func escapedNul() throws {
        let value = try parse(#""a\u0000b""#)
        #expect(value.stringValue == "a\u{0}b")
        #expect(value.stringValue?.unicodeScalars.count == 3)
    }

    @Test("A surrogate pair escape decodes to one scalar", arguments: [#""\ud83d\ude00""#, #""\uD83D\uDE00""#])
    func surrogatePair(input: String) throws {
        let string = try #require(try parse(input).stringValue)
        #expect(string == "😀")
        #expect(string.unicodeScalars.map(\.value) == [0x1F600])
    }

    @Test(
        "Valid multi-byte UTF-8 in strings is kept",
        arguments: ["é", "€", "😀", "\u{10FFFF}", "\u{D7FF}", "\u{E000}"]
    )
    func validUTF8(text: String) throws {
        #expect(try parse("\"\(text)\"") == .string(text))
    }

    @Test("Thirty-two levels of nesting are accepted by default")
    func maximumDepthAccepted() throws {
        _ = try parse(nestedArrays(32))
        var nestedObjects = "1"
        for _ in 0..<32 { nestedObjects = #"{"a":\#(nestedObjects)}"# }
        _ = try parse(nestedObjects)
    }

    @Test("Input of exactly maximumBytes is accepted")
    func exactSizeAccepted() throws {
        let parser = StrictJSONParser(maximumBytes: 10)
        #expect(try parser.parse(Array(#"["abcdef"]"#.utf8)) == .array([.string("abcdef")]))
    }

    @Test("Accepts any byte collection, not only arrays")
    func acceptsCollections() throws {
        let bytes = Array(#"xx{"a":true}"#.utf8)
        #expect(try StrictJSONParser().parse(bytes.dropFirst(2)).objectValue?["a"] == .bool(true))
        #expect(try StrictJSONParser().parse("[null]".utf8) == .array([.null]))
    }

    // MARK: Rejected input

    @Test(
        "Rejects empty input, BOMs and UTF-16/32",
        arguments: [
            RejectedJSON("", .empty, at: 0),
            RejectedJSON(" \t\r\n ", .empty, at: 0),
            RejectedJSON(bytes: [0xEF, 0xBB, 0xBF, 0x7B, 0x7D], .byteOrderMark, at: 0),
            RejectedJSON(bytes: [0xEF, 0xBB, 0xBF], .byteOrderMark, at: 0),
            RejectedJSON(bytes: [0x7B, 0x00, 0x7D, 0x00], .notUTF8, at: 0),  // UTF-16LE {}
            RejectedJSON(bytes: [0x00, 0x7B, 0x00, 0x7D], .notUTF8, at: 0),  // UTF-16BE {}
            RejectedJSON(bytes: [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00], .notUTF8, at: 0),
            RejectedJSON(bytes: [0xFE, 0xFF, 0x00, 0x7B, 0x00, 0x7D], .notUTF8, at: 0),
            RejectedJSON(bytes: [0x7B, 0, 0, 0, 0x7D, 0, 0, 0], .notUTF8, at: 0),  // UTF-32LE
            RejectedJSON(bytes: [0, 0, 0, 0x7B, 0, 0, 0, 0x7D], .notUTF8, at: 0),  // UTF-32BE
            RejectedJSON(bytes: [0x31, 0x00], .notUTF8, at: 0),  // UTF-16LE "1"
        ]
    )
    func rejectsEncodingProblems(_ bad: RejectedJSON) {
        expectRejected(bad.bytes, bad.kind, at: bad.offset)
    }

    @Test(
        "Rejects structural errors",
        arguments: [
            RejectedJSON("{}x", .trailingData, at: 2),
            RejectedJSON("{} {}", .trailingData, at: 3),
            RejectedJSON("1 2", .trailingData, at: 2),
            RejectedJSON("{} // comment", .trailingData, at: 3),
            RejectedJSON("/* c */ {}", .unexpectedCharacter, at: 0),
            RejectedJSON("[1,]", .trailingComma, at: 2),
            RejectedJSON(#"{"a":1,}"#, .trailingComma, at: 6),
            RejectedJSON(#"{"a":1 , }"#, .trailingComma, at: 7),
            RejectedJSON("[[],\n]", .trailingComma, at: 3),
            RejectedJSON("{,}", .unexpectedCharacter, at: 1),
            RejectedJSON("[,1]", .unexpectedCharacter, at: 1),
            RejectedJSON("[1,,2]", .unexpectedCharacter, at: 3),
            RejectedJSON("[1 2]", .unexpectedCharacter, at: 3),
            RejectedJSON(#"{"a" 1}"#, .unexpectedCharacter, at: 5),
            RejectedJSON(#"{"a":}"#, .unexpectedCharacter, at: 5),
            RejectedJSON(#"{"a":1 "b":2}"#, .unexpectedCharacter, at: 7),
            RejectedJSON(#"{"a":1]"#, .unexpectedCharacter, at: 6),
            RejectedJSON("[1}", .unexpectedCharacter, at: 2),
            RejectedJSON("{a:1}", .unexpectedCharacter, at: 1),
            RejectedJSON("{'a':1}", .unexpectedCharacter, at: 1),
            RejectedJSON("['a']", .unexpectedCharacter, at: 1),
            RejectedJSON("]", .unexpectedCharacter, at: 0),
            RejectedJSON("NaN", .unexpectedCharacter, at: 0),
            RejectedJSON("Infinity", .unexpectedCharacter, at: 0),
            RejectedJSON("True", .unexpectedCharacter, at: 0),
            RejectedJSON("nil", .unexpectedCharacter, at: 1),
            RejectedJSON("truth", .unexpectedCharacter, at: 3),
            RejectedJSON("[true false]", .unexpectedCharacter, at: 6),
            RejectedJSON("trueish", .trailingData, at: 4),
            RejectedJSON("\u{0B}{}", .unexpectedCharacter, at: 0),  // vertical tab is not JSON whitespace
            RejectedJSON("\u{0C}{}", .unexpectedCharacter, at: 0),  // nor is form feed
            RejectedJSON("{}\u{A0}", .trailingData, at: 2),  // nor is NO-BREAK SPACE
            RejectedJSON("\u{3000}1", .unexpectedCharacter, at: 0),
            RejectedJSON("é", .unexpectedCharacter, at: 0),  // non-ASCII outside a string
            RejectedJSON("[1,é]", .unexpectedCharacter, at: 3),
            RejectedJSON("[", .unexpectedEnd, at: 1),
            RejectedJSON("[1", .unexpectedEnd, at: 2),
            RejectedJSON("[1,", .unexpectedEnd, at: 3),
            RejectedJSON("{", .unexpectedEnd, at: 1),
            RejectedJSON(#"{"a""#, .unexpectedEnd, at: 4),
            RejectedJSON(#"{"a":"#, .unexpectedEnd, at: 5),
            RejectedJSON(#"{"a":1"#, .unexpectedEnd, at: 6),
            RejectedJSON(#""abc"#, .unexpectedEnd, at: 4),
            RejectedJSON("tru", .unexpectedEnd, at: 3),
            RejectedJSON("nul", .unexpectedEnd, at: 3),
        ]
    )
    func rejectsStructure(_ bad: RejectedJSON) {
        expectRejected(bad.bytes, bad.kind, at: bad.offset)
    }

    @Test(
        "Rejects numbers outside the RFC 8259 grammar",
        arguments: [
            RejectedJSON("+1", .invalidNumber, at: 0),
            RejectedJSON("01", .invalidNumber, at: 0),
            RejectedJSON("-01", .invalidNumber, at: 0),
            RejectedJSON("00", .invalidNumber, at: 0),
            RejectedJSON(".5", .invalidNumber, at: 0),
            RejectedJSON("5.", .invalidNumber, at: 0),
            RejectedJSON("5.e3", .invalidNumber, at: 0),
            RejectedJSON("1e", .invalidNumber, at: 0),
            RejectedJSON("1E+", .invalidNumber, at: 0),
            RejectedJSON("1e-", .invalidNumber, at: 0),
            RejectedJSON("-", .invalidNumber, at: 0),
            RejectedJSON("--1", .invalidNumber, at: 0),
            RejectedJSON("- 1", .invalidNumber, at: 0),
            RejectedJSON("-Infinity", .invalidNumber, at: 0),
            RejectedJSON("1.2.3", .invalidNumber, at: 0),
            RejectedJSON("0x10", .invalidNumber, at: 0),
            RejectedJSON("1e5e5", .invalidNumber, at: 0),
            RejectedJSON("[1, 01]", .invalidNumber, at: 4),
            RejectedJSON(#"{"exp":+5}"#, .invalidNumber, at: 7),
        ]
    )
    func rejectsNumbers(_ bad: RejectedJSON) {
        expectRejected(bad.bytes, bad.kind, at: bad.offset)
    }

    @Test(
        "Rejects bad escapes, lone surrogates and raw control characters",
        arguments: [
            RejectedJSON(#""\x""#, .invalidEscape, at: 1),
            RejectedJSON(#""ab\'""#, .invalidEscape, at: 3),
            RejectedJSON(#""\U0041""#, .invalidEscape, at: 1),
            RejectedJSON(#""\u12G4""#, .invalidEscape, at: 1),
            RejectedJSON(#""\u12""#, .invalidEscape, at: 1),
            RejectedJSON(#""\ud83d\uZZZZ""#, .invalidEscape, at: 7),
            RejectedJSON("\"\\\u{1}\"", .invalidEscape, at: 1),
            RejectedJSON(#""a\"#, .unexpectedEnd, at: 3),
            RejectedJSON(#""\u00"#, .unexpectedEnd, at: 5),
            RejectedJSON(#""\ud800""#, .loneSurrogate, at: 1),
            RejectedJSON(#""\uDBFF""#, .loneSurrogate, at: 1),
            RejectedJSON(#""ab\udc00""#, .loneSurrogate, at: 3),
            RejectedJSON(#""\uDFFF\uD800""#, .loneSurrogate, at: 1),
            RejectedJSON(#""\ud800\u0041""#, .loneSurrogate, at: 1),
            RejectedJSON(#""\ud800\ud800""#, .loneSurrogate, at: 1),
            RejectedJSON(#""\ud800x""#, .loneSurrogate, at: 1),
            RejectedJSON(#""\ud800\n""#, .loneSurrogate, at: 1),
            RejectedJSON(#""\ud800"#, .loneSurrogate, at: 1),
            RejectedJSON("\"a\nb\"", .controlCharacterInString, at: 2),
            RejectedJSON("\"\t\"", .controlCharacterInString, at: 1),
            RejectedJSON("[\"ok\", \"\u{1F}\"]", .controlCharacterInString, at: 8),
            RejectedJSON(bytes: [0x22, 0x61, 0x00, 0x22], .controlCharacterInString, at: 2),
            RejectedJSON(bytes: [0x7B, 0x7D, 0x20, 0x00], .trailingData, at: 3),
            RejectedJSON(bytes: [0x5B, 0x31, 0x2C, 0x00, 0x5D], .unexpectedCharacter, at: 3),
        ]
    )
    func rejectsStrings(_ bad: RejectedJSON) {
        expectRejected(bad.bytes, bad.kind, at: bad.offset)
    }

    @Test(
        "Rejects invalid UTF-8 inside strings at the offending sequence",
        arguments: [
            RejectedJSON(bytes: [0x22, 0xC0, 0xAF, 0x22], .notUTF8, at: 1),  // overlong '/'
            RejectedJSON(bytes: [0x22, 0xC1, 0xBF, 0x22], .notUTF8, at: 1),  // overlong
            RejectedJSON(bytes: [0x22, 0xE0, 0x80, 0xAF, 0x22], .notUTF8, at: 1),  // overlong 3-byte
            RejectedJSON(bytes: [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], .notUTF8, at: 1),  // overlong 4-byte
            RejectedJSON(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .notUTF8, at: 1),  // U+D800 encoded
            RejectedJSON(bytes: [0x22, 0xED, 0xBF, 0xBF, 0x22], .notUTF8, at: 1),  // U+DFFF encoded
            RejectedJSON(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .notUTF8, at: 1),  // U+110000
            RejectedJSON(bytes: [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], .notUTF8, at: 1),
            RejectedJSON(bytes: [0x22, 0xFF, 0x22], .notUTF8, at: 1),
            RejectedJSON(bytes: [0x22, 0x61, 0x80, 0x22], .notUTF8, at: 2),  // lone continuation
            RejectedJSON(bytes: [0x22, 0x61, 0x62, 0xE2, 0x82, 0x22], .notUTF8, at: 3),  // truncated €
            RejectedJSON(bytes: [0x22, 0xC3, 0x22], .notUTF8, at: 1),
            RejectedJSON(bytes: [0x22, 0x61, 0x62, 0xF0, 0x9F, 0x98], .notUTF8, at: 3),  // truncated at end
            RejectedJSON(bytes: [0x7B, 0x22, 0xC0, 0xAF, 0x22, 0x3A, 0x31, 0x7D], .notUTF8, at: 2),  // in a name
        ]
    )
    func rejectsInvalidUTF8(_ bad: RejectedJSON) {
        expectRejected(bad.bytes, bad.kind, at: bad.offset)
    }

    @Test(
        "Rejects duplicate member names, compared after unescaping",
        arguments: [
            RejectedJSON(#"{"alg":1,"alg":2}"#, .duplicateMember("alg"), at: 9),
            RejectedJSON(#"{"alg":1,"\u0061lg":2}"#, .duplicateMember("alg"), at: 9),
            RejectedJSON(#"{"a\/b":1, "a/b":2}"#, .duplicateMember("a/b"), at: 11),
            RejectedJSON(#"{"😀":1,"\ud83d\ude00":2}"#, .duplicateMember("😀"), at: 10),
            RejectedJSON(#"{"x":{"a":1,"b":2,"a":3}}"#, .duplicateMember("a"), at: 18),
            RejectedJSON(#"{"a":1,"b":2,"a":{}}"#, .duplicateMember("a"), at: 13),
        ]
    )
    func rejectsDuplicates(_ bad: RejectedJSON) {
        expectRejected(bad.bytes, bad.kind, at: bad.offset)
    }

    @Test(
        "Duplicates are found in objects of any size (searched one by one, then through a set)",
        arguments: [1, 15, 16, 17, 40]
    )
    func rejectsDuplicatesInLargeObjects(members: Int) throws {
        let names = (0..<members).map { "m\($0)" }
        let unique = "{" + names.map { "\"\($0)\":0" }.joined(separator: ",") + "}"
        #expect(try StrictJSONParser().parseObject(Array(unique.utf8)).names == names)
        for repeated in Set([0, members / 2, members - 1]) {
            let text = String(unique.dropLast()) + ",\"\(names[repeated])\":1,\"last\":2}"
            expectRejected(Array(text.utf8), .duplicateMember(names[repeated]), at: unique.utf8.count)
            // The same name once more after it, escaped: still a duplicate after unescaping.
            let escaped = String(unique.dropLast()) + ",\"\\u006D\(names[repeated].dropFirst())\":1}"
            expectRejected(Array(escaped.utf8), .duplicateMember(names[repeated]), at: unique.utf8.count)
        }
    }

    @Test(
        "Nesting deeper than maximumDepth is rejected at the opening bracket",
        arguments: [
            (nestedArrays(33), 32, 32),
            (#"{"a":[{"b":[1]}]}"#, 3, 11),
            ("[[]]", 1, 1),
            ("[]", 0, 0),
        ]
    )
    func rejectsDeepNesting(input: String, maximumDepth: Int, offset: Int) {
        expectRejected(Array(input.utf8), .tooDeep, at: offset, parser: StrictJSONParser(maximumDepth: maximumDepth))
    }

    @Test("A megabyte of '[' fails with .tooDeep without overflowing the stack", arguments: [100_000, 1_000_000])
    func hugeOpeningBrackets(count: Int) {
        let parser = StrictJSONParser(maximumBytes: 2_000_000)
        expectRejected(Array(repeating: UInt8(ascii: "["), count: count), .tooDeep, at: 32, parser: parser)
        expectRejected(Array(repeating: UInt8(ascii: "{"), count: count), .unexpectedCharacter, at: 1, parser: parser)
        let mixed = Array(String(repeating: #"{"a":["#, count: count / 6).utf8)
        // `{"a":[` opens two levels in six bytes, so level 33 is the `{` at byte 16 * 6.
        expectRejected(mixed, .tooDeep, at: 96, parser: parser)
    }

    @Test("Deep nesting is rejected without recursion even with a huge depth limit")
    func hugeDepthLimitDoesNotOverflow() throws {
        let parser = StrictJSONParser(maximumDepth: .max, maximumBytes: .max)
        let depth = 200_000
        let value = try parser.parse(Array(nestedArrays(depth).utf8))
        var levels = 0
        var current = value
        while case .array(let elements) = current, let first = elements.first {
            levels += 1
            current = first
        }
        #expect(levels == depth)
        expectRejected(Array(String(repeating: "[", count: depth).utf8), .unexpectedEnd, at: depth, parser: parser)
        // Tear the deep value down iteratively so the test itself does not overflow the stack.
        current = .null
        var stack = [consume value]
        while let next = stack.popLast() {
            if case .array(let elements) = next { stack.append(contentsOf: elements) }
        }
    }

    @Test("Input longer than maximumBytes is rejected before parsing")
    func rejectsLargeInput() {
        expectRejected(Array("[\"abcdefg\"]".utf8), .tooLarge, at: 10, parser: StrictJSONParser(maximumBytes: 10))
        // Even garbage is reported as too large: the size check comes first.
        expectRejected([0xEF, 0xBB, 0xBF] + Array(repeating: 0, count: 65_534), .tooLarge, at: 65_536)
    }

    // MARK: parseObject

    @Test(
        "parseObject names the top-level type it found",
        arguments: [
            (#""abc""#, 0, "expected a JSON object, found a string at byte 0"),
            ("  [1]", 2, "expected a JSON object, found an array at byte 2"),
            ("null", 0, "expected a JSON object, found null at byte 0"),
            ("-3", 0, "expected a JSON object, found a number at byte 0"),
            ("true", 0, "expected a JSON object, found a boolean at byte 0"),
        ]
    )
    func parseObjectRejectsOtherTypes(input: String, offset: Int, message: String) {
        let error = #expect(throws: JSONParseError.self) {
            try StrictJSONParser().parseObject(Array(input.utf8))
        }
        #expect(error?.kind == .unexpectedCharacter)
        #expect(error?.offset == offset)
        #expect(error?.description == message)
    }

    @Test("parseObject reports syntax errors inside the object as such")
    func parseObjectSyntaxErrors() {
        let error = #expect(throws: JSONParseError.self) {
            try StrictJSONParser().parseObject(Array(#"{"a":1,}"#.utf8))
        }
        #expect(error == JSONParseError(kind: .trailingComma, offset: 6))
        let bare = #expect(throws: JSONParseError.self) { try StrictJSONParser().parseObject(Array("x".utf8)) }
        #expect(bare?.kind == .unexpectedCharacter)
    }

    @Test("parseObject returns the object")
    func parseObjectReturnsObject() throws {
        let object = try StrictJSONParser().parseObject(Array(#" {"sub":"1234","iat":1516239022} "#.utf8))
        #expect(object["sub"]?.stringValue == "1234")
        #expect(object["iat"]?.numberValue?.int64Value == 1_516_239_022)
    }

    // MARK: Messages

    @Test(
        "Error messages name the problem and the byte offset",
        arguments: [
            (Array(#"{"typ":"JWT","alg":"none","alg":"HS256"}"#.utf8), #"duplicate member "alg" at byte 26"#),
            (Array("[1,2,3,4,5,6,]".utf8), "trailing comma at byte 12"),
            (Array(nestedArrays(40).utf8), "nesting deeper than 32 levels at byte 32"),
            ([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], "byte order mark at byte 0 (JSON must be UTF-8 without a BOM)"),
            ([0x7B, 0x00, 0x7D, 0x00], "UTF-16 or UTF-32 text at byte 0 (JSON must be UTF-8)"),
            ([0x22, 0x61, 0x62, 0x63, 0x64, 0xC0, 0xAF, 0x22], "invalid UTF-8 at byte 5"),
            (Array(#""\ud800""#.utf8), #"lone surrogate escape \ud800 at byte 1"#),
            (Array(#""\uDC0A""#.utf8), #"lone surrogate escape \udc0a at byte 1"#),
            (Array("".utf8), "empty input at byte 0 (expected a JSON value)"),
            (Array("{}x".utf8), "unexpected character 'x' after the JSON value at byte 2"),
            (Array("[1 2]".utf8), "unexpected character '2' at byte 3 (expected ',' or ']')"),
            (Array("[1".utf8), "unexpected end of input at byte 2 (expected ',' or ']')"),
            (Array("[1,\u{1}]".utf8), "unexpected control byte 0x01 at byte 3 (expected a value)"),
            (Array("01".utf8), #"invalid number "01" at byte 0"#),
            (Array(#""\x""#.utf8), #"invalid escape \x at byte 1"#),
            (Array("\"a\nb\"".utf8), "unescaped control character U+000A in a string at byte 2"),
        ]
    )
    func messages(input: [UInt8], message: String) {
        let error = #expect(throws: JSONParseError.self) { try StrictJSONParser().parse(input) }
        #expect(error?.description == message)
    }

    @Test("Text quoted from the input in messages is escaped and shortened")
    func messagesAreSanitised() {
        let control = #expect(throws: JSONParseError.self) {
            try StrictJSONParser().parse(Array(#"{"a\nb\u001b[31m\u202e":1,"a\nb\u001b[31m\u202e":2}"#.utf8))
        }
        #expect(control?.kind == .duplicateMember("a\nb\u{1B}[31m\u{202E}"))
        #expect(control?.description == #"duplicate member "a\nb\u001b[31m\u202e" at byte 26"#)

        let long = String(repeating: "x", count: 500)
        let truncated = #expect(throws: JSONParseError.self) {
            try StrictJSONParser().parse(Array(#"{"\#(long)":1,"\#(long)":2}"#.utf8))
        }
        let description = truncated?.description ?? ""
        #expect(description.count < 80)
        #expect(description.contains("…"))

        let longNumber = #expect(throws: JSONParseError.self) {
            try StrictJSONParser().parse(Array(("0" + String(repeating: "1", count: 500)).utf8))
        }
        #expect((longNumber?.description.count ?? 0) < 80)
    }

    @Test("Errors compare by kind and offset")
    func errorEquality() {
        #expect(JSONParseError(kind: .trailingComma, offset: 3) == JSONParseError(kind: .trailingComma, offset: 3))
        #expect(JSONParseError(kind: .trailingComma, offset: 3) != JSONParseError(kind: .trailingComma, offset: 4))
        #expect(
            JSONParseError(kind: .duplicateMember("a"), offset: 3)
                != JSONParseError(kind: .duplicateMember("b"), offset: 3)
        )
    }

    // MARK: Robustness

    @Test("Every prefix of a valid document either parses or throws")
    func everyPrefix() throws {
        let document = Array(#"{"a":[1,-2.5e+3,true,false,null,"x\u00e9\ud83d\ude00\n😀"],"b":{"c":{}},"d":[]}"#.utf8)
        _ = try StrictJSONParser().parse(document)
        for length in 0..<document.count {
            #expect(throws: JSONParseError.self) { try StrictJSONParser().parse(document[0..<length]) }
        }
    }

    @Test("Random mutations never trap, and accepted values round-trip")
    func randomMutations() throws {
        let seeds = [
            #"{"alg":"HS256","typ":"JWT","kid":"k\u00e9y-1"}"#,
            #"{"sub":"1234567890","name":"John Doe","iat":1516239022,"exp":1e400,"aud":["a","b"]}"#,
            #"[null,true,false,0,-0.0,"\"\\\/\b\f\n\r\t",{"😀":[{}]}]"#,
        ].map { Array($0.utf8) }
        var generator = JSONMutationRandom(seed: 0x5EED)
        let interesting: [UInt8] = [
            0x00, 0x09, 0x0A, 0x20, 0x22, 0x2C, 0x2D, 0x2E, 0x30, 0x31, 0x3A, 0x5B, 0x5C, 0x5D, 0x65, 0x75,
            0x7B, 0x7D, 0x80, 0xBF, 0xC0, 0xE2, 0xED, 0xF0, 0xF4, 0xFF,
        ]
        let parser = StrictJSONParser()
        var accepted = 0
        for iteration in 0..<3_000 {
            var bytes = seeds[iteration % seeds.count]
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let position = Int(generator.next() % UInt64(bytes.count))
                let byte = interesting[Int(generator.next() % UInt64(interesting.count))]
                switch generator.next() % 3 {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
                if bytes.isEmpty { bytes = [0x20] }
            }
            let value: JSONValue
            do {
                value = try parser.parse(bytes)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
                #expect(!error.description.isEmpty)
                continue
            }
            accepted += 1
            #expect(try parser.parse(Array(value.serialized().utf8)) == value)
        }
        #expect(accepted > 0)
    }
}

/// A small deterministic random number generator for the mutation test.
private struct JSONMutationRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
