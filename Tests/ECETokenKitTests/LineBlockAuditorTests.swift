import ECETokenKit
import Testing

private typealias Support = TokenKitTestSupport

/// The block auditor must count exactly what reading the input item by item and inspecting every token
/// gives, whatever the mix of lines, block boundaries and threads.
@Suite("LineBlockAuditor: same summary as the item-by-item reader")
struct LineBlockAuditorTests {
    static let uuid = "4c8990df-1fb7-4820-b868-6bc9e8860814"

    /// The summary of reading `input` item by item and inspecting every token fully.
    static func referenceSummary(_ path: String, key: SigningKey) throws -> AuditSummary {
        try reference(path, key: key).summary
    }

    /// The summary and each item's line number, reading `input` item by item and inspecting every token
    /// fully.
    static func reference(_ path: String, key: SigningKey) throws -> (summary: AuditSummary, lines: [Int?]) {
        var summary = AuditSummary()
        var lines: [Int?] = []
        let inspector = TokenInspector(key: key)
        TokenInputReader(try ByteSource(path: path)).forEachItem { item in
            switch item {
            case .token(let input):
                summary.add(inspector.inspect(input, now: Support.now))
                lines.append(input.line)
            case .problem(let problem):
                summary.add(problem)
                lines.append(problem.line)
            }
        }
        return (summary, lines)
    }

    /// An auditor with the default policy at the test clock.
    static func auditor(key: SigningKey, jobs: Int, mode: LineBlockAuditor.Mode) -> LineBlockAuditor {
        LineBlockAuditor(
            key: key,
            policy: VerificationPolicy(),
            requirements: PolicyRequirements(),
            now: Support.now,
            jobs: jobs,
            mode: mode
        )
    }

    /// The summary of the audit's way: the first line item by item, then blocks.
    static func blockSummary(
        _ path: String,
        key: SigningKey,
        jobs: Int,
        countsOnly: Bool
    ) throws -> (
        AuditSummary, [Int?]
    ) {
        var summary = AuditSummary()
        var lines: [Int?] = []
        let inspector = TokenInspector(key: key)
        let auditor = Self.auditor(key: key, jobs: jobs, mode: countsOnly ? .counts : .reports)
        func add(_ item: AuditItem) {
            switch item {
            case .report(let report):
                summary.add(report)
                lines.append(report.line)
            case .problem(let problem):
                summary.add(problem)
                lines.append(problem.line)
            }
        }
        TokenInputReader(try ByteSource(path: path)).forEachItem(
            lineBlocks: { block in
                var sawContent = false
                auditor.audit(block, source: path) { result in
                    summary.add(result.tally)
                    result.items.forEach(add)
                    sawContent = sawContent || result.sawContent
                }
                return sawContent
            },
            { item in
                switch item {
                case .token(let input): add(.report(inspector.inspect(input, now: Support.now)))
                case .problem(let problem): add(.problem(problem))
                }
            }
        )
        return (summary, lines)
    }

    /// A mixed list: good, forged, expired, conflicting and odd tokens, API replies, comments, blank and
    /// CRLF lines, a malformed line and an over-long one.
    static func mixedInput(count: Int) throws -> [UInt8] {
        var text = "# audit input\n"
        for index in 0..<count {
            switch index % 11 {
            case 0:
                text += try Support.token(
                    payload: #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true}"#
                )
            case 1:
                text +=
                    try Support.token(
                        payload: #"{"sub":"\#(uuid)","roles":["proxy"],"persistent":false,"exp":1900000000}"#
                    ) + "\r"
            case 2: text += try Support.token(payload: #"{"sub":"\#(uuid)","roles":[],"exp":1700000000}"#)
            case 3:
                text += Support.token(payload: #"{"roles":["allocator"]}"#, signature: [UInt8](repeating: 1, count: 32))
            case 4: text += try Support.token(payload: #"{"roles":["allocator"],"persistent":true,"exp":1}"#)
            case 5: text += try Support.token(payload: #"{"roles":["unknown-role"], "sub": "x"}"#)
            case 6: text += "  \t"
            case 7: text += "not a token"
            case 8:
                let token = try Support.token(payload: #"{"sub":"\#(uuid)","roles":["director"],"persistent":true}"#)
                text += #"{"token":"\#(token)","token_id":"\#(uuid)"}"#
            case 9: text += "# a comment"
            default: text += index % 22 == 10 ? "eyJ" + String(repeating: "A", count: 70_000) : ""
            }
            text += "\n"
        }
        return Array(text.utf8)
    }

    @Test("summary-only counting and full reports both match the reference", arguments: [1, 2, 3])
    func mixed(jobs: Int) throws {
        let key = try SigningKey(secretText: Support.secretBytes)
        let scratch = try InputScratchDirectory()
        // Enough lines for several blocks of the reader's 1 MiB buffer (the long lines alone fill some).
        let path = try scratch.write(try Self.mixedInput(count: 3000))
        let (reference, referenceLines) = try Self.reference(path, key: key)
        #expect(reference.total > 2000)
        for countsOnly in [false, true] {
            let (summary, lines) = try Self.blockSummary(path, key: key, jobs: jobs, countsOnly: countsOnly)
            #expect(summary == reference, "countsOnly \(countsOnly)")
            if countsOnly {
                // The tokens the fast path counted give no item; the others keep their lines, in order.
                var remaining = referenceLines[...]
                for line in lines {
                    guard let found = remaining.firstIndex(of: line) else {
                        Issue.record("line \(String(describing: line)) is not among the reference's, in order")
                        break
                    }
                    remaining = remaining[(found + 1)...]
                }
                #expect(lines.count < reference.total)
            } else {
                // Every item, in input order, with the line the item-by-item reader gives it.
                #expect(lines.count == reference.total)
                #expect(lines == referenceLines)
            }
        }
    }

    @Test("a last line without a newline, and an input of only blank lines")
    func edges() throws {
        let key = try SigningKey(secretText: Support.secretBytes)
        let scratch = try InputScratchDirectory()
        let token = try Support.token(payload: #"{"roles":["allocator"],"persistent":true}"#)
        for text in ["\(token)\n\(token)", "\n\n\n", "# only\n\n", "\(token)", "\n\(token)\n\n"] {
            let path = try scratch.write(Array(text.utf8))
            let reference = try Self.referenceSummary(path, key: key)
            for countsOnly in [false, true] {
                let (summary, _) = try Self.blockSummary(path, key: key, jobs: 2, countsOnly: countsOnly)
                #expect(summary == reference, "\(text.debugDescription) countsOnly \(countsOnly)")
            }
        }
    }

    @Test("a block of short garbage lines: items come in bounded pieces, all of them, in order", arguments: [1, 2, 3])
    func garbage(jobs: Int) throws {
        let key = try SigningKey(secretText: Support.secretBytes)
        let scratch = try InputScratchDirectory()
        let token = try Support.token(payload: #"{"sub":"\#(Self.uuid)","roles":["allocator"],"persistent":true}"#)
        var text = ""
        for index in 0..<120_000 { text += index % 7 == 3 ? token + "\n" : index % 13 == 5 ? "\n" : "x\n" }
        let path = try scratch.write(Array(text.utf8))
        let (reference, referenceLines) = try Self.reference(path, key: key)
        let (summary, lines) = try Self.blockSummary(path, key: key, jobs: jobs, countsOnly: false)
        #expect(summary == reference)
        #expect(lines == referenceLines)
        // No piece handed over holds more than the limit: the reports of a 1 MiB block are not all kept at once.
        let auditor = Self.auditor(key: key, jobs: jobs, mode: .counts)
        var largest = 0
        var pieces = 0
        TokenInputReader(try ByteSource(path: path)).forEachItem(
            lineBlocks: { block in
                auditor.audit(block, source: path) { result in
                    largest = max(largest, result.items.count)
                    pieces += 1
                }
                return true
            },
            { _ in }
        )
        #expect(largest <= LineBlockAuditor.maximumItems)
        #expect(pieces > 6)
    }
}
