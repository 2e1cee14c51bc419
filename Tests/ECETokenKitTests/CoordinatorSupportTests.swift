import ECETokenKit
import Foundation
import Testing

private typealias Support = TokenKitTestSupport

@Suite("Revocation targets, the active check and password sources")
struct CoordinatorSupportTests {
    static let id = "4c8990df-1fb7-4820-b868-6bc9e8860814"
    static let endpoint = try! CoordinatorEndpoint(parsing: "https://ece-1:12443", source: "the endpoint")

    static func persistentToken(roles: String = #"["allocator"]"#) throws -> String {
        try Support.token(payload: #"{"sub":"\#(id)","roles":\#(roles),"iss":"current","persistent":true}"#)
    }

    static func ephemeralToken() throws -> String {
        try Support.token(
            payload: #"{"sub":"\#(id)","roles":["allocator"],"iss":"current","persistent":false,"exp":1800003600}"#
        )
    }

    static func report(_ token: String, key: [UInt8] = Support.secretBytes) throws -> TokenReport {
        TokenInspector(key: try SigningKey(secretText: key)).inspect(
            TokenInput(bytes: Array(token.utf8), source: "t"),
            now: Support.now
        )
    }

    @Test("A whole persistent token resolves to its sub and roles; an id is used as given")
    func revocationTargets() throws {
        let fromToken = try RevocationTarget(try Self.persistentToken(), now: Support.now)
        #expect(fromToken.tokenID == Self.id && fromToken.roles == ["allocator"] && fromToken.fromToken)
        let fromID = try RevocationTarget(Self.id, now: Support.now)
        #expect(fromID.tokenID == Self.id && fromID.roles == nil && !fromID.fromToken)
    }

    @Test(
        "A token whose sub breaks the id rule is refused like such an id, before anything is sent",
        arguments: [#"a b"#, #"x\n"#, #"\u001b[31m"#, #"id\u202e"#, #"al\u200blo"#, #"\u007f"#]
    )
    func subjectFollowsTheIDRule(subject: String) throws {
        let token = try Support.token(payload: #"{"sub":"\#(subject)","roles":["allocator"],"persistent":true}"#)
        let refusal = #expect(throws: RevocationTarget.Refusal.self) {
            try RevocationTarget(token, now: Support.now)
        }
        #expect(refusal?.kind == .invalidID)
        #expect(refusal?.reason.contains("cannot be a token id") == true)
    }

    @Test("An ephemeral token is refused with when it expires, and that nothing was sent")
    func ephemeralRefused() throws {
        let refusal = #expect(throws: RevocationTarget.Refusal.self) {
            try RevocationTarget(try Self.ephemeralToken(), now: Support.now)
        }
        #expect(refusal?.kind == .ephemeral)
        #expect(refusal?.reason.contains("cannot revoke ephemeral tokens") == true)
        #expect(refusal?.reason.contains("2027-01-15T09:00:00Z, in 1 h") == true, "\(String(describing: refusal))")
        #expect(refusal?.reason.contains("Nothing was sent") == true)
        let expired = #expect(throws: RevocationTarget.Refusal.self) {
            try RevocationTarget(try Self.ephemeralToken(), now: Support.now + 7200)
        }
        #expect(expired?.reason.contains("already expired") == true)
    }

    @Test(
        "Malformed tokens and impossible ids are refused",
        arguments: [
            ("a.b.c", RevocationTarget.Refusal.Kind.malformed), ("", .invalidID), ("a b", .invalidID),
            ("x\n", .invalidID),
        ]
    )
    func refused(argument: String, kind: RevocationTarget.Refusal.Kind) {
        let refusal = #expect(throws: RevocationTarget.Refusal.self) {
            try RevocationTarget(argument, now: Support.now)
        }
        #expect(refusal?.kind == kind)
    }

    @Test("A persistent token without a string sub has no id to revoke")
    func noSubject() throws {
        let token = try Support.token(payload: #"{"roles":[],"persistent":true}"#)
        let refusal = #expect(throws: RevocationTarget.Refusal.self) { try RevocationTarget(token, now: Support.now) }
        #expect(refusal?.kind == .malformed)
    }

    @Test("Active check: listed passes, not listed fails with the reason, ephemeral passes with a note")
    func activeCheck() throws {
        let persistent = try Self.report(try Self.persistentToken())
        #expect(ActiveTokenCheck.needsListing(persistent))
        let listed = ActiveTokenCheck.check(
            persistent,
            listed: [.init(tokenID: Self.id, roles: ["allocator"])],
            endpoint: Self.endpoint
        )
        #expect(listed?.status == .pass && listed?.name == .active)
        let missing = try #require(ActiveTokenCheck.check(persistent, listed: [], endpoint: Self.endpoint))
        #expect(missing.status == .fail)
        #expect(
            missing.message
                == "token id \"\(Self.id)\" is not listed by the coordinator https://ece-1:12443: it was revoked, "
                + "or it belongs to another installation"
        )
        #expect(persistent.adding([missing]).outcome == .checkFailed)
        #expect(persistent.adding([listed!]).outcome == .pass)

        let otherRoles = ActiveTokenCheck.check(
            persistent,
            listed: [.init(tokenID: Self.id, roles: ["proxy"])],
            endpoint: Self.endpoint
        )
        #expect(otherRoles?.status == .warn)

        let ephemeral = try Self.report(try Self.ephemeralToken())
        #expect(!ActiveTokenCheck.needsListing(ephemeral))
        let note = ActiveTokenCheck.check(ephemeral, listed: [], endpoint: Self.endpoint)
        #expect(note?.status == .pass)
        #expect(note?.message.contains("never lists ephemeral tokens") == true)
    }

    @Test("The active check does not apply to a forged or undecodable token")
    func activeCheckSkipped() throws {
        let forged = try Self.report(try Self.persistentToken(), key: Array(repeating: 0x41, count: 44))
        #expect(!ActiveTokenCheck.needsListing(forged))
        #expect(ActiveTokenCheck.check(forged, listed: [], endpoint: Self.endpoint) == nil)
        let malformed = try Self.report("not-a-token")
        #expect(ActiveTokenCheck.check(malformed, listed: [], endpoint: Self.endpoint) == nil)
    }

    @Test("Password files: one trailing newline stripped, loose modes warned about; environment used exactly")
    func passwords() throws {
        let scratch = try InputScratchDirectory()
        let path = try scratch.write("pa ss\n", name: "pw", permissions: 0o644)
        let loaded = try PasswordSource.file(path: path).load()
        #expect(loaded.bytes == Array("pa ss".utf8))
        #expect(loaded.warnings.count == 1 && loaded.warnings[0].contains("chmod 600"))
        let twoNewlines = try scratch.write("pw\n\n", name: "pw2")
        let kept = try PasswordSource.file(path: twoNewlines).load()
        #expect(kept.bytes == Array("pw\n".utf8))
        #expect(kept.warnings.contains { $0.contains("ends with whitespace") })
        let environment = try PasswordSource.environment(name: "P").load { $0 == "P" ? " x " : nil }
        #expect(environment.bytes == Array(" x ".utf8))
    }

    @Test("Password sources that fail: missing file (unreadable), empty, unset variable; no password in reasons")
    func passwordProblems() throws {
        let scratch = try InputScratchDirectory()
        let missing = #expect(throws: PasswordSource.Problem.self) {
            try PasswordSource.file(path: scratch.path("nope")).load()
        }
        #expect(missing?.isUnreadable == true)
        #expect(missing?.reason.hasPrefix("the password file ") == true, "\(String(describing: missing))")
        #expect(missing?.reason.contains("--") == false, "the library names no command-line option")
        let empty = try scratch.write("\n", name: "empty")
        let emptyProblem = #expect(throws: PasswordSource.Problem.self) { try PasswordSource.file(path: empty).load() }
        #expect(emptyProblem?.isUnreadable == false)
        let unset = #expect(throws: PasswordSource.Problem.self) {
            try PasswordSource.environment(name: "NOPE").load { _ in nil }
        }
        #expect(unset?.reason == "the environment variable NOPE is not set")
    }
}
