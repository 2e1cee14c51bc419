import Foundation
import Testing

/// Shared inputs of the end-to-end tests.
enum E2E {
    static let secretOptions = ["--secret-file", "Fixtures/secret.txt"]

    /// The two tokens quoted verbatim in the 2017 ECE docs (see docs/ece-tokens.md).
    static let docsEphemeral =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
        + "eyJzdWIiOiI0Njk3N2I3ZC1hM2U2LTQ2MDUtYjcwZC0xNzIzMTI5YWY4ZTQiLCJyb2xlcyI6WyJwcm94eSIsImFsbG9jYXRvciJd"
        + "LCJpc3MiOiJib290c3RyYXAtaW5pdGlhbCIsImV4cCI6MTQ5MzY0NjIxM30."
        + "xsaRb72CsNMuXKy6Y-PJgqLc0qmjCljlB4Smcx_MRxg"
    static let docsPersistent =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."
        + "eyJzdWIiOiI0Yzg5OTBkZi0xZmI3LTQ4MjAtYjg2OC02YmM5ZTg4NjA4MTQiLCJyb2xlcyI6WyJwcm94eSIsImFsbG9jYXRvciJd"
        + "LCJpc3MiOiJib290c3RyYXAtaW5pdGlhbCJ9."
        + "mfTkO4j8uZJ-qwB2jmBuMScyYfLmcJpvKgSTLx2WV24"

    static let valid = "Fixtures/tokens/persistent-allocator.jwt"
    static let expired = "Fixtures/tokens/ephemeral-expired.jwt"
    static let tampered = "Fixtures/tokens/tampered-signature.jwt"
    static let malformed = "Fixtures/hostile/two-segments.jwt"
    /// `exp` of `ephemeral-expired.jwt`: 2026-01-01T00:00:00Z.
    static let expiredExp: Int64 = 1_767_225_600

    /// The fixture secret's key bytes (the text as written, never decoded).
    static func secretKey() throws -> [UInt8] { Array(try ToolRunner.fixtureSecret().utf8) }

    /// A copy of the fixture secret in `directory` with owner-only permissions, so no permission warning
    /// is written to stderr.
    static func privateSecretFile(in directory: TemporaryDirectory) throws -> String {
        try directory.write(ToolRunner.fixtureSecret() + "\n", to: "secret.txt")
    }

    /// The names of a JSON report's checks.
    static func checkNames(_ report: [String: Any]) -> [String] {
        (report["checks"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    /// The status of the named check, if it is there.
    static func checkStatus(_ report: [String: Any], _ name: String) -> String? {
        (report["checks"] as? [[String: Any]] ?? []).first { $0["name"] as? String == name }?["status"] as? String
    }
}

@Suite("Decoding without a secret: the tokens quoted in the ECE docs")
struct DocsTokenTests {
    @Test("The docs' token strings are the fixtures' tokens")
    func fixturesMatchDocs() throws {
        #expect(try ToolRunner.fixtureToken("Fixtures/tokens/ece-docs-ephemeral-2017.jwt") == E2E.docsEphemeral)
        #expect(try ToolRunner.fixtureToken("Fixtures/tokens/ece-docs-persistent-2017.jwt") == E2E.docsPersistent)
    }

    @Test("inspect shows the 2017 ephemeral token as NOT VERIFIED, ephemeral, proxy and allocator, expiring 2017-05-01")
    func ephemeralText() throws {
        let result = try ToolRunner.runAtFixedTime(["inspect", E2E.docsEphemeral])
        #expect(result.exitCode == 0, "\(result)")
        for expected in ["NOT VERIFIED", "ephemeral", "proxy, allocator", "2017-05-01T13:43:33Z", "bootstrap-initial"] {
            #expect(result.stdout.contains(expected), "missing \(expected)\n\(result)")
        }
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("inspect --format json describes the 2017 ephemeral token")
    func ephemeralJSON() throws {
        let result = try ToolRunner.runAtFixedTime(["inspect", "--format", "json", E2E.docsEphemeral])
        #expect(result.exitCode == 0, "\(result)")
        let report = try result.jsonObject()
        #expect(report["kind"] as? String == "ephemeral")
        #expect(report["roles"] as? [String] == ["proxy", "allocator"])
        #expect(report["issuer"] as? String == "bootstrap-initial")
        #expect(report["subject"] as? String == "46977b7d-a3e6-4605-b70d-1723129af8e4")
        #expect(report["expires_at"] as? String == "2017-05-01T13:43:33Z")
        #expect((report["exp"] as? NSNumber)?.int64Value == 1_493_646_213)
        #expect(report["signature"] as? String == "unverified")
        #expect(report["token_id"] is NSNull, "an ephemeral token has no token_id")
        #expect(report["source"] as? String == "argument 1")
        #expect(report["now"] as? String == "2027-01-15T08:00:00Z")
        #expect(E2E.checkStatus(report, "signature") == "warn")
    }

    @Test("inspect shows the 2017 persistent token as persistent, never expiring, with its token id")
    func persistent() throws {
        let text = try ToolRunner.runAtFixedTime(["inspect", E2E.docsPersistent])
        #expect(text.exitCode == 0, "\(text)")
        for expected in [
            "NOT VERIFIED", "persistent", "proxy, allocator", "never", "4c8990df-1fb7-4820-b868-6bc9e8860814",
        ] {
            #expect(text.stdout.contains(expected), "missing \(expected)\n\(text)")
        }
        let json = try ToolRunner.runAtFixedTime(["inspect", "--format", "json", E2E.docsPersistent])
        #expect(json.exitCode == 0, "\(json)")
        let report = try json.jsonObject()
        #expect(report["kind"] as? String == "persistent")
        #expect(report["roles"] as? [String] == ["proxy", "allocator"])
        #expect(report["expires_at"] is NSNull)
        #expect(report["exp"] is NSNull)
        #expect(report["token_id"] as? String == "4c8990df-1fb7-4820-b868-6bc9e8860814")
        #expect(report["signature"] as? String == "unverified")
    }

    @Test("verify rejects both docs tokens at the signature (exit 2), not as expired")
    func docsTokensFailVerification() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--format", "json"] + E2E.secretOptions + [E2E.docsEphemeral, E2E.docsPersistent]
        )
        #expect(result.exitCode == 2, "\(result)")
        for report in try result.jsonArray() {
            #expect(report["outcome"] as? String == "signature_invalid")
            #expect(!E2E.checkNames(report).contains("expiry"))
        }
    }
}

@Suite("Signatures: tampering, other installations")
struct SignatureTests {
    @Test("The tests' own HMAC reproduces a fixture's signature (sanity check of the test helpers)")
    func helperHMACMatchesFixture() throws {
        let token = try ToolRunner.fixtureToken(E2E.valid)
        let parts = TestTokens.segments(token)
        let mac = TestHMAC.mac(.hs256, key: try E2E.secretKey(), message: Array(TestTokens.signingInput(token).utf8))
        #expect(TestBase64URL.encode(mac) == String(parts[2]))
        #expect(TestBase64URL.decode(parts[2]) == mac)
    }

    @Test(
        "A token with one flipped signature bit fails verify with exit 2 and no claim checks",
        arguments: [0, 7, 8, 131, 255]
    )
    func flippedBit(bit: Int) throws {
        let original = try ToolRunner.fixtureToken(E2E.valid)
        let forged = try #require(TestTokens.flippingSignatureBit(original, bit: bit))
        #expect(forged != original)
        #expect(forged.count == original.count)

        let text = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [forged])
        #expect(text.exitCode == 2, "\(text)")
        #expect(text.stdout.lowercased().contains("signature"), "\(text)")
        #expect(text.stdout.contains("INVALID"), "\(text)")
        #expect(!text.stdout.contains("PASS"), "\(text)")

        let json = try ToolRunner.runAtFixedTime(["verify", "--format", "json"] + E2E.secretOptions + [forged])
        #expect(json.exitCode == 2, "\(json)")
        let report = try json.jsonObject()
        #expect(report["verdict"] as? String == "fail")
        #expect(report["outcome"] as? String == "signature_invalid")
        #expect(report["signature"] as? String == "invalid")
        #expect(report["claims_checked"] as? Bool == false)
        #expect(!E2E.checkNames(report).contains("expiry"), "\(report)")
        #expect(E2E.checkStatus(report, "signature") == "fail")
        let error = try #require(report["error"] as? [String: Any])
        #expect(error["code"] is String)
    }

    @Test("A forged expired token is reported as a bad signature (exit 2), never as expired")
    func forgedExpiredToken() throws {
        let original = try ToolRunner.fixtureToken(E2E.expired)
        let forged = try #require(TestTokens.flippingSignatureBit(original, bit: 42))
        let text = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [forged])
        #expect(text.exitCode == 2, "\(text)")
        #expect(!text.stdout.contains("FAIL expiry"), "\(text)")
        let json = try ToolRunner.runAtFixedTime(["verify", "--format", "json"] + E2E.secretOptions + [forged])
        let report = try json.jsonObject()
        #expect(report["outcome"] as? String == "signature_invalid")
        #expect(!E2E.checkNames(report).contains("expiry"))
        #expect(report["claims_checked"] as? Bool == false)
    }

    @Test("A token from another installation verifies only with that installation's secret")
    func otherInstallation() throws {
        let path = "Fixtures/tokens/other-installation.jwt"
        let wrong = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [path])
        #expect(wrong.exitCode == 2, "\(wrong)")
        let right = try ToolRunner.runAtFixedTime([
            "verify", "--secret-file", "Fixtures/other-installation-secret.txt", path,
        ])
        #expect(right.exitCode == 0, "\(right)")
        #expect(right.stdout.contains("PASS"), "\(right)")
    }

    @Test("A valid token's text report names the secret's source and says PASS")
    func validTokenText() throws {
        let result = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [E2E.valid])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("PASS"))
        #expect(result.stdout.contains("valid"))
        #expect(result.stdout.contains("Fixtures/secret.txt"))
        #expect(!result.stdout.contains("NOT VERIFIED"))
    }
}

@Suite("Expiry and leeway")
struct ExpiryTests {
    @Test("An expired ephemeral token fails verify with exit 1 and shows when it expired")
    func expired() throws {
        let result = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [E2E.expired])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("2026-01-01T00:00:00Z"), "\(result)")
        #expect(result.stdout.contains("ago"), "\(result)")
        #expect(result.stdout.contains("FAIL"), "\(result)")

        let json = try ToolRunner.runAtFixedTime(["verify", "--format", "json"] + E2E.secretOptions + [E2E.expired])
        let report = try json.jsonObject()
        #expect(report["outcome"] as? String == "check_failed")
        #expect(report["signature"] as? String == "valid")
        #expect(report["expires_at"] as? String == "2026-01-01T00:00:00Z")
        #expect(E2E.checkStatus(report, "expiry") == "fail")
        #expect((report["expires_in_seconds"] as? NSNumber)?.int64Value == E2E.expiredExp - 1_800_000_000)
    }

    @Test("inspect still exits 0 for an expired token but says it expired")
    func inspectExpired() throws {
        let result = try ToolRunner.runAtFixedTime(["inspect", E2E.expired])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("2026-01-01T00:00:00Z"), "\(result)")
        #expect(result.stdout.contains("ago"), "\(result)")
    }

    @Test("--leeway 2m accepts a token 60 s past exp, with a warning (Unix seconds)")
    func leewayAcceptsUnixSeconds() throws {
        let result = try ToolRunner.run(
            ["verify", "--leeway", "2m", "--now", String(E2E.expiredExp + 60)] + E2E.secretOptions + [E2E.expired]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("WARN"), "\(result)")
        #expect(result.stdout.contains("2 min"), "the leeway is shown\n\(result)")
    }

    @Test("--leeway 2m accepts a token 60 s past exp, with --now in RFC 3339 form")
    func leewayAcceptsRFC3339() throws {
        let result = try ToolRunner.run(
            ["verify", "--format", "json", "--leeway", "2m", "--now", "2026-01-01T00:01:00Z"] + E2E.secretOptions
                + [E2E.expired]
        )
        #expect(result.exitCode == 0, "\(result)")
        let report = try result.jsonObject()
        #expect(report["now"] as? String == "2026-01-01T00:01:00Z")
        #expect((report["leeway_seconds"] as? NSNumber)?.int64Value == 120)
        #expect(E2E.checkStatus(report, "expiry") == "warn")
        #expect(report["verdict"] as? String == "pass")
    }

    @Test("With no leeway a token is invalid exactly at exp and valid one second before")
    func exactBoundary() throws {
        let atExp = try ToolRunner.run(["verify", "--now", String(E2E.expiredExp)] + E2E.secretOptions + [E2E.expired])
        #expect(atExp.exitCode == 1, "now >= exp is invalid\n\(atExp)")
        let before = try ToolRunner.run(
            ["verify", "--now", String(E2E.expiredExp - 1)] + E2E.secretOptions + [E2E.expired]
        )
        #expect(before.exitCode == 0, "\(before)")
    }

    /// Found while writing these tests: ReportBuilder and ClaimChecks computed `exp - now` with trapping
    /// arithmetic, so these died of SIGILL (exit 132).
    @Test(
        "--now at the Int64 extremes never traps",
        arguments: [
            // exp 2026-01-01: exp - now overflows Int64.
            ("-9223372036854775808", Int64(1_767_225_600)),
            // exp 0001-01-01T00:00:00Z, the earliest date the tool accepts: exp - now overflows Int64.
            ("9223372036854775807", Int64(-62_135_596_800)),
        ]
    )
    func extremeClock(now: String, exp: Int64) throws {
        let claims =
            #"{"sub":"e3d42bfb-0c88-4ce5-8bb8-ed44d3af2530","roles":["allocator"],"iss":"current","#
            + #""persistent":false,"exp":\#(exp)}"#
        let token = TestTokens.sign(claims: claims, key: try E2E.secretKey())
        for command in ["inspect", "verify"] {
            let secret = command == "verify" ? E2E.secretOptions : []
            for format in ["text", "json"] {
                let result = try ToolRunner.run([command, "--now=\(now)", "--format", format] + secret + [token])
                #expect(!result.signaled, "\(command) \(format) was killed by a signal\n\(result)")
                #expect([0, 1, 64].contains(result.exitCode ?? -1), "\(command) \(format)\n\(result)")
            }
        }
    }

    @Test("--now accepts an RFC 3339 time with an offset")
    func rfc3339Offset() throws {
        let result = try ToolRunner.run(
            ["verify", "--format", "json", "--now", "2026-01-01T01:00:00+01:00"] + E2E.secretOptions + [E2E.expired]
        )
        #expect(result.exitCode == 1, "01:00+01:00 is exactly exp\n\(result)")
        #expect(try result.jsonObject()["now"] as? String == "2026-01-01T00:00:00Z")
    }

    @Test("nbf is honoured: not valid before it, unless within the leeway")
    func notBefore() throws {
        let nbf: Int64 = 1_800_000_060
        let claims =
            #"{"sub":"9b2f0c4e-1d3a-4e5f-8a6b-7c8d9e0f1a2b","roles":["proxy"],"iss":"current","persistent":true,"nbf":"#
            + "\(nbf)}"
        let token = TestTokens.sign(claims: claims, key: try E2E.secretKey())
        let early = try ToolRunner.run(
            ["verify", "--format", "json", "--now", "1800000000"] + E2E.secretOptions + [token]
        )
        #expect(early.exitCode == 1, "\(early)")
        #expect(E2E.checkStatus(try early.jsonObject(), "not-before") == "fail")
        let withinLeeway = try ToolRunner.run(
            ["verify", "--leeway", "1m", "--now", "1800000000"] + E2E.secretOptions + [token]
        )
        #expect(withinLeeway.exitCode == 0, "now + leeway == nbf is valid\n\(withinLeeway)")
        let atNbf = try ToolRunner.run(["verify", "--now", String(nbf)] + E2E.secretOptions + [token])
        #expect(atNbf.exitCode == 0, "\(atNbf)")
    }

    @Test("With a leeway a token is invalid exactly at exp + leeway")
    func leewayBoundary() throws {
        let atEdge = try ToolRunner.run(
            ["verify", "--leeway", "120s", "--now", String(E2E.expiredExp + 120)] + E2E.secretOptions + [E2E.expired]
        )
        #expect(atEdge.exitCode == 1, "\(atEdge)")
        let inside = try ToolRunner.run(
            ["verify", "--leeway", "120", "--now", String(E2E.expiredExp + 119)] + E2E.secretOptions + [E2E.expired]
        )
        #expect(inside.exitCode == 0, "\(inside)")
    }
}

/// A command line that must be refused as a usage error.
struct UsageCase: Sendable, CustomTestStringConvertible {
    let name: String
    let arguments: [String]
    let stdin: String?
    /// A text the error message must contain.
    let mentions: String

    var testDescription: String { name }

    static let all: [UsageCase] = [
        UsageCase(
            name: "--now garbage",
            arguments: ["verify", "--now", "garbage"] + E2E.secretOptions + [E2E.valid],
            stdin: nil,
            mentions: "--now"
        ),
        UsageCase(
            name: "--leeway 5x",
            arguments: ["verify", "--now", "1800000000", "--leeway", "5x"] + E2E.secretOptions
                + [E2E.valid],
            stdin: nil,
            mentions: "--leeway"
        ),
        UsageCase(
            name: "two secret sources",
            arguments: [
                "verify", "--now", "1800000000", "--secret-file", "Fixtures/secret.txt",
                "--bootstrap-secrets", "Fixtures/bootstrap-secrets.json", E2E.valid,
            ],
            stdin: nil,
            mentions: "only one"
        ),
        UsageCase(
            name: "--secret-file and --secret-env",
            arguments: [
                "verify", "--now", "1800000000", "--secret-file", "Fixtures/secret.txt",
                "--secret-env", "HOME", E2E.valid,
            ],
            stdin: nil,
            mentions: "only one"
        ),
        UsageCase(
            name: "--algorithms hs256 (names are case-sensitive)",
            arguments: ["verify", "--now", "1800000000", "--algorithms", "hs256"] + E2E.secretOptions + [E2E.valid],
            stdin: nil,
            mentions: "hs256"
        ),
        UsageCase(
            name: "--algorithms none",
            arguments: ["verify", "--now", "1800000000", "--algorithms", "HS256,none"] + E2E.secretOptions
                + [E2E.valid],
            stdin: nil,
            mentions: "none"
        ),
        UsageCase(
            name: "--format xml",
            arguments: ["inspect", "--now", "1800000000", "--format", "xml", E2E.valid],
            stdin: nil,
            mentions: "xml"
        ),
        UsageCase(
            name: "secret and tokens both on stdin",
            arguments: ["verify", "--now", "1800000000", "--secret-file", "-", "-"],
            stdin: "x\n",
            mentions: "standard input"
        ),
        UsageCase(
            name: "--secret-env naming an unset variable",
            arguments: ["verify", "--now", "1800000000", "--secret-env", "ECETOKEN_TEST_UNSET_VARIABLE", E2E.valid],
            stdin: nil,
            mentions: "ECETOKEN_TEST_UNSET_VARIABLE"
        ),
    ]
}

@Suite("Usage errors exit 64")
struct UsageTests {
    @Test("verify without any secret exits 64 and says how to give one")
    func verifyWithoutSecret() throws {
        let result = try ToolRunner.runAtFixedTime(["verify", E2E.valid])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("--secret-file"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("inspect without any secret is fine")
    func inspectWithoutSecret() throws {
        let result = try ToolRunner.runAtFixedTime(["inspect", E2E.valid])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("A bad command line exits 64 with a message and no report", arguments: UsageCase.all)
    func usageError(usage: UsageCase) throws {
        let result = try ToolRunner.run(usage.arguments, stdin: usage.stdin.map { Data($0.utf8) })
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains(usage.mentions), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }
}

@Suite("Several tokens: the highest exit code wins; JSON keeps input order")
struct SeveralTokensTests {
    @Test("valid + expired + tampered exits 2, in any order")
    func signatureWins() throws {
        for order in [[E2E.valid, E2E.expired, E2E.tampered], [E2E.tampered, E2E.expired, E2E.valid]] {
            let result = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + order)
            #expect(result.exitCode == 2, "\(order)\n\(result)")
        }
    }

    @Test("valid + expired exits 1")
    func checkFailureWins() throws {
        let result = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [E2E.expired, E2E.valid])
        #expect(result.exitCode == 1, "\(result)")
    }

    @Test("valid + malformed exits 3, for verify and inspect")
    func malformedWins() throws {
        let verify = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [E2E.malformed, E2E.valid])
        #expect(verify.exitCode == 3, "\(verify)")
        #expect(verify.stderr.contains("two-segments.jwt"), "the malformed input is named\n\(verify)")
        #expect(verify.stdout.contains("persistent-allocator.jwt"), "the valid token is still reported\n\(verify)")
        let inspect = try ToolRunner.runAtFixedTime(["inspect", E2E.valid, E2E.tampered, E2E.malformed])
        #expect(inspect.exitCode == 3, "\(inspect)")
    }

    @Test("inspect exits 0 for valid + tampered + expired tokens: all decode")
    func inspectIgnoresVerdicts() throws {
        let result = try ToolRunner.runAtFixedTime(["inspect", E2E.valid, E2E.tampered, E2E.expired])
        #expect(result.exitCode == 0, "\(result)")
    }

    @Test("JSON with several tokens is one array document in input order")
    func jsonArrayInOrder() throws {
        let inputs = [E2E.tampered, E2E.valid, E2E.expired, E2E.malformed]
        let result = try ToolRunner.runAtFixedTime(["verify", "--format", "json"] + E2E.secretOptions + inputs)
        #expect(result.exitCode == 3, "\(result)")
        let reports = try result.jsonArray()
        #expect(reports.map { $0["source"] as? String } == inputs.map { "\($0):1" })
        #expect(reports.map { $0["outcome"] as? String } == ["signature_invalid", "pass", "check_failed", "malformed"])
    }

    @Test("JSON with one token is one object")
    func jsonSingleObject() throws {
        let result = try ToolRunner.runAtFixedTime(["verify", "--format", "json"] + E2E.secretOptions + [E2E.valid])
        #expect(result.exitCode == 0, "\(result)")
        let report = try result.jsonObject()
        #expect(report["verdict"] as? String == "pass")
        #expect(report["signature"] as? String == "valid")
        #expect(report["kind"] as? String == "persistent")
        #expect(report["roles"] as? [String] == ["allocator"])
    }
}

@Suite("Secret sources")
struct SecretSourceTests {
    @Test("--secret-file - reads the secret from stdin")
    func secretOnStdin() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--secret-file", "-", E2E.valid],
            stdin: try ToolRunner.fixtureData("Fixtures/secret.txt")
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("PASS"), "\(result)")
    }

    @Test("--secret-env NAME reads the named variable")
    func secretEnvironment() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--secret-env", "MY_ECE_SECRET", E2E.valid],
            environment: ["MY_ECE_SECRET": try ToolRunner.fixtureSecret()]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("ECETOKEN_SECRET is used when no source is named")
    func defaultEnvironment() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", E2E.valid],
            environment: ["ECETOKEN_SECRET": try ToolRunner.fixtureSecret()]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("PASS"), "\(result)")
        let wrong = try ToolRunner.runAtFixedTime(
            ["verify", E2E.valid],
            environment: ["ECETOKEN_SECRET": try ToolRunner.fixtureToken("Fixtures/other-installation-secret.txt")]
        )
        #expect(wrong.exitCode == 2, "\(wrong)")
    }

    @Test("inspect with ECETOKEN_SECRET set verifies the signature")
    func inspectUsesDefaultEnvironment() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["inspect", "--format", "json", E2E.tampered],
            environment: ["ECETOKEN_SECRET": try ToolRunner.fixtureSecret()]
        )
        #expect(result.exitCode == 0, "inspect exits 0 for a decodable token\n\(result)")
        #expect(try result.jsonObject()["signature"] as? String == "invalid")
    }

    @Test("--bootstrap-secrets takes bootstrap_tokens_secret from the file")
    func bootstrapSecrets() throws {
        let result = try ToolRunner.runAtFixedTime(
            [
                "verify", "--bootstrap-secrets", "Fixtures/bootstrap-secrets.json", E2E.valid,
                "Fixtures/tokens/emergency.jwt",
            ])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("bootstrap_tokens_secret"), "the source is named\n\(result)")
    }

    @Test("A secret file without a trailing newline works")
    func noTrailingNewline() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(try ToolRunner.fixtureSecret(), to: "secret-no-newline.txt")
        let result = try ToolRunner.runAtFixedTime(["verify", "--secret-file", path, E2E.valid])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
    }

    @Test("A secret file with CRLF ends in a carriage return that is kept: exit 2 and a warning")
    func carriageReturn() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(try ToolRunner.fixtureSecret() + "\r\n", to: "secret-crlf.txt")
        let result = try ToolRunner.runAtFixedTime(["verify", "--secret-file", path, E2E.valid])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("warning"), "\(result)")
        #expect(result.stderr.contains("carriage return"), "\(result)")
    }

    @Test("A secret file with two trailing newlines fails (only one is stripped) with a warning")
    func twoTrailingNewlines() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(try ToolRunner.fixtureSecret() + "\n\n", to: "secret-two-newlines.txt")
        let result = try ToolRunner.runAtFixedTime(["verify", "--secret-file", path, E2E.valid])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stderr.contains("warning"), "\(result)")
        #expect(result.stderr.contains("newline"), "\(result)")
    }

    @Test("--secret-encoding base64url on the raw ECE secret uses the wrong key: exit 2")
    func base64urlIsWrongForECE() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--secret-encoding", "base64url"] + E2E.secretOptions + [E2E.valid]
        )
        #expect(result.exitCode == 2, "\(result)")
        let raw = try ToolRunner.runAtFixedTime(
            ["verify", "--secret-encoding", "raw"] + E2E.secretOptions + [E2E.valid]
        )
        #expect(raw.exitCode == 0, "\(raw)")
    }

    @Test("--secret-encoding hex on a secret that is not hex exits 64")
    func hexEncodingRejected() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--secret-encoding", "hex"] + E2E.secretOptions + [E2E.valid]
        )
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("hex"), "\(result)")
    }

    @Test("A missing secret file exits 66 naming the path")
    func missingSecretFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("no-such-secret.txt")
        let result = try ToolRunner.runAtFixedTime(["verify", "--secret-file", path, E2E.valid])
        #expect(result.exitCode == 66, "\(result)")
        #expect(result.stderr.contains(path), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("A missing bootstrap-secrets file exits 66 naming the path")
    func missingBootstrapSecrets() throws {
        let result = try ToolRunner.runAtFixedTime([
            "verify", "--bootstrap-secrets", "Fixtures/no-such.json", E2E.valid,
        ])
        #expect(result.exitCode == 66, "\(result)")
        #expect(result.stderr.contains("Fixtures/no-such.json"), "\(result)")
    }

    @Test("An empty secret file exits 64")
    func emptySecretFile() throws {
        let directory = try TemporaryDirectory()
        for (name, contents) in [("empty.txt", ""), ("just-newline.txt", "\n")] {
            let path = try directory.write(contents, to: name)
            let result = try ToolRunner.runAtFixedTime(["verify", "--secret-file", path, E2E.valid])
            #expect(result.exitCode == 64, "\(name)\n\(result)")
            #expect(result.stderr.contains("empty"), "\(name)\n\(result)")
        }
    }

    @Test("A PEM public key as the secret exits 64 and says it is a public key")
    func pemPublicKey() throws {
        let directory = try TemporaryDirectory()
        let pem = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEGjJ1eyQzAQn9iM7eBL0rjpe+zMwDGfTn
            Yh2OJdxv6hkQuvn4bWD8vMo0HqN1Ckdn6P9SK1oE7sTnBuU7hh1JqQ==
            -----END PUBLIC KEY-----

            """
        let path = try directory.write(pem, to: "public.pem")
        let result = try ToolRunner.runAtFixedTime(["verify", "--secret-file", path, E2E.valid])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("public key"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("An SSH public key as the secret exits 64")
    func sshPublicKey() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host\n",
            to: "id_ed25519.pub"
        )
        let result = try ToolRunner.runAtFixedTime(["verify", "--secret-file", path, E2E.valid])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("SSH") || result.stderr.contains("public key"), "\(result)")
    }

    @Test("A JWK of type RSA as the secret exits 64")
    func jwkPublicKey() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(
            "{\"kty\":\"RSA\",\"n\":\""
                + "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJE"
                + "CPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2Q"
                + "vzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6"
                + "WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
                + #"","e":"AQAB"}"#,
            to: "key.jwk"
        )
        let result = try ToolRunner.runAtFixedTime(["verify", "--secret-file", path, E2E.valid])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("JWK of type RSA"), "\(result)")
    }

    @Test("A secret file readable by group or others gets a warning; an owner-only one does not")
    func permissionWarning() throws {
        let directory = try TemporaryDirectory()
        let loose = try directory.write(try ToolRunner.fixtureSecret() + "\n", to: "loose.txt", permissions: 0o644)
        let looseResult = try ToolRunner.runAtFixedTime(["verify", "--secret-file", loose, E2E.valid])
        #expect(looseResult.exitCode == 0, "\(looseResult)")
        #expect(looseResult.stderr.contains("warning"), "\(looseResult)")
        #expect(looseResult.stderr.contains("chmod 600"), "\(looseResult)")

        let tight = try E2E.privateSecretFile(in: directory)
        let tightResult = try ToolRunner.runAtFixedTime(["verify", "--secret-file", tight, E2E.valid])
        #expect(tightResult.exitCode == 0, "\(tightResult)")
        #expect(tightResult.stderr.isEmpty, "\(tightResult)")
    }
}

@Suite("Token inputs: arguments, stdin, files, API replies, bootstrap-secrets.json")
struct TokenInputTests {
    @Test("A token given as the argument itself")
    func literalArgument() throws {
        let token = try ToolRunner.fixtureToken(E2E.valid)
        let result = try ToolRunner.runAtFixedTime(["verify", "--format", "json"] + E2E.secretOptions + [token])
        #expect(result.exitCode == 0, "\(result)")
        #expect(try result.jsonObject()["source"] as? String == "argument 1")
    }

    @Test("'-' reads tokens from stdin, one per line")
    func standardInput() throws {
        let tokens = try ToolRunner.fixtureToken(E2E.valid) + "\n" + ToolRunner.fixtureToken(E2E.expired) + "\n"
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--format", "json"] + E2E.secretOptions + ["-"],
            stdin: Data(tokens.utf8)
        )
        #expect(result.exitCode == 1, "\(result)")
        let reports = try result.jsonArray()
        #expect(reports.map { $0["source"] as? String } == ["stdin:1", "stdin:2"])
    }

    @Test("With no TOKEN argument, tokens are read from stdin when it is not a terminal")
    func implicitStandardInput() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify"] + E2E.secretOptions,
            stdin: try ToolRunner.fixtureData(E2E.valid)
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("stdin:1"), "\(result)")
    }

    @Test("Empty stdin is malformed input (exit 3), never a pass")
    func emptyStandardInput() throws {
        let result = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + ["-"])
        #expect(result.exitCode == 3, "\(result)")
        #expect(!result.stderr.isEmpty, "\(result)")
    }

    @Test("A file of tokens gives one report per token with file:line sources")
    func batchFile() throws {
        let path = "Fixtures/tokens/batch.txt"
        // Split on the byte 0x0A: in Swift "\r\n" is one Character, which String.split would not split.
        let lines = Array(try ToolRunner.fixtureData(path)).split(separator: 0x0A, omittingEmptySubsequences: false)
        let tokenLines = lines.enumerated().compactMap { index, line -> String? in
            let trimmed = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty || trimmed.hasPrefix("#") ? nil : "\(path):\(index + 1)"
        }
        #expect(tokenLines.count == 4)

        let json = try ToolRunner.runAtFixedTime(["verify", "--format", "json"] + E2E.secretOptions + [path])
        #expect(json.exitCode == 0, "\(json)")
        let reports = try json.jsonArray()
        #expect(reports.map { $0["source"] as? String } == tokenLines)
        #expect(reports.allSatisfy { $0["verdict"] as? String == "pass" })

        let text = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [path])
        #expect(text.exitCode == 0, "\(text)")
        for source in tokenLines {
            #expect(text.stdout.contains(source), "\(text)")
        }
        #expect(text.stdout.components(separatedBy: "verdict").count - 1 == 4, "\(text)")
    }

    @Test("An API reply whose token_id differs from sub fails verify with exit 1 and names token_id")
    func apiReplyMismatch() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify"] + E2E.secretOptions + ["Fixtures/tokens/api-reply-id-mismatch.json"]
        )
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.contains("token_id"), "\(result)")
        let json = try ToolRunner.runAtFixedTime(
            ["verify", "--format", "json"] + E2E.secretOptions + ["Fixtures/tokens/api-reply-id-mismatch.json"]
        )
        let report = try json.jsonObject()
        #expect(E2E.checkStatus(report, "token-id") == "fail")
        #expect(report["signature"] as? String == "valid")
    }

    @Test("API replies for persistent and ephemeral tokens pass; the persistent one's token_id is its sub")
    func apiReplies() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--format", "json"] + E2E.secretOptions
                + ["Fixtures/tokens/api-reply-persistent.json", "Fixtures/tokens/api-reply-ephemeral.json"]
        )
        #expect(result.exitCode == 0, "\(result)")
        let reports = try result.jsonArray()
        try #require(reports.count == 2)
        #expect(reports[0]["token_id"] as? String == reports[0]["subject"] as? String)
        #expect(E2E.checkStatus(reports[0], "token-id") == "pass")
        #expect(reports[1]["kind"] as? String == "ephemeral")
        #expect(reports[1]["token_id"] is NSNull)
    }

    @Test("bootstrap-secrets.json as the TOKEN input yields its three install-time tokens")
    func bootstrapSecretsAsTokenInput() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--format", "json"] + E2E.secretOptions + ["Fixtures/bootstrap-secrets.json"]
        )
        #expect(result.exitCode == 0, "\(result)")
        let reports = try result.jsonArray()
        try #require(reports.count == 3, "\(result)")
        let members = [
            "bootstrap_runner_roles_token", "allocator_only_token", "emergency_all_roles_except_allocator_token",
        ]
        for (report, member) in zip(reports, members) {
            #expect((report["source"] as? String)?.hasSuffix(member) == true, "\(report)")
            #expect(report["kind"] as? String == "persistent")
            #expect(report["issuer"] as? String == "current")
        }
        #expect(reports.map { $0["roles"] as? [String] } == [[], ["allocator"], ["coordinator", "proxy", "director"]])
    }

    @Test("A missing token file exits 66 with the path on stderr")
    func missingTokenFile() throws {
        let path = "Fixtures/tokens/does-not-exist.jwt"
        for command in ["verify", "inspect"] {
            let secret = command == "verify" ? E2E.secretOptions : []
            let result = try ToolRunner.runAtFixedTime([command] + secret + [path])
            #expect(result.exitCode == 66, "\(command)\n\(result)")
            #expect(result.stderr.contains(path), "\(command)\n\(result)")
        }
    }

    @Test("A directory as the token input exits 66")
    func directoryInput() throws {
        let result = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + ["Fixtures/tokens"])
        #expect(result.exitCode == 66, "\(result)")
        #expect(result.stderr.contains("Fixtures/tokens"), "\(result)")
    }

    @Test("An unreadable input (66) outranks a malformed one (3)")
    func unreadableWins() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify"] + E2E.secretOptions + [E2E.malformed, "Fixtures/tokens/does-not-exist.jwt", E2E.valid]
        )
        #expect(result.exitCode == 66, "\(result)")
    }
}

@Suite("Algorithm allow-list and key strength")
struct AlgorithmTests {
    @Test("--algorithms HS256,HS384 accepts an HS384 token signed with a 64-byte key; the default refuses it")
    func hs384() throws {
        let directory = try TemporaryDirectory()
        let keyText = String(repeating: "k3y-for-hs384-", count: 5).prefix(64)
        let keyPath = try directory.write(String(keyText) + "\n", to: "hs384.key")
        let claims =
            #"{"sub":"0f3c7a52-61f4-4b8e-9d2a-3e5b7c9d1f20","roles":["allocator"],"iss":"current","persistent":true}"#
        let token = TestTokens.sign(
            header: #"{"typ":"JWT","alg":"HS384"}"#,
            claims: claims,
            key: Array(keyText.utf8),
            algorithm: .hs384
        )

        let allowed = try ToolRunner.runAtFixedTime(
            ["verify", "--format", "json", "--algorithms", "HS256,HS384", "--secret-file", keyPath, token])
        #expect(allowed.exitCode == 0, "\(allowed)")
        #expect(try allowed.jsonObject()["algorithm"] as? String == "HS384")

        let defaultPolicy = try ToolRunner.runAtFixedTime(["verify", "--secret-file", keyPath, token])
        #expect(defaultPolicy.exitCode == 2, "\(defaultPolicy)")
        #expect(defaultPolicy.stdout.contains("HS384"), "\(defaultPolicy)")
    }

    @Test("An HS384 token with a 40-byte key is refused as weak even when HS384 is allowed")
    func hs384WeakKey() throws {
        let directory = try TemporaryDirectory()
        let keyText = String(repeating: "0123456789", count: 4)
        let keyPath = try directory.write(keyText, to: "short.key")
        let token = TestTokens.sign(
            header: #"{"typ":"JWT","alg":"HS384"}"#,
            claims: #"{"sub":"x","roles":[],"persistent":true}"#,
            key: Array(keyText.utf8),
            algorithm: .hs384
        )
        let result = try ToolRunner.runAtFixedTime(["verify", "--algorithms", "HS384", "--secret-file", keyPath, token])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout.contains("40 bytes"), "\(result)")
        #expect(result.stdout.contains("48"), "\(result)")
    }

    @Test("A 20-byte secret is refused with exit 2 naming the key length; --allow-weak-secret accepts it")
    func weakSecret() throws {
        let directory = try TemporaryDirectory()
        let keyText = "weak-secret-20-bytes"
        #expect(keyText.utf8.count == 20)
        let keyPath = try directory.write(keyText + "\n", to: "weak.txt")
        let claims =
            #"{"sub":"6a1d1e8e-3b0c-4d59-8f3e-2c1b0a9f8e7d","roles":["allocator"],"iss":"current","persistent":true}"#
        let token = TestTokens.sign(claims: claims, key: Array(keyText.utf8))

        let refused = try ToolRunner.runAtFixedTime(["verify", "--secret-file", keyPath, token])
        #expect(refused.exitCode == 2, "\(refused)")
        #expect(refused.stdout.contains("20 bytes"), "\(refused)")
        #expect(refused.stdout.contains("32"), "\(refused)")

        let json = try ToolRunner.runAtFixedTime(["verify", "--format", "json", "--secret-file", keyPath, token])
        let error = try #require(try json.jsonObject()["error"] as? [String: Any], "\(json)")
        #expect((error["message"] as? String)?.contains("20 bytes") == true, "\(json)")

        let allowed = try ToolRunner.runAtFixedTime(["verify", "--allow-weak-secret", "--secret-file", keyPath, token])
        #expect(allowed.exitCode == 0, "\(allowed)")
    }
}
