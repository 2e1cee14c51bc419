import Foundation
import Testing

/// `audit` decides ECE-shaped tokens on a fast path and renders their JSONL lines without full reports.
/// Its output must be byte for byte what the full inspector gives (`ECETOKEN_NO_FAST_PATH=1`), for every
/// kind of line, output format, number of jobs and leeway.
@Suite("audit fast path: same bytes as the full inspector")
struct AuditFastPathTests {
    static let uuid = "4c8990df-1fb7-4820-b868-6bc9e8860814"

    /// One line of each kind the fast path decides, declines or never sees.
    static func lines() throws -> [String] {
        let key = try AuditCLI.key()
        let now = AuditCLI.now
        func signed(_ claims: String, key: [UInt8] = key) -> String { TestTokens.sign(claims: claims, key: key) }
        let persistent = #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true}"#
        return [
            signed(persistent),
            signed(#"{"sub":"\#(uuid)","roles":[],"iss":"current","persistent":true}"#),
            signed(#"{"sub":"\#(uuid)","roles":["coordinator","proxy","director"],"iss":"current","persistent":true}"#),
            signed(
                #"{"sub":"\#(uuid)","roles":["proxy","allocator"],"iss":"current","persistent":false,"exp":\#(now + 90_000)}"#
            ),
            signed(#"{"sub":"\#(uuid)","roles":["proxy"],"iss":"current","persistent":false,"exp":\#(now + 59)}"#),
            signed(#"{"sub":"\#(uuid)","roles":["proxy"],"iss":"current","persistent":false,"exp":\#(now - 30)}"#),
            signed(
                #"{"sub":"\#(uuid)","roles":["proxy"],"iss":"current","persistent":false,"exp":\#(now - 86_400 * 800)}"#
            ),
            signed(#"{"sub":"\#(uuid)","roles":["proxy","allocator"],"iss":"bootstrap-initial","exp":1493646213}"#),
            signed(#"{"sub":"\#(uuid)","roles":["proxy","allocator"],"iss":"bootstrap-initial"}"#),
            signed(#"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true,"exp":\#(now + 10)}"#),
            signed(#"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":false}"#),
            signed(#"{"sub":"not-a-uuid","roles":["director"],"iss":"somewhere else"}"#),
            signed(#"{"roles":["allocator"]}"#),
            signed("{}"),
            signed(#"{"exp":253402300799}"#),
            // Declined by the fast path: unknown role, whitespace, an extra claim, a fractional exp.
            signed(#"{"sub":"\#(uuid)","roles":["beats-runner"],"persistent":true}"#),
            signed(#"{"sub": "\#(uuid)", "roles": ["allocator"], "persistent": true}"#),
            signed(#"{"sub":"\#(uuid)","roles":["allocator"],"persistent":true,"jti":"x"}"#),
            signed(#"{"roles":["allocator"],"exp":1800000000.5}"#),
            // Forged: another installation's secret, a flipped bit, and a secret that kept its newline
            // (diagnosed), with and without exp.
            signed(persistent, key: try AuditCLI.otherKey()),
            TestTokens.flippingSignatureBit(signed(persistent), bit: 9) ?? "",
            signed(persistent, key: key + [0x0A]),
            signed(#"{"sub":"\#(uuid)","roles":["proxy"],"persistent":false,"exp":\#(now + 5000)}"#, key: key + [0x0A]),
            // Not tokens: an API reply, comments, blank and CRLF lines, garbage, a JWE-shaped line.
            #"{"token":"\#(signed(persistent))","token_id":"\#(uuid)"}"#,
            "# a comment",
            "",
            "   ",
            signed(persistent) + "\r",
            "not a token",
            "a.b.c.d.e",
        ]
    }

    /// Runs `audit` on `path` with and without the fast path and expects the same bytes and exit code.
    static func expectSameOutput(_ arguments: [String], environment: [String: String]) throws {
        let fast = try ToolRunner.runAtFixedTime(["audit"] + arguments, environment: environment)
        var fullEnvironment = environment
        fullEnvironment["ECETOKEN_NO_FAST_PATH"] = "1"
        let full = try ToolRunner.runAtFixedTime(["audit"] + arguments, environment: fullEnvironment)
        #expect(fast.exitCode == full.exitCode, "\(arguments)")
        #expect(fast.stdout == full.stdout, "\(arguments)")
        #expect(fast.stderr == full.stderr, "\(arguments)")
    }

    @Test("every line kind, in JSONL, summary-only and table form, with 1 and 2 jobs and a leeway")
    func mixedLines() throws {
        let scratch = try TemporaryDirectory()
        // Each kind many times over, so that both workers of --jobs 2 get some of each, and once at the
        // start (the first line is read on its own).
        let lines = try Self.lines()
        var text = lines.joined(separator: "\n") + "\n"
        let rounds = 120
        for round in 0..<rounds {
            // Rotated, so each kind of line meets different neighbours and both workers' shares.
            let shift = round % lines.count
            text += (lines[shift...] + lines[..<shift]).joined(separator: "\n") + "\n"
        }
        // Bigger than several of the block auditor's 128 KiB rendering chunks, so that line numbers carry
        // across chunk boundaries.
        #expect(text.utf8.count > 4 * 128 * 1024)
        let path = try scratch.write(text, to: "tokens.txt")
        let environment = try AuditCLI.secretEnvironment()
        for format in [["--format", "jsonl"], ["--summary-only"], ["--summary-only", "--format", "jsonl"], []] {
            for jobs in ["1", "2"] {
                try Self.expectSameOutput(format + ["--jobs", jobs, path], environment: environment)
            }
        }
        try Self.expectSameOutput(["--format", "jsonl", "--leeway", "60s", path], environment: environment)
        // The fast path wrote most of the lines: without it the same file takes the full inspector's path,
        // which this test cannot time; what it can check is that a fast-path line is still complete JSON.
        let result = try ToolRunner.runAtFixedTime(["audit", "--format", "jsonl", path], environment: environment)
        let records = result.stdout.split(separator: "\n")
        // Every line but the comment and the two blank ones gives a record, plus the summary's.
        #expect(records.count == (rounds + 1) * (lines.count - 3) + 1)
        for record in records {
            #expect((try? JSONSerialization.jsonObject(with: Data(record.utf8))) != nil, "\(record)")
        }
    }

    @Test("a file path longer than a line's first buffer still gives the full inspector's lines")
    func longPath() throws {
        let scratch = try TemporaryDirectory()
        // About 3 000 characters of path: each JSON line quotes it twice, past the renderer's 4 KiB start.
        var directory = scratch.url
        for level in 0..<14 {
            directory.appendPathComponent(String(repeating: Character(String(level % 10)), count: 200))
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("tokens.txt").path
        try Data(try Self.lines().prefix(10).joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        #expect(path.utf8.count > 2_800)
        try Self.expectSameOutput(["--format", "jsonl", path], environment: try AuditCLI.secretEnvironment())
    }

    @Test("file names that JSON must escape are escaped the same way")
    func escapedFileName() throws {
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(
            try Self.lines().prefix(6).joined(separator: "\n"),
            to: "a \"quoted\"\\name\u{7f}.txt"
        )
        try Self.expectSameOutput(["--format", "jsonl", path], environment: try AuditCLI.secretEnvironment())
    }

    @Test("more checks shapes than the renderer caches: the shapes past its limit still give the same lines")
    func manyShapes() throws {
        let key = try AuditCLI.key()
        let now = AuditCLI.now
        // Every ordered list of distinct roles (65), with or without exp, each persistent value, with or
        // without sub, each issuer form, signed or forged: 65 × 2 × 3 × 2 × 3 × 2 = 4 680 checks shapes, more
        // than the renderer's 4 096.
        let names = ["allocator", "coordinator", "proxy", "director"]
        var roleLists: [[String]] = [[]]
        var frontier: [[String]] = [[]]
        for _ in names {
            frontier = frontier.flatMap { list in names.filter { !list.contains($0) }.map { list + [$0] } }
            roleLists += frontier
        }
        #expect(roleLists.count == 65)
        var lines: [String] = []
        for roles in roleLists {
            let rolesJSON = "[" + roles.map { "\"\($0)\"" }.joined(separator: ",") + "]"
            for exp in ["", #","exp":\#(now + 7_200)"#] {
                for persistent in ["", #","persistent":false"#, #","persistent":true"#] {
                    for sub in ["", #""sub":"\#(Self.uuid)","#] {
                        for iss in ["", #","iss":"current""#, #","iss":"bootstrap-initial""#] {
                            let claims = "{" + sub + #""roles":"# + rolesJSON + iss + persistent + exp + "}"
                            lines.append(TestTokens.sign(claims: claims, key: key))
                            lines.append(TestTokens.sign(claims: claims, key: try AuditCLI.otherKey()))
                        }
                    }
                }
            }
        }
        #expect(lines.count == 4_680)
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(lines.joined(separator: "\n") + "\n", to: "shapes.txt")
        try Self.expectSameOutput(
            ["--format", "jsonl", "--jobs", "1", path],
            environment: try AuditCLI.secretEnvironment()
        )
    }
}
