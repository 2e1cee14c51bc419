import Foundation
import Testing

/// Failures that commands throw and `FailureReporter` prints, end to end: the exact stderr line, the
/// exit status, nothing on stdout. (`FailureReporterTests` covers every kind in process.)
@Suite("Reported failures end to end: one stderr line each, the documented exit status")
struct ReportedFailureTests {
    @Test("A whole bootstrap-secrets.json as --secret-file: the library's reason, the CLI's flag, exit 64")
    func wholeBootstrapSecretsAsSecretFile() throws {
        let result = try ToolRunner.run([
            "verify", "--secret-file", "Fixtures/bootstrap-secrets.json", "Fixtures/tokens/other-installation.jwt",
        ])
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(
            result.stderr
                == "ecetoken: error: the secret file Fixtures/bootstrap-secrets.json is a whole ECE "
                + "bootstrap-secrets.json, not a bare secret: pass the file with --bootstrap-secrets instead\n",
            "\(result)"
        )
    }

    @Test("A missing ecctl configuration: the option, the path looked for and the name given, exit 66")
    func missingEcctlConfiguration() throws {
        let home = try TemporaryDirectory()
        let result = try ToolRunner.run(
            ["list", "--ecctl-config", "nope"],
            environment: ["HOME": home.url.path]
        )
        #expect(result.exitCode == 66, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(
            result.stderr
                == "ecetoken: error: --ecctl-config \(home.path(".ecctl/nope.json")): cannot open: No such file or "
                + "directory (the configuration ecctl --config nope reads)\n",
            "\(result)"
        )
    }

    @Test("revoke -: standard input larger than a token may be is refused before the coordinator is asked, exit 3")
    func revokeStandardInputTooLarge() throws {
        let result = try ToolRunner.run(
            ["revoke", "--coordinator", "https://ece-1:12443", "--api-key-env", "K", "-"],
            stdin: Data(repeating: UInt8(ascii: "a"), count: 70_000),
            environment: ["K": "an-api-key-of-test"]
        )
        #expect(result.exitCode == 3, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
        #expect(result.stderr == "ecetoken: error: stdin: larger than the 65536-byte limit\n", "\(result)")
    }
}
