import Foundation
import Testing

@Suite("Secret-mismatch diagnosis end to end: named, exit 2, nothing secret printed")
struct DiagnosisTests {
    typealias P = PolicyCLI

    /// Everything that must never be printed when `token` is checked with `configuredKey`: the fixture secret
    /// (whole and in part) and the MAC the configured key computes, in base64url and hex.
    static func forbiddenStrings(token: String, configuredKey: [UInt8]) throws -> [String] {
        let secret = try ToolRunner.fixtureSecret()
        return [secret, String(secret.prefix(16)), String(secret.suffix(16))]
            + TestTokens.expectedMACForms(of: token, key: configuredKey)
    }

    static func expectNoLeak(_ result: ToolResult, _ forbidden: [String]) {
        for value in forbidden {
            #expect(!result.stdout.contains(value), "stdout leaks \(value.prefix(4))…\n\(result)")
            #expect(!result.stderr.contains(value), "stderr leaks \(value.prefix(4))…\n\(result)")
        }
    }

    @Test(
        "A secret file with a stray newline or CR kept: exit 2, stdout says trailing whitespace",
        arguments: ["\n\n", "\r\n", " \n", "\n\n\n"]
    )
    func trailingWhitespace(ending: String) throws {
        let directory = try TemporaryDirectory()
        let secret = try ToolRunner.fixtureSecret()
        let path = try directory.write(secret + ending, to: "secret.txt")
        let token = try ToolRunner.fixtureToken(P.persistentAllocator)
        let result = try ToolRunner.runAtFixedTime(["verify", "--secret-file", path, token])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout.contains("secret-diagnosis"), "\(result)")
        #expect(result.stdout.contains("trailing whitespace"), "\(result)")
        // The loader strips exactly one trailing newline; the rest is part of the configured key.
        var configured = secret + ending
        if configured.hasSuffix("\n") { configured.removeLast() }
        Self.expectNoLeak(result, try Self.forbiddenStrings(token: token, configuredKey: Array(configured.utf8)))
    }

    @Test("In JSON the verdict stays invalid (signature_invalid) with a secret-diagnosis warning")
    func trailingWhitespaceJSON() throws {
        let directory = try TemporaryDirectory()
        let secret = try ToolRunner.fixtureSecret()
        let path = try directory.write(secret + "\n\n", to: "secret.txt")
        let token = try ToolRunner.fixtureToken(P.persistentAllocator)
        let result = try ToolRunner.runAtFixedTime(["verify", "--format", "json", "--secret-file", path, token])
        #expect(result.exitCode == 2, "\(result)")
        let report = try #require(try result.jsonReports().first)
        #expect(report["signature"] as? String == "invalid")
        #expect(report["verdict"] as? String == "fail")
        #expect(P.check(report, "signature")?.status == "fail")
        let diagnosis = try #require(P.check(report, "secret-diagnosis"), "\(result)")
        #expect(diagnosis.status == "warn")
        #expect(diagnosis.message.contains("trailing whitespace"))
        Self.expectNoLeak(result, try Self.forbiddenStrings(token: token, configuredKey: Array((secret + "\n").utf8)))
    }

    @Test("A secret variable with a trailing newline is diagnosed too")
    func environmentVariable() throws {
        let secret = try ToolRunner.fixtureSecret()
        let token = try ToolRunner.fixtureToken(P.persistentAllocator)
        let result = try ToolRunner.run(
            ["verify", "--now", ToolRunner.now, "--secret-env", "MY_SECRET", token],
            environment: ["MY_SECRET": secret + "\n"]
        )
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout.contains("trailing whitespace"), "\(result)")
        Self.expectNoLeak(result, try Self.forbiddenStrings(token: token, configuredKey: Array((secret + "\n").utf8)))
    }

    @Test("--secret-encoding base64url on ECE's raw secret: exit 2 and the advice to use the raw secret encoding")
    func shouldNotDecode() throws {
        let token = try ToolRunner.fixtureToken(P.persistentAllocator)
        let result = try ToolRunner.runAtFixedTime(
            ["verify"] + P.secretOptions + ["--secret-encoding", "base64url", token]
        )
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout.contains("use secret encoding raw, not base64url"), "\(result)")
        let decoded = try #require(TestBase64URL.decode(try ToolRunner.fixtureSecret().dropLast()))
        Self.expectNoLeak(result, try Self.forbiddenStrings(token: token, configuredKey: decoded))
    }

    @Test(
        "A token signed with the decoded secret, checked with the raw one: exit 2 and the advice to decode the secret"
    )
    func shouldDecode() throws {
        let secret = try ToolRunner.fixtureSecret()
        let decoded = try #require(TestBase64URL.decode(secret.dropLast()))  // drop the "=" padding
        #expect(decoded.count == 32)
        let token = TestTokens.sign(
            claims: #"{"sub":"\#(P.uuid)","roles":["allocator"],"iss":"current","persistent":true}"#,
            key: decoded
        )
        let result = try P.verify([token])
        #expect(result.exitCode == 2, "\(result)")
        // The fixture secret has neither '-' nor '_', so base64 and base64url decode it alike: either advice fits.
        #expect(result.stdout.contains("use secret encoding base64"), "\(result)")
        Self.expectNoLeak(result, try Self.forbiddenStrings(token: token, configuredKey: Array(secret.utf8)))
    }

    @Test("A token from another installation: exit 2 with no diagnosis")
    func otherInstallation() throws {
        let (result, report) = try P.verifyJSON(["Fixtures/tokens/other-installation.jwt"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(P.check(report, "secret-diagnosis") == nil, "\(result)")
        #expect(!result.stdout.contains("secret-diagnosis"))
    }

    @Test("inspect with the mangled secret shows the same diagnosis and exits 0")
    func inspect() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(try ToolRunner.fixtureSecret() + "\n\n", to: "secret.txt")
        let result = try ToolRunner.runAtFixedTime(["inspect", "--secret-file", path, P.persistentAllocator])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("trailing whitespace"), "\(result)")
    }

    @Test(
        "The diagnosis names the secret encoding, not a flag; verify's help for --secret-encoding says it is that setting"
    )
    func helpMapsSecretEncoding() throws {
        let result = try ToolRunner.run(["verify", "--help"])
        #expect(result.exitCode == 0, "\(result)")
        // The help wraps at 80 columns: compare with every run of whitespace made one space.
        let help = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("--secret-encoding <encoding> How the secret's text becomes the key"), "\(help)")
        #expect(help.contains("(the 'secret encoding' a secret-diagnosis advises)"), "\(help)")
    }
}
