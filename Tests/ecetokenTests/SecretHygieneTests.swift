import Foundation
import Testing

/// A token whose verifier-computed MAC must never be printed.
enum HygieneToken: Sendable {
    /// A one-token fixture file.
    case fixture(String)
    /// `persistent-allocator.jwt` with one signature bit flipped (built by the test; `@FORGED` in arguments).
    case forged
}

/// A key a verifier in the scenario computes MACs with.
enum HygieneKey: Sendable {
    /// `Fixtures/secret.txt` as written.
    case fixture
    /// `Fixtures/other-installation-secret.txt` as written.
    case other
    /// The base64url decoding of `Fixtures/secret.txt` (what `--secret-encoding base64url` makes of it).
    case fixtureDecoded
    /// The whole of `Fixtures/bootstrap-secrets.json` minus one trailing newline (used as a secret file).
    case bootstrapFile
}

/// A temporary file a scenario needs; arguments name it `@TMP/<name>`.
enum HygieneFile: Sendable {
    /// The fixture secret followed by two newlines.
    case secretWithTwoNewlines
    /// bootstrap-secrets.json with `bootstrap_tokens_secret` as a number.
    case bootstrapNumericSecret
    /// bootstrap-secrets.json without `bootstrap_tokens_secret`.
    case bootstrapWithoutSecret
    /// bootstrap-secrets.json cut off with a syntax error right after a dummy password.
    case bootstrapSyntaxErrorAfterPassword
    /// bootstrap-secrets.json with a dummy password unquoted (a syntax error on the value itself).
    case bootstrapUnquotedPassword
    /// bootstrap-secrets.json holding only dummy values (no secret, no tokens).
    case bootstrapOnlyDummies
}

/// One command line whose output must hold no secret material.
struct HygieneCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// Arguments; `@TMP/` is replaced by the scenario's temporary directory and `@FORGED` by a forged token.
    let arguments: [String]
    let expectedExit: Int32
    /// Another exit code that is also right (a secret the tool may either use or refuse as suspicious).
    var alsoAcceptedExit: Int32? = nil
    /// Standard input; `@SECRET` is replaced by the fixture secret.
    var stdin: String? = nil
    /// Extra environment; the value `@SECRET` is replaced by the fixture secret.
    var environment: [String: String] = [:]
    var macTokens: [HygieneToken] = []
    var macKeys: [HygieneKey] = [.fixture]
    var files: [String: HygieneFile] = [:]

    var testDescription: String { name }

    static let valid = "Fixtures/tokens/persistent-allocator.jwt"
    static let tampered = "Fixtures/tokens/tampered-signature.jwt"
    static let malformed = "Fixtures/hostile/two-segments.jwt"
    static let bootstrap = "Fixtures/bootstrap-secrets.json"
    static let secretFile = ["--secret-file", "Fixtures/secret.txt"]
    static let batch = [
        "Fixtures/tokens/tampered-signature.jwt", "Fixtures/tokens/ephemeral-expired.jwt",
        "Fixtures/hostile/truncated-signature.jwt", "Fixtures/hostile/extended-signature.jwt",
        "Fixtures/hostile/alg-none-with-signature.jwt", "Fixtures/hostile/alg-lowercase.jwt",
        "Fixtures/tokens/ece-docs-ephemeral-2017.jwt", "Fixtures/tokens/other-installation.jwt",
    ]

    static let all: [HygieneCase] = {
        var cases: [HygieneCase] = []
        for command in ["inspect", "verify"] {
            for format in ["text", "json"] {
                let base = [command, "--now", "1800000000", "--format", format]
                let label = "\(command) \(format)"
                let verify = command == "verify"
                cases += [
                    HygieneCase(
                        name: "\(label): valid token, --secret-file",
                        arguments: base + secretFile + [valid],
                        expectedExit: 0
                    ),
                    HygieneCase(
                        name: "\(label): tampered token, --secret-file",
                        arguments: base + secretFile + [tampered],
                        expectedExit: verify ? 2 : 0,
                        macTokens: [.fixture(tampered)]
                    ),
                    HygieneCase(
                        name: "\(label): forged token as an argument",
                        arguments: base + secretFile + ["@FORGED"],
                        expectedExit: verify ? 2 : 0,
                        macTokens: [.forged]
                    ),
                    HygieneCase(
                        name: "\(label): malformed token",
                        arguments: base + secretFile + [malformed],
                        expectedExit: 3
                    ),
                    HygieneCase(
                        name: "\(label): several bad tokens",
                        arguments: base + secretFile + batch,
                        expectedExit: verify ? 2 : 0,
                        macTokens: batch.map { .fixture($0) }
                    ),
                    HygieneCase(
                        name: "\(label): wrong secret (another installation's)",
                        arguments: base + ["--secret-file", "Fixtures/other-installation-secret.txt", valid],
                        expectedExit: verify ? 2 : 0,
                        macTokens: [.fixture(valid)],
                        macKeys: [.other]
                    ),
                    HygieneCase(
                        name: "\(label): --bootstrap-secrets, tampered token",
                        arguments: base + ["--bootstrap-secrets", bootstrap, tampered],
                        expectedExit: verify ? 2 : 0,
                        macTokens: [.fixture(tampered)]
                    ),
                    HygieneCase(
                        name: "\(label): bootstrap-secrets.json as the TOKEN input, --bootstrap-secrets",
                        arguments: base + ["--bootstrap-secrets", bootstrap, bootstrap],
                        expectedExit: 0
                    ),
                    HygieneCase(
                        name: "\(label): bootstrap-secrets.json as the TOKEN input, no secret",
                        arguments: base + [bootstrap],
                        expectedExit: verify ? 64 : 0
                    ),
                    HygieneCase(
                        name: "\(label): ECETOKEN_SECRET, tampered token",
                        arguments: base + [tampered],
                        expectedExit: verify ? 2 : 0,
                        environment: ["ECETOKEN_SECRET": "@SECRET"],
                        macTokens: [.fixture(tampered)]
                    ),
                    HygieneCase(
                        name: "\(label): --secret-env, tampered token",
                        arguments: base + ["--secret-env", "ECE_SECRET", tampered],
                        expectedExit: verify ? 2 : 0,
                        environment: ["ECE_SECRET": "@SECRET"],
                        macTokens: [.fixture(tampered)]
                    ),
                    HygieneCase(
                        name: "\(label): --secret-file -, tampered token",
                        arguments: base + ["--secret-file", "-", tampered],
                        expectedExit: verify ? 2 : 0,
                        stdin: "@SECRET\n",
                        macTokens: [.fixture(tampered)]
                    ),
                    HygieneCase(
                        name: "\(label): bootstrap-secrets.json used as a --secret-file",
                        arguments: base + ["--secret-file", bootstrap, valid],
                        expectedExit: verify ? 2 : 0,
                        alsoAcceptedExit: 64,
                        macTokens: [.fixture(valid)],
                        macKeys: [.bootstrapFile]
                    ),
                    HygieneCase(
                        name: "\(label): --secret-encoding base64url, tampered token",
                        arguments: base + ["--secret-encoding", "base64url"] + secretFile + [tampered],
                        expectedExit: verify ? 2 : 0,
                        macTokens: [.fixture(tampered)],
                        macKeys: [.fixtureDecoded]
                    ),
                    HygieneCase(
                        name: "\(label): secret file with two trailing newlines",
                        arguments: base + ["--secret-file", "@TMP/secret.txt", valid],
                        expectedExit: verify ? 2 : 0,
                        files: ["secret.txt": .secretWithTwoNewlines]
                    ),
                ]
            }
        }
        let verify = ["verify", "--now", "1800000000"]
        cases += [
            HygieneCase(
                name: "error: --now garbage with --bootstrap-secrets",
                arguments: ["verify", "--now", "garbage", "--bootstrap-secrets", bootstrap, tampered],
                expectedExit: 64
            ),
            HygieneCase(
                name: "error: --leeway 5x",
                arguments: verify + ["--leeway", "5x"] + secretFile + [tampered],
                expectedExit: 64
            ),
            HygieneCase(
                name: "error: --algorithms hs256",
                arguments: verify + ["--algorithms", "hs256", "--bootstrap-secrets", bootstrap, tampered],
                expectedExit: 64
            ),
            HygieneCase(
                name: "error: two secret sources",
                arguments: verify + secretFile + ["--bootstrap-secrets", bootstrap, tampered],
                expectedExit: 64
            ),
            HygieneCase(
                name: "error: --secret-encoding hex on the ECE secret",
                arguments: verify + ["--secret-encoding", "hex"] + secretFile + [valid],
                expectedExit: 64
            ),
            HygieneCase(
                name: "error: --secret-encoding base64 on a secret with '-'",
                arguments: verify + [
                    "--secret-encoding", "base64", "--secret-file",
                    "Fixtures/other-installation-secret.txt", valid,
                ],
                expectedExit: 64
            ),
            HygieneCase(
                name: "error: --secret-encoding hex on bootstrap-secrets.json used as a secret file",
                arguments: verify + ["--secret-encoding", "hex", "--secret-file", bootstrap, valid],
                expectedExit: 64
            ),
            HygieneCase(
                name: "error: bootstrap_tokens_secret is a number",
                arguments: verify + ["--bootstrap-secrets", "@TMP/b.json", valid],
                expectedExit: 64,
                files: ["b.json": .bootstrapNumericSecret]
            ),
            HygieneCase(
                name: "error: bootstrap-secrets without bootstrap_tokens_secret",
                arguments: verify + ["--bootstrap-secrets", "@TMP/b.json", valid],
                expectedExit: 64,
                files: ["b.json": .bootstrapWithoutSecret]
            ),
            HygieneCase(
                name: "error: bootstrap-secrets with a syntax error after a password",
                arguments: verify + ["--bootstrap-secrets", "@TMP/b.json", valid],
                expectedExit: 64,
                files: ["b.json": .bootstrapSyntaxErrorAfterPassword]
            ),
            HygieneCase(
                name: "error: bootstrap-secrets with an unquoted password",
                arguments: verify + ["--bootstrap-secrets", "@TMP/b.json", valid],
                expectedExit: 64,
                files: ["b.json": .bootstrapUnquotedPassword]
            ),
            HygieneCase(
                name: "error: bootstrap-secrets holding only dummy values",
                arguments: verify + ["--bootstrap-secrets", "@TMP/b.json", valid],
                expectedExit: 64,
                files: ["b.json": .bootstrapOnlyDummies]
            ),
            HygieneCase(
                name: "error: broken bootstrap-secrets as the TOKEN input (syntax error after a password)",
                arguments: verify + secretFile + ["@TMP/b.json"],
                expectedExit: 3,
                files: ["b.json": .bootstrapSyntaxErrorAfterPassword]
            ),
            HygieneCase(
                name: "error: broken bootstrap-secrets as the TOKEN input (unquoted password)",
                arguments: ["inspect", "--now", "1800000000", "--format", "json", "@TMP/b.json"],
                expectedExit: 3,
                files: ["b.json": .bootstrapUnquotedPassword]
            ),
            HygieneCase(
                name: "error: bootstrap-secrets without tokens as the TOKEN input",
                arguments: ["inspect", "--now", "1800000000", "@TMP/b.json"],
                expectedExit: 3,
                files: ["b.json": .bootstrapOnlyDummies]
            ),
            HygieneCase(
                name: "error: bootstrap-secrets.json on stdin as the TOKEN input, JSON",
                arguments: verify + ["--format", "json"] + secretFile + ["-"],
                expectedExit: 0,
                stdin: "@BOOTSTRAP"
            ),
        ]
        return cases
    }()
}

@Suite("Secret hygiene: no secret, dummy value or computed MAC ever reaches stdout or stderr")
struct SecretHygieneTests {
    static let tokenMembers: Set<String> = [
        "bootstrap_runner_roles_token", "allocator_only_token", "emergency_all_roles_except_allocator_token",
    ]

    /// Every string value of bootstrap-secrets.json except the token members, recursively.
    static func dummyValues() throws -> [String] {
        let object = try #require(
            try JSONSerialization.jsonObject(with: ToolRunner.fixtureData(HygieneCase.bootstrap)) as? [String: Any]
        )
        var values: [String] = []
        func collect(_ value: Any, member: String) {
            if Self.tokenMembers.contains(member) { return }
            if let text = value as? String {
                values.append(text)
            } else if let nested = value as? [String: Any] {
                for (name, inner) in nested { collect(inner, member: name) }
            } else if let array = value as? [Any] {
                for inner in array { collect(inner, member: member) }
            }
        }
        for (name, value) in object { collect(value, member: name) }
        return values
    }

    /// The texts that must never be printed, whatever the command.
    static func forbiddenTexts() throws -> [String] {
        var forbidden: [String] = []
        for path in ["Fixtures/secret.txt", "Fixtures/other-installation-secret.txt"] {
            let secret = try ToolRunner.fixtureToken(path)
            forbidden += [secret, String(secret.prefix(12)), String(secret.suffix(12)), testHex(Array(secret.utf8))]
            if let decoded = TestBase64URL.decode(secret.replacingOccurrences(of: "=", with: "")) {
                forbidden += [testHex(decoded), testHex(decoded).uppercased()]
            }
        }
        for value in try dummyValues() {
            forbidden.append(value)
            forbidden.append(value.replacingOccurrences(of: "\n", with: "\\n"))
            for line in value.split(separator: "\n") where !line.isEmpty {
                forbidden.append(String(line))
            }
        }
        return forbidden
    }

    static func content(of file: HygieneFile) throws -> String {
        let secret = try ToolRunner.fixtureSecret()
        let original = try ToolRunner.fixtureText(HygieneCase.bootstrap)
        switch file {
        case .secretWithTwoNewlines:
            return secret + "\n\n"
        case .bootstrapNumericSecret:
            return original.replacingOccurrences(of: "\"\(secret)\"", with: "12345")
        case .bootstrapWithoutSecret:
            return original.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("bootstrap_tokens_secret") }.joined(separator: "\n")
        case .bootstrapSyntaxErrorAfterPassword:
            let marker = "dummy-root-password-Jb3sWq9Ek\""
            let range = try #require(original.range(of: marker))
            return String(original[..<range.upperBound]) + " \"oops\": }\n"
        case .bootstrapUnquotedPassword:
            return original.replacingOccurrences(
                of: "\"dummy-readonly-password-Hv6pXz2Nd\"",
                with: "dummy-readonly-password-Hv6pXz2Nd"
            )
        case .bootstrapOnlyDummies:
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any]
            )
            let kept = object.filter { $0.key != "bootstrap_tokens_secret" && !Self.tokenMembers.contains($0.key) }
            return String(
                decoding: try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys]),
                as: UTF8.self
            )
        }
    }

    static func keyBytes(_ key: HygieneKey) throws -> [UInt8] {
        switch key {
        case .fixture: return Array(try ToolRunner.fixtureSecret().utf8)
        case .other: return Array(try ToolRunner.fixtureToken("Fixtures/other-installation-secret.txt").utf8)
        case .fixtureDecoded:
            return try #require(
                TestBase64URL.decode(try ToolRunner.fixtureSecret().replacingOccurrences(of: "=", with: ""))
            )
        case .bootstrapFile:
            var bytes = Array(try ToolRunner.fixtureData(HygieneCase.bootstrap))
            if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
            return bytes
        }
    }

    static func forgedToken() throws -> String {
        try #require(TestTokens.flippingSignatureBit(try ToolRunner.fixtureToken(HygieneCase.valid), bit: 9))
    }

    @Test("The forbidden list is what the brief says it is")
    func forbiddenListSanity() throws {
        let dummies = try Self.dummyValues()
        #expect(dummies.contains("dummy-root-password-Jb3sWq9Ek"))
        #expect(dummies.contains("dummy-internal-tls-ca-private-key-W5gT3jMa"))
        #expect(dummies.contains(try ToolRunner.fixtureSecret()), "bootstrap_tokens_secret is the fixture secret")
        #expect(!dummies.contains { $0.hasPrefix("eyJ") }, "the install-time tokens may be printed")
        #expect(dummies.count == 9)
    }

    @Test("No secret, dummy value or computed MAC appears in stdout or stderr", arguments: HygieneCase.all)
    func noLeak(scenario: HygieneCase) throws {
        let directory = try TemporaryDirectory()
        for (name, file) in scenario.files {
            try directory.write(try Self.content(of: file), to: name)
        }
        let secret = try ToolRunner.fixtureSecret()
        let forged = try Self.forgedToken()
        let arguments = scenario.arguments.map { argument in
            argument == "@FORGED"
                ? forged : argument.replacingOccurrences(of: "@TMP/", with: directory.url.path + "/")
        }
        let environment = scenario.environment.mapValues { $0 == "@SECRET" ? secret : $0 }
        var stdin: Data?
        if let text = scenario.stdin {
            stdin =
                text == "@BOOTSTRAP"
                ? try ToolRunner.fixtureData(HygieneCase.bootstrap)
                : Data(text.replacingOccurrences(of: "@SECRET", with: secret).utf8)
        }

        let result = try ToolRunner.run(arguments, stdin: stdin, environment: environment)
        #expect(!result.signaled, "\(result)")
        #expect(
            result.exitCode == scenario.expectedExit
                || (scenario.alsoAcceptedExit != nil && result.exitCode == scenario.alsoAcceptedExit),
            "\(result)"
        )
        #expect(!(result.stdout + result.stderr).isEmpty, "something must be said\n\(result)")

        var forbidden = try Self.forbiddenTexts()
        for token in scenario.macTokens {
            let text: String
            switch token {
            case .fixture(let path): text = try ToolRunner.fixtureToken(path)
            case .forged: text = forged
            }
            let ownSignature = String(TestTokens.segments(text).last ?? "")
            for key in scenario.macKeys {
                let forms = TestTokens.expectedMACForms(of: text, key: try Self.keyBytes(key))
                if forms[0] != ownSignature { forbidden += forms }
            }
        }
        for text in forbidden {
            #expect(!result.stdout.contains(text), "stdout leaks \(text.debugDescription)")
            #expect(!result.stderr.contains(text), "stderr leaks \(text.debugDescription)")
        }
    }

    @Test("The MAC of the tampered fixture is the valid token's signature, so that case really checks something")
    func tamperedMACIsMeaningful() throws {
        let tampered = try ToolRunner.fixtureToken(HygieneCase.tampered)
        let valid = try ToolRunner.fixtureToken(HygieneCase.valid)
        let forms = TestTokens.expectedMACForms(of: tampered, key: try Self.keyBytes(.fixture))
        #expect(forms[0] == String(TestTokens.segments(valid)[2]))
        #expect(forms[0] != String(TestTokens.segments(tampered)[2]))
    }
}
