import Testing

@testable import ECETokenKit

/// The characters that must never be shown raw, by class, written out here apart from the code's own list.
enum DisplayHazards {
    static let classes: [(name: String, values: [UInt32])] = [
        ("C0 controls", Array(0x00...0x1F)),
        ("DEL", [0x7F]),
        ("C1 controls", Array(0x80...0x9F)),
        ("line and paragraph separators", [0x2028, 0x2029]),
        ("bidi controls", [0x061C, 0x200E, 0x200F] + Array(0x202A...0x202E) + Array(0x2066...0x2069)),
        ("zero-width characters", [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]),
    ]

    static let all: Set<UInt32> = Set(classes.flatMap(\.values))

    /// The scalars of `text` that are in a class above.
    static func raw(in text: String) -> [String] {
        text.unicodeScalars.filter { all.contains($0.value) }.map {
            "U+" + String($0.value, radix: 16, uppercase: true)
        }
    }

    /// `\uXXXX`, as the JSON writer writes a scalar.
    static func jsonEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}

@Suite("One escaping rule for display: text and JSON escape the same characters")
struct DisplayEscapingTests {
    @Test(
        "Every character of every class is escaped in text and in JSON",
        arguments: DisplayHazards.classes.map(\.name)
    )
    func everyClass(name: String) throws {
        let values = try #require(DisplayHazards.classes.first { $0.name == name }).values
        for value in values {
            let scalar = try #require(Unicode.Scalar(value))
            let text = "a" + String(scalar) + "b"
            let shown = EscapedText.escape(text)
            #expect(
                DisplayHazards.raw(in: shown).isEmpty,
                "U+\(String(value, radix: 16)) raw in \(shown.debugDescription)"
            )
            #expect(shown != text)
            let json = JSONValue.string(text).serialized()
            #expect(
                DisplayHazards.raw(in: json).isEmpty,
                "U+\(String(value, radix: 16)) raw in \(json.debugDescription)"
            )
            let short: [UInt32: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
            #expect(json == "\"a" + (short[value] ?? DisplayHazards.jsonEscape(value)) + "b\"")
        }
    }

    @Test("Over all of Unicode, a scalar is escaped exactly when it is in a class; the rest pass through")
    func exhaustive() {
        var wrong: [String] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let hazard = DisplayHazards.all.contains(value)
            if EscapedText.isDisplayHazard(value) != hazard { wrong.append("rule U+\(String(value, radix: 16))") }
            guard scalar != "\\", scalar != "\"" else { continue }
            let text = String(scalar)
            if (EscapedText.escape(text) == text) == hazard { wrong.append("text U+\(String(value, radix: 16))") }
            if (JSONValue.string(text).serialized() == "\"\(text)\"") == hazard {
                wrong.append("JSON U+\(String(value, radix: 16))")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test("Property: random text keeps no raw hazard in text or JSON, and JSON reads back as the same text")
    func property() throws {
        var generator = SplitMix64(seed: 15)
        let hazards = Array(DisplayHazards.all)
        let others: [UInt32] = [
            0x41, 0x5C, 0x22, 0x20, 0xE9, 0x7FF, 0x800, 0x2027, 0x202F, 0x2065, 0x206A, 0xFEFE, 0xFFFD, 0x1F600,
        ]
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                let pool = Bool.random(using: &generator) ? hazards : others
                text.unicodeScalars.append(Unicode.Scalar(pool.randomElement(using: &generator)!)!)
            }
            let shown = EscapedText.escape(text)
            #expect(DisplayHazards.raw(in: shown).isEmpty, "\(text.debugDescription) -> \(shown.debugDescription)")
            let json = JSONValue.string(text).serialized()
            #expect(DisplayHazards.raw(in: json).isEmpty, "\(text.debugDescription) -> \(json.debugDescription)")
            #expect(try StrictJSONParser().parse(Array(json.utf8)) == .string(text))
            let pretty = JSONValue.array([.string(text)]).serializedPretty()
            // Its only line feeds are the two structural ones around the element.
            #expect(DisplayHazards.raw(in: pretty) == ["U+A", "U+A"])
        }
    }
}
