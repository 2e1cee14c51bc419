import Foundation
import Testing

@Suite("Input edges: arguments that are neither, whitespace, credential files, a BOM in the secret")
struct InputEdgeTests {
    static let pastedSecret = "q4Zr/8xV+3mW0pL2n9Ya7sTb1cKd6eFg5hJi4kNo0u8="

    @Test(
        "An argument that is neither a file nor a token is malformed (exit 3), named both ways, shown cut",
        arguments: ["", #"{"payload":"e30","signatures":[]}"#, "text with spaces", pastedSecret]
    )
    func neither(argument: String) throws {
        for command in ["verify", "inspect"] {
            let secret = command == "verify" ? E2E.secretOptions : []
            let result = try ToolRunner.runAtFixedTime([command] + secret + [argument])
            #expect(result.exitCode == 3, "\(command)\n\(result)")
            #expect(result.stderr.contains("ecetoken: error: argument 1: not a file, and not a token: "), "\(result)")
            if argument.count > 8 {
                #expect(!result.stderr.contains(String(argument.prefix(9))), "\(result)")
                #expect(!result.stdout.contains(String(argument.prefix(9))), "\(result)")
            }
        }
    }

    @Test("Whitespace around a token is trimmed alike in an argument, a file line and a stdin line")
    func whitespaceRule() throws {
        let token = try ToolRunner.fixtureToken("Fixtures/tokens/persistent-allocator.jwt")
        let padded = " \t\(token) \r"
        let directory = try TemporaryDirectory()
        let file = try directory.write(padded + "\n", to: "tokens.txt")
        let runs = [
            try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [padded]),
            try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [file]),
            try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + ["-"], stdin: Data((padded + "\n").utf8)),
        ]
        for result in runs { #expect(result.exitCode == 0, "\(result)") }
        let inside = String(token.prefix(10)) + " " + String(token.dropFirst(10))
        #expect(try ToolRunner.runAtFixedTime(["verify"] + E2E.secretOptions + [inside]).exitCode == 3)
    }

    @Test("An oversized credential file exits 66 whichever kind it is, with the same words")
    func oversizedCredential() throws {
        let directory = try TemporaryDirectory()
        let big = try directory.write(String(repeating: "a", count: 65_537), to: "big.txt")
        let secret = try ToolRunner.run(["verify", "--secret-file", big, E2E.valid])
        let password = try ToolRunner.run(["list", "--coordinator", "127.0.0.1:9", "--password-file", big])
        for result in [secret, password] {
            #expect(result.exitCode == 66, "\(result)")
            #expect(result.stderr.contains("larger than the 65536-byte limit of a credential file"), "\(result)")
            #expect(!result.stderr.contains("aaaa"), "\(result)")
        }
    }

    @Test("A secret file starting with a BOM: warned about, named by the diagnosis, refused by mint")
    func byteOrderMark() throws {
        let directory = try TemporaryDirectory()
        let secret = try directory.write(Data([0xEF, 0xBB, 0xBF]) + Data(ToolRunner.fixtureSecret().utf8), to: "s.txt")
        let verify = try ToolRunner.runAtFixedTime(["verify", "--secret-file", secret, "--format", "json", E2E.valid])
        #expect(verify.exitCode == 2, "\(verify)")
        #expect(verify.stderr.contains("starts with a UTF-8 byte order mark"), "\(verify)")
        let report = try verify.jsonObject()
        #expect(E2E.checkStatus(report, "secret-diagnosis") == "warn")
        #expect(verify.stdout.contains("once the UTF-8 byte order mark (EF BB BF) is removed"), "\(verify)")
        let mint = try ToolRunner.run(["mint", "--secret-file", secret, "--roles", "allocator", "--persistent"])
        #expect(mint.exitCode == 64, "\(mint)")
        #expect(mint.stdout.isEmpty)
        #expect(mint.stderr.contains("mint refuses it"), "\(mint)")
    }
}
