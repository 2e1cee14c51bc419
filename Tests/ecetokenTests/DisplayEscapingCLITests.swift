import Foundation
import Testing

/// One character of each class that must never reach a terminal or a JSON consumer raw.
struct HazardCase: Sendable, CustomTestStringConvertible {
    let name: String
    let value: UInt32

    var scalar: String { String(Unicode.Scalar(value)!) }
    /// How the JSON writer writes it.
    var json: String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
    /// How text output shows it.
    var text: String { "\\u{" + String(value, radix: 16) + "}" }
    var testDescription: String { "\(name) U+\(String(value, radix: 16, uppercase: true))" }

    static let all: [HazardCase] = [
        .init(name: "C0 ESC", value: 0x1B), .init(name: "DEL", value: 0x7F), .init(name: "C1 CSI", value: 0x9B),
        .init(name: "line separator", value: 0x2028), .init(name: "paragraph separator", value: 0x2029),
        .init(name: "Arabic letter mark", value: 0x061C), .init(name: "LRM", value: 0x200E),
        .init(name: "RLM", value: 0x200F), .init(name: "LRE", value: 0x202A), .init(name: "RLO", value: 0x202E),
        .init(name: "LRI", value: 0x2066), .init(name: "PDI", value: 0x2069), .init(name: "ZWSP", value: 0x200B),
        .init(name: "ZWNJ", value: 0x200C), .init(name: "ZWJ", value: 0x200D),
        .init(name: "word joiner", value: 0x2060),
        .init(name: "BOM", value: 0xFEFF),
    ]

    /// Every character of every class, written out apart from the code's list.
    static let every: Set<UInt32> = Set(
        Array(0x00...0x1F) + [0x7F] + Array(0x80...0x9F) + [0x2028, 0x2029, 0x061C, 0x200E, 0x200F]
            + Array(0x202A...0x202E) + Array(0x2066...0x2069) + [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
    )

    /// The hazards in `output` other than line feeds.
    static func raw(in output: String) -> [String] {
        output.unicodeScalars.filter { $0 != "\n" && every.contains($0.value) }.map {
            "U+" + String($0.value, radix: 16, uppercase: true)
        }
    }
}

@Suite("One escaping rule on every output path: inspect, verify, audit, mint and error messages")
struct DisplayEscapingCLITests {
    /// A persistent token whose sub, iss and role carry `hazard`, signed with the fixture secret.
    static func token(_ hazard: HazardCase) throws -> String {
        let claims =
            #"{"sub":"s\#(hazard.json)s","roles":["allo\#(hazard.json)cator"],"iss":"i\#(hazard.json)i","persistent":true}"#
        return TestTokens.sign(header: TestTokens.eceHeader, claims: claims, key: try E2E.secretKey())
    }

    static func expectEscaped(_ result: ToolResult, _ path: String, shows form: String?) {
        #expect(HazardCase.raw(in: result.stdout).isEmpty, "\(path): raw in stdout\n\(result)")
        #expect(HazardCase.raw(in: result.stderr).isEmpty, "\(path): raw in stderr\n\(result)")
        if let form {
            #expect((result.stdout + result.stderr).contains(form), "\(path): \(form) not shown\n\(result)")
        }
        #expect(result.exitCode != nil, "\(path): killed\n\(result)")
    }

    @Test("Claims with the character: inspect, verify and audit, text and JSON", arguments: HazardCase.all)
    func claims(hazard: HazardCase) throws {
        let token = try Self.token(hazard)
        let directory = try TemporaryDirectory()
        let file = try directory.write(token + "\n", to: "t\(hazard.scalar).txt")
        let secret = E2E.secretOptions
        let runs: [(String, [String], String)] = [
            ("inspect text", ["inspect", token], hazard.text),
            ("inspect json", ["inspect", "--format", "json", token], hazard.json),
            ("verify text", ["verify"] + secret + [file], hazard.text),
            ("verify json", ["verify"] + secret + ["--format", "json", file], hazard.json),
            ("audit text", ["audit"] + secret + [file], hazard.text),
            ("audit jsonl", ["audit"] + secret + ["--format", "jsonl", file], hazard.json),
        ]
        for (path, arguments, form) in runs {
            Self.expectEscaped(try ToolRunner.runAtFixedTime(arguments), path, shows: form)
        }
        let jsonl = ["audit"] + secret + ["--format", "jsonl", file]
        let fast = try ToolRunner.runAtFixedTime(jsonl)
        let full = try ToolRunner.runAtFixedTime(jsonl, environment: ["ECETOKEN_NO_FAST_PATH": "1"])
        #expect(fast.stdoutData == full.stdoutData)
    }

    @Test("mint's warning and summary, and error messages echoing a path or an argument", arguments: HazardCase.all)
    func echoed(hazard: HazardCase) throws {
        let mint = ["mint"] + E2E.secretOptions + ["--roles", "allo\(hazard.scalar)cator", "--persistent"]
        Self.expectEscaped(
            try ToolRunner.runAtFixedTime(mint + ["--subject", "s\(hazard.scalar)s"]),
            "mint text",
            shows: "allo\(hazard.text)cator"
        )
        Self.expectEscaped(
            try ToolRunner.runAtFixedTime(mint + ["--subject", "s\(hazard.scalar)s", "--format", "json"]),
            "mint json",
            shows: "s\(hazard.json)s"
        )
        let missing = "Fixtures/no\(hazard.scalar)such.jwt"
        Self.expectEscaped(
            try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [missing]),
            "cannot open",
            shows: "no\(hazard.text)such"
        )
        Self.expectEscaped(
            try ToolRunner.runAtFixedTime(["inspect", "a\(hazard.scalar)b"]),
            "not a file, and not a token",
            shows: "a\(hazard.text)b"
        )
    }
}
