import Foundation
import Testing

// The adversarial suite end to end: every vector of the security checklist (../shared/docs/security.md) run
// through the built `ecetoken`, in text and JSON. The hostile fixtures under Fixtures/hostile are run by
// ManifestTests; these are generated, so each rule gets every variant. The library-level versions are in
// Tests/ECETokenKitTests/SecurityChecklistTests.swift.

/// Hostile tokens, signed with the fixture secret by the tests' own HMAC (never the tool's).
private enum Hostile {
    static let uuid = "5d0c2b7e-93a1-4f6e-b8d2-0e4a6c8f1b3d"
    static let persistent = #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true}"#
    static let now = PolicyCLI.now

    static func ephemeral(exp: String) -> String {
        #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":false,"exp":\#(exp)}"#
    }

    static func key() throws -> [UInt8] { try E2E.secretKey() }

    /// A token over header and claims text, signed with the fixture secret.
    static func token(header: String = TestTokens.eceHeader, claims: String = persistent) throws -> String {
        TestTokens.sign(header: header, claims: claims, key: try key())
    }

    /// A token over arbitrary decoded bytes, signed with the fixture secret.
    static func token(headerBytes: [UInt8], claimsBytes: [UInt8]) throws -> String {
        let signingInput = TestBase64URL.encode(headerBytes) + "." + TestBase64URL.encode(claimsBytes)
        return signingInput + "."
            + TestBase64URL.encode(TestHMAC.mac(.hs256, key: try key(), message: Array(signingInput.utf8)))
    }

    /// ECE-shaped claims with `sequence` spliced into the `sub` value.
    static func claims(splicing sequence: [UInt8]) -> [UInt8] {
        Array("{\"sub\":\"a".utf8) + sequence + Array("b\",\"roles\":[],\"iss\":\"current\",\"persistent\":true}".utf8)
    }

    /// `header.payload.` + the given signature text.
    static func withSignature(_ token: String, _ signature: String) -> String {
        TestTokens.signingInput(token) + "." + signature
    }

    static func verify(_ arguments: [String], stdin: Data? = nil) throws -> ToolResult {
        try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + arguments, stdin: stdin)
    }

    /// `verify --format json`: the result and its reports.
    static func verifyJSON(_ arguments: [String], stdin: Data? = nil) throws -> (ToolResult, [[String: Any]]) {
        let result = try verify(["--format", "json"] + arguments, stdin: stdin)
        return (result, try result.jsonReports())
    }

    /// `inspect --format json` without a secret.
    static func inspectJSON(_ arguments: [String], stdin: Data? = nil) throws -> (ToolResult, [[String: Any]]) {
        let result = try ToolRunner.runAtFixedTime(["inspect", "--format", "json"] + arguments, stdin: stdin)
        return (result, try result.jsonReports())
    }

    static func errorCode(_ report: [String: Any]) -> String? {
        (report["error"] as? [String: Any])?["code"] as? String
    }

    static func errorMessage(_ report: [String: Any]) -> String {
        (report["error"] as? [String: Any])?["message"] as? String ?? ""
    }

    /// The lines of stderr that report an error (warnings about the fixture secret's mode are not errors).
    static func errorLines(_ result: ToolResult) -> [Substring] {
        result.stderr.split(separator: "\n").filter { $0.hasPrefix("ecetoken: error:") }
    }

    /// Bytes a terminal would act on: C0 controls other than a line feed, DEL, C1 controls in UTF-8, U+2028/U+2029
    /// and the bidirectional controls (U+061C, U+200E/F, U+202A-E, U+2066-9).
    static func terminalUnsafeScalars(_ data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).unicodeScalars.filter { scalar in
            if scalar == "\n" { return false }
            if scalar.properties.generalCategory == .control { return true }
            if scalar.value == 0x2028 || scalar.value == 0x2029 { return true }
            return scalar.properties.isBidiControl
        }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }
}

@Suite("Adversarial inputs end to end: every checklist vector through the built ecetoken")
struct AdversarialCLITests {

    // MARK: alg

    @Test(
        "alg none in every casing, with a correct HMAC or an empty signature: verify exits 2, inspect shows the header failing",
        .bug("https://www.rfc-editor.org/rfc/rfc8725#section-3.1", "RFC 8725 §3.1"),
        .bug("https://www.rfc-editor.org/rfc/rfc7518#section-3.6", "RFC 7518 §3.6: unsecured JWS"),
        arguments: ["none", "None", "NONE", "nOnE", #"\u006eone"#],
        ["correct HMAC", "empty"]
    )
    func algNone(alg: String, signature: String) throws {
        let signed = try Hostile.token(header: #"{"typ":"JWT","alg":"\#(alg)"}"#)
        let token = signature == "empty" ? Hostile.withSignature(signed, "") : signed

        let (json, reports) = try Hostile.verifyJSON([token])
        #expect(json.exitCode == 2, "\(json)")
        let report = try #require(reports.first)
        #expect(Hostile.errorCode(report) == "alg_not_allowed")
        #expect(report["signature"] as? String == "invalid")
        #expect(report["claims_checked"] as? Bool == false)
        #expect((report["algorithm"] as? String)?.lowercased() == "none")

        let text = try Hostile.verify([token])
        #expect(text.exitCode == 2, "\(text)")
        #expect(text.stdout.contains("FAIL (signature invalid)"), "\(text)")
        #expect(!text.stdout.contains("PASS"), "\(text)")

        let (inspect, inspected) = try Hostile.inspectJSON([token])
        #expect(inspect.exitCode == 0, "inspect exits 0 for a decodable token\n\(inspect)")
        #expect(inspected.first?["verdict"] as? String == "fail")
        #expect(PolicyCLI.check(try #require(inspected.first), "header")?.status == "fail")
    }

    @Test(
        "Escaped alg names are compared after unescaping: HS256 spelled with escapes passes, none spelled so fails",
        .bug("https://www.rfc-editor.org/rfc/rfc8259#section-7", "RFC 8259 §7"),
        arguments: [
            (#"HS\u0032\u0035\u0036"#, Int32(0)), (#"\u0048\u0053\u0032\u0035\u0036"#, 0), (#"\u006eone"#, 2),
            (#"\u004eONE"#, 2),
        ]
    )
    func escapedAlg(alg: String, exit: Int32) throws {
        let (result, reports) = try Hostile.verifyJSON([try Hostile.token(header: #"{"typ":"JWT","alg":"\#(alg)"}"#)])
        #expect(result.exitCode == exit, "\(result)")
        let algorithm = reports.first?["algorithm"] as? String
        #expect(algorithm == (exit == 0 ? "HS256" : (alg.hasPrefix(#"\u004e"#) ? "NONE" : "none")))
    }

    @Test(
        "Lowercase, mixed-case and padded alg names exit 2, and are shown escaped",
        .bug("https://www.rfc-editor.org/rfc/rfc7515#section-4.1.1", "RFC 7515 §4.1.1: case-sensitive"),
        arguments: ["hs256", "Hs256", "HS256 ", " HS256", #"HS256\t"#, #"HS256\u0000"#, #"\u202eHS256"#, "ＨＳ256"]
    )
    func lowercaseAndPadded(alg: String) throws {
        let token = try Hostile.token(header: #"{"typ":"JWT","alg":"\#(alg)"}"#)
        let (result, reports) = try Hostile.verifyJSON([token])
        #expect(result.exitCode == 2, "\(result)")
        #expect(Hostile.errorCode(try #require(reports.first)) == "alg_not_allowed")
        if alg == "hs256" { #expect(Hostile.errorMessage(reports[0]).contains("case-sensitive")) }

        let text = try Hostile.verify([token])
        #expect(text.exitCode == 2)
        #expect(Hostile.terminalUnsafeScalars(text.stdoutData).isEmpty, "\(text)")
        #expect(Hostile.terminalUnsafeScalars(text.stderrData).isEmpty, "\(text)")
    }

    @Test(
        "alg null, an array, a number, an object, a boolean, or missing: exit 3 for verify and inspect",
        arguments: [
            ("null", "alg_not_string"), (#"["HS256"]"#, "alg_not_string"), ("256", "alg_not_string"),
            (#"{"name":"HS256"}"#, "alg_not_string"), ("true", "alg_not_string"), ("", "missing_alg"),
        ]
    )
    func algNotAString(alg: String, code: String) throws {
        let header = alg.isEmpty ? #"{"typ":"JWT"}"# : #"{"typ":"JWT","alg":\#(alg)}"#
        let token = try Hostile.token(header: header)
        let (verify, reports) = try Hostile.verifyJSON([token])
        #expect(verify.exitCode == 3, "\(verify)")
        #expect(Hostile.errorCode(try #require(reports.first)) == code)
        let (inspect, inspected) = try Hostile.inspectJSON([token])
        #expect(inspect.exitCode == 3, "\(inspect)")
        #expect(Hostile.errorCode(try #require(inspected.first)) == code)
        #expect(Hostile.errorLines(inspect).count == 1, "one clear message\n\(inspect)")
    }

    // MARK: crit and b64

    @Test(
        "crit in every form and b64 with or without crit: verify exits 2 with unsupported_crit; inspect shows the header failing",
        .bug("https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11", "RFC 7515 §4.1.11"),
        .bug("https://www.rfc-editor.org/rfc/rfc7797#section-6", "RFC 7797 §6"),
        arguments: [
            #""crit":[]"#, #""crit":["b64"]"#, #""crit":["exp"]"#, #""crit":"string""#, #""crit":null"#,
            #""b64":false,"crit":["b64"]"#, #""b64":false"#, #""b64":true"#,
        ]
    )
    func critAndB64(member: String) throws {
        let token = try Hostile.token(header: #"{"typ":"JWT","alg":"HS256",\#(member)}"#)
        let (verify, reports) = try Hostile.verifyJSON([token])
        #expect(verify.exitCode == 2, "\(verify)")
        #expect(Hostile.errorCode(try #require(reports.first)) == "unsupported_crit")
        #expect(reports[0]["claims_checked"] as? Bool == false)
        let (inspect, inspected) = try Hostile.inspectJSON([token])
        #expect(inspect.exitCode == 0, "\(inspect)")
        #expect(PolicyCLI.check(try #require(inspected.first), "header")?.status == "fail")
    }

    // MARK: signatures and framing

    @Test(
        "Empty, truncated, extended, padded, standard-alphabet and non-canonical signatures each exit with their code",
        .bug("https://www.rfc-editor.org/rfc/rfc7515#section-2", "RFC 7515 §2"),
        arguments: [
            ("empty", Int32(2), "signature_length"), ("truncated to 31 bytes", 2, "signature_length"),
            ("extended to 33 bytes", 2, "signature_length"), ("padded with =", 3, "invalid_character"),
            ("standard alphabet", 3, "invalid_character"), ("non-canonical", 3, "invalid_base64"),
            ("45 characters (1 mod 4)", 3, "invalid_base64"),
        ]
    )
    func signatureShapes(variant: String, exit: Int32, code: String) throws {
        // A token whose signature's base64url spelling has '-' or '_', so its standard spelling differs.
        var token = ""
        for counter in 0..<200 {
            token = try Hostile.token(
                claims: #"{"sub":"\#(Hostile.uuid)","roles":[],"iss":"current","persistent":true,"n":\#(counter)}"#
            )
            let signature = String(TestTokens.segments(token)[2])
            if signature.contains("-") || signature.contains("_") { break }
        }
        let signature = String(TestTokens.segments(token)[2])
        let mac = try #require(TestBase64URL.decode(signature))
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let spelled: String
        switch variant {
        case "empty": spelled = ""
        case "truncated to 31 bytes": spelled = TestBase64URL.encode(mac.prefix(31))
        case "extended to 33 bytes": spelled = TestBase64URL.encode(mac + [0])
        case "padded with =": spelled = signature + "="
        case "standard alphabet":
            spelled = signature.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        case "45 characters (1 mod 4)": spelled = signature + "AA"
        default:
            let last = try #require(alphabet.firstIndex(of: signature.last!))
            spelled = String(signature.dropLast()) + String(alphabet[last | 0b10])
        }
        let forged = Hostile.withSignature(token, spelled)
        let (result, reports) = try Hostile.verifyJSON([forged])
        #expect(result.exitCode == exit, "\(result)")
        #expect(Hostile.errorCode(try #require(reports.first)) == code, "\(result)")
        #expect(try Hostile.verify([token]).exitCode == 0, "the unmodified token verifies")
    }

    @Test(
        "Two, four and five segments of a real token exit 3 with segment_count",
        .bug("https://www.rfc-editor.org/rfc/rfc7515#section-7.1", "RFC 7515 §7.1"),
        arguments: [2, 4, 5]
    )
    func segmentCounts(count: Int) throws {
        let parts = TestTokens.segments(try Hostile.token()).map(String.init)
        let text = (parts + parts).prefix(count).joined(separator: ".")
        let (result, reports) = try Hostile.verifyJSON([text])
        #expect(result.exitCode == 3, "\(result)")
        #expect(Hostile.errorCode(try #require(reports.first)) == "segment_count")
        if count == 5 { #expect(Hostile.errorMessage(reports[0]).contains("JWE")) }
    }

    @Test(
        "A 20 000-dot token fails fast with too_large, as an argument and on a line between valid tokens",
        .bug("https://www.cve.org/CVERecord?id=CVE-2025-30204", "golang-jwt: allocation per dot"),
        .bug("https://www.cve.org/CVERecord?id=CVE-2025-27144", "go-jose: allocation per dot")
    )
    func twentyThousandDots() throws {
        let dots = String(repeating: ".", count: 20_000)
        let clock = ContinuousClock()
        var result: ToolResult?
        var reports: [[String: Any]] = []
        let elapsed = try clock.measure {
            let run = try Hostile.verifyJSON([dots])
            result = run.0
            reports = run.1
        }
        #expect(result?.exitCode == 3, "\(String(describing: result))")
        #expect(reports.first.flatMap(Hostile.errorCode) == "too_large")
        #expect(elapsed < .seconds(20), "\(elapsed)")

        let directory = try TemporaryDirectory()
        let valid = try Hostile.token()
        let path = try directory.write(valid + "\n" + dots + "\n" + valid + "\n", to: "tokens.txt")
        let (batch, batchReports) = try Hostile.verifyJSON([path])
        #expect(batch.exitCode == 3, "\(batch)")
        #expect(batchReports.map { $0["outcome"] as? String } == ["pass", "malformed", "pass"])
        #expect(batchReports.map(Hostile.errorCode) == [nil, "too_large", nil])
    }

    @Test(
        "Whitespace and non-ASCII inside a token argument exit 3 with invalid_character, in one line naming the position",
        arguments: [" ", "\t", "\n", "\r", "é", "\u{A0}", "\u{200B}"],
        [0, 1, 2]
    )
    func whitespaceInside(character: String, segment: Int) throws {
        var parts = TestTokens.segments(try Hostile.token()).map(String.init)
        parts[segment].insert(contentsOf: character, at: parts[segment].index(parts[segment].startIndex, offsetBy: 10))
        let token = parts.joined(separator: ".")
        let result = try Hostile.verify([token])
        #expect(result.exitCode == 3, "\(result)")
        let lines = Hostile.errorLines(result)
        #expect(lines.count == 1, "\(result)")
        #expect(
            lines.first?.contains("\(["header", "payload", "signature"][segment]) segment at character") == true,
            "\(result)"
        )
        #expect(Hostile.terminalUnsafeScalars(result.stderrData).isEmpty, "\(result)")
        let (_, reports) = try Hostile.verifyJSON([token])
        #expect(Hostile.errorCode(try #require(reports.first)) == "invalid_character")
    }

    @Test(
        "The JWS JSON serialization (flattened or general) is never accepted: a file, stdin or a line exits 3",
        .bug("https://www.cve.org/CVERecord?id=CVE-2022-39227", "python-jwt: JSON serialization accepted"),
        arguments: ["flattened", "general"]
    )
    func jsonSerialization(form: String) throws {
        let token = try Hostile.token()
        let parts = TestTokens.segments(token).map(String.init)
        let json =
            form == "flattened"
            ? #"{"protected":"\#(parts[0])","payload":"\#(parts[1])","signature":"\#(parts[2])"}"#
            : #"{"payload":"\#(parts[1])","signatures":[{"protected":"\#(parts[0])","signature":"\#(parts[2])"}]}"#
        let directory = try TemporaryDirectory()
        let file = try directory.write(json + "\n", to: "jws.json")
        let pretty = try directory.write(
            String(
                decoding: try JSONSerialization.data(
                    withJSONObject: try JSONSerialization.jsonObject(with: Data(json.utf8)),
                    options: [.prettyPrinted]
                ),
                as: UTF8.self
            ),
            to: "jws-pretty.json"
        )
        for input in [file, pretty] {
            let (result, reports) = try Hostile.verifyJSON([input])
            #expect(result.exitCode == 3, "\(result)")
            #expect(Hostile.errorMessage(try #require(reports.first)).contains("JWS JSON serialization"), "\(result)")
        }
        let (stdin, _) = try Hostile.verifyJSON(["-"], stdin: Data(json.utf8))
        #expect(stdin.exitCode == 3, "\(stdin)")
        let list = try directory.write(token + "\n" + json + "\n" + token + "\n", to: "list.txt")
        let (batch, batchReports) = try Hostile.verifyJSON([list])
        #expect(batch.exitCode == 3)
        #expect(batchReports.map { $0["outcome"] as? String } == ["pass", "malformed", "pass"])
        // As an argument it is not a path that exists and not a token: refused one way or the other, never verified.
        let argument = try Hostile.verify([json])
        #expect(argument.exitCode == 3 || argument.exitCode == 66, "\(argument)")
    }

    // MARK: JSON

    @Test(
        "Duplicate members, plain or escaped, in the header or the claims exit 3 naming the duplicate",
        .bug("https://www.rfc-editor.org/rfc/rfc7515#section-4", "RFC 7515 §4"),
        .bug("https://www.rfc-editor.org/rfc/rfc7519#section-4", "RFC 7519 §4"),
        arguments: [
            (true, #"{"alg":"none","alg":"HS256"}"#), (true, #"{"alg":"HS256","\u0061lg":"none"}"#),
            (false, #"{"sub":"x","roles":[],"iss":"current","iss":"evil","persistent":true}"#),
            (false, #"{"sub":"x","roles":[],"persistent":false,"exp":9999999999,"\u0065xp":1}"#),
        ] as [(Bool, String)]
    )
    func duplicates(inHeader: Bool, json: String) throws {
        let token = inHeader ? try Hostile.token(header: json) : try Hostile.token(claims: json)
        let (result, reports) = try Hostile.verifyJSON([token])
        #expect(result.exitCode == 3, "\(result)")
        #expect(
            Hostile.errorCode(try #require(reports.first))
                == (inHeader ? "header_not_json_object" : "payload_not_json_object")
        )
        #expect(Hostile.errorMessage(reports[0]).contains("duplicate member"))
    }

    /// The claims in every non-UTF-8 shape the checklist names.
    static let encodingCases: [(String, [UInt8])] = {
        let claims = Hostile.persistent
        let le = claims.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be = claims.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        return [
            ("UTF-16LE", le), ("UTF-16LE with BOM", [0xFF, 0xFE] + le), ("UTF-16BE", be),
            ("UTF-16BE with BOM", [0xFE, 0xFF] + be),
            ("UTF-8 BOM", [0xEF, 0xBB, 0xBF] + Array(claims.utf8)),
            ("overlong", Hostile.claims(splicing: [0xC0, 0xAF])),
            ("surrogate encoded", Hostile.claims(splicing: [0xED, 0xA0, 0x80])),
            ("truncated", Hostile.claims(splicing: [0xE2, 0x82])),
            ("0xFF", Hostile.claims(splicing: [0xFF])),
            ("lone high surrogate escape", Hostile.claims(splicing: Array("\\ud800".utf8))),
            ("lone low surrogate escape", Hostile.claims(splicing: Array("\\udc00".utf8))),
        ]
    }()

    /// The bytes of one encoding case.
    static func encodingCase(_ label: String) -> [UInt8]? {
        for (name, bytes) in encodingCases where name == label { return bytes }
        return nil
    }

    @Test(
        "Claims in UTF-16, with a BOM, with invalid UTF-8 or a lone surrogate escape exit 3, verify and inspect",
        .bug("https://www.rfc-editor.org/rfc/rfc8725#section-3.7", "RFC 8725 §3.7: use UTF-8"),
        arguments: encodingCases.map(\.0)
    )
    func encodings(label: String) throws {
        let bytes = try #require(Self.encodingCase(label))
        let token = try Hostile.token(headerBytes: Array(TestTokens.eceHeader.utf8), claimsBytes: bytes)
        let (verify, reports) = try Hostile.verifyJSON([token])
        #expect(verify.exitCode == 3, "\(verify)")
        #expect(Hostile.errorCode(try #require(reports.first)) == "payload_not_json_object")
        let inspect = try ToolRunner.runAtFixedTime(["inspect", token])
        #expect(inspect.exitCode == 3, "\(inspect)")
        #expect(Hostile.terminalUnsafeScalars(inspect.stdoutData + inspect.stderrData).isEmpty)
    }

    @Test(
        "Nesting bombs in the header and the claims: depth 32 passes; 33 and 1000 exit 3; 100 000 is too_large",
        .bug("https://www.cve.org/CVERecord?id=CVE-2025-53864", "Nimbus JOSE+JWT: deeply nested JSON"),
        arguments: [32, 33, 1000, 100_000],
        [true, false]
    )
    func nestingBombs(depth: Int, inHeader: Bool) throws {
        let nested = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
        let token =
            inHeader
            ? try Hostile.token(header: #"{"typ":"JWT","alg":"HS256","x":\#(nested)}"#)
            : try Hostile.token(
                claims: #"{"sub":"\#(Hostile.uuid)","roles":[],"iss":"current","persistent":true,"x":\#(nested)}"#
            )
        let directory = try TemporaryDirectory()
        let path = try directory.write(token + "\n", to: "bomb.jwt")
        let (result, reports) = try Hostile.verifyJSON([path])
        #expect(!result.signaled, "\(result)")
        let code = reports.first.flatMap(Hostile.errorCode)
        switch depth {
        case 32:
            #expect(result.exitCode == 0, "\(result)")
        case 100_000:
            // 200 kB of brackets: over the 64 KiB line limit, so the line itself is refused before any parsing.
            #expect(result.exitCode == 3)
            #expect(code == "undecodable_input" || code == "too_large", "\(result)")
        default:
            #expect(result.exitCode == 3, "\(result)")
            #expect(code == (inHeader ? "header_not_json_object" : "payload_not_json_object"))
            #expect(Hostile.errorMessage(reports[0]).contains("deeper than 32"))
        }
    }

    // MARK: batch input

    @Test(
        "A 10 MB line between two valid tokens: both tokens reported, the line reported with its number, exit 3",
        arguments: ["file", "stdin"],
        ["json", "text"]
    )
    func tenMegabyteLine(via: String, format: String) throws {
        let valid = try Hostile.token()
        var input = Data((valid + "\n").utf8)
        input.append(Data(repeating: UInt8(ascii: "A"), count: 10_000_000))
        input.append(Data(("\n" + valid + "\n").utf8))
        let directory = try TemporaryDirectory()
        let path = try directory.write(input, to: "tokens.txt")
        let name = via == "file" ? path : "stdin"
        let result = try Hostile.verify(
            ["--format", format, via == "file" ? path : "-"],
            stdin: via == "file" ? nil : input
        )
        #expect(result.exitCode == 3, "\(result.exitCode.map(String.init) ?? "signal")\n\(result.stderr)")
        let errors = Hostile.errorLines(result)
        #expect(errors.count == 1, "\(result.stderr)")
        #expect(errors.first?.contains("\(name):2: line is 10000000 bytes") == true, "\(result.stderr)")
        #expect(result.stdoutData.count < 100_000, "the long line is never echoed")
        if format == "json" {
            let reports = try result.jsonReports()
            #expect(reports.map { $0["source"] as? String } == ["\(name):1", "\(name):2", "\(name):3"])
            #expect(reports.map { $0["outcome"] as? String } == ["pass", "malformed", "pass"])
            #expect(Hostile.errorCode(reports[1]) == "undecodable_input")
        } else {
            #expect(result.stdout.contains("\(name):1\n  verdict     PASS"), "\(result.stdout)")
            #expect(result.stdout.contains("\(name):3\n  verdict     PASS"), "\(result.stdout)")
        }
    }

    @Test(
        "NUL bytes in batch input: the line is invalid_character on its own line number, the others verify, no NUL is echoed"
    )
    func nulBytes() throws {
        let valid = try Hostile.token()
        var withNUL = Array(valid.utf8)
        withNUL.insert(contentsOf: [0x00, 0x00], at: 40)
        var input = Data((valid + "\n").utf8)
        input.append(Data(withNUL + [0x0A, 0x00, 0x0A]))
        input.append(Data((valid + "\n").utf8))
        let directory = try TemporaryDirectory()
        let path = try directory.write(input, to: "tokens.txt")
        let (result, reports) = try Hostile.verifyJSON([path])
        #expect(result.exitCode == 3, "\(result)")
        #expect(reports.map { $0["source"] as? String } == ["\(path):1", "\(path):2", "\(path):3", "\(path):4"])
        #expect(reports.map(Hostile.errorCode) == [nil, "invalid_character", "segment_count", nil])
        #expect(Hostile.errorMessage(reports[1]).contains("control byte 0x00"))
        let text = try Hostile.verify([path])
        #expect(!text.stdoutData.contains(0x00) && !text.stderrData.contains(0x00), "\(text)")
    }

    // MARK: claims

    @Test(
        "exp and nbf of every wrong JSON type are a failed check (exit 1), never absent",
        .bug("https://www.cve.org/CVERecord?id=CVE-2026-25537", "Rust jsonwebtoken: wrong-type claims read as absent"),
        arguments: ["exp", "nbf"],
        [#""1800003600""#, "true", "null", "[1800003600]", #"{"t":1}"#]
    )
    func numericDateWrongType(claim: String, value: String) throws {
        let claims =
            claim == "exp"
            ? Hostile.ephemeral(exp: value)
            : #"{"sub":"\#(Hostile.uuid)","roles":[],"iss":"current","persistent":true,"nbf":\#(value)}"#
        let (result, reports) = try Hostile.verifyJSON([try Hostile.token(claims: claims)])
        #expect(result.exitCode == 1, "\(result)")
        let report = try #require(reports.first)
        #expect(PolicyCLI.check(report, "claim-types")?.status == "fail")
        #expect(PolicyCLI.check(report, claim == "exp" ? "expiry" : "not-before")?.status == "fail")
        #expect(PolicyCLI.check(report, "expiry")?.message.contains("no exp") == (claim == "exp" ? false : true))
    }

    @Test(
        "NumericDate forms: fractions and exponents are legal; negatives, beyond Int64, 1e400 and -1e400 fail without a trap",
        .bug("https://www.rfc-editor.org/rfc/rfc7519#section-2", "RFC 7519 §2: NumericDate"),
        arguments: [
            ("exp", "1800003600.5", Int32(0)), ("exp", "1.8000036e9", 0), ("exp", "18000036E2", 0), ("exp", "-1", 1),
            ("exp", "9223372036854775808", 1), ("exp", "-9223372036854775809", 1), ("exp", "1e400", 1),
            ("exp", "-1e400", 1),
            ("nbf", "1799999999.5", 0), ("nbf", "1.8e9", 0), ("nbf", "-1", 0), ("nbf", "9223372036854775808", 1),
            ("nbf", "1e400", 1), ("nbf", "-1e400", 1),
        ] as [(String, String, Int32)]
    )
    func numericDateForms(claim: String, value: String, exit: Int32) throws {
        let claims =
            claim == "exp"
            ? Hostile.ephemeral(exp: value)
            : #"{"sub":"\#(Hostile.uuid)","roles":[],"iss":"current","persistent":true,"nbf":\#(value)}"#
        let token = try Hostile.token(claims: claims)
        let (result, reports) = try Hostile.verifyJSON([token])
        #expect(!result.signaled && result.exitCode == exit, "\(result)")
        let report = try #require(reports.first)
        #expect(PolicyCLI.check(report, "claim-types")?.status == "pass")
        if claim == "exp" {
            // The raw exp survives into the report; a number no double holds is written as a string.
            let raw = report["exp"]
            #expect((raw as? String) == value || (raw as? NSNumber) != nil, "\(String(describing: raw))")
        }
        let text = try Hostile.verify([token])
        #expect(text.exitCode == exit, "\(text)")
    }

    @Test(
        "nbf at exactly the leeway boundary: now + leeway == nbf passes, one second less fails",
        .bug("https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5", "RFC 7519 §4.1.5"),
        arguments: [("30s", Int32(0)), ("29s", 1), ("0s", 1), ("1m", 0)]
    )
    func notBeforeLeeway(leeway: String, exit: Int32) throws {
        let claims =
            #"{"sub":"\#(Hostile.uuid)","roles":[],"iss":"current","persistent":true,"nbf":\#(Hostile.now + 30)}"#
        let result = try Hostile.verify(["--leeway", leeway, try Hostile.token(claims: claims)])
        #expect(result.exitCode == exit, "\(result)")
        #expect(result.stdout.contains("leeway"), "the leeway is shown\n\(result)")
    }

    // MARK: bad signature is terminal; the MAC is never printed

    @Test(
        "A forged token with expired, future or failing claims exits 2 and never says expired or not yet valid, in any output",
        .bug("https://www.cve.org/CVERecord?id=CVE-2024-51744", "golang-jwt: forged token reported as expired"),
        arguments: ["expired", "not yet valid", "expired and not yet valid"],
        ["flipped bit", "another key"]
    )
    func badSignatureIsTerminal(problem: String, forgery: String) throws {
        let claims: String
        switch problem {
        case "expired": claims = Hostile.ephemeral(exp: "\(Hostile.now - 86_400)")
        case "not yet valid":
            claims =
                #"{"sub":"\#(Hostile.uuid)","roles":["allocator"],"iss":"current","persistent":true,"nbf":\#(Hostile.now + 86_400)}"#
        default:
            claims =
                #"{"sub":"\#(Hostile.uuid)","roles":["allocator"],"iss":"current","persistent":false,"exp":1,"nbf":\#(Hostile.now + 86_400)}"#
        }
        let forged: String
        if forgery == "another key" {
            forged = TestTokens.sign(
                claims: claims,
                key: Array(try ToolRunner.fixtureToken("Fixtures/other-installation-secret.txt").utf8)
            )
        } else {
            forged = try #require(TestTokens.flippingSignatureBit(try Hostile.token(claims: claims), bit: 77))
        }
        let policy = ["--issuer", "evil", "--require-roles", "director", "--min-validity", "1h"]
        for command in ["verify", "inspect"] {
            for format in ["text", "json"] {
                let result = try ToolRunner.runAtFixedTime(
                    [command, "--format", format] + E2E.secretOptions + policy + [forged]
                )
                #expect(result.exitCode == (command == "verify" ? 2 : 0), "\(command) \(format)\n\(result)")
                let all = (result.stdout + result.stderr).lowercased()
                #expect(!all.contains("expired"), "\(command) \(format)\n\(result)")
                #expect(!all.contains("not valid before"), "\(command) \(format)\n\(result)")
                #expect(
                    !all.contains("issuer-required") && !all.contains("require-roles") && !all.contains("min-validity")
                )
                if format == "json" {
                    let report = try #require(try result.jsonReports().first)
                    #expect(report["claims_checked"] as? Bool == false)
                    #expect(report["expires_in_seconds"] is NSNull)
                    #expect(E2E.checkNames(report) == ["header", "signature"])
                }
            }
        }
    }

    // MARK: iss

    @Test(
        "--issuer is an exact match: a substring, prefix, superstring, case or spacing difference in the token's iss exits 1",
        .bug("https://www.cve.org/CVERecord?id=CVE-2024-53861", "PyJWT: iss checked as a substring"),
        arguments: [
            "curr", "urren", "current-evil", "xcurrent", "currentcurrent", "Current", "CURRENT", "current ", " current",
            "сurrent", "",
        ]
    )
    func issuerExact(iss: String) throws {
        let claims = #"{"sub":"\#(Hostile.uuid)","roles":["allocator"],"iss":"\#(iss)","persistent":true}"#
        let (result, reports) = try Hostile.verifyJSON(["--issuer", "current", try Hostile.token(claims: claims)])
        #expect(result.exitCode == 1, "\(result)")
        #expect(PolicyCLI.check(try #require(reports.first), "issuer-required")?.status == "fail")
        // And the other way round: the token says current, the option is the variant.
        let reverse = try Hostile.verify(["--issuer", iss, try Hostile.token()])
        #expect(reverse.exitCode == 1, "\(reverse)")
    }

    @Test(
        "--issuer: text that is only canonically equivalent (NFC vs NFD) is not an exact match",
        .bug("https://www.rfc-editor.org/rfc/rfc7519#section-2", "RFC 7519 §2: no canonicalization of StringOrURI"),
        arguments: [("cafe\u{301}", "caf\u{E9}"), ("caf\u{E9}", "cafe\u{301}")] as [(String, String)]
    )
    func issuerUnicodeEquivalent(tokenIssuer: String, option: String) throws {
        let claims = #"{"sub":"\#(Hostile.uuid)","roles":["allocator"],"iss":"\#(tokenIssuer)","persistent":true}"#
        let (result, reports) = try Hostile.verifyJSON(["--issuer", option, try Hostile.token(claims: claims)])
        #expect(reports.first?["signature"] as? String == "valid")
        #expect(result.exitCode == 1, "\(result)")
    }

    // MARK: printing attacker-controlled text

    @Test(
        "NUL, DEL, C1 controls, line separators and bidi controls in claims and header never reach the terminal raw",
        .bug("https://www.cve.org/CVERecord?id=CVE-2021-42574", "Trojan Source"),
        arguments: ["inspect", "verify"]
    )
    func hostileTextEscaped(command: String) throws {
        let hostile = #"\u0000\u0008\u007f\u0085\u009b31m\u2028\u2029\u2066\u202e\u200f"#
        let header = #"{"typ":"JWT","alg":"HS256","kid":"k\#(hostile)"}"#
        let claims = #"{"sub":"s\#(hostile)","roles":["r\#(hostile)"],"iss":"i\#(hostile)","persistent":true}"#
        let token = try Hostile.token(header: header, claims: claims)
        let secret = command == "verify" ? E2E.secretOptions : []
        let text = try ToolRunner.runAtFixedTime(
            [command, "--color", "never"] + secret + ["--issuer", "i\u{0085}x", token]
        )
        #expect(text.exitCode == (command == "verify" ? 1 : 0), "\(text)")
        #expect(
            Hostile.terminalUnsafeScalars(text.stdoutData).isEmpty,
            "\(Hostile.terminalUnsafeScalars(text.stdoutData))"
        )
        #expect(Hostile.terminalUnsafeScalars(text.stderrData).isEmpty, "\(text.stderr)")
        let json = try ToolRunner.runAtFixedTime([command, "--format", "json"] + secret + [token])
        #expect(!json.stdoutData.contains { $0 < 0x20 && $0 != 0x0A }, "raw C0 control in JSON")
        let report = try #require(try json.jsonReports().first)
        #expect(
            (report["subject"] as? String)?.unicodeScalars.first { $0.value == 0 } != nil,
            "JSON keeps the value, escaped"
        )
    }

    // MARK: nothing traps

    /// "Every bad input yields one clear message and a documented exit code; nothing traps." One run over a list
    /// with one hostile token per line.
    @Test(
        "A list of every hostile token: no trap, one report each, one stderr line per malformed one, documented codes only"
    )
    func everyBadInputOneMessage() throws {
        var lines: [String] = [try Hostile.token()]
        for header in [
            #"{"alg":"none"}"#, #"{"alg":null}"#, #"{"alg":"HS256","crit":[]}"#, #"{"alg":"hs256"}"#,
            #"{"alg":"HS256","alg":"none"}"#,
        ] {
            lines.append(try Hostile.token(header: header))
        }
        for claims in [
            Hostile.ephemeral(exp: "1e400"), Hostile.ephemeral(exp: #""soon""#), Hostile.ephemeral(exp: "1"), "[]", "{",
            #"{"a":1,}"#,
        ] {
            lines.append(try Hostile.token(claims: claims))
        }
        for (_, bytes) in Self.encodingCases {
            lines.append(try Hostile.token(headerBytes: Array(TestTokens.eceHeader.utf8), claimsBytes: bytes))
        }
        let valid = try Hostile.token()
        lines += [
            Hostile.withSignature(valid, ""), Hostile.withSignature(valid, "AAAA"), TestTokens.signingInput(valid),
            valid + "." + valid, "not a token", "a.b.c", "..", String(repeating: ".", count: 20_000),
            "eyJ" + String(repeating: "A", count: 20_000) + ".e30.AAAA",
        ]
        let directory = try TemporaryDirectory()
        let path = try directory.write(lines.joined(separator: "\n") + "\n", to: "hostile.txt")
        for command in ["verify", "inspect"] {
            let secret = command == "verify" ? E2E.secretOptions : []
            let json = try ToolRunner.runAtFixedTime([command, "--format", "json"] + secret + [path])
            #expect(!json.signaled, "\(json)")
            #expect([0, 1, 2, 3].contains(json.exitCode ?? -1), "\(json)")
            let reports = try json.jsonReports()
            #expect(reports.count == lines.count, "\(command): one report per line")
            let malformed = reports.filter { $0["outcome"] as? String == "malformed" }.count
            let text = try ToolRunner.runAtFixedTime([command] + secret + [path])
            #expect(text.exitCode == json.exitCode)
            #expect(
                Hostile.errorLines(text).count == malformed,
                "\(command): one stderr line per malformed input\n\(text.stderr)"
            )
            #expect(Hostile.terminalUnsafeScalars(text.stdoutData + text.stderrData).isEmpty)
        }
    }
}
