import Foundation
import Testing

/// The fast paths (audit's block auditor, verify's quick command line) must change speed, never output,
/// so the output comparisons in AuditFastPathTests and QuickVerifyTests would stay green if a fast path
/// quietly stopped running. These tests read `ECETOKEN_REPORT_PATH=1`'s line on standard error and fail
/// when inputs made for a fast path take the slow one.
@Suite("fast paths prove they run: ECETOKEN_REPORT_PATH")
struct FastPathReportTests {
    static let tokenCount = 500

    /// A file of ECE-shaped tokens, every one of them the fast path's: persistent and ephemeral, valid,
    /// expired and forged.
    static func tokenFile(in scratch: TemporaryDirectory) throws -> String {
        let key = try AuditCLI.key()
        var lines: [String] = []
        for index in 0..<tokenCount {
            let sub = String(format: "%08x-1fb7-4820-b868-6bc9e8860814", index)
            switch index % 4 {
            case 0: lines.append(AuditCLI.persistent(["allocator"], sub: sub, key: key))
            case 1:
                lines.append(AuditCLI.ephemeral(["proxy", "allocator"], sub: sub, exp: AuditCLI.now + 3600, key: key))
            case 2: lines.append(AuditCLI.ephemeral(["proxy"], sub: sub, exp: AuditCLI.now - 60, key: key))
            default: lines.append(AuditCLI.persistent(["director"], sub: sub, key: try AuditCLI.otherKey()))
            }
        }
        return try scratch.write(lines.joined(separator: "\n") + "\n", to: "tokens.txt")
    }

    /// The `ecetoken: path:` lines of a run's standard error.
    static func pathLines(_ result: ToolResult) -> [String] {
        result.stderr.split(separator: "\n").filter { $0.hasPrefix("ecetoken: path: ") }.map(String.init)
    }

    @Test(
        "audit: every token but the first line (read on its own) takes the fast path",
        arguments: [["--summary-only"], ["--format", "jsonl"], ["--summary-only", "--format", "jsonl"]]
    )
    func auditFastPath(format: [String]) throws {
        let scratch = try TemporaryDirectory()
        let path = try Self.tokenFile(in: scratch)
        var environment = try AuditCLI.secretEnvironment()
        environment["ECETOKEN_REPORT_PATH"] = "1"
        for jobs in ["1", "2"] {
            let result = try ToolRunner.runAtFixedTime(
                ["audit"] + format + ["--jobs", jobs, path],
                environment: environment
            )
            #expect(result.exitCode == 2, "\(result)")
            #expect(
                Self.pathLines(result) == ["ecetoken: path: audit fast=\(Self.tokenCount - 1) full=1"],
                "\(format) --jobs \(jobs): \(result.stderr)"
            )
        }
        // The report is not a constant: without the fast path every token gets a full report.
        environment["ECETOKEN_NO_FAST_PATH"] = "1"
        let slow = try ToolRunner.runAtFixedTime(["audit"] + format + [path], environment: environment)
        #expect(Self.pathLines(slow) == ["ecetoken: path: audit fast=0 full=\(Self.tokenCount)"], "\(slow.stderr)")
    }

    @Test("audit's table has no fast path: every token gets a full report")
    func auditTable() throws {
        let scratch = try TemporaryDirectory()
        let path = try Self.tokenFile(in: scratch)
        var environment = try AuditCLI.secretEnvironment()
        environment["ECETOKEN_REPORT_PATH"] = "1"
        let result = try ToolRunner.runAtFixedTime(["audit", path], environment: environment)
        #expect(Self.pathLines(result) == ["ecetoken: path: audit fast=0 full=\(Self.tokenCount)"], "\(result.stderr)")
    }

    @Test("verify: the everyday command line takes the quick path; other options take ArgumentParser's")
    func verifyQuickPath() throws {
        let token = try ToolRunner.fixtureToken("Fixtures/tokens/allocator-only.jwt")
        let environment = ["ECETOKEN_REPORT_PATH": "1"]
        let quickCases: [[String]] = [
            ["verify", "--secret-file", "Fixtures/secret.txt", "--now", ToolRunner.now, token],
            ["verify", "--secret-file=Fixtures/secret.txt", "--now=\(ToolRunner.now)", "--format", "json", token],
            ["verify", "--bootstrap-secrets", "Fixtures/bootstrap-secrets.json", "--now", ToolRunner.now, token],
        ]
        for arguments in quickCases {
            let result = try ToolRunner.run(arguments, environment: environment)
            #expect(result.exitCode == 0, "\(arguments): \(result)")
            #expect(Self.pathLines(result) == ["ecetoken: path: verify quick"], "\(arguments): \(result.stderr)")
        }
        let full = try ToolRunner.run(
            ["verify", "--secret-file", "Fixtures/secret.txt", "--now", ToolRunner.now, "--leeway", "60s", token],
            environment: environment
        )
        #expect(full.exitCode == 0, "\(full)")
        #expect(Self.pathLines(full) == ["ecetoken: path: verify full"], "\(full.stderr)")
        // Without the variable nothing is said.
        let quiet = try ToolRunner.run(quickCases[0])
        #expect(Self.pathLines(quiet).isEmpty)
    }
}
