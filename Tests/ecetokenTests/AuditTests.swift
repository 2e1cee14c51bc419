import Foundation
import Testing

/// Inputs and helpers of the `ecetoken audit` end-to-end tests.
///
/// Every token is signed by the tests' own HMAC (``TestTokens``), never by the tool. The secret comes
/// from `ECETOKEN_SECRET` (used exactly as set), so no file-permission warning lands on stderr and
/// stderr can be compared exactly.
enum AuditCLI {
    /// The fixed clock (`ToolRunner.now`) as a number.
    static let now: Int64 = 1_800_000_000

    static let subA = "0b7a1c52-6f0e-4f8e-9a51-2c3d4e5f6a70"
    static let subB = "1c8b2d63-7a1f-4a9f-8b62-3d4e5f6a7b81"
    static let subC = "2d9c3e74-8b2a-4bae-9c73-4e5f6a7b8c92"
    static let subD = "3ead4f85-9c3b-4cbf-8d84-5f6a7b8c9da3"

    static func secret() throws -> String { try ToolRunner.fixtureSecret() }
    static func key() throws -> [UInt8] { Array(try secret().utf8) }
    static func otherKey() throws -> [UInt8] {
        Array(try ToolRunner.fixtureToken("Fixtures/other-installation-secret.txt").utf8)
    }

    /// The environment that supplies the fixture secret.
    static func secretEnvironment() throws -> [String: String] { ["ECETOKEN_SECRET": try secret()] }

    static func rolesJSON(_ roles: [String]) -> String {
        "[" + roles.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    static func persistent(_ roles: [String], sub: String, key: [UInt8]) -> String {
        TestTokens.sign(
            claims: #"{"sub":"\#(sub)","roles":\#(rolesJSON(roles)),"iss":"current","persistent":true}"#,
            key: key
        )
    }

    static func ephemeral(_ roles: [String], sub: String, exp: Int64, key: [UInt8]) -> String {
        TestTokens.sign(
            claims: #"{"sub":"\#(sub)","roles":\#(rolesJSON(roles)),"iss":"current","persistent":false,"exp":\#(exp)}"#,
            key: key
        )
    }

    /// `ecetoken audit --now <fixed> ARGS` run in `directory` (the package root when `nil`).
    static func audit(
        _ arguments: [String],
        in directory: TemporaryDirectory? = nil,
        stdin: Data? = nil,
        environment: [String: String]? = nil
    ) throws -> ToolResult {
        try ToolRunner.run(
            ["audit", "--now", ToolRunner.now] + arguments,
            stdin: stdin,
            environment: try environment ?? secretEnvironment(),
            workingDirectory: directory?.url
        )
    }

    /// JSON Lines output: every line parsed on its own with `JSONSerialization`; the last one must be the
    /// `{"summary": …}` record.
    static func jsonLines(_ result: ToolResult) throws -> (records: [[String: Any]], summary: [String: Any]) {
        #expect(result.stdoutData.last == UInt8(ascii: "\n"), "JSON Lines end with a newline")
        var objects: [[String: Any]] = []
        for line in result.stdoutData.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
        {
            let value = try JSONSerialization.jsonObject(with: Data(line), options: [])
            let object = try #require(
                value as? [String: Any],
                "each line is one JSON object: \(String(decoding: line, as: UTF8.self))"
            )
            objects.append(object)
        }
        let popped = objects.popLast()
        let last = try #require(popped, "no output:\n\(result)")
        let summary = try #require(last["summary"] as? [String: Any], "the last record is the summary:\n\(last)")
        #expect(last.count == 1)
        #expect(!objects.contains { $0["summary"] != nil }, "only one summary record")
        return (objects, summary)
    }

    /// `"line"` as an `Int` (`nil` for JSON `null` or absent).
    static func line(_ record: [String: Any]) -> Int? { (record["line"] as? NSNumber)?.intValue }

    static func counts(_ summary: [String: Any], _ member: String) -> [String: Int] {
        (summary[member] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.intValue }
    }

    static func int(_ summary: [String: Any], _ member: String) -> Int? { (summary[member] as? NSNumber)?.intValue }

    /// The non-passing checks of a record, by name.
    static func failedChecks(_ record: [String: Any]) -> [String] {
        (record["checks"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "fail" }
            .compactMap { $0["name"] as? String }
    }

    /// The table rows on stdout (the header line removed).
    static func tableRows(_ result: ToolResult) -> [String] {
        Array(
            result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().dropFirst().map(
                String.init
            )
        )
    }

    /// The whitespace-separated cells of a table row (the first two are SOURCE and VERDICT).
    static func cells(_ row: String) -> [String] {
        row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }

    /// Fails when any secret or any MAC a verifier computed appears in the run's output.
    static func expectNoSecrets(
        _ result: ToolResult,
        extra: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    )
        throws
    {
        let output = result.stdout + result.stderr
        let secrets = [try secret(), try ToolRunner.fixtureToken("Fixtures/other-installation-secret.txt")] + extra
        for secret in secrets where !secret.isEmpty {
            #expect(!output.contains(secret), "a secret appears in the output", sourceLocation: sourceLocation)
        }
    }

    /// The text summary the tool prints for these counts (first two lines; the reasons line is checked apart).
    static func summaryHead(total: Int, pass: Int, byOutcome: [(String, Int)]) -> String {
        "audit: \(total) input\(total == 1 ? "" : "s"): \(pass) pass, \(total - pass) fail\n"
            + "  by outcome: " + byOutcome.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + "\n"
    }
}

/// The mixed input of the main scenario: good, expired, tampered, other-installation and malformed lines,
/// a comment, a blank line, a CRLF line, API-reply lines and a last line without its newline.
struct MixedInput {
    struct Expected {
        let line: Int
        let outcome: String
        let verdictCell: String
        let reason: String?
    }

    let text: String
    let expected: [Expected]
    /// MACs the tool computes for the bad-signature lines (never to be printed).
    let forbidden: [String]

    init() throws {
        let key = try AuditCLI.key()
        let goodPersistent = AuditCLI.persistent(["allocator"], sub: AuditCLI.subA, key: key)
        let expired = AuditCLI.ephemeral(["allocator"], sub: AuditCLI.subB, exp: AuditCLI.now - 3600, key: key)
        let tampered = try #require(TestTokens.flippingSignatureBit(goodPersistent, bit: 7))
        let otherInstallation = AuditCLI.persistent(["allocator"], sub: AuditCLI.subC, key: try AuditCLI.otherKey())
        let goodEphemeral = AuditCLI.ephemeral(
            ["allocator", "proxy"],
            sub: AuditCLI.subD,
            exp: AuditCLI.now + 86_400,
            key: key
        )
        let twoSegments = TestTokens.signingInput(goodEphemeral)
        let coordinator = AuditCLI.persistent(["coordinator", "director"], sub: AuditCLI.subB, key: key)
        let lines = [
            "# tokens issued in January",  // 1: comment
            goodPersistent,  // 2
            expired,  // 3
            "",  // 4: blank
            tampered,  // 5
            otherInstallation,  // 6
            "not-a-token",  // 7
            goodEphemeral + "\r",  // 8: CRLF
            twoSegments,  // 9
            #"{"token":"\#(goodPersistent)","token_id":"\#(AuditCLI.subA)"}"#,  // 10: API reply
            #"{"hello":"world"}"#,  // 11: JSON that is not a reply
            "  " + coordinator,  // 12: surrounding blanks, no final newline
        ]
        text = lines.joined(separator: "\n")
        expected = [
            Expected(line: 2, outcome: "pass", verdictCell: "PASS", reason: nil),
            Expected(line: 3, outcome: "check_failed", verdictCell: "FAIL", reason: "expiry"),
            Expected(line: 5, outcome: "signature_invalid", verdictCell: "BADSIG", reason: "bad_signature"),
            Expected(line: 6, outcome: "signature_invalid", verdictCell: "BADSIG", reason: "bad_signature"),
            Expected(line: 7, outcome: "malformed", verdictCell: "MALFORMED", reason: "segment_count"),
            Expected(line: 8, outcome: "pass", verdictCell: "PASS", reason: nil),
            Expected(line: 9, outcome: "malformed", verdictCell: "MALFORMED", reason: "segment_count"),
            Expected(line: 10, outcome: "pass", verdictCell: "PASS", reason: nil),
            Expected(line: 11, outcome: "malformed", verdictCell: "MALFORMED", reason: "undecodable_input"),
            Expected(line: 12, outcome: "pass", verdictCell: "PASS", reason: nil),
        ]
        forbidden =
            TestTokens.expectedMACForms(of: tampered, key: key)
            + TestTokens.expectedMACForms(of: otherInstallation, key: key)
    }

    /// Counts of the expected outcomes.
    var byOutcome: [String: Int] { expected.reduce(into: [:]) { $0[$1.outcome, default: 0] += 1 } }
    var byReason: [String: Int] {
        expected.reduce(into: [:]) { counts, item in if let reason = item.reason { counts[reason, default: 0] += 1 } }
    }
    var passCount: Int { expected.filter { $0.outcome == "pass" }.count }
}

/// A large list of tokens built fast: a small pool of distinct signed tokens (the only HMACs the tests
/// compute) repeated in a pseudo-random order, with tampered copies (a flipped bit costs no HMAC), tokens
/// of another installation, malformed lines, API-reply lines, comments, blank lines and CRLF endings.
struct LargeInput {
    let text: String
    /// For each record in output order: (line, outcome).
    let expected: [(line: Int, outcome: String)]

    init(lines lineCount: Int, poolSize: Int = 96) throws {
        let key = try AuditCLI.key()
        let otherKey = try AuditCLI.otherKey()
        let allRoles = ["allocator", "coordinator", "proxy", "director"]
        var pool: [(token: String, sub: String, outcome: String)] = []
        for index in 0..<poolSize {
            func hex(_ value: Int, _ width: Int) -> String {
                let digits = String(value, radix: 16)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
            let sub = "\(hex(index, 8))-0000-4000-8000-\(hex(index * 7919, 12))"
            let roles = Array(allRoles.prefix(1 + index % 4))
            switch index % 4 {
            case 0, 2:
                pool.append((AuditCLI.persistent(roles, sub: sub, key: key), sub, "pass"))
            case 1:
                pool.append(
                    (
                        AuditCLI.ephemeral(roles, sub: sub, exp: AuditCLI.now + 3600 + Int64(index), key: key), sub,
                        "pass"
                    )
                )
            default:
                pool.append(
                    (
                        AuditCLI.ephemeral(roles, sub: sub, exp: AuditCLI.now - 60 - Int64(index), key: key), sub,
                        "check_failed"
                    )
                )
            }
        }
        let others = [AuditCLI.subA, AuditCLI.subB, AuditCLI.subC, AuditCLI.subD].map {
            AuditCLI.persistent(["proxy"], sub: $0, key: otherKey)
        }

        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var lines: [String] = []
        lines.reserveCapacity(lineCount)
        var expected: [(Int, String)] = []
        expected.reserveCapacity(lineCount)
        for number in 1...lineCount {
            let roll = next() % 100
            let entry = pool[next() % pool.count]
            switch roll {
            case 0..<70:
                lines.append(entry.token)
                expected.append((number, entry.outcome))
            case 70..<80:
                let tampered = try #require(TestTokens.flippingSignatureBit(entry.token, bit: next() % 256))
                lines.append(tampered)
                expected.append((number, "signature_invalid"))
            case 80..<83:
                lines.append(others[next() % others.count])
                expected.append((number, "signature_invalid"))
            case 83..<87:
                lines.append(next() % 2 == 0 ? "garbage-\(number)" : TestTokens.signingInput(entry.token))
                expected.append((number, "malformed"))
            case 87..<91:
                lines.append(#"{"token":"\#(entry.token)"}"#)
                expected.append((number, entry.outcome))
            case 91..<94:
                lines.append(entry.token + "\r")
                expected.append((number, entry.outcome))
            case 94..<97:
                lines.append("# comment \(number)")
            default:
                lines.append("")
            }
        }
        text = lines.joined(separator: "\n") + "\n"
        self.expected = expected
    }
}

@Suite("ecetoken audit end to end: order, counts, exit codes, input kinds, streaming, jobs")
struct AuditTests {
    typealias A = AuditCLI

    // MARK: mixed good, bad and malformed lines

    @Test("Text: every input once, in order, as file:line with its verdict; summary on stderr; exit 3 (the highest)")
    func mixedText() throws {
        let input = try MixedInput()
        let directory = try TemporaryDirectory()
        try directory.write(input.text, to: "mixed.txt")
        let result = try A.audit(["mixed.txt"], in: directory)

        #expect(result.exitCode == 3, "\(result)")
        #expect(result.stdout.hasPrefix("SOURCE "), "\(result)")
        let rows = A.tableRows(result)
        try #require(rows.count == input.expected.count, "\(result)")
        for (row, expected) in zip(rows, input.expected) {
            let cells = A.cells(row)
            #expect(cells.first == "mixed.txt:\(expected.line)", "\(row)")
            #expect(cells.dropFirst().first == expected.verdictCell, "\(row)")
        }
        let summary = A.summaryHead(
            total: 10,
            pass: 4,
            byOutcome: [("pass", 4), ("malformed", 3), ("signature_invalid", 2), ("check_failed", 1)]
        )
        #expect(result.stderr.hasPrefix(summary), "\(result)")
        let reasons = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(reasons == "  by failure reason: bad_signature 2, segment_count 2, expiry 1, undecodable_input 1")
        #expect(result.stderr.split(separator: "\n").count == 3, "stderr holds the summary and nothing else")
        try A.expectNoSecrets(result, extra: input.forbidden)
    }

    @Test("JSON Lines: one parseable object per input with file and line, in order, then the summary record; exit 3")
    func mixedJSONLines() throws {
        let input = try MixedInput()
        let directory = try TemporaryDirectory()
        try directory.write(input.text, to: "mixed.txt")
        let result = try A.audit(["--format", "jsonl", "mixed.txt"], in: directory)

        #expect(result.exitCode == 3, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let (records, summary) = try A.jsonLines(result)
        try #require(records.count == input.expected.count, "\(result)")
        for (record, expected) in zip(records, input.expected) {
            #expect(record["file"] as? String == "mixed.txt")
            #expect(A.line(record) == expected.line)
            #expect(record["source"] as? String == "mixed.txt:\(expected.line)")
            #expect(record["outcome"] as? String == expected.outcome, "\(record)")
            #expect(record["verdict"] as? String == (expected.outcome == "pass" ? "pass" : "fail"))
        }
        #expect(A.int(summary, "total") == 10)
        #expect(A.int(summary, "pass") == input.passCount)
        #expect(A.int(summary, "fail") == 10 - input.passCount)
        #expect(A.counts(summary, "by_outcome") == input.byOutcome)
        #expect(A.counts(summary, "by_reason") == input.byReason)
        try A.expectNoSecrets(result, extra: input.forbidden)
    }

    @Test("A JSON Lines record has the same members and values as verify --format json, plus file and line")
    func jsonLinesMatchVerify() throws {
        let key = try A.key()
        let tokens = [
            A.persistent(["allocator"], sub: A.subA, key: key),
            A.ephemeral(["allocator", "proxy"], sub: A.subB, exp: A.now - 10, key: key),
            try #require(TestTokens.flippingSignatureBit(A.persistent(["proxy"], sub: A.subC, key: key), bit: 100)),
        ]
        let directory = try TemporaryDirectory()
        for (index, token) in tokens.enumerated() {
            try directory.write(token + "\n", to: "t\(index).txt")
            let audit = try A.audit(["--format", "jsonl", "t\(index).txt"], in: directory)
            let verify = try ToolRunner.run(
                ["verify", "--now", ToolRunner.now, "--format", "json", "t\(index).txt"],
                environment: try A.secretEnvironment(),
                workingDirectory: directory.url
            )
            #expect(audit.exitCode == verify.exitCode, "\(audit)\n\(verify)")
            let record = try #require(try A.jsonLines(audit).records.first)
            let report = try verify.jsonObject()
            #expect(record["file"] as? String == "t\(index).txt")
            #expect(A.line(record) == 1)
            var stripped = record
            stripped["file"] = nil
            stripped["line"] = nil
            #expect(Set(stripped.keys) == Set(report.keys))
            let canonicalRecord = try JSONSerialization.data(withJSONObject: stripped, options: [.sortedKeys])
            let canonicalReport = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            #expect(
                canonicalRecord == canonicalReport,
                "audit:\n\(String(decoding: canonicalRecord, as: UTF8.self))\nverify:\n\(String(decoding: canonicalReport, as: UTF8.self))"
            )
        }
    }

    @Test(
        "The exit code is the highest over all inputs",
        arguments: [
            (["good"], 0), (["good", "expired"], 1), (["expired", "good", "tampered"], 2),
            (["good", "malformed", "tampered", "expired"], 3), (["good", "missing", "malformed"], 66),
            (["missing", "good"], 66),
        ] as [([String], Int32)]
    )
    func highestExitCode(kinds: [String], code: Int32) throws {
        let key = try A.key()
        let good = A.persistent(["allocator"], sub: A.subA, key: key)
        let contents: [String: String] = [
            "good": good + "\n",
            "expired": A.ephemeral(["allocator"], sub: A.subB, exp: A.now, key: key) + "\n",
            "tampered": try #require(TestTokens.flippingSignatureBit(good, bit: 200)) + "\n",
            "malformed": "eyJhbGciOiJIUzI1NiJ9\n",
        ]
        let directory = try TemporaryDirectory()
        for (name, text) in contents { try directory.write(text, to: name) }
        for format in ["text", "jsonl"] {
            let result = try A.audit(["--format", format] + kinds, in: directory)
            #expect(result.exitCode == code, "\(kinds) \(format): \(result)")
        }
    }

    // MARK: --summary-only

    @Test("--summary-only (text) prints only the summary, once, on stdout; same counts and exit code")
    func summaryOnlyText() throws {
        let input = try MixedInput()
        let directory = try TemporaryDirectory()
        try directory.write(input.text, to: "mixed.txt")
        let full = try A.audit(["mixed.txt"], in: directory)
        let result = try A.audit(["--summary-only", "mixed.txt"], in: directory)

        #expect(result.exitCode == 3, "\(result)")
        #expect(result.stdout == full.stderr, "the summary alone, as in a full run:\n\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        #expect(!result.stdout.contains("mixed.txt"), "no table rows")
    }

    @Test("--summary-only --format jsonl prints exactly the final summary record of a full run")
    func summaryOnlyJSONLines() throws {
        let input = try MixedInput()
        let directory = try TemporaryDirectory()
        try directory.write(input.text, to: "mixed.txt")
        let full = try A.audit(["--format", "jsonl", "mixed.txt"], in: directory)
        let result = try A.audit(["--format", "jsonl", "--summary-only", "mixed.txt"], in: directory)

        #expect(result.exitCode == 3, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let lastLine = full.stdout.split(separator: "\n").last.map { String($0) + "\n" }
        #expect(result.stdout == lastLine, "\(result)")
        let (records, summary) = try A.jsonLines(result)
        #expect(records.isEmpty)
        #expect(A.int(summary, "total") == 10)
    }

    // MARK: --jobs

    @Test("--jobs 1 and --jobs 2 give byte-identical JSON Lines over 20 000 lines (three batches), in input order")
    func jobsAreDeterministic() throws {
        let input = try LargeInput(lines: 20_000)
        let directory = try TemporaryDirectory()
        try directory.write(input.text, to: "large.txt")
        let one = try A.audit(["--format", "jsonl", "--jobs", "1", "large.txt"], in: directory)
        let two = try A.audit(["--format", "jsonl", "--jobs", "2", "large.txt"], in: directory)

        #expect(one.exitCode == 3, "\(one.stderr)")
        #expect(two.exitCode == 3, "\(two.stderr)")
        #expect(one.stderr.isEmpty && two.stderr.isEmpty)
        #expect(one.stdoutData == two.stdoutData, "--jobs 2 output differs from --jobs 1")

        let (records, summary) = try A.jsonLines(two)
        try #require(records.count == input.expected.count)
        var mismatches = 0
        for (record, expected) in zip(records, input.expected) {
            if A.line(record) != expected.line || record["outcome"] as? String != expected.outcome
                || record["source"] as? String != "large.txt:\(expected.line)"
            {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("line \(expected.line): expected \(expected.outcome), got \(record)")
                }
            }
        }
        #expect(mismatches == 0)
        let byOutcome = input.expected.reduce(into: [String: Int]()) { $0[$1.outcome, default: 0] += 1 }
        #expect(A.counts(summary, "by_outcome") == byOutcome)
        #expect(A.int(summary, "total") == input.expected.count)
    }

    @Test("--jobs 1 and --jobs 2 give byte-identical tables and summaries")
    func jobsTextIdentical() throws {
        let input = try LargeInput(lines: 9_000, poolSize: 24)
        let directory = try TemporaryDirectory()
        try directory.write(input.text, to: "large.txt")
        let one = try A.audit(["--jobs", "1", "large.txt", "large.txt"], in: directory)
        let two = try A.audit(["--jobs", "2", "large.txt", "large.txt"], in: directory)
        #expect(one.exitCode == 3 && two.exitCode == 3)
        #expect(one.stdoutData == two.stdoutData)
        #expect(one.stderr == two.stderr)
        #expect(A.tableRows(one).count == 2 * input.expected.count)
    }

    // MARK: input kinds

    @Test("Enrollment-tokens API replies, one JSON object per line: each reported as file:line, token_id checked")
    func apiRepliesPerLine() throws {
        let key = try A.key()
        let persistent = A.persistent(["allocator"], sub: A.subA, key: key)
        let ephemeral = A.ephemeral(["allocator", "proxy"], sub: A.subB, exp: A.now + 7200, key: key)
        let text =
            [
                #"{"token":"\#(persistent)","token_id":"\#(A.subA)"}"#,
                #"{"token":"\#(ephemeral)"}"#,
                #"{"token":"\#(persistent)","token_id":"\#(A.subC)"}"#,  // token_id is not the sub
                #"{"token": 7}"#,
            ].joined(separator: "\n") + "\n"
        let directory = try TemporaryDirectory()
        try directory.write(text, to: "replies.jsonl")
        let result = try A.audit(["--format", "jsonl", "replies.jsonl"], in: directory)

        #expect(result.exitCode == 3, "\(result)")
        let (records, summary) = try A.jsonLines(result)
        try #require(records.count == 4, "\(result)")
        #expect(records.map(A.line) == [1, 2, 3, 4])
        #expect(records.map { $0["outcome"] as? String } == ["pass", "pass", "check_failed", "malformed"])
        #expect(A.failedChecks(records[2]) == ["token-id"])
        #expect(A.counts(summary, "by_reason") == ["token-id": 1, "undecodable_input": 1])
    }

    @Test("A whole pretty-printed API reply file: one token, exit as verify; the fixtures too")
    func apiReplyDocument() throws {
        let key = try A.key()
        let persistent = A.persistent(["allocator", "proxy"], sub: A.subD, key: key)
        let pretty = "{\n  \"token\" : \"\(persistent)\",\n  \"token_id\" : \"\(A.subD)\"\n}\n"
        let directory = try TemporaryDirectory()
        try directory.write(pretty, to: "reply.json")
        let result = try A.audit(["--format", "jsonl", "reply.json"], in: directory)
        #expect(result.exitCode == 0, "\(result)")
        let (records, summary) = try A.jsonLines(result)
        try #require(records.count == 1, "\(result)")
        #expect(records[0]["file"] as? String == "reply.json")
        #expect(records[0]["token_id"] as? String == A.subD)
        #expect(records[0]["outcome"] as? String == "pass")
        #expect(A.int(summary, "total") == 1)

        let fixtures = try A.audit(
            [
                "--format", "jsonl", "Fixtures/tokens/api-reply-persistent.json",
                "Fixtures/tokens/api-reply-ephemeral.json",
                "Fixtures/tokens/api-reply-id-mismatch.json",
            ])
        #expect(fixtures.exitCode == 1, "\(fixtures)")
        let fixtureRecords = try A.jsonLines(fixtures).records
        #expect(
            fixtureRecords.map { $0["file"] as? String } == [
                "Fixtures/tokens/api-reply-persistent.json", "Fixtures/tokens/api-reply-ephemeral.json",
                "Fixtures/tokens/api-reply-id-mismatch.json",
            ]
        )
        #expect(fixtureRecords.map { $0["outcome"] as? String } == ["pass", "pass", "check_failed"])
    }

    @Test("bootstrap-secrets.json with no secret option: its three tokens verified with its own secret, exit 0")
    func bootstrapSecretsOwnSecret() throws {
        let directory = try TemporaryDirectory()
        try directory.write(try ToolRunner.fixtureData("Fixtures/bootstrap-secrets.json"), to: "bootstrap-secrets.json")
        let result = try A.audit(["--format", "jsonl", "bootstrap-secrets.json"], in: directory, environment: [:])

        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let (records, summary) = try A.jsonLines(result)
        #expect(
            records.map { $0["source"] as? String } == [
                "bootstrap-secrets.json:bootstrap_runner_roles_token", "bootstrap-secrets.json:allocator_only_token",
                "bootstrap-secrets.json:emergency_all_roles_except_allocator_token",
            ]
        )
        #expect(records.allSatisfy { $0["file"] as? String == "bootstrap-secrets.json" })
        #expect(records.allSatisfy { $0["signature"] as? String == "valid" && $0["outcome"] as? String == "pass" })
        #expect(A.counts(summary, "by_outcome") == ["pass": 3])
        try expectNoBootstrapSecrets(result)

        let text = try A.audit(["bootstrap-secrets.json"], in: directory, environment: [:])
        #expect(text.exitCode == 0, "\(text)")
        #expect(A.tableRows(text).count == 3)
        #expect(A.tableRows(text).allSatisfy { A.cells($0).dropFirst().first == "PASS" })
        #expect(text.stderr == A.summaryHead(total: 3, pass: 3, byOutcome: [("pass", 3)]))
        try expectNoBootstrapSecrets(text)
    }

    @Test(
        "bootstrap-secrets.json readable by others, used for its own secret: the same permission warning as --bootstrap-secrets"
    )
    func bootstrapSecretsPermissionWarning() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            try ToolRunner.fixtureData("Fixtures/bootstrap-secrets.json"),
            to: "bootstrap-secrets.json",
            permissions: 0o644
        )
        let asOption = try A.audit(
            ["--summary-only", "--bootstrap-secrets", "bootstrap-secrets.json", "bootstrap-secrets.json"],
            in: directory,
            environment: [:]
        )
        #expect(asOption.exitCode == 0, "\(asOption)")
        #expect(asOption.stderr.contains("readable by group or others"), "\(asOption)")

        let asInput = try A.audit(["--summary-only", "bootstrap-secrets.json"], in: directory, environment: [:])
        #expect(asInput.exitCode == 0, "\(asInput)")
        #expect(asInput.stderr.contains("readable by group or others"), "\(asInput)")
        try expectNoBootstrapSecrets(asInput)
    }

    @Test("bootstrap-secrets.json with --secret-file of another installation: every token fails, exit 2")
    func bootstrapSecretsOtherSecret() throws {
        let result = try A.audit(
            [
                "--format", "jsonl", "--secret-file", "Fixtures/other-installation-secret.txt",
                "Fixtures/bootstrap-secrets.json",
            ],
            environment: [:]
        )
        #expect(result.exitCode == 2, "\(result)")
        let (records, summary) = try A.jsonLines(result)
        #expect(records.count == 3)
        #expect(records.allSatisfy { $0["outcome"] as? String == "signature_invalid" }, "\(result)")
        #expect(A.counts(summary, "by_reason") == ["bad_signature": 3])
        // Only warnings (the fixture file's permissions) may go to stderr.
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("ecetoken: warning: ") }, "\(result)")
        try expectNoBootstrapSecrets(result)
    }

    @Test("No secret and an input that is not a bootstrap-secrets.json: usage error 64, nothing on stdout")
    func noSecret() throws {
        let directory = try TemporaryDirectory()
        try directory.write(try ToolRunner.fixtureData("Fixtures/tokens/batch.txt"), to: "batch.txt")
        try directory.write(try ToolRunner.fixtureData("Fixtures/bootstrap-secrets.json"), to: "bootstrap-secrets.json")
        for arguments in [["batch.txt"], ["bootstrap-secrets.json", "batch.txt"], [], ["-"]] {
            let result = try A.audit(
                arguments,
                in: directory,
                stdin: try ToolRunner.fixtureData("Fixtures/tokens/batch.txt"),
                environment: [:]
            )
            #expect(result.exitCode == 64, "\(arguments): \(result)")
            #expect(result.stdout.isEmpty, "\(arguments): \(result)")
            #expect(result.stderr.contains("audit needs a secret"), "\(arguments): \(result)")
        }
    }

    @Test("Standard input: with no file and with '-' between files, reported as stdin:line in order")
    func standardInput() throws {
        let input = try MixedInput()
        let directory = try TemporaryDirectory()
        let good = A.persistent(["proxy"], sub: A.subA, key: try A.key())
        try directory.write(good + "\n", to: "before.txt")
        try directory.write("\n" + good + "\n", to: "after.txt")

        let alone = try A.audit(["--format", "jsonl"], in: directory, stdin: Data(input.text.utf8))
        #expect(alone.exitCode == 3, "\(alone)")
        let records = try A.jsonLines(alone).records
        #expect(records.map { $0["source"] as? String } == input.expected.map { "stdin:\($0.line)" })
        #expect(records.allSatisfy { $0["file"] as? String == "stdin" })
        #expect(records.map { $0["outcome"] as? String } == input.expected.map(\.outcome))

        let between = try A.audit(
            ["--format", "jsonl", "before.txt", "-", "after.txt"],
            in: directory,
            stdin: Data((good + "\r\n").utf8)
        )
        #expect(between.exitCode == 0, "\(between)")
        #expect(
            try A.jsonLines(between).records.map { $0["source"] as? String } == [
                "before.txt:1", "stdin:1", "after.txt:2",
            ]
        )

        let secretAndTokens = try A.audit(
            ["--secret-file", "-", "before.txt", "-"],
            in: directory,
            stdin: Data(try A.secret().utf8),
            environment: [:]
        )
        #expect(secretAndTokens.exitCode == 64, "\(secretAndTokens)")
        #expect(secretAndTokens.stdout.isEmpty)
    }

    @Test("A 10 MB line between two good tokens: both reported, the long line reported with its line number, exit 3")
    func tenMegabyteLine() throws {
        let key = try A.key()
        let first = A.persistent(["allocator"], sub: A.subA, key: key)
        let second = A.ephemeral(["proxy"], sub: A.subB, exp: A.now + 60, key: key)
        var data = Data((first + "\n").utf8)
        data.append(Data(repeating: UInt8(ascii: "A"), count: 10 * 1_048_576))
        data.append(Data(("\n" + second + "\n").utf8))
        let directory = try TemporaryDirectory()
        try directory.write(data, to: "long.txt")

        let result = try A.audit(["--format", "jsonl", "long.txt"], in: directory)
        #expect(result.exitCode == 3, "\(result.stderr)")
        let (records, summary) = try A.jsonLines(result)
        try #require(records.count == 3)
        #expect(records.map(A.line) == [1, 2, 3])
        #expect(records.map { $0["outcome"] as? String } == ["pass", "malformed", "pass"])
        let message = (records[1]["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("10485760 bytes"), "\(records[1])")
        #expect(A.counts(summary, "by_outcome") == ["pass": 2, "malformed": 1])
        #expect(result.stdoutData.count < 20_000, "the long line is not echoed")

        let text = try A.audit(["long.txt"], in: directory)
        #expect(text.exitCode == 3)
        #expect(A.tableRows(text).map { A.cells($0).first ?? "" } == ["long.txt:1", "long.txt:2", "long.txt:3"])
    }

    @Test("An unreadable input among good ones: the others are still reported in order, exit 66")
    func unreadableInput() throws {
        let key = try A.key()
        let directory = try TemporaryDirectory()
        try directory.write(A.persistent(["allocator"], sub: A.subA, key: key) + "\n", to: "one.txt")
        try directory.write(A.persistent(["proxy"], sub: A.subB, key: key) + "\n", to: "two.txt")
        try FileManager.default.createDirectory(
            at: directory.url.appendingPathComponent("a-directory"),
            withIntermediateDirectories: false
        )

        let result = try A.audit(
            ["--format", "jsonl", "one.txt", "missing.txt", "a-directory", "two.txt"],
            in: directory
        )
        #expect(result.exitCode == 66, "\(result)")
        let (records, summary) = try A.jsonLines(result)
        try #require(records.count == 4, "\(result)")
        #expect(records.map { $0["file"] as? String } == ["one.txt", "missing.txt", "a-directory", "two.txt"])
        #expect(records.map { $0["outcome"] as? String } == ["pass", "unreadable", "unreadable", "pass"])
        #expect(records.map(A.line) == [1, nil, nil, 1])
        #expect(A.counts(summary, "by_outcome") == ["pass": 2, "unreadable": 2])

        let text = try A.audit(["one.txt", "missing.txt", "two.txt"], in: directory)
        #expect(text.exitCode == 66)
        #expect(
            A.tableRows(text).map { A.cells($0).prefix(2).joined(separator: " ") } == [
                "one.txt:1 PASS", "missing.txt UNREADABLE", "two.txt:1 PASS",
            ]
        )
    }

    // MARK: policy options

    @Test("--exact-roles applies to each token on its own")
    func exactRolesPerToken() throws {
        let directory = try TemporaryDirectory()
        try directory.write(try policyInput(), to: "policy.txt")
        let result = try A.audit(["--format", "jsonl", "--exact-roles", "allocator", "policy.txt"], in: directory)
        #expect(result.exitCode == 1, "\(result)")
        let (records, summary) = try A.jsonLines(result)
        #expect(records.map { $0["outcome"] as? String } == ["pass", "check_failed", "check_failed", "check_failed"])
        #expect(records.map(A.failedChecks) == [[], ["exact-roles"], ["exact-roles"], ["expiry"]])
        #expect(A.counts(summary, "by_reason") == ["exact-roles": 2, "expiry": 1])
    }

    @Test("--install-roles applies to each token on its own")
    func installRolesPerToken() throws {
        let directory = try TemporaryDirectory()
        try directory.write(try policyInput(), to: "policy.txt")
        let result = try A.audit(
            ["--format", "jsonl", "--install-roles", "allocator,proxy", "policy.txt"],
            in: directory
        )
        #expect(result.exitCode == 1, "\(result)")
        let (records, _) = try A.jsonLines(result)
        #expect(records.map { $0["outcome"] as? String } == ["check_failed", "pass", "check_failed", "check_failed"])
        #expect(A.failedChecks(records[0]) == ["install-roles"])
        #expect(A.failedChecks(records[2]) == ["install-roles"])
        #expect(A.failedChecks(records[3]).contains("expiry"))

        let text = try A.audit(["--install-roles", "allocator,proxy", "policy.txt"], in: directory)
        #expect(text.exitCode == 1)
        #expect(A.tableRows(text).map { A.cells($0).dropFirst().first ?? "" } == ["FAIL", "PASS", "FAIL", "FAIL"])
    }

    // MARK: table layout and known issues

    @Test("Text table: a long source keeps its line number (the SOURCE column must not cut 'file:line' at the end)")
    func longSourceKeepsLineNumber() throws {
        let directory = try TemporaryDirectory()
        let name = "issued-tokens-for-the-production-installation-2027-01.txt"
        let token = A.persistent(["allocator"], sub: A.subA, key: try A.key())
        try directory.write(token + "\n" + token + "\n", to: name)
        let result = try A.audit([name], in: directory)
        #expect(result.exitCode == 0)
        let rows = A.tableRows(result)
        try #require(rows.count == 2)
        #expect(A.cells(rows[0]).first?.hasSuffix("-2027-01.txt:1") == true, "\(rows)")
        #expect(A.cells(rows[1]).first?.hasSuffix("-2027-01.txt:2") == true, "\(rows)")
        #expect(rows.allSatisfy { $0.hasPrefix("…") }, "cut from the front: \(rows)")
    }

    // MARK: helpers

    /// Four tokens: persistent [allocator]; ephemeral [allocator, proxy]; persistent [coordinator, director];
    /// ephemeral [allocator] expired.
    private func policyInput() throws -> String {
        let key = try A.key()
        return [
            A.persistent(["allocator"], sub: A.subA, key: key),
            A.ephemeral(["allocator", "proxy"], sub: A.subB, exp: A.now + 7200, key: key),
            A.persistent(["coordinator", "director"], sub: A.subC, key: key),
            A.ephemeral(["allocator"], sub: A.subD, exp: A.now - 1, key: key),
        ].joined(separator: "\n") + "\n"
    }

    private func expectNoBootstrapSecrets(
        _ result: ToolResult,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let file = try ToolRunner.fixtureText("Fixtures/bootstrap-secrets.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [String: Any])
        let secret = try #require(object["bootstrap_tokens_secret"] as? String)
        let output = result.stdout + result.stderr
        #expect(!output.contains(secret), sourceLocation: sourceLocation)
        #expect(!output.contains("dummy-"), sourceLocation: sourceLocation)
        #expect(!output.contains("DUMMY"), sourceLocation: sourceLocation)
        try A.expectNoSecrets(result, sourceLocation: sourceLocation)
    }
}
