import ECETokenKit
import Foundation
import Testing

@testable import ecetoken

/// `FastJSONLineRenderer` through `LineBlockAuditor` in `.rendered` mode, in process: every token the
/// fast path decides is rendered by it (none falls back to a full report), and each line is byte for byte
/// `JSONRenderer`'s line for the token's full report.
@Suite("FastJSONLineRenderer and LineBlockAuditor's rendered mode")
struct FastJSONLineRendererTests {
    static let now: Int64 = AuditCLI.now

    /// ECE-shaped tokens of many checks shapes: kinds, roles, expiry states, issuers, forged.
    static func tokens() throws -> [String] {
        let key = try AuditCLI.key()
        let uuid = "4c8990df-1fb7-4820-b868-6bc9e8860814"
        let claims = [
            #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true}"#,
            #"{"sub":"\#(uuid)","roles":[],"iss":"current","persistent":true}"#,
            #"{"sub":"\#(uuid)","roles":["coordinator","proxy","director"],"iss":"current","persistent":true}"#,
            #"{"sub":"\#(uuid)","roles":["proxy","allocator"],"iss":"current","persistent":false,"exp":\#(now + 90_000)}"#,
            #"{"sub":"\#(uuid)","roles":["proxy"],"iss":"current","persistent":false,"exp":\#(now + 59)}"#,
            #"{"sub":"\#(uuid)","roles":["proxy"],"iss":"current","persistent":false,"exp":\#(now - 30)}"#,
            #"{"sub":"\#(uuid)","roles":["proxy","allocator"],"iss":"bootstrap-initial","exp":1493646213}"#,
            #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true,"exp":\#(now + 10)}"#,
            #"{"roles":["allocator"]}"#,
        ]
        var tokens: [String] = []
        for text in claims {
            tokens.append(TestTokens.sign(claims: text, key: key))
            tokens.append(TestTokens.sign(claims: text, key: try AuditCLI.otherKey()))
            tokens.append(TestTokens.sign(claims: text, key: key + [0x0A]))
        }
        return tokens
    }

    @Test("each token's line equals JSONRenderer's, and every token took the fast path", arguments: [1, 2])
    func renderedLines(jobs: Int) throws {
        let key = try SigningKey(secretText: try AuditCLI.key())
        let tokens = try Self.tokens()
        // Twice over, so each shape is rendered once from a full report and then from the renderer's cache.
        let lines = tokens + tokens
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(lines.joined(separator: "\n") + "\n", to: "tokens.txt")
        let now = Self.now
        let auditor = LineBlockAuditor(
            key: key,
            policy: VerificationPolicy(),
            requirements: PolicyRequirements(),
            now: now,
            jobs: jobs,
            mode: .rendered(makeRenderer: { FastJSONLineRenderer(now: now, leeway: 0) })
        )
        var output: [UInt8] = []
        var fallbacks = 0
        var tally = AuditVerdictTally()
        let reader = LineReader(try ByteSource(path: path))
        while let item = try reader.nextBlock() {
            guard case .lines(let block) = item else {
                Issue.record("a line too long")
                continue
            }
            auditor.audit(block, source: path) { result in
                output += result.output
                fallbacks += result.items.count
                tally.add(result.tally)
            }
        }
        #expect(fallbacks == 0)
        #expect(tally.total == lines.count)

        let inspector = TokenInspector(key: key)
        let expected = lines.enumerated().map { index, token in
            let report = inspector.inspect(
                TokenInput(bytes: Array(token.utf8), source: "\(path):\(index + 1)", line: index + 1),
                now: now
            )
            return JSONRenderer().renderLine(AuditItem.report(report), file: path)
        }
        let rendered = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map { $0 + "\n" }
        #expect(rendered.count == expected.count)
        // Field names and order come from ReportField, for both renderers.
        let memberNames = ["file", "line"] + ReportField.allCases.map(\.rawValue)
        for line in rendered.prefix(tokens.count) {
            let object = try StrictJSONParser().parseObject(Array(line.utf8.dropLast()))
            #expect(object.members.map(\.name) == memberNames)
        }
        for (got, want) in zip(rendered, expected) {
            #expect(got == want)
        }
    }
}
