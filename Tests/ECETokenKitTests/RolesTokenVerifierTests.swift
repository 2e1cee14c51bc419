import ECETokenKit
import Testing

@Suite("RolesTokenVerifier: one call verifies a token and returns what it grants, typed, or throws why not")
struct RolesTokenVerifierTests {
    static let now = TokenKitTestSupport.now
    static let verifier = try! RolesTokenVerifier(secret: TokenKitTestSupport.secretText)

    static func token(_ payload: String) throws -> String {
        try TokenKitTestSupport.token(payload: payload)
    }

    static let ephemeral =
        #"{"sub":"3f1c2a9e-6b7d-4e2f-9a1b-0c8d7e6f5a4b","roles":["allocator","proxy"],"#
        + #""iss":"current","persistent":false,"exp":1800003600}"#
    static let persistent =
        #"{"sub":"084afa29-3107-4c92-82c9-95dd86af4e46","roles":["coordinator","director","#
        + #""proxy","gardener","proxy"],"iss":"current","persistent":true}"#

    @Test("An ephemeral token gives its roles, kind, expiry, id and issuer")
    func ephemeralToken() throws {
        let verified = try Self.verifier.verify(try Self.token(Self.ephemeral), now: Self.now)
        #expect(verified.roles == [.allocator, .proxy])
        #expect(verified.unknownRoles.isEmpty)
        #expect(verified.kind == .ephemeral)
        #expect(verified.expiresAt == 1_800_003_600)
        #expect(verified.tokenID == "3f1c2a9e-6b7d-4e2f-9a1b-0c8d7e6f5a4b")
        #expect(verified.issuer == "current")
        #expect(verified.report.passed)
        #expect(verified.report.checks.first { $0.name == .signature }?.status == .pass)
    }

    @Test("A persistent token has no expiry; unknown role names are kept apart and repeats dropped")
    func persistentToken() throws {
        let verified = try Self.verifier.verify(try Self.token(Self.persistent), now: Self.now)
        #expect(verified.roles == [.coordinator, .director, .proxy])
        #expect(verified.unknownRoles == ["gardener"])
        #expect(verified.kind == .persistent)
        #expect(verified.expiresAt == nil)
        #expect(verified.tokenID == "084afa29-3107-4c92-82c9-95dd86af4e46")
    }

    @Test("A tampered token throws a signature error that says so")
    func tampered() throws {
        var token = try Self.token(Self.ephemeral)
        token.removeLast()
        token.append(token.hasSuffix("A") ? "Q" : "A")
        let error = try #require(throws: TokenError.self) { try Self.verifier.verify(token, now: Self.now) }
        #expect(error.code == .signatureMismatch)
        #expect(error.reason.contains("signature"))
        #expect(!error.code.isMalformed)
        #expect(error.failedChecks.isEmpty)
    }

    @Test("A token signed with another secret throws the same signature error")
    func otherSecret() throws {
        let token = try TokenKitTestSupport.token(
            payload: Self.ephemeral,
            key: Array("another secret of 32 bytes or more".utf8)
        )
        let error = try #require(throws: TokenError.self) { try Self.verifier.verify(token, now: Self.now) }
        #expect(error.code == .signatureMismatch)
    }

    @Test("Malformed input throws a malformed code", arguments: ["", "a.b", "not a token", #"{"payload":"e30"}"#])
    func malformed(text: String) throws {
        let error = try #require(throws: TokenError.self) { try Self.verifier.verify(text, now: Self.now) }
        #expect(error.code.isMalformed, "\(error.code)")
    }

    @Test("An expired token throws expired and names the expiry check")
    func expired() throws {
        let token = try Self.token(Self.ephemeral)
        let error = try #require(throws: TokenError.self) { try Self.verifier.verify(token, now: 1_800_003_600) }
        #expect(error.code == .expired)
        #expect(error.failedChecks.map(\.name) == [.expiry])
        #expect(error.reason.hasPrefix("expiry: expired"))
        // Within the leeway it is accepted.
        let lenient = try RolesTokenVerifier(
            secret: TokenKitTestSupport.secretText,
            policy: VerificationPolicy(leeway: 60)
        )
        #expect(try lenient.verify(token, now: 1_800_003_600).kind == .ephemeral)
    }

    @Test("A failed requirement throws policyFailed with every failed check")
    func policy() throws {
        let token = try Self.token(Self.ephemeral)
        let requirements = PolicyRequirements(exactRoles: ["allocator"], kind: .persistent)
        let error = try #require(throws: TokenError.self) {
            try Self.verifier.verify(token, now: Self.now, requirements: requirements)
        }
        #expect(error.code == .policyFailed)
        #expect(error.failedChecks.map(\.name) == [.exactRoles, .kindRequired])
        let fitting = PolicyRequirements(requiredRoles: ["proxy"], kind: .ephemeral, minimumValidity: 3600)
        #expect(try Self.verifier.verify(token, now: Self.now, requirements: fitting).roles == [.allocator, .proxy])
    }

    @Test("Claims of the wrong type or in conflict throw claimsInvalid")
    func claimsInvalid() throws {
        let conflicting = try Self.token(#"{"sub":"x","roles":[],"iss":"current","persistent":true,"exp":1900000000}"#)
        let error = try #require(throws: TokenError.self) { try Self.verifier.verify(conflicting, now: Self.now) }
        #expect(error.code == .claimsInvalid)
        #expect(error.failedChecks.map(\.name) == [.kind])
        let wrongType = try Self.token(#"{"roles":"allocator","persistent":true}"#)
        let typeError = try #require(throws: TokenError.self) { try Self.verifier.verify(wrongType, now: Self.now) }
        #expect(typeError.code == .claimsInvalid)
    }

    @Test("A secret that cannot be an HMAC key is refused when the verifier is made")
    func badSecret() {
        #expect(throws: SecretError.self) { try RolesTokenVerifier(secret: "") }
        #expect(throws: SecretError.self) { try RolesTokenVerifier(secret: "-----BEGIN PUBLIC KEY-----\nMFkw") }
    }

    @Test("verify(_:) without a clock uses the system's: a token that expired in 2001 throws expired")
    func systemClock() throws {
        let old = try Self.token(#"{"sub":"x","roles":[],"iss":"current","persistent":false,"exp":1000000000}"#)
        let error = try #require(throws: TokenError.self) { try Self.verifier.verify(old) }
        #expect(error.code == .expired)
        let far = try Self.token(#"{"sub":"x","roles":[],"iss":"current","persistent":false,"exp":32503680000}"#)
        #expect(try Self.verifier.verify(far).expiresAt == 32_503_680_000)
    }

    @Test("One verifier is shared by concurrent tasks")
    func concurrent() async throws {
        let token = try Self.token(Self.ephemeral)
        let verifier = Self.verifier
        let kinds = await withTaskGroup(of: TokenKind?.self) { group in
            for _ in 0..<8 { group.addTask { try? verifier.verify(token, now: Self.now).kind } }
            return await group.reduce(into: [TokenKind?]()) { $0.append($1) }
        }
        #expect(kinds == Array(repeating: .ephemeral, count: 8))
    }
}
