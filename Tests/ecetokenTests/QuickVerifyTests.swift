import Foundation
import Testing

/// The everyday `ecetoken verify` command line is parsed without swift-argument-parser (for start-up
/// time). Whatever it does, it must do exactly what the ArgumentParser path does
/// (`ECETOKEN_NO_FAST_PATH=1`): same stdout, stderr and exit code, for command lines it takes and for
/// those it hands over.
@Suite("verify's quick command-line path: same behaviour as ArgumentParser")
struct QuickVerifyTests {
    /// Runs the arguments both ways and expects identical results.
    static func expectSameBehaviour(
        _ arguments: [String],
        stdin: Data? = nil,
        environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let quick = try ToolRunner.run(arguments, stdin: stdin, environment: environment)
        var slowEnvironment = environment
        slowEnvironment["ECETOKEN_NO_FAST_PATH"] = "1"
        let full = try ToolRunner.run(arguments, stdin: stdin, environment: slowEnvironment)
        #expect(quick.exitCode == full.exitCode, "\(arguments)", sourceLocation: sourceLocation)
        #expect(quick.stdout == full.stdout, "\(arguments)", sourceLocation: sourceLocation)
        #expect(quick.stderr == full.stderr, "\(arguments)", sourceLocation: sourceLocation)
    }

    @Test("the forms it takes: tokens, files, stdin, each secret option, --now, --format, name=value")
    func takenForms() throws {
        let good = try ToolRunner.fixtureToken("Fixtures/tokens/allocator-only.jwt")
        let expired = try ToolRunner.fixtureToken("Fixtures/tokens/ephemeral-expired.jwt")
        let other = try ToolRunner.fixtureToken("Fixtures/tokens/other-installation.jwt")
        let secretFile = "Fixtures/secret.txt"
        let now = ToolRunner.now
        let cases: [[String]] = [
            ["verify", "--secret-file", secretFile, "--now", now, good],
            ["verify", "--secret-file=\(secretFile)", "--now=\(now)", good, expired, other],
            [
                "verify", "--now", "2027-01-15T08:00:00Z", "--secret-file", secretFile, "--format", "json", good,
                expired,
            ],
            ["verify", "--format=json", "--secret-file", secretFile, "--now", now, "Fixtures/tokens/batch.txt"],
            [
                "verify", "--bootstrap-secrets", "Fixtures/bootstrap-secrets.json", "--now", now,
                "Fixtures/bootstrap-secrets.json",
            ],
            ["verify", "--secret-file", secretFile, "--now", now, "Fixtures/tokens/api-reply-persistent.json"],
            ["verify", "--secret-file", secretFile, "--now", now, "not-a-token"],
            ["verify", "--secret-file", secretFile, "--now", now, "Fixtures/no-such-file.jwt"],
            ["verify", "--secret-file", "Fixtures/no-such-secret.txt", "--now", now, good],
            ["verify", "--now", now, good],  // no secret: a usage error, named the same way
            ["verify", "--secret-file", secretFile, "--now", now, "-", good],
        ]
        for arguments in cases {
            try Self.expectSameBehaviour(arguments, stdin: Data((good + "\n").utf8))
        }
        try Self.expectSameBehaviour(
            ["verify", "--secret-env", "MY_SECRET", "--now", now, good],
            environment: ["MY_SECRET": try ToolRunner.fixtureSecret()]
        )
        try Self.expectSameBehaviour(
            ["verify", "--now", now, good, expired],
            environment: ["ECETOKEN_SECRET": try ToolRunner.fixtureSecret()]
        )
        try Self.expectSameBehaviour(
            ["verify", "--secret-file", secretFile, "--now", now, "-"],
            stdin: Data((other + "\n").utf8)
        )
    }

    @Test("the forms it hands over: help, mistakes, repeated or unknown options, other checks")
    func handedOver() throws {
        let good = try ToolRunner.fixtureToken("Fixtures/tokens/allocator-only.jwt")
        let secretFile = "Fixtures/secret.txt"
        let now = ToolRunner.now
        let cases: [[String]] = [
            ["verify", "--help"],
            ["verify", "-h"],
            ["verify", "help"],
            ["verify", "--secret-file", secretFile, "--now", "yesterday", good],
            ["verify", "--secret-file", secretFile, "--now", now, "--format", "yaml", good],
            ["verify", "--secret-file", secretFile, "--secret-env", "X", "--now", now, good],
            ["verify", "--secret-file", secretFile, "--now", now, "--now", now, good],
            ["verify", "--secret-file", secretFile, "--now", now, "--exact-roles", "allocator", good],
            ["verify", "--secret-file", secretFile, "--now", now, "--leeway", "5m", good],
            ["verify", "--secret-file", secretFile, "--now", now, "--no-such-option", good],
            ["verify", "--secret-file", secretFile, "--now"],
            ["verify", "--secret-file", secretFile, "--now", now, "--", good],
            ["verify", "--secret-file", secretFile, "--now", "-5", good],
            ["verify", "--version"],
        ]
        for arguments in cases {
            try Self.expectSameBehaviour(arguments)
        }
    }
}
