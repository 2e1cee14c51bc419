import Foundation
import Testing

@Suite("No credential reaches the output: a coordinator that reflects them, and URLs that carry them")
struct CoordinatorRedactionTests {
    typealias K = CredentialCLI

    /// The command lines of every coordinator command, in both formats.
    static func commands(_ coordinator: CoordinatorStandIn) -> [[String]] {
        var lines: [[String]] = []
        for format in ["text", "json"] {
            lines.append(["list", "--format", format])
            lines.append(["request", "--roles", "allocator", "--persistent", "--format", format])
            lines.append(["revoke", "4c8990df-1fb7-4820-b868-6bc9e8860814", "--format", format])
        }
        return lines
    }

    @Test(
        "401, 403, 500 and a malformed 2xx echoing the credentials: every command, format and credential kind",
        arguments: [401, 403, 500, 200]
    )
    func reflected(status: Int) throws {
        let options = ["GET", "POST", "DELETE"].flatMap { ["--reflect-credentials", "\($0):\(status)"] }
        let coordinator = try CoordinatorStandIn.start(options: options)
        let credentials = [
            ["--api-key-file", coordinator.apiKeyFilePath],
            ["--password-file", coordinator.passwordFilePath],
        ]
        var runs = 0
        for command in Self.commands(coordinator) {
            for credential in credentials {
                let result = try K.run(command + K.endpoint(coordinator) + credential, coordinator)
                runs += 1
                let expected: Int32 = status == 200 ? 7 : 6
                #expect(result.exitCode == expected, "\(command) \(result)")
                #expect(result.stderr.contains("[REDACTED]"), "\(command) \(result)")
            }
        }
        #expect(runs == 12)
        #expect(try coordinator.requests().count == 12, "every run reached the stand-in")
    }

    @Test("A password in ECE_COORDINATOR's userinfo, query or fragment is masked in the usage error")
    func coordinatorURL() throws {
        let scratch = try TemporaryDirectory()
        let password = "Hunter2-in-url-9d"
        let passwordFile = try scratch.write(password, to: "pw")
        for url in [
            "https://admin:\(password)@127.0.0.1:9",
            "https://127.0.0.1:9/?password=\(password)",
            "https://127.0.0.1:9/#\(password)",
            "admin:\(password)@127.0.0.1:9",
        ] {
            for place in ["env", "argument"] {
                let arguments =
                    ["list", "--password-file", passwordFile] + (place == "argument" ? ["--coordinator", url] : [])
                let result = try ToolRunner.run(
                    arguments,
                    environment: place == "env" ? ["ECE_COORDINATOR": url] : [:]
                )
                #expect(result.exitCode == 64, "\(url) \(result)")
                #expect(!result.stderr.contains(password), "\(url) \(result)")
                #expect(result.stderr.contains("[REDACTED]"), "\(url) \(result)")
                #expect(result.stderr.contains(place == "env" ? "ECE_COORDINATOR" : "--coordinator"), "\(result)")
            }
        }
    }
}
