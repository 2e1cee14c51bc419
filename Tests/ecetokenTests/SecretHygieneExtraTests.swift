import Foundation
import Testing

// Secret hygiene beyond SecretHygieneTests: `mint` in both formats with every secret source and every error
// path; the secret error paths of inspect and verify that suite lacks (a refused, weak, oversized or unreadable
// secret, a forged HS384 token, a secret kept with whitespace); the permission warning for every command and
// format; any other subcommand; and the docs and help, which must never put a secret on a command line.

/// A secret file a scenario writes; arguments name it `@TMP/<name>`.
enum ExtraSecretFile: Sendable {
    /// The fixture secret with its newline, at the given permission bits.
    case fixtureSecret(mode: Int)
    /// The fixture bootstrap-secrets.json, at the given permission bits.
    case bootstrap(mode: Int)
    /// A file the tool must refuse or use; its text is a marker that must never be printed.
    case marked(ExtraSecretText)
    /// One of SecretHygieneTests' broken bootstrap-secrets files.
    case hygiene(HygieneFile)
}

/// Secrets whose text must never be printed, whatever happens to them.
enum ExtraSecretText: String, Sendable, CaseIterable {
    case weak = "weak-Qz7mark"
    case pem =
        "-----BEGIN PUBLIC KEY-----\nPEMBODYMARKERx9MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"
    case ssh = "ssh-ed25519 AAAAC3SSHBODYMARKERy8NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoq user@host\n"
    case jwk = #"{"kty":"RSA","e":"AQAB","n":"JWKMARKERz7vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78"}"#
    case leadingSpace = " LEADINGSPACEMARKERv5-0123456789abcdefghijklmnop\n"
    case huge = "HUGEMARKERw6"
    case long64 = "HS384MARKERu4-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR"

    /// The file's bytes (the huge one is over the 64 KiB limit).
    var contents: String {
        self == .huge ? String(repeating: rawValue + "-", count: 70_000 / 13) : rawValue
    }

    /// Distinctive pieces of the text that must not appear in any output.
    var markers: [String] {
        switch self {
        case .weak: return [rawValue]
        case .pem: return ["PEMBODYMARKERx9"]
        case .ssh: return ["SSHBODYMARKERy8", "AAAAC3SSHBODY"]
        case .jwk: return ["JWKMARKERz7"]
        case .leadingSpace: return ["LEADINGSPACEMARKERv5"]
        case .huge: return [rawValue]
        case .long64: return ["HS384MARKERu4", String(rawValue.suffix(20))]
        }
    }
}

/// One command line whose output must hold no secret material.
struct HygieneExtraCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// Arguments; `@TMP/` is the scenario's directory, `@TAMPERED` a tampered token, `@HS384` a forged HS384 token.
    let arguments: [String]
    /// The exit codes that are right.
    let expectedExits: Set<Int32>
    /// Standard input; `@SECRET` is the fixture secret.
    var stdin: String? = nil
    /// Extra environment; `@SECRET` is the fixture secret, `@SECRET_NL` the secret with a newline.
    var environment: [String: String] = [:]
    var files: [String: ExtraSecretFile] = [:]
    /// Whether stderr must carry exactly one permission warning naming `@TMP/<file>`.
    var permissionWarning: String? = nil
    /// Whether stdout must be one parseable JSON document (or, for mint text, one token line).
    var stdoutShape: StdoutShape = .any

    enum StdoutShape: Sendable { case any, json, oneToken, empty }

    var testDescription: String { name }

    static let valid = "Fixtures/tokens/persistent-allocator.jwt"
    static let tampered = "Fixtures/tokens/tampered-signature.jwt"
    static let bootstrap = "Fixtures/bootstrap-secrets.json"

    static let mintCases: [HygieneExtraCase] = {
        var cases: [HygieneExtraCase] = []
        let sources: [(String, [String], String?, [String: String])] = [
            ("--secret-file", ["--secret-file", "@TMP/secret.txt"], nil, [:]),
            ("--bootstrap-secrets", ["--bootstrap-secrets", "@TMP/bootstrap-secrets.json"], nil, [:]),
            ("--secret-env", ["--secret-env", "ECE_SECRET"], nil, ["ECE_SECRET": "@SECRET"]),
            ("ECETOKEN_SECRET", [], nil, ["ECETOKEN_SECRET": "@SECRET"]),
            ("--secret-file -", ["--secret-file", "-"], "@SECRET\n", [:]),
            (
                "--secret-encoding base64url", ["--secret-encoding", "base64url", "--secret-file", "@TMP/secret.txt"],
                nil, [:]
            ),
        ]
        let files: [String: ExtraSecretFile] = [
            "secret.txt": .fixtureSecret(mode: 0o600), "bootstrap-secrets.json": .bootstrap(mode: 0o600),
        ]
        for format in ["text", "json"] {
            for kind in [["--persistent"], ["--ephemeral", "--validity", "2h"]] {
                for (label, secret, stdin, environment) in sources {
                    cases.append(
                        HygieneExtraCase(
                            name: "mint \(format) \(kind[0]): \(label)",
                            arguments: [
                                "mint", "--now", ToolRunner.now, "--format", format, "--roles", "allocator,proxy",
                            ]
                                + kind + secret,
                            expectedExits: [0],
                            stdin: stdin,
                            environment: environment,
                            files: files,
                            stdoutShape: format == "json" ? .json : .oneToken
                        )
                    )
                }
            }
        }
        let mint = ["mint", "--now", ToolRunner.now, "--roles", "allocator", "--persistent"]
        let errors: [(String, [String], Int32, [String: ExtraSecretFile], String?)] = [
            ("no secret at all", [], 64, [:], nil),
            ("weak secret", ["--secret-file", "@TMP/s"], 64, ["s": .marked(.weak)], nil),
            ("PEM public key as the secret", ["--secret-file", "@TMP/s"], 64, ["s": .marked(.pem)], nil),
            ("SSH public key as the secret", ["--secret-file", "@TMP/s"], 64, ["s": .marked(.ssh)], nil),
            ("RSA JWK as the secret", ["--secret-file", "@TMP/s"], 64, ["s": .marked(.jwk)], nil),
            ("secret file over 64 KiB", ["--secret-file", "@TMP/s"], 66, ["s": .marked(.huge)], nil),
            ("secret file missing", ["--secret-file", "@TMP/missing"], 66, [:], nil),
            ("secret file is a directory", ["--secret-file", "@TMP/"], 66, [:], nil),
            (
                "secret not hex", ["--secret-encoding", "hex", "--secret-file", "@TMP/secret.txt"], 64,
                ["secret.txt": .fixtureSecret(mode: 0o600)], nil
            ),
            (
                "whole bootstrap-secrets.json as --secret-file", ["--secret-file", "@TMP/b.json"], 64,
                ["b.json": .bootstrap(mode: 0o600)], nil
            ),
            (
                "bootstrap_tokens_secret a number", ["--bootstrap-secrets", "@TMP/b.json"], 64,
                ["b.json": .hygiene(.bootstrapNumericSecret)], nil
            ),
            (
                "bootstrap-secrets without the secret", ["--bootstrap-secrets", "@TMP/b.json"], 64,
                ["b.json": .hygiene(.bootstrapWithoutSecret)], nil
            ),
            (
                "bootstrap-secrets syntax error after a password", ["--bootstrap-secrets", "@TMP/b.json"], 64,
                ["b.json": .hygiene(.bootstrapSyntaxErrorAfterPassword)], nil
            ),
            (
                "bootstrap-secrets with an unquoted password", ["--bootstrap-secrets", "@TMP/b.json"], 64,
                ["b.json": .hygiene(.bootstrapUnquotedPassword)], nil
            ),
            (
                "two secret sources", ["--secret-file", "@TMP/secret.txt", "--bootstrap-secrets", "@TMP/b.json"], 64,
                ["secret.txt": .fixtureSecret(mode: 0o600), "b.json": .bootstrap(mode: 0o600)], nil
            ),
            ("--secret-env unset", ["--secret-env", "NOT_SET_ANYWHERE"], 64, [:], nil),
        ]
        for (label, secret, exit, files, _) in errors {
            cases.append(
                HygieneExtraCase(
                    name: "mint error: \(label)",
                    arguments: mint + secret,
                    expectedExits: [exit],
                    files: files,
                    stdoutShape: .empty
                )
            )
        }
        let withSecret = mint + ["--secret-file", "@TMP/secret.txt"]
        let secretFile: [String: ExtraSecretFile] = ["secret.txt": .fixtureSecret(mode: 0o600)]
        for (label, extra) in [
            ("bad --validity", ["--validity", "forever"]), ("bad --now", ["--now", "yesterday"]),
            ("--roles with a space", ["--roles", "allocator, proxy"]), ("unknown --format", ["--format", "yaml"]),
            ("--persistent and --ephemeral", ["--ephemeral"]),
        ] as [(String, [String])] {
            cases.append(
                HygieneExtraCase(
                    name: "mint usage error with a secret loaded: \(label)",
                    arguments: withSecret + extra,
                    expectedExits: [64],
                    files: secretFile,
                    stdoutShape: .empty
                )
            )
        }
        cases.append(
            HygieneExtraCase(
                name: "mint: a weak secret allowed with --allow-weak-secret",
                arguments: mint + ["--allow-weak-secret", "--secret-file", "@TMP/s"],
                expectedExits: [0],
                files: ["s": .marked(.weak)],
                stdoutShape: .oneToken
            )
        )
        return cases
    }()

    static let inspectVerifyCases: [HygieneExtraCase] = {
        var cases: [HygieneExtraCase] = []
        for command in ["inspect", "verify"] {
            for format in ["text", "json"] {
                let base = [command, "--now", ToolRunner.now, "--format", format]
                let label = "\(command) \(format)"
                let verify = command == "verify"
                let refused: Set<Int32> = [64]
                cases += [
                    HygieneExtraCase(
                        name: "\(label): PEM public key as the secret",
                        arguments: base + ["--secret-file", "@TMP/s", valid],
                        expectedExits: refused,
                        files: ["s": .marked(.pem)]
                    ),
                    HygieneExtraCase(
                        name: "\(label): SSH public key as the secret",
                        arguments: base + ["--secret-file", "@TMP/s", valid],
                        expectedExits: refused,
                        files: ["s": .marked(.ssh)]
                    ),
                    HygieneExtraCase(
                        name: "\(label): RSA JWK as the secret",
                        arguments: base + ["--secret-file", "@TMP/s", valid],
                        expectedExits: refused,
                        files: ["s": .marked(.jwk)]
                    ),
                    HygieneExtraCase(
                        name: "\(label): secret file over 64 KiB",
                        arguments: base + ["--secret-file", "@TMP/s", valid],
                        expectedExits: [66],
                        files: ["s": .marked(.huge)]
                    ),
                    HygieneExtraCase(
                        name: "\(label): secret file is a directory",
                        arguments: base + ["--secret-file", "@TMP/", valid],
                        expectedExits: [66]
                    ),
                    HygieneExtraCase(
                        name: "\(label): weak secret, tampered token",
                        arguments: base + ["--secret-file", "@TMP/s", "@TAMPERED"],
                        expectedExits: verify ? [2] : [0],
                        files: ["s": .marked(.weak)],
                        stdoutShape: format == "json" ? .json : .any
                    ),
                    HygieneExtraCase(
                        name: "\(label): weak secret allowed, tampered token",
                        arguments: base + ["--allow-weak-secret", "--secret-file", "@TMP/s", "@TAMPERED"],
                        expectedExits: verify ? [2] : [0],
                        files: ["s": .marked(.weak)],
                        stdoutShape: format == "json" ? .json : .any
                    ),
                    HygieneExtraCase(
                        name: "\(label): secret kept with a leading space, valid token",
                        arguments: base + ["--secret-file", "@TMP/s", valid],
                        expectedExits: verify ? [2] : [0],
                        files: ["s": .marked(.leadingSpace)],
                        stdoutShape: format == "json" ? .json : .any
                    ),
                    HygieneExtraCase(
                        name: "\(label): forged HS384 token with HS384 allowed",
                        arguments: base + ["--algorithms", "HS256,HS384", "--secret-file", "@TMP/s", "@HS384"],
                        expectedExits: verify ? [2] : [0],
                        files: ["s": .marked(.long64)],
                        stdoutShape: format == "json" ? .json : .any
                    ),
                    HygieneExtraCase(
                        name: "\(label): ECETOKEN_SECRET with a trailing newline (diagnosed)",
                        arguments: base + [valid],
                        expectedExits: verify ? [2] : [0],
                        environment: ["ECETOKEN_SECRET": "@SECRET_NL"],
                        stdoutShape: format == "json" ? .json : .any
                    ),
                    HygieneExtraCase(
                        name: "\(label): secret and tokens both on stdin",
                        arguments: base + ["--secret-file", "-", "-"],
                        expectedExits: [64],
                        stdin: "@SECRET\n"
                    ),
                    HygieneExtraCase(
                        name: "\(label): --secret-env unset",
                        arguments: base + ["--secret-env", "NOT_SET_ANYWHERE", valid],
                        expectedExits: [64]
                    ),
                    HygieneExtraCase(
                        name: "\(label): a --secret option with the value on the command line is refused",
                        arguments: base + ["--secret", "@SECRET", valid],
                        expectedExits: [64]
                    ),
                ]
            }
        }
        return cases
    }()
}

@Suite("Secret hygiene, continued: mint, the remaining error paths, the permission warning and the docs")
struct SecretHygieneExtraTests {
    /// Everything that must never be printed: SecretHygieneTests' list plus every marker of this suite.
    static func forbidden() throws -> [String] {
        try SecretHygieneTests.forbiddenTexts() + ExtraSecretText.allCases.flatMap(\.markers)
    }

    static func write(_ file: ExtraSecretFile, to name: String, in directory: TemporaryDirectory) throws {
        switch file {
        case .fixtureSecret(let mode):
            try directory.write(try ToolRunner.fixtureSecret() + "\n", to: name, permissions: mode)
        case .bootstrap(let mode):
            try directory.write(try ToolRunner.fixtureData(HygieneCase.bootstrap), to: name, permissions: mode)
        case .marked(let text):
            try directory.write(text.contents, to: name)
        case .hygiene(let hygieneFile):
            try directory.write(try SecretHygieneTests.content(of: hygieneFile), to: name)
        }
    }

    /// A forged HS384 token: ECE-shaped claims, HS384 header, MAC by another key.
    static func forgedHS384() -> String {
        TestTokens.sign(
            header: #"{"typ":"JWT","alg":"HS384"}"#,
            claims:
                #"{"sub":"084afa29-3107-4c92-82c9-95dd86af4e46","roles":["allocator"],"iss":"current","persistent":true}"#,
            key: Array("not the configured key, but long enough for HS384 ...".utf8),
            algorithm: .hs384
        )
    }

    /// The MACs the tool computes in a scenario with its key: never to be printed.
    static func computedMACs(_ scenario: HygieneExtraCase, secret: String) throws -> [String] {
        var forms: [String] = []
        let tampered = try ToolRunner.fixtureToken(HygieneExtraCase.tampered)
        let valid = try ToolRunner.fixtureToken(HygieneExtraCase.valid)
        for text in ExtraSecretText.allCases {
            var key = Array(text.rawValue.utf8)
            if key.last == 0x0A { key.removeLast() }
            forms += TestTokens.expectedMACForms(of: tampered, key: key)
            forms += TestTokens.expectedMACForms(of: valid, key: key)
        }
        forms += TestTokens.expectedMACForms(of: valid, key: Array((secret + "\n").utf8))
        let hs384 = Self.forgedHS384()
        let long = Array(ExtraSecretText.long64.rawValue.utf8)
        forms += TestTokens.expectedMACForms(of: hs384, key: long, algorithm: .hs384)
        // The tampered token's correct MAC is the valid token's signature, which may be printed as part of a
        // token; everything else computed here must not be.
        let ownSignatures = Set([tampered, valid, hs384].map { String(TestTokens.segments($0).last ?? "") })
        return forms.filter { !ownSignatures.contains($0) }
    }

    static func run(_ scenario: HygieneExtraCase) throws -> (ToolResult, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        for (name, file) in scenario.files { try Self.write(file, to: name, in: directory) }
        let secret = try ToolRunner.fixtureSecret()
        let tampered = try ToolRunner.fixtureToken(HygieneExtraCase.tampered)
        let arguments = scenario.arguments.map { argument -> String in
            switch argument {
            case "@TAMPERED": return tampered
            case "@HS384": return Self.forgedHS384()
            case "@SECRET": return secret
            default: return argument.replacingOccurrences(of: "@TMP/", with: directory.url.path + "/")
            }
        }
        let environment = scenario.environment.mapValues { value in
            value == "@SECRET" ? secret : value == "@SECRET_NL" ? secret + "\n" : value
        }
        let stdin = scenario.stdin.map { Data($0.replacingOccurrences(of: "@SECRET", with: secret).utf8) }
        return (try ToolRunner.run(arguments, stdin: stdin, environment: environment), directory)
    }

    static func expectNoLeak(_ result: ToolResult, _ scenario: HygieneExtraCase) throws {
        let secret = try ToolRunner.fixtureSecret()
        for text in try Self.forbidden() + Self.computedMACs(scenario, secret: secret) {
            #expect(!result.stdout.contains(text), "stdout leaks \(text.debugDescription)\n\(result)")
            #expect(!result.stderr.contains(text), "stderr leaks \(text.debugDescription)\n\(result)")
        }
    }

    @Test(
        "mint, in both formats and with every secret source and error path, prints no secret material",
        arguments: HygieneExtraCase.mintCases
    )
    func mint(scenario: HygieneExtraCase) throws {
        let (result, _) = try Self.run(scenario)
        #expect(!result.signaled, "\(result)")
        #expect(result.exitCode.map(scenario.expectedExits.contains) == true, "\(result)")
        try Self.expectNoLeak(result, scenario)
        switch scenario.stdoutShape {
        case .oneToken:
            let lines = result.stdout.split(separator: "\n")
            #expect(
                lines.count == 1 && lines[0].hasPrefix("eyJ") && TestTokens.segments(String(lines[0])).count == 3,
                "\(result)"
            )
        case .json:
            let object = try result.jsonObject()
            #expect(Set(object.keys).isSubset(of: ["token", "token_id"]), "\(object.keys)")
        case .empty:
            #expect(result.stdout.isEmpty, "\(result)")
            #expect(!result.stderr.isEmpty, "an error says what is wrong")
        case .any:
            break
        }
    }

    @Test(
        "inspect and verify: refused, weak, oversized and unreadable secrets and forged HS384 tokens leak nothing",
        arguments: HygieneExtraCase.inspectVerifyCases
    )
    func inspectAndVerify(scenario: HygieneExtraCase) throws {
        let (result, _) = try Self.run(scenario)
        #expect(!result.signaled, "\(result)")
        #expect(result.exitCode.map(scenario.expectedExits.contains) == true, "\(result)")
        #expect(!(result.stdout + result.stderr).isEmpty, "something is said")
        try Self.expectNoLeak(result, scenario)
        if scenario.stdoutShape == .json { _ = try result.jsonReports() }
    }

    /// The permission warning: for each command, format and kind of secret file, one line on stderr naming the
    /// file, its mode and the fix, with nothing of the secret; none for an owner-only file; JSON stays parseable.
    @Test(
        "A secret file readable by group or others gets one warning, for every command and format; owner-only gets none",
        arguments: ["inspect", "verify", "mint"],
        [0o644, 0o640, 0o604, 0o600]
    )
    func permissionWarning(command: String, mode: Int) throws {
        for source in ["--secret-file", "--bootstrap-secrets"] {
            for format in ["text", "json"] {
                let directory = try TemporaryDirectory()
                let name = source == "--secret-file" ? "secret.txt" : "bootstrap-secrets.json"
                let file: ExtraSecretFile =
                    source == "--secret-file" ? .fixtureSecret(mode: mode) : .bootstrap(mode: mode)
                try Self.write(file, to: name, in: directory)
                let path = directory.path(name)
                let tail =
                    command == "mint"
                    ? ["--roles", "allocator", "--persistent"]
                    : [try ToolRunner.fixtureToken(HygieneExtraCase.tampered)]
                let result = try ToolRunner.run(
                    [command, "--now", ToolRunner.now, "--format", format, source, path] + tail
                )
                #expect(!result.signaled)
                #expect(result.exitCode == (command == "verify" ? 2 : 0), "\(command) \(format) \(source)\n\(result)")
                let warnings = result.stderr.split(separator: "\n").filter {
                    $0.contains("readable by group or others")
                }
                let octal = "0" + String(mode, radix: 8)
                if mode & 0o044 != 0 {
                    #expect(warnings.count == 1, "\(command) \(format) \(source)\n\(result)")
                    #expect(warnings.first?.hasPrefix("ecetoken: warning: ") == true)
                    #expect(warnings.first?.contains(path) == true)
                    #expect(warnings.first?.contains("mode \(octal)") == true, "\(warnings)")
                    #expect(warnings.first?.contains("chmod 600") == true)
                    #expect(!result.stdout.contains("readable by group"), "the warning goes to stderr only")
                } else {
                    #expect(warnings.isEmpty, "\(result)")
                }
                if format == "json" { _ = try result.json() }
                let scenario = HygieneExtraCase(name: "", arguments: [], expectedExits: [])
                try Self.expectNoLeak(result, scenario)
            }
        }
    }

    /// "Every command": any subcommand besides inspect, verify and mint that takes a secret (today `audit`) is run
    /// over tampered and forged tokens with each secret source; nothing secret may come out, and it must not trap.
    @Test("Every other subcommand that takes a secret prints no secret material")
    func otherSubcommands() throws {
        let help = try ToolRunner.run(["--help"])
        let listed = help.stdout.components(separatedBy: "SUBCOMMANDS:").last ?? ""
        // A subcommand line is two spaces, the name, and at least two spaces; wrapped abstracts are indented further.
        let names = listed.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            let word = String(line.dropFirst(2).prefix { $0 != " " })
            return !word.isEmpty && word.allSatisfy({ $0.isLowercase || $0 == "-" }) ? word : nil
        }
        #expect(Set(["inspect", "verify", "mint"]).isSubset(of: Set(names)), "\(names)")
        let directory = try TemporaryDirectory()
        let forged = try #require(
            TestTokens.flippingSignatureBit(try ToolRunner.fixtureToken(HygieneExtraCase.valid), bit: 9)
        )
        let list = try directory.write(
            [try ToolRunner.fixtureToken(HygieneExtraCase.tampered), forged, Self.forgedHS384()].joined(separator: "\n")
                + "\n",
            to: "tokens.txt"
        )
        let secret = try directory.write(try ToolRunner.fixtureSecret() + "\n", to: "secret.txt")
        let scenario = HygieneExtraCase(name: "", arguments: [], expectedExits: [])
        for name in names where !["inspect", "verify", "mint", "help"].contains(name) {
            let subcommandHelp = try ToolRunner.run([name, "--help"])
            try Self.expectNoLeak(subcommandHelp, scenario)
            guard subcommandHelp.stdout.contains("--secret-file") else { continue }
            for source in [["--secret-file", secret], ["--bootstrap-secrets", HygieneCase.bootstrap], []] {
                let environment = source.isEmpty ? ["ECETOKEN_SECRET": try ToolRunner.fixtureSecret()] : [:]
                for inputs in [[list], [HygieneCase.bootstrap]] {
                    let result = try ToolRunner.run(
                        [name, "--now", ToolRunner.now] + source + inputs,
                        environment: environment
                    )
                    #expect(!result.signaled, "\(name) \(source) \(inputs)\n\(result)")
                    #expect([0, 1, 2, 3, 64, 66].contains(result.exitCode ?? -1), "\(name)\n\(result)")
                    try Self.expectNoLeak(result, scenario)
                }
            }
        }
    }

    /// "No secret in process arguments anywhere in the docs' examples": every `ecetoken` command line in the README
    /// and in every help text names where the secret is (a file, a variable, bootstrap-secrets.json), never the
    /// secret itself, and no example assigns a secret value inline.
    @Test("No example in the README or any --help puts a secret on the command line")
    func docsNeverPassSecrets() throws {
        var texts: [(String, String)] = [("README.md", try ToolRunner.fixtureText("README.md"))]
        let help = try ToolRunner.run(["--help"])
        texts.append(("ecetoken --help", help.stdout))
        for name in ["inspect", "verify", "mint", "audit"] {
            let result = try ToolRunner.run([name, "--help"])
            if result.exitCode == 0 { texts.append(("ecetoken \(name) --help", result.stdout)) }
        }
        let secretValues = [
            try ToolRunner.fixtureSecret(), try ToolRunner.fixtureToken("Fixtures/other-installation-secret.txt"),
        ]
        for (where_, text) in texts {
            for value in secretValues { #expect(!text.contains(value), "\(where_) shows a secret") }
            // Help wraps long lines: join continuation lines so an option and its value are seen together.
            let joined = text.replacingOccurrences(of: "\\\n", with: " ").replacingOccurrences(of: "\n  ", with: " ")
            for line in joined.split(separator: "\n") where line.contains("ecetoken ") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                for (index, word) in words.enumerated() {
                    #expect(
                        !["--secret", "--key", "--password", "--token-secret", "--hmac-key"].contains(word)
                            && !word.hasPrefix("--secret=") && !word.hasPrefix("--key="),
                        "\(where_): \(line)"
                    )
                    #expect(
                        !word.contains("ECETOKEN_SECRET=") && !word.contains("_SECRET=\""),
                        "\(where_): inline secret in \(line)"
                    )
                    guard index + 1 < words.count else { continue }
                    let value = words[index + 1]
                    switch word {
                    case "--secret-file", "--bootstrap-secrets":
                        #expect(
                            value == "-" || value.hasSuffix(".txt") || value.hasSuffix(".json") || value.hasPrefix("$")
                                || value.hasPrefix("<") || value.uppercased() == value,
                            "\(where_): \(word) \(value) does not look like a path\n\(line)"
                        )
                    case "--secret-env":
                        #expect(
                            value.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" } || value.hasPrefix("<"),
                            "\(where_): --secret-env takes a variable NAME, found \(value)"
                        )
                    default:
                        break
                    }
                }
            }
        }
        // And no option of any command takes the secret's value.
        for (where_, text) in texts where where_.hasSuffix("--help") {
            #expect(
                text.range(of: #"--(secret|key|password)\s+<(secret|key|value|password)>"#, options: .regularExpression)
                    == nil,
                "\(where_)"
            )
        }
    }

    @Test("The forbidden list holds every marker, the fixture secrets and the MACs computed with the scenario keys")
    func forbiddenListSanity() throws {
        let forbidden = try Self.forbidden()
        #expect(forbidden.contains(try ToolRunner.fixtureSecret()))
        for text in ExtraSecretText.allCases { #expect(text.markers.allSatisfy(forbidden.contains)) }
        let macs = try Self.computedMACs(
            HygieneExtraCase(name: "", arguments: [], expectedExits: []),
            secret: try ToolRunner.fixtureSecret()
        )
        let weakMAC = TestTokens.expectedMACForms(
            of: try ToolRunner.fixtureToken(HygieneExtraCase.tampered),
            key: Array(ExtraSecretText.weak.rawValue.utf8)
        )
        #expect(weakMAC.allSatisfy(macs.contains), "the MAC a weak key computes for the tampered token is forbidden")
        #expect(ExtraSecretText.huge.contents.utf8.count > 65_536, "the oversized secret file really is over the limit")
    }

    @Test("An unknown --secret VALUE option is a usage error that does not echo the value")
    func secretOptionRefused() throws {
        for command in ["inspect", "verify", "mint"] {
            let result = try ToolRunner.run([command, "--secret", "Zq8-not-echoed-value", HygieneExtraCase.valid])
            #expect(result.exitCode == 64, "\(result)")
            #expect(!result.stdout.contains("Zq8-not-echoed") && !result.stderr.contains("Zq8-not-echoed"), "\(result)")
        }
    }
}
