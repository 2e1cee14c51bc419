import ECETokenKit
import Testing

/// One `--roles` value that would break or mislead `elastic-cloud-enterprise.sh`, and a phrase its problem
/// must contain.
struct BadInstallRoles: Sendable, CustomTestStringConvertible {
    let value: String
    let phrase: String

    var testDescription: String { "\(value.debugDescription) → \(phrase)" }
}

@Suite("InstallPreflight: the installer's --roles value, the install-roles check and the emergency hint")
struct InstallPreflightTests {
    typealias F = PolicyFixture

    // MARK: parse

    @Test(
        "Safe values split on commas, in order, with no problem",
        arguments: [
            ("allocator,proxy", ["allocator", "proxy"]),
            ("allocator", ["allocator"]),
            ("coordinator,director,proxy,allocator", ["coordinator", "director", "proxy", "allocator"]),
        ] as [(String, [String])]
    )
    func parseSafe(value: String, roles: [String]) {
        let parsed = InstallPreflight.parse(installRoles: value)
        #expect(parsed.roles == roles)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
    }

    @Test(
        "Values that would break the installer each produce a problem saying why",
        arguments: [
            BadInstallRoles(value: "allocator, proxy", phrase: "whitespace"),
            BadInstallRoles(value: "allocator ,proxy", phrase: "whitespace"),
            BadInstallRoles(value: "allocator\tproxy", phrase: "whitespace"),
            BadInstallRoles(value: "allocator,proxy\n", phrase: "whitespace"),
            BadInstallRoles(value: "allocator,di\u{0C}rector", phrase: "whitespace"),
            BadInstallRoles(value: "\"allocator\"", phrase: "quotes"),
            BadInstallRoles(value: "'allocator,proxy'", phrase: "quotes"),
            BadInstallRoles(value: "--roles", phrase: "starts with '--'"),
            BadInstallRoles(value: "--allocator", phrase: "(exit 3)"),
            BadInstallRoles(value: "allocator,,proxy", phrase: "empty entry"),
            BadInstallRoles(value: ",allocator", phrase: "empty entry"),
            BadInstallRoles(value: "allocator,", phrase: "empty entry"),
            BadInstallRoles(value: "allocater", phrase: "unknown role name"),
            BadInstallRoles(value: "allocator,beats-runner", phrase: "unknown role name"),
            BadInstallRoles(value: "Allocator", phrase: "unknown role name"),
            BadInstallRoles(value: "", phrase: "empty"),
        ]
    )
    func parseProblems(bad: BadInstallRoles) {
        let parsed = InstallPreflight.parse(installRoles: bad.value)
        #expect(!parsed.problems.isEmpty, "no problem for \(bad.value.debugDescription)")
        #expect(parsed.problems.contains { $0.contains(bad.phrase) }, "\(parsed.problems)")
    }

    @Test("Whitespace: the problem suggests the value without it")
    func whitespaceSuggestion() {
        let parsed = InstallPreflight.parse(installRoles: "allocator, proxy")
        #expect(parsed.problems.count == 1, "\(parsed.problems)")
        #expect(parsed.problems[0].contains(#"write "allocator,proxy""#), "\(parsed.problems)")
    }

    @Test("An unknown role is named, and the known ones are listed")
    func unknownNamed() {
        let parsed = InstallPreflight.parse(installRoles: "allocater,proxy")
        #expect(parsed.problems.count == 1, "\(parsed.problems)")
        #expect(parsed.problems[0].contains(#""allocater""#), "\(parsed.problems)")
        #expect(parsed.problems[0].contains("allocator, coordinator, proxy, director"), "\(parsed.problems)")
        #expect(!parsed.problems[0].contains(#""proxy""#), "\(parsed.problems)")
    }

    @Test("Empty entries are dropped from the roles; only the empty-entry problem is reported")
    func emptyEntries() {
        let parsed = InstallPreflight.parse(installRoles: "allocator,,proxy")
        #expect(parsed.roles == ["allocator", "proxy"])
        #expect(parsed.problems.count == 1, "\(parsed.problems)")
    }

    // MARK: install-roles check

    @Test(
        "install-roles fails naming the missing role, says the host installs but the role does not work, and gives the request body"
    )
    func missingRole() throws {
        let report = try F.inspect(F.persistent(["allocator"]), requirements: .init(installRoles: "allocator,proxy"))
        let check = try F.check(report, "install-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("does not grant proxy"), "\(check.message)")
        #expect(check.message.contains("install without error"), "\(check.message)")
        #expect(check.message.contains("would not work"), "\(check.message)")
        #expect(check.message.contains("/api/v1/platform/configuration/security/enrollment-tokens"), "\(check.message)")
        #expect(check.message.contains(#"{"persistent":true,"roles":["allocator","proxy"]}"#), "\(check.message)")
        #expect(report.outcome == .checkFailed)
    }

    @Test("install-roles names each missing role; an ephemeral token's request body asks for an ephemeral token")
    func severalMissingEphemeral() throws {
        let report = try F.inspect(
            F.ephemeral(["allocator"], exp: F.now + 3600),
            requirements: .init(installRoles: "allocator,proxy,director")
        )
        let check = try F.check(report, "install-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("does not grant proxy, director"), "\(check.message)")
        #expect(check.message.contains("those roles"), "\(check.message)")
        #expect(
            check.message.contains(
                #"{"persistent":false,"roles":["allocator","proxy","director"],"validity_in_seconds":3600}"#
            ),
            "\(check.message)"
        )
    }

    @Test("install-roles against roles [] (the bootstrap runner token) lists every role as missing")
    func bootstrapRunner() throws {
        let report = try F.inspect(F.persistent([]), requirements: .init(installRoles: "allocator"))
        let check = try F.check(report, "install-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("does not grant allocator (it grants no roles)"), "\(check.message)")
    }

    @Test(
        "install-roles passes when the token grants every role in the value",
        arguments: [
            (["allocator"], "allocator"),
            (["allocator", "proxy"], "proxy,allocator"),
            (["coordinator", "proxy", "director"], "coordinator,director"),
        ] as [([String], String)]
    )
    func passes(granted: [String], value: String) throws {
        let report = try F.inspect(F.persistent(granted), requirements: .init(installRoles: value))
        #expect(try F.check(report, "install-roles").status == .pass)
        #expect(try F.check(report, "installer-token-text").status == .pass)
        #expect(report.outcome == .pass)
    }

    @Test(
        "A value that would break the installer fails install-roles even when the token grants the roles",
        arguments: [
            "allocator, proxy", "\"allocator\"", "--roles", "allocator,,proxy", ",allocator", "allocator,", "allocater",
        ]
    )
    func brokenValueFails(value: String) throws {
        let report = try F.inspect(
            F.persistent(["allocator", "proxy", "coordinator", "director"]),
            requirements: .init(installRoles: value)
        )
        let check = try F.check(report, "install-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("would break the install"), "\(check.message)")
    }

    @Test("requestBody: exactly the enrollment-tokens API's body for each kind")
    func requestBody() {
        #expect(
            InstallPreflight.requestBody(roles: ["allocator", "proxy"], kind: .persistent)
                == #"{"persistent":true,"roles":["allocator","proxy"]}"#
        )
        #expect(
            InstallPreflight.requestBody(roles: ["allocator"], kind: .ephemeral)
                == #"{"persistent":false,"roles":["allocator"],"validity_in_seconds":3600}"#
        )
        #expect(InstallPreflight.requestBody(roles: [], kind: .persistent) == #"{"persistent":true,"roles":[]}"#)
    }

    @Test("The suggested ephemeral request lasts at least the required --min-validity")
    func requestBodyHonoursMinimumValidity() throws {
        let report = try F.inspect(
            F.persistent(["allocator"]),
            requirements: .init(kind: .ephemeral, minimumValidity: 7200, installRoles: "allocator,proxy")
        )
        let check = try F.check(report, "install-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains(#""roles":["allocator","proxy"]"#), "\(check.message)")
        #expect(!check.message.contains("new clusters are not created"), "only proxy is missing: \(check.message)")
        #expect(
            InstallPreflight.requestBody(roles: ["proxy"], kind: .ephemeral, validity: 7200)
                == #"{"persistent":false,"roles":["proxy"],"validity_in_seconds":7200}"#
        )
    }

    // MARK: token text

    @Test(
        "Token text that would break the installer's unquoted passing is flagged",
        arguments: [
            ("abc.def.ghi\n", "line break"), ("abc.def.ghi\r", "carriage return"), ("abc. def.ghi", "whitespace"),
            ("abc.def.ghi\t", "whitespace"), ("\"abc.def.ghi\"", "quotes"), ("'abc.def.ghi'", "quotes"),
            ("--abc.def.ghi", "starts with '--'"),
        ] as [(String, String)]
    )
    func tokenText(text: String, phrase: String) {
        let problems = InstallPreflight.tokenTextProblems(Array(text.utf8))
        #expect(problems.contains { $0.contains(phrase) }, "\(problems)")
    }

    @Test("A clean token's text has no problem")
    func cleanTokenText() throws {
        let token = try TokenKitTestSupport.token(payload: F.persistent(["allocator"]))
        #expect(InstallPreflight.tokenTextProblems(Array(token.utf8)).isEmpty)
        #expect(InstallPreflight.tokenTextProblems(Array("a-b_c.d-e.f-g".utf8)).isEmpty)
    }

    // MARK: emergency hint

    @Test("An emergency-shaped token checked without install-roles gets a warning that the host would run no roles")
    func emergencyHint() throws {
        let report = try F.inspect(F.persistent(["coordinator", "proxy", "director"]), requirements: .init())
        let hint = try F.check(report, "install-hint")
        #expect(hint.status == .warn)
        #expect(hint.message.contains("runs no roles"), "\(hint.message)")
        #expect(hint.message.contains("install-roles requirement"), "\(hint.message)")
        #expect(!hint.message.contains("--install-roles"), "the library names no flag of the tool: \(hint.message)")
        #expect(report.outcome == .pass, "a hint is not a failure")
    }

    @Test("The emergency hint is also given when other (non-install) requirements are set")
    func emergencyHintWithOtherRequirements() throws {
        let report = try F.inspect(
            F.persistent(["director", "coordinator", "proxy"]),
            requirements: .init(forbiddenRoles: ["allocator"])
        )
        #expect(try F.check(report, "install-hint").status == .warn)
    }

    @Test("With install-roles the emergency token gets the real check and no hint")
    func emergencyWithInstallRoles() throws {
        let report = try F.inspect(
            F.persistent(["coordinator", "proxy", "director"]),
            requirements: .init(installRoles: "coordinator,proxy,director")
        )
        #expect(report.checks.allSatisfy { $0.name.rawValue != "install-hint" }, "\(report.checks)")
        #expect(try F.check(report, "install-roles").status == .pass)
    }

    @Test(
        "No hint for tokens that are not emergency-shaped",
        arguments: [
            PolicyFixture.persistent(["allocator"]), PolicyFixture.persistent([]),
            PolicyFixture.persistent(["coordinator", "proxy"]),
            PolicyFixture.ephemeral(["coordinator", "proxy", "director"], exp: PolicyFixture.now + 3600),
        ]
    )
    func noHint(payload: String) throws {
        let report = try F.inspect(payload, requirements: .init())
        #expect(report.checks.allSatisfy { $0.name.rawValue != "install-hint" }, "\(report.checks)")
    }
}
