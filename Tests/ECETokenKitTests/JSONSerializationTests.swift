import ECETokenKit
import Testing

/// Parses `text` with the default parser.
private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
    try StrictJSONParser().parse(Array(text.utf8))
}

@Suite("JSON serialization and value model")
struct JSONSerializationTests {

    // MARK: Compact output

    @Test(
        "Parsing then serializing gives compact text in source order",
        arguments: [
            ("{ }", "{}"),
            ("[ ]", "[]"),
            (" null ", "null"),
            ("true", "true"),
            (#"{ "b" : [1, 2.50, true, null], "a" : {"x": "y"} }"#, #"{"b":[1,2.50,true,null],"a":{"x":"y"}}"#),
            ("[-0, 1E+2, 1e400, 12345678901234567890, -1.5e-3]", "[-0,1E+2,1e400,12345678901234567890,-1.5e-3]"),
            (#""a\/b""#, #""a/b""#),
            (#""\u0041\u00e9""#, #""Aé""#),
            (#""\"\\\b\f\n\r\t""#, #""\"\\\b\f\n\r\t""#),
            (#""\u0000\u0001\u001F\u007f""#, #""\u0000\u0001\u001f\u007f""#),
            (#""\u2028\u2029""#, #""\u2028\u2029""#),
            (#""\ud83d\ude00 😀 €""#, #""😀 😀 €""#),
            (#"{"k\ney":"v"}"#, #"{"k\ney":"v"}"#),
            ("[[[]],{\"a\":{}}]", "[[[]],{\"a\":{}}]"),
        ]
    )
    func roundTrip(input: String, expected: String) throws {
        let value = try parse(input)
        #expect(value.serialized() == expected)
        #expect(try parse(value.serialized()) == value)
    }

    @Test("Strings are escaped per RFC 8259 and nothing else is")
    func escaping() {
        let value = JSONValue.string("\"\\/\u{8}\u{C}\n\r\t\u{0}\u{1B}\u{1F}\u{7F}\u{2028}\u{2029}\u{2027}é😀<>&'")
        #expect(value.serialized() == #""\"\\/\b\f\n\r\t\u0000\u001b\u001f\u007f\u2028\u2029\#u{2027}é😀<>&'""#)
    }

    @Test("Member names are escaped like strings")
    func nameEscaping() {
        let object = JSONObject([JSONObject.Member(name: "a\"b\u{1}", value: .null)])
        #expect(JSONValue.object(object).serialized() == #"{"a\"b\u0001":null}"#)
    }

    @Test("Numbers are written as their text")
    func numbersAsText() {
        let value = JSONValue.array([
            .number(JSONNumber(text: "1.0")), .number(JSONNumber(-42)), .number(JSONNumber(text: "6.02e23")),
        ])
        #expect(value.serialized() == "[1.0,-42,6.02e23]")
    }

    // MARK: Pretty output

    @Test("Pretty output indents by two spaces with one space after colons")
    func prettyNested() throws {
        let value = try parse(#"{"a":1,"b":[true,null,"x\n"],"c":{},"d":[],"e":{"f":{"g":[1]}}}"#)
        let expected = """
            {
              "a": 1,
              "b": [
                true,
                null,
                "x\\n"
              ],
              "c": {},
              "d": [],
              "e": {
                "f": {
                  "g": [
                    1
                  ]
                }
              }
            }
            """
        #expect(value.serializedPretty() == expected)
        #expect(!value.serializedPretty().hasSuffix("\n"))
        #expect(try parse(value.serializedPretty()) == value)
    }

    @Test(
        "Pretty output of scalars and empty containers is a single line",
        arguments: [
            (JSONValue.null, "null"),
            (.bool(false), "false"),
            (.number(JSONNumber(7)), "7"),
            (.string("\u{2028}"), #""\u2028""#),
            (.array([]), "[]"),
            (.object(JSONObject([])), "{}"),
        ]
    )
    func prettyScalars(value: JSONValue, expected: String) {
        #expect(value.serializedPretty() == expected)
    }

    // MARK: JSONNumber

    @Test(
        "int64Value is exact for integers that fit and nil otherwise",
        arguments: [
            ("1493646213", Int64?.some(1_493_646_213)),
            ("-0", 0),
            ("0", 0),
            ("-17", -17),
            ("9223372036854775807", .max),
            ("-9223372036854775808", .min),
            ("9223372036854775808", nil),
            ("12345678901234567890", nil),
            ("1.0", nil),
            ("1e3", nil),
            ("1E3", nil),
        ]
    )
    func int64Value(text: String, expected: Int64?) throws {
        let number = try #require(try parse(text).numberValue)
        #expect(number.text == text)
        #expect(number.int64Value == expected)
    }

    @Test(
        "isInteger looks for a fraction or an exponent",
        arguments: [
            ("12", true), ("-0", true), ("12345678901234567890", true), ("1.0", false), ("1e2", false), ("1E-2", false),
        ]
    )
    func isInteger(text: String, expected: Bool) {
        #expect(JSONNumber(text: text).isInteger == expected)
    }

    @Test("doubleValue never traps, even out of range")
    func doubleValue() {
        #expect(JSONNumber(text: "1e400").doubleValue == .infinity)
        #expect(JSONNumber(text: "-1e400").doubleValue == -.infinity)
        #expect(JSONNumber(text: "1e-400").doubleValue == 0)
        #expect(JSONNumber(text: "-1.5e3").doubleValue == -1500)
        #expect(JSONNumber(text: "12345678901234567890").doubleValue == 12_345_678_901_234_567_890.0)
    }

    @Test("A number made from an Int64 has the decimal text")
    func numberFromInt64() {
        #expect(JSONNumber(Int64.min).text == "-9223372036854775808")
        #expect(JSONNumber(0).description == "0")
        #expect(JSONNumber(1_516_239_022).int64Value == 1_516_239_022)
        #expect(JSONNumber(1) != JSONNumber(text: "1.0"))
    }

    // MARK: Accessors

    @Test("Accessors return the payload only for the matching case")
    func accessors() throws {
        let object = try #require(try parse(#"{"s":"x","b":true,"n":1,"a":[],"o":{},"z":null}"#).objectValue)
        #expect(object["s"]?.stringValue == "x")
        #expect(object["b"]?.boolValue == true)
        #expect(object["n"]?.numberValue == JSONNumber(1))
        #expect(object["a"]?.arrayValue == [])
        #expect(object["o"]?.objectValue == JSONObject([]))
        #expect(object["s"]?.boolValue == nil)
        #expect(object["b"]?.stringValue == nil)
        #expect(object["n"]?.stringValue == nil)
        #expect(object["z"]?.numberValue == nil)
        #expect(object["o"]?.arrayValue == nil)
        #expect(object["a"]?.objectValue == nil)
    }

    @Test(
        "typeName names each JSON type",
        arguments: [
            (JSONValue.null, "null"),
            (.bool(true), "boolean"),
            (.number(JSONNumber(1)), "number"),
            (.string(""), "string"),
            (.array([]), "array"),
            (.object(JSONObject([])), "object"),
        ]
    )
    func typeNames(value: JSONValue, expected: String) {
        #expect(value.typeName == expected)
    }

    @Test("JSONObject keeps order and looks members up by name")
    func objectModel() {
        let object = JSONObject([
            JSONObject.Member(name: "z", value: .number(JSONNumber(1))),
            JSONObject.Member(name: "a", value: .string("two")),
        ])
        #expect(object.names == ["z", "a"])
        #expect(object["a"] == .string("two"))
        #expect(object["b"] == nil)
        #expect(JSONValue.object(object).serialized() == #"{"z":1,"a":"two"}"#)
    }
}
