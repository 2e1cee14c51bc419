import ECETokenKit
import Testing

private typealias Support = TokenKitTestSupport

extension TokenReport {
    /// The first check called `name`, if any.
    fileprivate func policyCheck(_ name: String) -> Check? {
        checks.first { $0.name.rawValue == name }
    }
}

/// Builds claims the way ECE writes them and inspects signed tokens against ``PolicyRequirements``, with the
/// fixed clock ``TokenKitTestSupport/now`` (2027-01-15T08:00:00Z).
enum PolicyFixture {
    static let uuid = "4c8990df-1fb7-4820-b868-6bc9e8860814"
    static let now = Support.now

    /// A JSON array of role names.
    static func rolesJSON(_ roles: [String]) -> String {
        "[" + roles.map { "\"\($0)\"" }.joined(separator: ",") + "]"
    }

    /// Persistent claims: sub, roles, iss, persistent:true.
    static func persistent(_ roles: [String], sub: String = uuid, iss: String = "current") -> String {
        #"{"sub":"\#(sub)","roles":\#(rolesJSON(roles)),"iss":"\#(iss)","persistent":true}"#
    }

    /// Ephemeral claims: sub, roles, iss, persistent:false, exp.
    static func ephemeral(_ roles: [String], exp: Int64, sub: String = uuid, iss: String = "current") -> String {
        #"{"sub":"\#(sub)","roles":\#(rolesJSON(roles)),"iss":"\#(iss)","persistent":false,"exp":\#(exp)}"#
    }

    /// Signs `payload` with the test secret and inspects it with the test secret (or without one).
    static func inspect(
        _ payload: String,
        requirements: PolicyRequirements,
        verify: Bool = true,
        now: Int64 = now
    ) throws -> TokenReport {
        let token = try Support.token(payload: payload)
        let key = verify ? try SigningKey(secretText: Support.secretBytes) : nil
        return TokenInspector(key: key, requirements: requirements)
            .inspect(TokenInput(bytes: Array(token.utf8), source: "test"), now: now)
    }

    /// The named check of the report, which must be there.
    static func check(_ report: TokenReport, _ name: String) throws -> Check {
        try #require(report.policyCheck(name), "no \(name) check in \(report.checks.map(\.name.rawValue))")
    }
}

@Suite("PolicyRequirements: each check, by name, with its message")
struct PolicyRequirementsTests {
    typealias F = PolicyFixture

    @Test("No requirements: isEmpty, and no policy check is added")
    func noRequirements() throws {
        #expect(PolicyRequirements().isEmpty)
        #expect(!PolicyRequirements(issuer: "current").isEmpty)
        let report = try F.inspect(F.persistent(["allocator"]), requirements: PolicyRequirements())
        let policyNames: Set<String> = [
            "require-roles", "exact-roles", "forbid-roles", "kind-required", "min-validity", "issuer-required",
            "token-id-required", "install-roles", "installer-token-text",
        ]
        #expect(report.checks.allSatisfy { !policyNames.contains($0.name.rawValue) }, "\(report.checks)")
        #expect(report.outcome == .pass)
    }

    // MARK: require-roles

    @Test(
        "require-roles passes when the token grants every listed role",
        arguments: [
            ["allocator"], ["proxy"], ["allocator", "proxy"], ["proxy", "allocator"], [],
        ] as [[String]]
    )
    func requireRolesPass(required: [String]) throws {
        let report = try F.inspect(F.persistent(["allocator", "proxy"]), requirements: .init(requiredRoles: required))
        let check = try F.check(report, "require-roles")
        #expect(check.status == .pass, "\(check)")
        #expect(report.outcome == .pass)
    }

    @Test("require-roles fails naming each role the token does not grant, and what it does grant")
    func requireRolesFail() throws {
        let report = try F.inspect(
            F.persistent(["allocator"]),
            requirements: .init(requiredRoles: ["allocator", "proxy", "director"])
        )
        let check = try F.check(report, "require-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("does not grant proxy, director"), "\(check.message)")
        #expect(check.message.contains("grants allocator"), "\(check.message)")
        #expect(report.outcome == .checkFailed)
    }

    @Test("require-roles against roles [] says the token grants no roles")
    func requireRolesEmptyToken() throws {
        let report = try F.inspect(F.persistent([]), requirements: .init(requiredRoles: ["allocator"]))
        let check = try F.check(report, "require-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("no roles"), "\(check.message)")
    }

    @Test("require-roles fails when the token has no roles claim at all")
    func requireRolesNoClaim() throws {
        let report = try F.inspect(
            #"{"sub":"\#(F.uuid)","iss":"current","persistent":true}"#,
            requirements: .init(requiredRoles: ["allocator"])
        )
        let check = try F.check(report, "require-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("no usable roles claim"), "\(check.message)")
    }

    // MARK: exact-roles

    @Test(
        "exact-roles passes for the same set in any order",
        arguments: [
            (["allocator"], ["allocator"]),
            (["proxy", "allocator"], ["allocator", "proxy"]),
            (["coordinator", "proxy", "director"], ["director", "coordinator", "proxy"]),
            ([], []),
        ] as [([String], [String])]
    )
    func exactRolesPass(granted: [String], exact: [String]) throws {
        let report = try F.inspect(F.persistent(granted), requirements: .init(exactRoles: exact))
        let check = try F.check(report, "exact-roles")
        #expect(check.status == .pass, "\(check)")
    }

    @Test("exact-roles: the ECE docs' case (requested allocator, granted proxy and allocator) names proxy as extra")
    func exactRolesExtra() throws {
        let report = try F.inspect(
            F.ephemeral(["proxy", "allocator"], exp: F.now + 3600, iss: "bootstrap-initial"),
            requirements: .init(exactRoles: ["allocator"])
        )
        let check = try F.check(report, "exact-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("also grants proxy"), "\(check.message)")
        #expect(!check.message.contains("missing"), "\(check.message)")
        #expect(report.outcome == .checkFailed)
    }

    @Test("exact-roles names a missing role")
    func exactRolesMissing() throws {
        let report = try F.inspect(
            F.persistent(["allocator"]),
            requirements: .init(exactRoles: ["allocator", "proxy"])
        )
        let check = try F.check(report, "exact-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("missing proxy"), "\(check.message)")
        #expect(!check.message.contains("also grants"), "\(check.message)")
    }

    @Test("exact-roles names both the missing and the extra roles in one message")
    func exactRolesMissingAndExtra() throws {
        let report = try F.inspect(
            F.persistent(["allocator", "coordinator", "director"]),
            requirements: .init(exactRoles: ["allocator", "proxy"])
        )
        let check = try F.check(report, "exact-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("missing proxy"), "\(check.message)")
        #expect(check.message.contains("also grants coordinator, director"), "\(check.message)")
    }

    @Test("exact-roles [] fails on a token that grants roles")
    func exactRolesEmpty() throws {
        let report = try F.inspect(F.persistent(["allocator"]), requirements: .init(exactRoles: []))
        let check = try F.check(report, "exact-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("also grants allocator"), "\(check.message)")
    }

    @Test("exact-roles names a duplicated extra role once")
    func exactRolesDuplicateExtra() throws {
        let report = try F.inspect(
            F.persistent(["allocator", "beats-runner", "beats-runner"]),
            requirements: .init(exactRoles: ["allocator"])
        )
        let check = try F.check(report, "exact-roles")
        #expect(check.status == .fail)
        #expect(check.message.hasSuffix("also grants beats-runner"), "\(check.message)")
    }

    // MARK: forbid-roles

    @Test("forbid-roles fails naming each forbidden role the token grants (the emergency token and director)")
    func forbidRolesFail() throws {
        let report = try F.inspect(
            F.persistent(["coordinator", "proxy", "director"]),
            requirements: .init(forbiddenRoles: ["director"])
        )
        let check = try F.check(report, "forbid-roles")
        #expect(check.status == .fail)
        #expect(check.message.contains("director"), "\(check.message)")
        #expect(!check.message.contains("coordinator"), "\(check.message)")

        let several = try F.inspect(
            F.persistent(["coordinator", "proxy", "director"]),
            requirements: .init(forbiddenRoles: ["director", "allocator", "proxy"])
        )
        let severalCheck = try F.check(several, "forbid-roles")
        #expect(severalCheck.status == .fail)
        #expect(severalCheck.message.contains("proxy, director"), "\(severalCheck.message)")
        #expect(!severalCheck.message.contains("allocator"), "\(severalCheck.message)")
    }

    @Test("forbid-roles passes when the token grants none of them")
    func forbidRolesPass() throws {
        let report = try F.inspect(
            F.persistent(["coordinator", "proxy", "director"]),
            requirements: .init(forbiddenRoles: ["allocator"])
        )
        #expect(try F.check(report, "forbid-roles").status == .pass)
        #expect(report.outcome == .pass)
    }

    // MARK: kind-required

    @Test(
        "kind-required compares the classified kind with the required one",
        arguments: [
            (true, TokenKind.persistent, Check.Status.pass),
            (true, TokenKind.ephemeral, Check.Status.fail),
            (false, TokenKind.ephemeral, Check.Status.pass),
            (false, TokenKind.persistent, Check.Status.fail),
        ] as [(Bool, TokenKind, Check.Status)]
    )
    func kindRequired(persistent: Bool, required: TokenKind, status: Check.Status) throws {
        let payload = persistent ? F.persistent(["allocator"]) : F.ephemeral(["allocator"], exp: F.now + 3600)
        let report = try F.inspect(payload, requirements: .init(kind: required))
        let check = try F.check(report, "kind-required")
        #expect(check.status == status, "\(check)")
        if status == .fail {
            #expect(check.message.contains("but \(required.rawValue) is required"), "\(check.message)")
        }
    }

    // MARK: min-validity

    @Test("min-validity: an ephemeral token expiring in 1 h fails a 2 h minimum: it could expire during the install")
    func minValidityShort() throws {
        let report = try F.inspect(
            F.ephemeral(["allocator"], exp: F.now + 3600),
            requirements: .init(minimumValidity: 7200)
        )
        let check = try F.check(report, "min-validity")
        #expect(check.status == .fail)
        #expect(check.message.contains("could expire during the install"), "\(check.message)")
        #expect(check.message.contains("expires in 1 h"), "\(check.message)")
        #expect(check.message.contains("2 h"), "\(check.message)")
        #expect(try F.check(report, "expiry").status == .pass, "the token itself is still valid")
        #expect(report.outcome == .checkFailed)
    }

    @Test(
        "min-validity passes when the time left is at least the minimum (boundary included)",
        arguments: [(Int64(3600), Int64(3600)), (7200, 3600), (3601, 3600), (90, 90)] as [(Int64, Int64)]
    )
    func minValidityEnough(left: Int64, minimum: Int64) throws {
        let report = try F.inspect(
            F.ephemeral(["allocator"], exp: F.now + left),
            requirements: .init(minimumValidity: minimum)
        )
        #expect(try F.check(report, "min-validity").status == .pass)
    }

    @Test("min-validity: one second short fails")
    func minValidityOneSecondShort() throws {
        let report = try F.inspect(
            F.ephemeral(["allocator"], exp: F.now + 3599),
            requirements: .init(minimumValidity: 3600)
        )
        let check = try F.check(report, "min-validity")
        #expect(check.status == .fail)
        #expect(check.message.contains("could expire during the install"), "\(check.message)")
    }

    @Test("min-validity: a persistent token (no exp) passes any minimum")
    func minValidityPersistent() throws {
        let report = try F.inspect(F.persistent(["allocator"]), requirements: .init(minimumValidity: 365 * 86_400))
        let check = try F.check(report, "min-validity")
        #expect(check.status == .pass)
        #expect(check.message.contains("does not expire"), "\(check.message)")
    }

    @Test("min-validity: an already expired token fails saying so")
    func minValidityExpired() throws {
        let report = try F.inspect(
            F.ephemeral(["allocator"], exp: F.now - 10),
            requirements: .init(minimumValidity: 60)
        )
        let check = try F.check(report, "min-validity")
        #expect(check.status == .fail)
        #expect(check.message.contains("already expired"), "\(check.message)")
    }

    // MARK: issuer-required

    @Test(
        "issuer-required is an exact, case- and whitespace-sensitive match",
        arguments: [
            ("current", Check.Status.pass), ("curren", .fail), ("current ", .fail), (" current", .fail),
            ("Current", .fail), ("bootstrap-initial", .fail), ("", .fail),
        ] as [(String, Check.Status)]
    )
    func issuerRequired(required: String, status: Check.Status) throws {
        let report = try F.inspect(F.persistent(["allocator"]), requirements: .init(issuer: required))
        let check = try F.check(report, "issuer-required")
        #expect(check.status == status, "\(check)")
        if status == .fail {
            #expect(check.message.contains("not exactly"), "\(check.message)")
        }
    }

    @Test("issuer-required fails on a token without iss")
    func issuerRequiredAbsent() throws {
        let report = try F.inspect(
            #"{"sub":"\#(F.uuid)","roles":["allocator"],"persistent":true}"#,
            requirements: .init(issuer: "current")
        )
        let check = try F.check(report, "issuer-required")
        #expect(check.status == .fail)
        #expect(check.message.contains("no iss claim"), "\(check.message)")
    }

    // MARK: token-id-required

    @Test("token-id-required passes when a persistent token's sub is the id")
    func tokenIDMatch() throws {
        let report = try F.inspect(F.persistent(["allocator"]), requirements: .init(tokenID: F.uuid))
        #expect(try F.check(report, "token-id-required").status == .pass)
    }

    @Test("token-id-required fails naming both ids when they differ")
    func tokenIDMismatch() throws {
        let other = "21f8302c-3455-4ad2-ad58-7ab2ef2b5ab3"
        let report = try F.inspect(F.persistent(["allocator"]), requirements: .init(tokenID: other))
        let check = try F.check(report, "token-id-required")
        #expect(check.status == .fail)
        #expect(check.message.contains(F.uuid) && check.message.contains(other), "\(check.message)")
    }

    @Test("token-id-required fails for an ephemeral token even when its sub matches: only persistent tokens have ids")
    func tokenIDEphemeral() throws {
        let report = try F.inspect(F.ephemeral(["allocator"], exp: F.now + 3600), requirements: .init(tokenID: F.uuid))
        let check = try F.check(report, "token-id-required")
        #expect(check.status == .fail)
        #expect(check.message.contains("only persistent tokens"), "\(check.message)")
    }

    // MARK: together

    @Test("All failures are reported together, each under its own name, in one report")
    func allFailuresTogether() throws {
        let requirements = PolicyRequirements(
            requiredRoles: ["director"],
            exactRoles: ["allocator"],
            forbiddenRoles: ["proxy"],
            kind: .persistent,
            minimumValidity: 3600,
            issuer: "curren",
            tokenID: "21f8302c-3455-4ad2-ad58-7ab2ef2b5ab3",
            installRoles: "allocator,director"
        )
        let report = try F.inspect(F.ephemeral(["allocator", "proxy"], exp: F.now + 1800), requirements: requirements)
        let expected = [
            "require-roles", "exact-roles", "forbid-roles", "kind-required", "min-validity", "issuer-required",
            "token-id-required", "install-roles",
        ]
        for name in expected {
            #expect(try F.check(report, name).status == .fail, "\(name): \(report.checks)")
        }
        let failed = report.checks.filter { $0.status == .fail }.map(\.name.rawValue)
        #expect(failed == expected, "\(report.checks)")
        #expect(report.outcome == .checkFailed)
        #expect(report.signature == .valid)
    }

    @Test("Passing and failing requirements appear side by side; one failure fails the report")
    func mixed() throws {
        let report = try F.inspect(
            F.persistent(["allocator"]),
            requirements: .init(requiredRoles: ["allocator"], kind: .persistent, issuer: "current", tokenID: "nope")
        )
        #expect(try F.check(report, "require-roles").status == .pass)
        #expect(try F.check(report, "kind-required").status == .pass)
        #expect(try F.check(report, "issuer-required").status == .pass)
        #expect(try F.check(report, "token-id-required").status == .fail)
        #expect(report.outcome == .checkFailed)
    }

    @Test("Without a secret (inspect) the policy checks still run on the decoded claims")
    func decodeOnly() throws {
        let report = try F.inspect(
            F.persistent(["proxy", "allocator"]),
            requirements: .init(exactRoles: ["allocator"]),
            verify: false
        )
        #expect(report.signature == .unverified)
        #expect(try F.check(report, "exact-roles").status == .fail)
    }

    @Test("A forged token gets no policy checks: the signature fails first and claims are not checked")
    func invalidSignatureSkipsPolicy() throws {
        let token = try Support.token(payload: F.persistent(["allocator"]), key: Array("x".utf8) + Support.secretBytes)
        let report = TokenInspector(
            key: try SigningKey(secretText: Support.secretBytes),
            requirements: .init(requiredRoles: ["proxy"], installRoles: "proxy")
        ).inspect(TokenInput(bytes: Array(token.utf8), source: "test"), now: F.now)
        #expect(report.outcome == .signatureInvalid)
        #expect(!report.claimsChecked)
        #expect(report.policyCheck("require-roles") == nil)
        #expect(report.policyCheck("install-roles") == nil)
    }
}
