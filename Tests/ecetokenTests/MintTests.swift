import Foundation
import Testing

/// Decoding helpers for minted tokens.
enum MintedToken {
    /// The decoded header and claims text of a compact token.
    static func parts(_ token: String) throws -> (header: String, claims: String) {
        let segments = TestTokens.segments(token)
        try #require(segments.count == 3, "not three segments: \(token)")
        let header = try #require(TestBase64URL.decode(segments[0]))
        let claims = try #require(TestBase64URL.decode(segments[1]))
        return (String(decoding: header, as: UTF8.self), String(decoding: claims, as: UTF8.self))
    }

    /// The claims as a dictionary.
    static func claims(_ token: String) throws -> [String: Any] {
        let text = try parts(token).claims
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Whether `text` is a lowercase version-4 UUID.
    static func isVersion4UUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12],
            text.allSatisfy({ $0 == "-" || ("0"..."9").contains($0) || ("a"..."f").contains($0) })
        else { return false }
        return groups[2].first == "4" && "89ab".contains(groups[3].first!)
    }
}

@Suite("ecetoken mint: tokens made the way ECE does")
struct MintTests {
    typealias P = PolicyCLI

    /// Runs `mint` with the fixed clock unless the test gives its own `--now`.
    static func mint(_ arguments: [String], secret: [String] = PolicyCLI.secretOptions) throws -> ToolResult {
        let clock = arguments.contains("--now") ? [] : ["--now", ToolRunner.now]
        return try ToolRunner.run(["mint"] + clock + secret + arguments)
    }

    @Test("Text mode: exactly one line (the token) on stdout, details on stderr; verify passes with exp 1800007200")
    func ephemeralText() throws {
        let result = try Self.mint([
            "--roles", "allocator,proxy", "--ephemeral", "--validity", "2h", "--now", "1800000000",
        ])
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "stdout must be one line:\n\(result)")
        let token = String(lines[0])
        #expect(TestTokens.segments(token).count == 3)
        #expect(!result.stderr.isEmpty, "details go to stderr")
        #expect(result.stderr.contains("ephemeral"), "\(result)")
        #expect(result.stderr.contains("2027-01-15T10:00:00Z"), "\(result)")
        #expect(!result.stderr.contains(token), "the token goes to stdout only")

        let (header, claimsText) = try MintedToken.parts(token)
        #expect(header == #"{"typ":"JWT","alg":"HS256"}"#)
        let claims = try MintedToken.claims(token)
        let sub = try #require(claims["sub"] as? String)
        #expect(
            claimsText
                == #"{"sub":"\#(sub)","roles":["allocator","proxy"],"iss":"current","persistent":false,"exp":1800007200}"#
        )
        #expect(MintedToken.isVersion4UUID(sub), "\(sub)")

        let (verified, report) = try P.verifyJSON([token])
        #expect(verified.exitCode == 0, "\(verified)")
        #expect((report["exp"] as? NSNumber)?.int64Value == 1_800_007_200)
        #expect(report["kind"] as? String == "ephemeral")
        #expect((report["expires_in_seconds"] as? NSNumber)?.int64Value == 7200)
        #expect(report["roles"] as? [String] == ["allocator", "proxy"])
    }

    @Test("The minted token is exactly what an independent HS256 over ECE's header and claims gives")
    func independentSignature() throws {
        let sub = "4c8990df-1fb7-4820-b868-6bc9e8860814"
        let result = try Self.mint(["--roles", "allocator", "--ephemeral", "--now", "1800000000", "--subject", sub])
        #expect(result.exitCode == 0, "\(result)")
        let expected = TestTokens.sign(
            claims: #"{"sub":"\#(sub)","roles":["allocator"],"iss":"current","persistent":false,"exp":1800003600}"#,
            key: try P.key()
        )
        #expect(result.stdout == expected + "\n", "default validity is 1 h")
    }

    @Test(
        "--persistent --format json prints {token, token_id} with token_id == sub, and verify - accepts it as an API reply"
    )
    func persistentJSON() throws {
        let result = try Self.mint(["--roles", "allocator", "--persistent", "--format", "json"])
        #expect(result.exitCode == 0, "\(result)")
        let object = try result.jsonObject()
        #expect(Set(object.keys) == ["token", "token_id"], "\(result)")
        let token = try #require(object["token"] as? String)
        let tokenID = try #require(object["token_id"] as? String)
        let claims = try MintedToken.claims(token)
        #expect(claims["sub"] as? String == tokenID)
        #expect(claims["persistent"] as? Bool == true)
        #expect(claims["exp"] == nil)
        #expect(
            try MintedToken.parts(token).claims
                == #"{"sub":"\#(tokenID)","roles":["allocator"],"iss":"current","persistent":true}"#
        )
        #expect(MintedToken.isVersion4UUID(tokenID))

        let verified = try ToolRunner.runAtFixedTime(
            ["verify", "--format", "json"] + P.secretOptions + ["-"],
            stdin: result.stdoutData
        )
        #expect(verified.exitCode == 0, "\(verified)")
        let report = try #require(try verified.jsonReports().first)
        #expect(report["kind"] as? String == "persistent")
        #expect(report["token_id"] as? String == tokenID)
        #expect(P.check(report, "token-id")?.status == "pass", "the API reply's token_id is checked: \(verified)")
    }

    @Test("--ephemeral --format json prints only the token (no token_id, as the API does)")
    func ephemeralJSON() throws {
        let result = try Self.mint(["--roles", "proxy", "--ephemeral", "--format", "json", "--now", "1800000000"])
        #expect(result.exitCode == 0, "\(result)")
        let object = try result.jsonObject()
        #expect(Set(object.keys) == ["token"])
        let verified = try ToolRunner.runAtFixedTime(["verify"] + P.secretOptions + ["-"], stdin: result.stdoutData)
        #expect(verified.exitCode == 0, "\(verified)")
    }

    @Test("--subject and --issuer override sub and iss; roles '' gives roles []")
    func overrides() throws {
        let sub = "00000000-0000-4000-8000-000000000000"
        let result = try Self.mint(["--roles", "", "--persistent", "--subject", sub, "--issuer", "bootstrap-initial"])
        #expect(result.exitCode == 0, "\(result)")
        let token = result.stdout.trimmingCharacters(in: .newlines)
        #expect(
            try MintedToken.parts(token).claims
                == #"{"sub":"\#(sub)","roles":[],"iss":"bootstrap-initial","persistent":true}"#
        )
        #expect(
            try P.verify(["--issuer", "bootstrap-initial", "--token-id", sub, "--exact-roles", "", token]).exitCode == 0
        )
    }

    @Test("Two runs give two distinct random version-4 subjects")
    func randomSubjects() throws {
        let first = try Self.mint(["--roles", "allocator", "--persistent", "--format", "json"]).jsonObject()
        let second = try Self.mint(["--roles", "allocator", "--persistent", "--format", "json"]).jsonObject()
        let ids = [first["token_id"] as? String, second["token_id"] as? String].compactMap { $0 }
        #expect(ids.count == 2 && ids[0] != ids[1])
        #expect(ids.allSatisfy(MintedToken.isVersion4UUID))
    }

    @Test("Minted tokens pass the policy checks they were made for")
    func policy() throws {
        let result = try Self.mint([
            "--roles", "allocator,proxy", "--ephemeral", "--validity", "3h", "--now", "1800000000",
        ])
        let token = result.stdout.trimmingCharacters(in: .newlines)
        let checked = try P.verify([
            "--exact-roles", "proxy,allocator", "--kind", "ephemeral", "--min-validity", "2h", "--issuer", "current",
            "--install-roles", "allocator,proxy", token,
        ])
        #expect(checked.exitCode == 0, "\(checked)")
    }

    @Test("The secret can come from bootstrap-secrets.json; the token verifies with secret.txt")
    func bootstrapSecrets() throws {
        let result = try Self.mint(
            ["--roles", "allocator", "--persistent"],
            secret: ["--bootstrap-secrets", "Fixtures/bootstrap-secrets.json"]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(try P.verify([result.stdout.trimmingCharacters(in: .newlines)]).exitCode == 0)
        #expect(!result.stdout.contains("dummy-"))
        #expect(!result.stderr.contains("dummy-"))
    }

    @Test("Neither the secret nor anything but the token is printed")
    func noSecret() throws {
        let secret = try ToolRunner.fixtureSecret()
        for format in ["text", "json"] {
            let result = try Self.mint(["--roles", "allocator", "--persistent", "--format", format])
            #expect(result.exitCode == 0)
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
    }

    // MARK: usage errors

    @Test(
        "Usage errors exit 64 and print nothing on stdout",
        arguments: [
            ["--roles", "allocator", "--persistent", "--validity", "1h"],
            ["--roles", "allocator"],
            ["--roles", "allocator", "--persistent", "--ephemeral"],
            ["--persistent"],
            ["--roles", "allocator, proxy", "--persistent"],
            ["--roles", "allocator,,proxy", "--ephemeral"],
            ["--roles", "allocator", "--ephemeral", "--validity", "5x"],
            ["--roles", "allocator", "--ephemeral", "--validity", "0"],
            ["--roles", "allocator", "--persistent", "--format", "yaml"],
            ["--roles", "allocator", "--persistent", "--now", "yesterday"],
        ] as [[String]]
    )
    func usage(arguments: [String]) throws {
        let result = try Self.mint(arguments)
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("Without any secret source mint exits 64 and says how to give one")
    func missingSecret() throws {
        let result = try Self.mint(["--roles", "allocator", "--persistent"], secret: [])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--secret-file"), "\(result)")
    }

    @Test("ECETOKEN_SECRET is used when no source is named")
    func environmentSecret() throws {
        let result = try ToolRunner.run(
            ["mint", "--now", ToolRunner.now, "--roles", "allocator", "--persistent"],
            environment: ["ECETOKEN_SECRET": try ToolRunner.fixtureSecret()]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(try P.verify([result.stdout.trimmingCharacters(in: .newlines)]).exitCode == 0)
    }

    @Test("A weak secret is refused (64) unless --allow-weak-secret; an unreadable secret file is 66")
    func weakAndUnreadable() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("too short\n", to: "weak.txt")
        let refused = try Self.mint(["--roles", "allocator", "--persistent"], secret: ["--secret-file", path])
        #expect(refused.exitCode == 64, "\(refused)")
        #expect(refused.stdout.isEmpty)
        let allowed = try Self.mint(
            ["--roles", "allocator", "--persistent", "--allow-weak-secret"],
            secret: ["--secret-file", path]
        )
        #expect(allowed.exitCode == 0, "\(allowed)")

        let missing = try Self.mint(
            ["--roles", "allocator", "--persistent"],
            secret: ["--secret-file", directory.path("nope")]
        )
        #expect(missing.exitCode == 66, "\(missing)")
    }
}
