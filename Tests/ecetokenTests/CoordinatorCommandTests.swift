import Foundation
import Testing

/// Helpers for running the coordinator commands against a ``CoordinatorStandIn``.
enum CoordinatorCLI {
    /// `--coordinator URL --password-file PATH --cacert CA`: everything needed to reach `coordinator` over TLS.
    static func connection(_ coordinator: CoordinatorStandIn, url: String? = nil) -> [String] {
        [
            "--coordinator", url ?? coordinator.url, "--password-file", coordinator.passwordFilePath, "--cacert",
            coordinator.caCertificatePath,
        ]
    }

    /// Runs `ecetoken SUBCOMMAND` with the connection options, then `arguments`.
    static func run(
        _ subcommand: String,
        _ coordinator: CoordinatorStandIn,
        _ arguments: [String] = [],
        stdin: Data? = nil
    ) throws -> ToolResult {
        let result = try ToolRunner.run([subcommand] + connection(coordinator) + arguments, stdin: stdin)
        expectNoPassword(result, coordinator)
        return result
    }

    /// No credential (the password, `user:password` in base64, the API key) and not the secret appears in
    /// what the tool prints (the password file's path may).
    static func expectNoPassword(_ result: ToolResult, _ coordinator: CoordinatorStandIn) {
        CredentialCLI.expectNoCredential(result, coordinator)
    }

    /// The decoded claims of a compact token.
    static func claims(_ token: String) throws -> [String: Any] {
        try MintedToken.claims(token)
    }

    /// Standard output's one line, the token.
    static func token(_ result: ToolResult) throws -> String {
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count == 2 && lines[1].isEmpty, "stdout must be exactly one line:\n\(result)")
        return String(lines[0])
    }

    /// The requests the stand-in saw, as `METHOD PATH`.
    static func requestLines(_ coordinator: CoordinatorStandIn) throws -> [String] {
        try coordinator.requests().map { "\($0["method"] as? String ?? "?") \($0["path"] as? String ?? "?")" }
    }
}

@Suite("ecetoken request, list, revoke and verify --check-active against the coordinator stand-in over TLS")
struct CoordinatorCommandTests {
    typealias C = CoordinatorCLI
    static let path = CoordinatorStandIn.tokensPath

    @Test("request --persistent: the token alone on stdout, every check passing with the signature verified")
    func requestPersistent() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try C.run(
            "request",
            coordinator,
            ["--secret-file", coordinator.secretFilePath, "--roles", "allocator,proxy", "--persistent"]
        )
        #expect(result.exitCode == 0, "\(result)")
        let token = try C.token(result)
        let claims = try C.claims(token)
        #expect(claims["roles"] as? [String] == ["allocator", "proxy"])
        #expect(claims["persistent"] as? Bool == true)
        let id = try #require(claims["sub"] as? String)
        #expect(result.stderr.contains("pass signature"), "\(result)")
        #expect(result.stderr.contains("pass exact-roles          grants exactly allocator, proxy"), "\(result)")
        #expect(result.stderr.contains("pass kind-required"), "\(result)")
        #expect(result.stderr.contains("pass token-id"), "\(result)")
        #expect(result.stderr.contains("token id \(id); every check passed"), "\(result)")

        let requests = try coordinator.requests()
        try #require(requests.count == 1)
        #expect(requests[0]["method"] as? String == "POST")
        #expect(requests[0]["path"] as? String == Self.path)
        #expect(requests[0]["authorized"] as? Bool == true)
        #expect(requests[0]["body"] as? String == #"{"persistent":true,"roles":["allocator","proxy"]}"#)
        let headers = (requests[0]["headers"] as? [[String]] ?? []).map { $0.joined(separator: ": ") }
        #expect(headers.contains { $0.hasPrefix("User-Agent: ecetoken/") }, "\(headers)")
        #expect(headers.contains("Content-Type: application/json"), "\(headers)")

        let verified = try ToolRunner.run(["verify", "--secret-file", coordinator.secretFilePath, token])
        #expect(verified.exitCode == 0, "\(verified)")
    }

    @Test("request --ephemeral --validity 2h: validity_in_seconds 7200, exp an hour later than ECE's default")
    func requestEphemeral() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--now", ToolRunner.now])
        let result = try C.run(
            "request",
            coordinator,
            [
                "--now", ToolRunner.now, "--secret-file", coordinator.secretFilePath, "--roles", "allocator",
                "--ephemeral", "--validity", "2h", "--min-validity", "90m",
            ]
        )
        #expect(result.exitCode == 0, "\(result)")
        let claims = try C.claims(try C.token(result))
        #expect((claims["exp"] as? NSNumber)?.int64Value == 1_800_007_200)
        #expect(claims["persistent"] as? Bool == false)
        #expect(result.stderr.contains("pass min-validity"), "\(result)")
        #expect(result.stderr.contains("expiring 2027-01-15T10:00:00Z"), "\(result)")
        #expect(
            try coordinator.requests().first?["body"] as? String
                == #"{"persistent":false,"roles":["allocator"],"validity_in_seconds":7200}"#
        )
    }

    @Test("request --format json: the API reply, the coordinator and the verify report; verify reads it back")
    func requestJSON() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try C.run(
            "request",
            coordinator,
            ["--secret-file", coordinator.secretFilePath, "--roles", "allocator", "--persistent", "--format", "json"]
        )
        #expect(result.exitCode == 0, "\(result)")
        let object = try result.jsonObject()
        let token = try #require(object["token"] as? String)
        let id = try #require(object["token_id"] as? String)
        #expect(try C.claims(token)["sub"] as? String == id)
        #expect(object["coordinator"] as? String == coordinator.url)
        let report = try #require(object["report"] as? [String: Any])
        #expect(report["verdict"] as? String == "pass")
        #expect(report["signature"] as? String == "valid")
        #expect(report["token_id"] as? String == id)
        let checks = (report["checks"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(checks.contains("exact-roles") && checks.contains("kind-required"), "\(checks)")

        let verified = try ToolRunner.run(
            ["verify", "--secret-file", coordinator.secretFilePath, "-"],
            stdin: result.stdoutData
        )
        #expect(verified.exitCode == 0, "\(verified)")
    }

    @Test("request without a secret: checks run, the signature is NOT VERIFIED, and the output says so")
    func requestWithoutSecret() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try C.run("request", coordinator, ["--roles", "proxy", "--ephemeral"])
        #expect(result.exitCode == 0, "\(result)")
        _ = try C.token(result)
        #expect(result.stderr.contains("NOT VERIFIED"), "\(result)")
    }

    @Test("Roles mismatch: granted [proxy, allocator] for [allocator] fails loudly, exit 1, no token on stdout")
    func rolesMismatch() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--grant-extra-role", "proxy"])
        let result = try C.run(
            "request",
            coordinator,
            ["--secret-file", coordinator.secretFilePath, "--roles", "allocator", "--persistent"]
        )
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.isEmpty, "a token that failed must not reach $(...):\n\(result)")
        let id = try #require(try C.listedIDs(coordinator).first)
        #expect(
            result.stderr.contains(
                "ecetoken: error: ROLES MISMATCH: the coordinator \(coordinator.url) granted [proxy, allocator] but "
                    + "[allocator] was "
                    + "requested - do not hand this token out; revoke it with: ecetoken revoke --coordinator "
                    + "\(coordinator.url) \(id)"
            ),
            "\(result)"
        )
        #expect(result.stderr.contains("FAIL exact-roles"), "\(result)")

        let json = try C.run(
            "request",
            coordinator,
            ["--secret-file", coordinator.secretFilePath, "--roles", "allocator", "--ephemeral", "--format", "json"]
        )
        #expect(json.exitCode == 1, "\(json)")
        let report = try #require(try json.jsonObject()["report"] as? [String: Any])
        #expect(report["verdict"] as? String == "fail")
        #expect(report["roles"] as? [String] == ["proxy", "allocator"])
        #expect(json.stderr.contains("it is ephemeral, so it cannot be revoked"), "\(json)")
    }

    @Test("A token signed with another secret (another installation): exit 2, and it is not printed")
    func wrongSigningSecret() throws {
        let scratch = try TemporaryDirectory()
        let other = try scratch.write("ZZlOpDX9F_4UCoL4Euhtma4gDefYUBLptEGw74emSHY=\n", to: "other-secret")
        let coordinator = try CoordinatorStandIn.start(options: ["--sign-with-secret-file", other])
        let result = try C.run(
            "request",
            coordinator,
            ["--secret-file", coordinator.secretFilePath, "--roles", "allocator", "--persistent"]
        )
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("does not verify with the configured secret"), "\(result)")
        #expect(result.stderr.contains("revoke it with: ecetoken revoke"), "\(result)")
    }

    @Test("list: a table of ids and roles, and the normalised JSON")
    func list() throws {
        let first = "4c8990df-1fb7-4820-b868-6bc9e8860814"
        let second = "0e0b7c1a-2f66-4d3c-9a55-3a3e1f1c2b7d"
        let coordinator = try CoordinatorStandIn.start(options: [
            "--seed-token", "\(first):allocator,proxy", "--seed-token", "\(second):",
        ])
        let table = try C.run("list", coordinator)
        #expect(table.exitCode == 0, "\(table)")
        #expect(
            table.stdout == """
                TOKEN ID                              ROLES
                \(first)  allocator, proxy
                \(second)  (none: system services only)

                """,
            "\(table)"
        )
        #expect(table.stderr.contains("lists 2 persistent tokens (ephemeral tokens are never listed)"), "\(table)")

        let json = try C.run("list", coordinator, ["--format", "json"])
        #expect(json.exitCode == 0, "\(json)")
        let tokens = try #require(try json.jsonObject()["tokens"] as? [[String: Any]])
        #expect(tokens.count == 2)
        #expect(tokens[0]["token_id"] as? String == first && tokens[0]["roles"] as? [String] == ["allocator", "proxy"])
        #expect(tokens[1]["token_id"] as? String == second && tokens[1]["roles"] as? [String] == [])
        #expect(try C.requestLines(coordinator) == ["GET \(Self.path)", "GET \(Self.path)"])
    }

    @Test("revoke by whole token and by id: DELETE by id, the token is gone from the list")
    func revoke() throws {
        let seeded = "0e0b7c1a-2f66-4d3c-9a55-3a3e1f1c2b7d"
        let coordinator = try CoordinatorStandIn.start(options: ["--seed-token", "\(seeded):allocator"])
        let requested = try C.run(
            "request",
            coordinator,
            ["--secret-file", coordinator.secretFilePath, "--roles", "coordinator,director", "--persistent"]
        )
        let token = try C.token(requested)
        let id = try #require(try C.claims(token)["sub"] as? String)

        let byToken = try C.run("revoke", coordinator, [token])
        #expect(byToken.exitCode == 0, "\(byToken)")
        #expect(
            byToken.stdout
                == "revoked persistent token id \(id) (roles [coordinator, director]) on \(coordinator.url)\n",
            "\(byToken)"
        )
        let byID = try C.run("revoke", coordinator, [seeded, "--format", "json"])
        #expect(byID.exitCode == 0, "\(byID)")
        let object = try byID.jsonObject()
        #expect(object["revoked"] as? Bool == true && object["token_id"] as? String == seeded)
        #expect(object["coordinator"] as? String == coordinator.url)

        #expect(try C.listedIDs(coordinator).isEmpty)
        let lines = try C.requestLines(coordinator)
        #expect(lines.contains("DELETE \(Self.path)/\(id)"), "the id is sent, never the token: \(lines)")
        #expect(lines.contains("DELETE \(Self.path)/\(seeded)"), "\(lines)")
        #expect(!lines.contains { $0.contains(token) })
    }

    @Test("revoke from stdin ('-'): the token is read, trimmed and revoked")
    func revokeFromStandardInput() throws {
        let coordinator = try CoordinatorStandIn.start()
        let token = try C.token(try C.run("request", coordinator, ["--roles", "allocator", "--persistent"]))
        let result = try C.run("revoke", coordinator, ["-"], stdin: Data((token + "\r\n").utf8))
        #expect(result.exitCode == 0, "\(result)")
        #expect(try C.listedIDs(coordinator).isEmpty)
    }

    @Test("revoke of an ephemeral token is refused with an explanation, and nothing reaches the coordinator")
    func revokeEphemeral() throws {
        let coordinator = try CoordinatorStandIn.start()
        let minted = try ToolRunner.run([
            "mint", "--secret-file", coordinator.secretFilePath, "--roles", "allocator", "--ephemeral",
        ])
        let token = try C.token(minted)
        let result = try C.run("revoke", coordinator, [token])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("ecetoken revoke: refused: this is an ephemeral token"), "\(result)")
        #expect(result.stderr.contains("ECE cannot revoke ephemeral tokens"), "\(result)")
        #expect(result.stderr.contains("Nothing was sent to the coordinator"), "\(result)")
        #expect(try coordinator.requests().isEmpty, "no request may reach the coordinator")
    }

    @Test("revoke of an unknown id: 404 enrollment_tokens.invalid_token_id, exit 6, with what it means")
    func revokeUnknown() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try C.run("revoke", coordinator, ["4c8990df-1fb7-4820-b868-6bc9e8860814"])
        #expect(result.exitCode == 6, "\(result)")
        #expect(result.stderr.contains("404 enrollment_tokens.invalid_token_id"), "\(result)")
        #expect(
            result.stderr.contains("already revoked, the id is mistyped, or the token belongs to another installation"),
            "\(result)"
        )
    }

    @Test("verify --check-active: listed passes (exit 0); after revoke it fails (exit 1) saying why")
    func checkActive() throws {
        let coordinator = try CoordinatorStandIn.start()
        let token = try C.token(
            try C.run(
                "request",
                coordinator,
                ["--secret-file", coordinator.secretFilePath, "--roles", "allocator", "--persistent"]
            )
        )
        let id = try #require(try C.claims(token)["sub"] as? String)
        let verify = ["--secret-file", coordinator.secretFilePath, "--check-active", token]
        let active = try C.run("verify", coordinator, verify)
        #expect(active.exitCode == 0, "\(active)")
        #expect(active.stdout.contains("pass active"), "\(active)")

        #expect(try C.run("revoke", coordinator, [id]).exitCode == 0)
        let revoked = try C.run("verify", coordinator, verify + ["--format", "json"])
        #expect(revoked.exitCode == 1, "\(revoked)")
        let report = try revoked.jsonObject()
        #expect(report["outcome"] as? String == "check_failed")
        let check = try #require((report["checks"] as? [[String: Any]])?.first { $0["name"] as? String == "active" })
        #expect(check["status"] as? String == "fail")
        #expect(
            check["message"] as? String
                == "token id \"\(id)\" is not listed by the coordinator \(coordinator.url): it was revoked, or it "
                + "belongs to another installation"
        )
    }

    @Test("verify --check-active on an ephemeral token: passes with a note, and asks the coordinator nothing")
    func checkActiveEphemeral() throws {
        let coordinator = try CoordinatorStandIn.start()
        let token = try C.token(
            try ToolRunner.run([
                "mint", "--now", ToolRunner.now, "--secret-file", coordinator.secretFilePath, "--roles", "proxy",
                "--ephemeral",
            ])
        )
        let result = try C.run(
            "verify",
            coordinator,
            ["--now", ToolRunner.now, "--secret-file", coordinator.secretFilePath, "--check-active", token]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("pass active"), "\(result)")
        #expect(result.stdout.contains("never lists ephemeral tokens"), "\(result)")
        #expect(try coordinator.requests().isEmpty)
    }

    @Test("The password can come from an environment variable; --user names another user")
    func passwordFromEnvironment() throws {
        let coordinator = try CoordinatorStandIn.start(user: "ops")
        let result = try ToolRunner.run(
            [
                "list", "--coordinator", coordinator.url, "--cacert", coordinator.caCertificatePath, "--user", "ops",
                "--password-env", "ECE_PASS",
            ],
            environment: ["ECE_PASS": coordinator.password]
        )
        #expect(result.exitCode == 0, "\(result)")
        C.expectNoPassword(result, coordinator)
        #expect(try coordinator.requests().first?["authorized"] as? Bool == true)
    }

    @Test("ECE_COORDINATOR names the coordinator when --coordinator is not given")
    func coordinatorFromEnvironment() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try ToolRunner.run(
            ["list", "--password-file", coordinator.passwordFilePath, "--cacert", coordinator.caCertificatePath],
            environment: ["ECE_COORDINATOR": coordinator.ipURL]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.contains(coordinator.ipURL), "\(result)")
    }
}

extension CoordinatorCLI {
    /// The token ids the stand-in lists now.
    static func listedIDs(_ coordinator: CoordinatorStandIn) throws -> [String] {
        let result = try run("list", coordinator, ["--format", "json"])
        let tokens = try #require(try result.jsonObject()["tokens"] as? [[String: Any]], "\(result)")
        return tokens.compactMap { $0["token_id"] as? String }
    }
}
