import Foundation
import Testing

/// A fixture token that `Scripts/make-fixtures.py` makes with `ecetoken mint`: a token file, or a member of
/// `Fixtures/bootstrap-secrets.json`.
struct MintedFixture: Sendable, CustomTestStringConvertible {
    let path: String
    let member: String?

    init(_ path: String, member: String? = nil) {
        self.path = path
        self.member = member
    }

    var testDescription: String { member.map { "\(path) \($0)" } ?? path }

    /// The committed token text.
    func token() throws -> String {
        guard let member else { return try ToolRunner.fixtureToken(path) }
        let object = try #require(
            try JSONSerialization.jsonObject(with: try ToolRunner.fixtureData(path)) as? [String: Any]
        )
        return try #require(object[member] as? String, "no \(member) in \(path)")
    }
}

@Suite("Fixtures: every minted fixture is reproduced byte for byte by ecetoken mint")
struct MintFixturesTests {
    static let tokenFiles = [
        "Fixtures/tokens/allocator-only.jwt",
        "Fixtures/tokens/bootstrap-runner.jwt",
        "Fixtures/tokens/emergency.jwt",
        "Fixtures/tokens/ephemeral-allocator-proxy.jwt",
        "Fixtures/tokens/ephemeral-expired.jwt",
        "Fixtures/tokens/exp-milliseconds.jwt",
        "Fixtures/tokens/persistent-all-roles.jwt",
        "Fixtures/tokens/persistent-allocator.jwt",
        "Fixtures/tokens/persistent-coordinator-director.jwt",
        "Fixtures/tokens/unknown-and-duplicate-roles.jwt",
    ]

    static let minted: [MintedFixture] =
        tokenFiles.map { MintedFixture($0) }
        + [
            "bootstrap_runner_roles_token", "allocator_only_token", "emergency_all_roles_except_allocator_token",
        ].map { MintedFixture("Fixtures/bootstrap-secrets.json", member: $0) }

    /// ECE's claims, read back from a token.
    struct Claims {
        let sub: String
        let roles: [String]
        let iss: String
        let persistent: Bool
        let exp: Int64?

        /// The claims of an ECE-shaped token, or `nil` when a claim is missing or of another type, or
        /// `persistent` and `exp` disagree.
        init?(parsing token: String) {
            let segments = TestTokens.segments(token)
            guard segments.count == 3, let payload = TestBase64URL.decode(segments[1]),
                let object = try? JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
                let sub = object["sub"] as? String, let roles = object["roles"] as? [String],
                let iss = object["iss"] as? String, let persistent = object["persistent"] as? Bool
            else { return nil }
            let exp = (object["exp"] as? NSNumber)?.int64Value
            guard persistent == (exp == nil) else { return nil }
            (self.sub, self.roles, self.iss, self.persistent, self.exp) = (sub, roles, iss, persistent, exp)
        }

        init(token: String) throws {
            self = try #require(Claims(parsing: token), "not ECE-shaped claims: \(token)")
        }

        /// `ecetoken mint` arguments that make a token with these claims, with the given ephemeral validity.
        func mintArguments(validity: Int64 = 3600) -> [String] {
            var arguments = [
                "mint", "--secret-file", "Fixtures/secret.txt", "--subject", sub, "--roles",
                roles.joined(separator: ","),
            ]
            if let exp {
                arguments += ["--ephemeral", "--validity", String(validity), "--now", String(exp - validity)]
            } else {
                arguments += ["--persistent", "--now", ToolRunner.now]  // the clock plays no part; fixed anyway
            }
            if iss != "current" { arguments += ["--issuer", iss] }
            return arguments
        }

        /// The payload text mint writes for these claims (compact, ECE order), when no string needs escaping.
        var canonicalPayload: String? {
            let plain = ([sub, iss] + roles).allSatisfy { text in
                text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
            }
            guard plain else { return nil }
            let roleList = roles.map { "\"\($0)\"" }.joined(separator: ",")
            var text = #"{"sub":"\#(sub)","roles":[\#(roleList)],"iss":"\#(iss)","persistent":\#(persistent)"#
            if let exp { text += #","exp":\#(exp)"# }
            return text + "}"
        }
    }

    @Test("mint with the fixture's own sub, roles, iss and exp reproduces it exactly", arguments: minted)
    func reproduces(fixture: MintedFixture) throws {
        let token = try fixture.token()
        let claims = try Claims(token: token)
        let result = try ToolRunner.run(claims.mintArguments())
        #expect(result.exitCode == 0, "\(result)")
        #expect(
            result.stdout == token + "\n",
            "\(fixture.testDescription): mint gave\n\(result.stdout)\nfixture is\n\(token)"
        )
    }

    @Test("An ephemeral fixture is reproduced whatever split of exp into --now and --validity is used")
    func validitySplit() throws {
        for path in ["Fixtures/tokens/ephemeral-allocator-proxy.jwt", "Fixtures/tokens/ephemeral-expired.jwt"] {
            let token = try ToolRunner.fixtureToken(path)
            let claims = try Claims(token: token)
            for validity: Int64 in [1, 7200, 86_400] {
                let result = try ToolRunner.run(claims.mintArguments(validity: validity))
                #expect(result.stdout == token + "\n", "\(path) with --validity \(validity)\n\(result)")
            }
        }
    }

    @Test("The list is complete: every ECE-shaped token fixture signed with secret.txt is a minted one")
    func listIsComplete() throws {
        let directory = ToolRunner.fixture("Fixtures/tokens")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".jwt") }
            .sorted()
        let key = try PolicyCLI.key()
        var mintShaped: [String] = []
        for name in names {
            let path = "Fixtures/tokens/\(name)"
            let token = try ToolRunner.fixtureToken(path)
            let segments = TestTokens.segments(token)
            guard segments.count == 3, String(segments[0]) == TestBase64URL.encode(TestTokens.eceHeader),
                let payload = TestBase64URL.decode(segments[1]),
                let claims = Claims(parsing: token),
                claims.canonicalPayload == String(decoding: payload, as: UTF8.self),
                TestBase64URL.encode(
                    TestHMAC.mac(.hs256, key: key, message: Array(TestTokens.signingInput(token).utf8))
                )
                    == String(segments[2])
            else { continue }
            mintShaped.append(path)
        }
        #expect(mintShaped == Self.tokenFiles.sorted())
    }

    @Test("The three install-time tokens in bootstrap-secrets.json are the token fixtures of the same name")
    func bootstrapTokensMatchFiles() throws {
        let pairs = [
            ("bootstrap_runner_roles_token", "Fixtures/tokens/bootstrap-runner.jwt"),
            ("allocator_only_token", "Fixtures/tokens/allocator-only.jwt"),
            ("emergency_all_roles_except_allocator_token", "Fixtures/tokens/emergency.jwt"),
        ]
        for (member, path) in pairs {
            #expect(
                try MintedFixture("Fixtures/bootstrap-secrets.json", member: member).token()
                    == ToolRunner.fixtureToken(path)
            )
        }
    }

    @Test("Every token in the API-reply and batch fixtures is a minted fixture")
    func composedFixtures() throws {
        let mintedTokens = Set(try Self.tokenFiles.map { try ToolRunner.fixtureToken($0) })
        for path in ["Fixtures/tokens/api-reply-persistent.json", "Fixtures/tokens/api-reply-ephemeral.json"] {
            let object = try #require(
                try JSONSerialization.jsonObject(with: try ToolRunner.fixtureData(path)) as? [String: Any]
            )
            #expect(mintedTokens.contains(try #require(object["token"] as? String)), "\(path)")
        }
        let batch = try ToolRunner.fixtureText("Fixtures/tokens/batch.txt")
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(batch.count == 4)
        #expect(batch.allSatisfy(mintedTokens.contains))
    }
}
