import Foundation
import Testing

/// Shared inputs of the policy, preflight, diagnosis and mint end-to-end tests.
enum PolicyCLI {
    static let secretOptions = ["--secret-file", "Fixtures/secret.txt"]
    /// The fixed clock (`ToolRunner.now`) as a number.
    static let now: Int64 = 1_800_000_000
    static let uuid = "46977b7d-a3e6-4605-b70d-1723129af8e4"

    static let allocatorOnly = "Fixtures/tokens/allocator-only.jwt"
    static let emergency = "Fixtures/tokens/emergency.jwt"
    static let persistentAllocator = "Fixtures/tokens/persistent-allocator.jwt"
    static let ephemeralAllocatorProxy = "Fixtures/tokens/ephemeral-allocator-proxy.jwt"
    static let docsEphemeral = "Fixtures/tokens/ece-docs-ephemeral-2017.jwt"

    /// The fixture secret's key bytes (the text as written).
    static func key() throws -> [UInt8] { Array(try ToolRunner.fixtureSecret().utf8) }

    static func rolesJSON(_ roles: [String]) -> String {
        "[" + roles.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    /// An ephemeral token with ECE's claims, signed with the fixture secret by the tests' own HMAC.
    static func ephemeral(_ roles: [String], exp: Int64, iss: String = "current", sub: String = uuid) throws -> String {
        TestTokens.sign(
            claims: #"{"sub":"\#(sub)","roles":\#(rolesJSON(roles)),"iss":"\#(iss)","persistent":false,"exp":\#(exp)}"#,
            key: try key()
        )
    }

    /// A persistent token with ECE's claims, signed with the fixture secret by the tests' own HMAC.
    static func persistent(_ roles: [String], iss: String = "current", sub: String = uuid) throws -> String {
        TestTokens.sign(
            claims: #"{"sub":"\#(sub)","roles":\#(rolesJSON(roles)),"iss":"\#(iss)","persistent":true}"#,
            key: try key()
        )
    }

    /// The ECE docs' 2017 example (requested with allocator, grants proxy and allocator), re-signed with the
    /// fixture secret and an exp one hour after the fixed clock, since the docs' own secret is unknown.
    static func docsScenario() throws -> String {
        try ephemeral(["proxy", "allocator"], exp: now + 3600, iss: "bootstrap-initial")
    }

    /// `verify` at the fixed clock with the fixture secret.
    static func verify(_ arguments: [String], stdin: Data? = nil) throws -> ToolResult {
        try ToolRunner.runAtFixedTime(["verify"] + secretOptions + arguments, stdin: stdin)
    }

    /// `verify --format json` at the fixed clock with the fixture secret; the single report.
    static func verifyJSON(_ arguments: [String]) throws -> (ToolResult, [String: Any]) {
        let result = try verify(["--format", "json"] + arguments)
        let reports = try result.jsonReports()
        try #require(reports.count == 1, "\(result)")
        return (result, reports[0])
    }

    static func checks(_ report: [String: Any]) -> [[String: Any]] {
        report["checks"] as? [[String: Any]] ?? []
    }

    static func checkNames(_ report: [String: Any]) -> [String] {
        checks(report).compactMap { $0["name"] as? String }
    }

    /// The status and message of the named check.
    static func check(_ report: [String: Any], _ name: String) -> (status: String, message: String)? {
        guard let found = checks(report).first(where: { $0["name"] as? String == name }) else { return nil }
        return (found["status"] as? String ?? "", found["message"] as? String ?? "")
    }
}

@Suite("CI checks on verify and inspect: exit codes, names and messages")
struct PolicyCLITests {
    typealias P = PolicyCLI

    // MARK: the ECE docs' example

    @Test(
        "The ECE docs' scenario (requested allocator, granted proxy+allocator): --exact-roles allocator exits 1 naming proxy"
    )
    func docsExactRoles() throws {
        let token = try P.docsScenario()
        let text = try P.verify(["--exact-roles", "allocator", token])
        #expect(text.exitCode == 1, "\(text)")
        #expect(text.stdout.contains("exact-roles"), "\(text)")
        #expect(text.stdout.contains("also grants proxy"), "\(text)")

        let (result, report) = try P.verifyJSON(["--exact-roles", "allocator", token])
        #expect(result.exitCode == 1, "\(result)")
        let check = try #require(P.check(report, "exact-roles"), "\(result)")
        #expect(check.status == "fail")
        #expect(check.message.contains("proxy"), "\(check.message)")
        #expect(report["verdict"] as? String == "fail")
        #expect(report["signature"] as? String == "valid")
    }

    @Test("The ECE docs' scenario passes --require-roles allocator (exit 0)")
    func docsRequireRoles() throws {
        let (result, report) = try P.verifyJSON(["--require-roles", "allocator", try P.docsScenario()])
        #expect(result.exitCode == 0, "\(result)")
        #expect(P.check(report, "require-roles")?.status == "pass")
    }

    @Test("The same scenario minted as a persistent token by ecetoken mint: exact-roles fails, require-roles passes")
    func docsScenarioMinted() throws {
        let mint = try ToolRunner.runAtFixedTime(
            ["mint"] + P.secretOptions + ["--roles", "proxy,allocator", "--persistent"]
        )
        #expect(mint.exitCode == 0, "\(mint)")
        let token = mint.stdout.trimmingCharacters(in: .newlines)
        #expect(try P.verify(["--exact-roles", "allocator", token]).exitCode == 1)
        #expect(try P.verify(["--require-roles", "allocator", token]).exitCode == 0)
        #expect(try P.verify(["--exact-roles", "allocator,proxy", token]).exitCode == 0)
    }

    @Test("inspect --exact-roles allocator on the docs' own token reports the failing check but exits 0")
    func inspectDocsToken() throws {
        let text = try ToolRunner.runAtFixedTime(["inspect", "--exact-roles", "allocator", P.docsEphemeral])
        #expect(text.exitCode == 0, "\(text)")
        #expect(text.stdout.contains("exact-roles"), "\(text)")
        #expect(text.stdout.contains("also grants proxy"), "\(text)")

        let json = try ToolRunner.runAtFixedTime(
            ["inspect", "--format", "json", "--exact-roles", "allocator", P.docsEphemeral])
        #expect(json.exitCode == 0, "\(json)")
        let report = try #require(try json.jsonReports().first)
        let check = try #require(P.check(report, "exact-roles"), "\(json)")
        #expect(check.status == "fail")
        #expect(check.message.contains("proxy"))
        #expect(report["signature"] as? String == "unverified")
    }

    @Test("inspect with --require-roles allocator on the docs' token: the check passes")
    func inspectDocsRequire() throws {
        let json = try ToolRunner.runAtFixedTime(
            ["inspect", "--format", "json", "--require-roles", "allocator", P.docsEphemeral])
        #expect(json.exitCode == 0, "\(json)")
        #expect(P.check(try #require(try json.jsonReports().first), "require-roles")?.status == "pass")
    }

    // MARK: install preflight

    @Test(
        "--install-roles allocator,proxy against an allocator-only token: exit 1, names proxy, gives the request body"
    )
    func installRolesMissing() throws {
        let result = try P.verify(["--install-roles", "allocator,proxy", P.allocatorOnly])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("install-roles"), "\(result)")
        #expect(result.stdout.contains("does not grant proxy"), "\(result)")
        #expect(result.stdout.contains("install without error"), "\(result)")
        #expect(result.stdout.contains("enrollment-tokens"), "\(result)")
        #expect(result.stdout.contains(#"{"persistent":true,"roles":["allocator","proxy"]}"#), "\(result)")
    }

    @Test("--install-roles in JSON: install-roles fails, installer-token-text passes")
    func installRolesJSON() throws {
        let (result, report) = try P.verifyJSON(["--install-roles", "allocator,proxy", P.allocatorOnly])
        #expect(result.exitCode == 1)
        let check = try #require(P.check(report, "install-roles"))
        #expect(check.status == "fail")
        #expect(check.message.contains("proxy"))
        #expect(check.message.contains(#""roles":["allocator","proxy"]"#))
        #expect(P.check(report, "installer-token-text")?.status == "pass")
    }

    @Test("--install-roles \"allocator, proxy\" (a space): exit 1 mentioning whitespace")
    func installRolesWhitespace() throws {
        let result = try P.verify(["--install-roles", "allocator, proxy", P.ephemeralAllocatorProxy])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("whitespace"), "\(result)")
        #expect(result.stdout.contains("would break the install"), "\(result)")
    }

    @Test(
        "--install-roles values that would break the installer exit 1 and say why",
        arguments: [
            ("\"allocator\"", "quotes"), ("--roles", "starts with '--'"), ("allocator,,proxy", "empty entry"),
            (",allocator", "empty entry"), ("allocator,", "empty entry"), ("allocater", "unknown role name"),
        ] as [(String, String)]
    )
    func installRolesBroken(value: String, phrase: String) throws {
        let (result, report) = try P.verifyJSON(["--install-roles=" + value, P.ephemeralAllocatorProxy])
        #expect(result.exitCode == 1, "\(result)")
        let check = try #require(P.check(report, "install-roles"), "\(result)")
        #expect(check.status == "fail")
        #expect(check.message.contains(phrase), "\(check.message)")
    }

    @Test("--install-roles that the token covers passes (exit 0)")
    func installRolesPass() throws {
        #expect(try P.verify(["--install-roles", "allocator,proxy", P.ephemeralAllocatorProxy]).exitCode == 0)
        #expect(try P.verify(["--install-roles", "coordinator,proxy,director", P.emergency]).exitCode == 0)
    }

    @Test("The emergency token without --install-roles gets the install-hint warning (exit 0); with it, no hint")
    func emergencyHint() throws {
        let (result, report) = try P.verifyJSON([P.emergency])
        #expect(result.exitCode == 0, "\(result)")
        let hint = try #require(P.check(report, "install-hint"), "\(result)")
        #expect(hint.status == "warn")
        #expect(hint.message.contains("no roles"))

        let (withRoles, withReport) = try P.verifyJSON(["--install-roles", "coordinator,proxy,director", P.emergency])
        #expect(withRoles.exitCode == 0)
        #expect(P.check(withReport, "install-hint") == nil)
    }

    // MARK: each check

    @Test("--min-validity 2h on a token expiring in 1 h: exit 1, it could expire during the install")
    func minValidityShort() throws {
        let token = try P.ephemeral(["allocator"], exp: P.now + 3600)
        let result = try P.verify(["--min-validity", "2h", token])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("min-validity"), "\(result)")
        #expect(result.stdout.contains("could expire during the install"), "\(result)")
        #expect(try P.verify(["--min-validity", "1h", token]).exitCode == 0)
        #expect(try P.verify(["--min-validity", "30m", token]).exitCode == 0)
        #expect(try P.verify(["--min-validity", "1h0m1s", token]).exitCode == 1)
    }

    @Test("--min-validity with an extreme --now never traps")
    func minValidityExtremeClock() throws {
        let token = P.ephemeralAllocatorProxy
        let late = try ToolRunner.run(
            ["verify", "--now=9223372036854775807", "--min-validity", "1s"] + P.secretOptions + [token]
        )
        #expect(late.exitCode == 1, "already expired: \(late)")
        let early = try ToolRunner.run(
            ["verify", "--now=-9223372036854775808", "--min-validity", "1s"] + P.secretOptions + [token]
        )
        #expect(!early.signaled, "\(early)")
        #expect(early.exitCode == 0, "\(early)")
    }

    @Test("--min-validity on a persistent token passes: it does not expire")
    func minValidityPersistent() throws {
        #expect(try P.verify(["--min-validity", "365d", P.persistentAllocator]).exitCode == 0)
    }

    @Test("--kind: persistent on an ephemeral token exits 1; the matching kind exits 0")
    func kind() throws {
        let failing = try P.verify(["--kind", "persistent", P.ephemeralAllocatorProxy])
        #expect(failing.exitCode == 1, "\(failing)")
        #expect(failing.stdout.contains("kind-required"), "\(failing)")
        #expect(try P.verify(["--kind", "ephemeral", P.ephemeralAllocatorProxy]).exitCode == 0)
        #expect(try P.verify(["--kind", "persistent", P.persistentAllocator]).exitCode == 0)
        #expect(try P.verify(["--kind", "ephemeral", P.persistentAllocator]).exitCode == 1)
    }

    @Test("--forbid-roles director on the emergency token exits 1; allocator exits 0")
    func forbidRoles() throws {
        let result = try P.verify(["--forbid-roles", "director", P.emergency])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("forbid-roles"), "\(result)")
        #expect(result.stdout.contains("director"), "\(result)")
        #expect(try P.verify(["--forbid-roles", "allocator", P.emergency]).exitCode == 0)
    }

    @Test("--token-id: the persistent token's sub passes, anything else exits 1")
    func tokenID() throws {
        let sub = "084afa29-3107-4c92-82c9-95dd86af4e46"  // persistent-allocator.jwt
        #expect(try P.verify(["--token-id", sub, P.persistentAllocator]).exitCode == 0)
        let mismatch = try P.verify(["--token-id", "21f8302c-3455-4ad2-ad58-7ab2ef2b5ab3", P.persistentAllocator])
        #expect(mismatch.exitCode == 1, "\(mismatch)")
        #expect(mismatch.stdout.contains("token-id-required"), "\(mismatch)")
        #expect(try P.verify(["--token-id", P.uuid, try P.ephemeral(["allocator"], exp: P.now + 3600)]).exitCode == 1)
    }

    @Test(
        "--issuer current passes; anything not exactly equal exits 1",
        arguments: [
            ("current", Int32(0)), ("curren", 1), ("current ", 1), ("Current", 1), ("bootstrap-initial", 1),
        ] as [(String, Int32)]
    )
    func issuer(value: String, exit: Int32) throws {
        let result = try P.verify(["--issuer=" + value, P.persistentAllocator])
        #expect(result.exitCode == exit, "\(result)")
        #expect(result.stdout.contains("issuer-required"), "\(result)")
    }

    @Test("--require-roles: exit 1 naming the missing role; tolerated spaces in our own lists")
    func requireRoles() throws {
        let result = try P.verify(["--require-roles", "allocator,director", P.ephemeralAllocatorProxy])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("does not grant director"), "\(result)")
        #expect(try P.verify(["--require-roles", "allocator, proxy", P.ephemeralAllocatorProxy]).exitCode == 0)
    }

    @Test("Several failures in one run all appear by name in the JSON checks array and in the text")
    func severalFailures() throws {
        let token = try P.ephemeral(["allocator", "proxy"], exp: P.now + 1800)
        let options = [
            "--require-roles", "director", "--exact-roles", "allocator", "--forbid-roles", "proxy", "--kind",
            "persistent",
            "--min-validity", "1h", "--issuer", "curren", "--token-id", "21f8302c-3455-4ad2-ad58-7ab2ef2b5ab3",
            "--install-roles", "allocator,director",
        ]
        let expected = [
            "require-roles", "exact-roles", "forbid-roles", "kind-required", "min-validity", "issuer-required",
            "token-id-required", "install-roles",
        ]
        let (result, report) = try P.verifyJSON(options + [token])
        #expect(result.exitCode == 1, "\(result)")
        for name in expected {
            #expect(P.check(report, name)?.status == "fail", "\(name) in \(P.checkNames(report))")
        }
        let failed = P.checks(report).filter { $0["status"] as? String == "fail" }.compactMap { $0["name"] as? String }
        #expect(failed == expected)

        let text = try P.verify(options + [token])
        #expect(text.exitCode == 1)
        for name in expected {
            #expect(text.stdout.contains("FAIL \(name)"), "\(name) missing\n\(text)")
        }
    }

    @Test("A forged token exits 2 and gets no policy checks (nothing in it is trusted)")
    func forgedToken() throws {
        let (result, report) = try P.verifyJSON(
            ["--require-roles", "director", "--install-roles", "director", "Fixtures/tokens/tampered-signature.jwt"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(P.check(report, "require-roles") == nil)
        #expect(P.check(report, "install-roles") == nil)
    }

    // MARK: usage errors

    @Test(
        "Bad option values are usage errors (exit 64)",
        arguments: [
            ["--min-validity", "5x"], ["--min-validity", "h"], ["--min-validity", "1m1h"], ["--require-roles", "a,,b"],
            ["--exact-roles", ",allocator"], ["--forbid-roles", "allocator,"], ["--kind", "forever"],
            ["--kind", "Persistent"],
        ] as [[String]]
    )
    func badOptions(options: [String]) throws {
        let result = try P.verify(options + [P.persistentAllocator])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("inspect also rejects bad option values with 64")
    func inspectBadOptions() throws {
        let result = try ToolRunner.runAtFixedTime(["inspect", "--min-validity", "5x", P.persistentAllocator])
        #expect(result.exitCode == 64, "\(result)")
    }
}
