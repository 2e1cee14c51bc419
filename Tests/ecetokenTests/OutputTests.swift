import Foundation
import Testing

@Suite("Output: escaping, colour, version and help")
struct OutputTests {
    static let escape: UInt8 = 0x1B

    /// A `sub` that tries to colour the terminal red and start a fake line of output.
    static let hostileSubject = "sub\u{1B}[31mRED\nFAKE verdict PASS"
    static let hostileIssuer = "cur\u{202E}rent\u{7}"
    static let hostileRole = "allo\u{1B}]0;title\u{7}cator"

    static func hostileToken() throws -> String {
        let claims =
            #"{"sub":"sub\u001b[31mRED\nFAKE verdict PASS","roles":["allo\u001b]0;title\u0007cator","proxy"],"#
            + #""iss":"cur\u202erent\u0007","persistent":true}"#
        return TestTokens.sign(claims: claims, key: try E2E.secretKey())
    }

    @Test("Control characters in claims are escaped in text output", arguments: ["inspect", "verify"])
    func controlCharactersEscaped(command: String) throws {
        let token = try Self.hostileToken()
        let secret = command == "verify" ? E2E.secretOptions : []
        let result = try ToolRunner.runAtFixedTime([command, "--color", "never"] + secret + [token])
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.stdoutData.contains(Self.escape), "raw ESC in stdout\n\(result)")
        #expect(!result.stderrData.contains(Self.escape), "raw ESC in stderr\n\(result)")
        #expect(!result.stdoutData.contains(0x07), "raw BEL in stdout\n\(result)")
        #expect(!result.stdout.contains("\u{202E}"), "raw bidi override in stdout\n\(result)")
        #expect(!result.stdout.contains("RED\nFAKE"), "raw newline inside the value\n\(result)")
        #expect(
            !result.stdout.split(separator: "\n").contains { $0.hasPrefix("FAKE") },
            "the claim started a line of its own\n\(result)"
        )
        // The value is still shown, visibly escaped.
        #expect(result.stdout.contains(#"RED\nFAKE"#), "\(result)")
        #expect(result.stdout.contains("sub\\u{1b}[31mRED"), "\(result)")
    }

    @Test("Control characters survive JSON output as JSON escapes, never raw")
    func controlCharactersInJSON() throws {
        let token = try Self.hostileToken()
        let result = try ToolRunner.runAtFixedTime(["verify", "--format", "json"] + E2E.secretOptions + [token])
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.stdoutData.contains(Self.escape), "\(result)")
        #expect(!result.stdoutData.contains(0x07), "\(result)")
        let report = try result.jsonObject()
        #expect(report["subject"] as? String == Self.hostileSubject)
        #expect(report["issuer"] as? String == Self.hostileIssuer)
        #expect(report["roles"] as? [String] == [Self.hostileRole, "proxy"])
    }

    @Test("A token file whose name holds an escape sequence is shown escaped")
    func hostileFileName() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write(try ToolRunner.fixtureData(E2E.valid), to: "token\u{1B}[2J.jwt")
        let result = try ToolRunner.runAtFixedTime(["inspect", path])
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.stdoutData.contains(Self.escape), "\(result)")
        #expect(!result.stderrData.contains(Self.escape), "\(result)")
    }

    @Test("--color always emits ANSI codes")
    func colorAlways() throws {
        let result = try ToolRunner.runAtFixedTime(["verify", "--color", "always"] + E2E.secretOptions + [E2E.valid])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("\u{1B}["), "\(result)")
    }

    @Test("--color always does not colour JSON")
    func colorAlwaysJSON() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--format", "json", "--color", "always"] + E2E.secretOptions + [E2E.valid]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(!result.stdoutData.contains(Self.escape), "\(result)")
        #expect(try result.jsonObject()["verdict"] as? String == "pass")
    }

    @Test("--color never emits no ANSI codes")
    func colorNever() throws {
        let result = try ToolRunner.runAtFixedTime(["verify", "--color", "never"] + E2E.secretOptions + [E2E.tampered])
        #expect(result.exitCode == 2, "\(result)")
        #expect(!result.stdoutData.contains(Self.escape), "\(result)")
    }

    @Test("--color auto emits no ANSI codes with NO_COLOR=1, nor when stdout is not a terminal")
    func colorAuto() throws {
        let noColor = try ToolRunner.runAtFixedTime(
            ["verify", "--color", "auto"] + E2E.secretOptions + [E2E.valid],
            environment: ["NO_COLOR": "1"]
        )
        #expect(noColor.exitCode == 0, "\(noColor)")
        #expect(!noColor.stdoutData.contains(Self.escape), "\(noColor)")

        let notTerminal = try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [E2E.valid])
        #expect(notTerminal.exitCode == 0, "\(notTerminal)")
        #expect(!notTerminal.stdoutData.contains(Self.escape), "\(notTerminal)")
    }

    @Test("NO_COLOR does not override an explicit --color always")
    func noColorVersusAlways() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["verify", "--color", "always"] + E2E.secretOptions + [E2E.valid],
            environment: ["NO_COLOR": "1"]
        )
        #expect(result.stdout.contains("\u{1B}["), "\(result)")
    }

    @Test("The binary under test exists and is executable")
    func binaryExists() {
        let path = ToolRunner.binary.path
        #expect(FileManager.default.isExecutableFile(atPath: path), "no executable at \(path); set ECETOKEN_BINARY")
    }

    @Test("ecetoken --version prints a version")
    func version() throws {
        let result = try ToolRunner.run(["--version"])
        #expect(result.exitCode == 0, "\(result)")
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.range(of: #"^\d+\.\d+\.\d+"#, options: .regularExpression) != nil, "\(result)")
    }

    @Test("--help of each subcommand mentions examples and exit codes", arguments: ["inspect", "verify"])
    func subcommandHelp(command: String) throws {
        let result = try ToolRunner.run([command, "--help"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("Examples"), "\(result)")
        #expect(result.stdout.contains("ecetoken \(command)"), "\(result)")
        for option in ["--secret-file", "--now", "--leeway", "--format"] {
            #expect(result.stdout.contains(option), "\(option)\n\(result)")
        }
    }

    @Test(
        "--help of each coordinator command shows API keys first and ECE's two ports",
        arguments: ["list", "request", "revoke"]
    )
    func coordinatorHelp(command: String) throws {
        let result = try ToolRunner.run([command, "--help"])
        #expect(result.exitCode == 0, "\(result)")
        for phrase in ["--api-key-file", "--api-key-env", "--ecctl-config", "12443", "12400", "ECE_API_KEY"] {
            #expect(result.stdout.contains(phrase), "\(phrase)\n\(result)")
        }
        let stdout = result.stdout
        let key = try #require(stdout.range(of: "--api-key-file"))
        let password = try #require(stdout.range(of: "--password-file"))
        #expect(key.lowerBound < password.lowerBound, "the API key comes first\n\(result)")
    }

    @Test("ecetoken --help lists both subcommands and the exit codes")
    func rootHelp() throws {
        let result = try ToolRunner.run(["--help"])
        #expect(result.exitCode == 0, "\(result)")
        for text in ["inspect", "verify", "64", "66"] {
            #expect(result.stdout.contains(text), "\(text)\n\(result)")
        }
    }
}
