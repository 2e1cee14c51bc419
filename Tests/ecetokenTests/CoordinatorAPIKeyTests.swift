import Foundation
import Testing

/// Runs coordinator commands with chosen credentials, and checks that no output holds one.
enum CredentialCLI {
    /// `--coordinator URL --cacert CA`, without credentials.
    static func endpoint(_ coordinator: CoordinatorStandIn) -> [String] {
        ["--coordinator", coordinator.url, "--cacert", coordinator.caCertificatePath]
    }

    /// Every spelling of the stand-in's credentials that must never be printed.
    static func forbidden(_ coordinator: CoordinatorStandIn) -> [String] {
        let basic = Data("\(coordinator.user):\(coordinator.password)".utf8).base64EncodedString()
        return [coordinator.password, coordinator.apiKey, basic, coordinator.secret]
    }

    /// Runs `ecetoken arguments` and expects no credential in stdout or stderr.
    static func run(
        _ arguments: [String],
        _ coordinator: CoordinatorStandIn,
        stdin: Data? = nil,
        environment: [String: String] = [:]
    ) throws -> ToolResult {
        let result = try ToolRunner.run(arguments, stdin: stdin, environment: environment)
        expectNoCredential(result, coordinator)
        return result
    }

    /// No credential of `coordinator`'s, in any spelling, in what the tool printed.
    static func expectNoCredential(_ result: ToolResult, _ coordinator: CoordinatorStandIn) {
        for credential in forbidden(coordinator) {
            #expect(!result.stdout.contains(credential), "credential on stdout:\n\(result)")
            #expect(!result.stderr.contains(credential), "credential on stderr:\n\(result)")
        }
    }
}

@Suite("Coordinator API keys, ecctl configurations, ports, DELETE replies and error lists, against the stand-in")
struct CoordinatorAPIKeyTests {
    typealias K = CredentialCLI

    /// The `Authorization` header of every request the stand-in saw.
    static func authorizations(_ coordinator: CoordinatorStandIn) throws -> [String] {
        try coordinator.requests().map { request in
            let headers = request["headers"] as? [[String]] ?? []
            return headers.first { $0.first?.lowercased() == "authorization" }?.last ?? ""
        }
    }

    @Test("--api-key-file sends Authorization: ApiKey KEY (one trailing newline stripped) and lists")
    func apiKeyFile() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--seed-token", "id-1:allocator"])
        let result = try K.run(
            ["list"] + K.endpoint(coordinator) + ["--api-key-file", coordinator.apiKeyFilePath],
            coordinator
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("id-1"), "\(result)")
        #expect(try Self.authorizations(coordinator) == ["ApiKey \(coordinator.apiKey)"])
    }

    @Test("--api-key-file - reads the key from stdin")
    func apiKeyStdin() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try K.run(
            ["list"] + K.endpoint(coordinator) + ["--api-key-file", "-"],
            coordinator,
            stdin: Data((coordinator.apiKey + "\n").utf8)
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(try Self.authorizations(coordinator) == ["ApiKey \(coordinator.apiKey)"])
    }

    @Test("list --api-key-env ECE_API_KEY_VAR works; so does ECE_API_KEY alone")
    func apiKeyEnvironment() throws {
        let coordinator = try CoordinatorStandIn.start()
        let named = try K.run(
            ["list"] + K.endpoint(coordinator) + ["--api-key-env", "ECE_API_KEY_VAR"],
            coordinator,
            environment: ["ECE_API_KEY_VAR": coordinator.apiKey]
        )
        #expect(named.exitCode == 0, "\(named)")
        let implicit = try K.run(
            ["list", "--format", "json"] + K.endpoint(coordinator),
            coordinator,
            environment: ["ECE_API_KEY": coordinator.apiKey]
        )
        #expect(implicit.exitCode == 0, "\(implicit)")
        #expect(try Self.authorizations(coordinator) == Array(repeating: "ApiKey \(coordinator.apiKey)", count: 2))
    }

    @Test("request, verify --check-active and revoke with ECE_API_KEY alone: the whole life of a token")
    func tokenLifeWithKey() throws {
        let coordinator = try CoordinatorStandIn.start()
        let environment = ["ECE_API_KEY": coordinator.apiKey]
        let requested = try K.run(
            ["request", "--roles", "allocator", "--persistent", "--secret-file", coordinator.secretFilePath]
                + K.endpoint(coordinator),
            coordinator,
            environment: environment
        )
        #expect(requested.exitCode == 0, "\(requested)")
        let token = requested.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let active = try K.run(
            ["verify", "--check-active", "--secret-file", coordinator.secretFilePath, token] + K.endpoint(coordinator),
            coordinator,
            environment: environment
        )
        #expect(active.exitCode == 0, "\(active)")
        #expect(active.stdout.contains("pass active"), "\(active)")
        let revoked = try K.run(["revoke", token] + K.endpoint(coordinator), coordinator, environment: environment)
        #expect(revoked.exitCode == 0, "\(revoked)")
        #expect(try Self.authorizations(coordinator) == Array(repeating: "ApiKey \(coordinator.apiKey)", count: 3))
    }

    @Test("ECE_API_KEY is not used when a password is given: the password is sent")
    func passwordWinsOverEnvironmentKey() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try K.run(
            ["list"] + K.endpoint(coordinator) + ["--password-file", coordinator.passwordFilePath],
            coordinator,
            environment: ["ECE_API_KEY": "not-the-key-1234"]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(try Self.authorizations(coordinator).allSatisfy { $0.hasPrefix("Basic ") })
    }

    @Test("An API key and a password together: usage error 64, nothing sent")
    func keyAndPassword() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try K.run(
            ["list"] + K.endpoint(coordinator) + [
                "--api-key-file", coordinator.apiKeyFilePath, "--password-file", coordinator.passwordFilePath,
            ],
            coordinator
        )
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains("not both"), "\(result)")
        #expect(try coordinator.requests().isEmpty)
    }

    @Test("A wrong API key: exit 6, the message says to check the key, and the key is not printed")
    func wrongKey() throws {
        let coordinator = try CoordinatorStandIn.start()
        let wrong = "d3Jvbmcta2V5LXRoYXQtaXMtbm90LXZhbGlk"
        for format in ["text", "json"] {
            let result = try K.run(
                ["list", "--format", format] + K.endpoint(coordinator) + ["--api-key-env", "KEY"],
                coordinator,
                environment: ["KEY": wrong]
            )
            #expect(result.exitCode == 6, "\(result)")
            #expect(result.stderr.contains("refused the API key"), "\(result)")
            #expect(result.stderr.contains("--api-key-file"), "\(result)")
            #expect(!result.stderr.contains("--user"), "\(result)")
            #expect(!result.stdout.contains(wrong) && !result.stderr.contains(wrong), "\(result)")
        }
    }

    @Test("A key file readable by others gets a warning naming chmod 600")
    func looseKeyFile() throws {
        let coordinator = try CoordinatorStandIn.start()
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(coordinator.apiKey, to: "key", permissions: 0o644)
        let result = try K.run(["list"] + K.endpoint(coordinator) + ["--api-key-file", path], coordinator)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.contains("readable by group or others (mode 0644); run chmod 600"), "\(result)")
    }

    /// An ecctl configuration in `HOME/.ecctl/NAME.json`.
    static func ecctlHome(_ json: String, name: String = "ece", permissions: Int = 0o600) throws -> TemporaryDirectory {
        let home = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: home.path(".ecctl"), withIntermediateDirectories: true)
        try home.write(json, to: ".ecctl/\(name).json", permissions: permissions)
        return home
    }

    @Test("--ecctl-config NAME reads $HOME/.ecctl/NAME.json: host and apikey")
    func ecctlByNameWithKey() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--seed-token", "id-9:proxy"])
        let home = try Self.ecctlHome(
            #"{"host": "\#(coordinator.url)", "apikey": "\#(coordinator.apiKey)", "output": "text"}"#
        )
        let result = try K.run(
            ["list", "--ecctl-config", "ece", "--cacert", coordinator.caCertificatePath],
            coordinator,
            environment: ["HOME": home.url.path]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("id-9"), "\(result)")
        #expect(try Self.authorizations(coordinator) == ["ApiKey \(coordinator.apiKey)"])
    }

    @Test("--ecctl-config PATH with user/pass, insecure: true warned about, timeout as ecctl writes it")
    func ecctlByPathWithPassword() throws {
        let coordinator = try CoordinatorStandIn.start()
        let scratch = try TemporaryDirectory()
        let path = try scratch.write(
            #"{"host": "\#(coordinator.url)", "user": "admin", "pass": "\#(coordinator.password)", "insecure": true, "timeout": 30000000000}"#,
            to: "ecctl.json"
        )
        let result = try K.run(["list", "--ecctl-config", path], coordinator)
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.contains("insecure: true in ecctl configuration"), "\(result)")
        #expect(result.stderr.contains("TLS certificate is NOT checked"), "\(result)")
        #expect(try Self.authorizations(coordinator).allSatisfy { $0.hasPrefix("Basic ") })
    }

    @Test("Options on the command line win over the ecctl file: --coordinator and --api-key-env")
    func commandLineWins() throws {
        let coordinator = try CoordinatorStandIn.start()
        let home = try Self.ecctlHome(
            #"{"host": "https://127.0.0.1:\#(CoordinatorStandIn.closedPort())", "user": "admin", "pass": "wrong-pass-999"}"#
        )
        let result = try K.run(
            ["list", "--ecctl-config", "ece", "--api-key-env", "K"] + K.endpoint(coordinator),
            coordinator,
            environment: ["HOME": home.url.path, "K": coordinator.apiKey]
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(try Self.authorizations(coordinator) == ["ApiKey \(coordinator.apiKey)"])
    }

    @Test("A missing ecctl file names the path looked for (exit 66); YAML gets 'only JSON'; loose mode warned")
    func ecctlProblems() throws {
        let coordinator = try CoordinatorStandIn.start()
        let home = try TemporaryDirectory()
        let missing = try K.run(["list", "--ecctl-config", "nope"], coordinator, environment: ["HOME": home.url.path])
        #expect(missing.exitCode == 66, "\(missing)")
        #expect(missing.stderr.contains(home.path(".ecctl/nope.json")), "\(missing)")
        let yaml = try home.write("host: https://x\n", to: "config.yaml")
        let refused = try K.run(["list", "--ecctl-config", yaml], coordinator)
        #expect(refused.exitCode == 64, "\(refused)")
        #expect(refused.stderr.contains("reads only ecctl's JSON configuration"), "\(refused)")
        let yamlInJSON = try home.write("host: https://x\n", to: "config.json")
        let sniffed = try K.run(["list", "--ecctl-config", yamlInJSON], coordinator)
        #expect(sniffed.exitCode == 64, "\(sniffed)")
        #expect(sniffed.stderr.contains("not YAML, TOML or HCL"), "\(sniffed)")
        let loose = try Self.ecctlHome(
            #"{"host": "\#(coordinator.url)", "apikey": "\#(coordinator.apiKey)"}"#,
            permissions: 0o644
        )
        let warned = try K.run(
            ["list", "--ecctl-config", "ece", "--cacert", coordinator.caCertificatePath],
            coordinator,
            environment: ["HOME": loose.url.path]
        )
        #expect(warned.exitCode == 0, "\(warned)")
        #expect(warned.stderr.contains("holds credentials and is readable by group or others"), "\(warned)")
    }

    @Test("http://127.0.0.1 without a port goes to ECE's plain-HTTP port 12400")
    func plainHTTPPort() throws {
        let coordinator: CoordinatorStandIn
        do {
            coordinator = try CoordinatorStandIn.start(options: ["--plain-http", "--port", "12400"])
        } catch let busy as CoordinatorStandIn.PortBusy {
            // Visible in the test log; the port rule itself is also covered by CoordinatorEndpointTests.
            withKnownIssue("skipped: \(busy); the plain-HTTP port test needs 127.0.0.1:12400 free") {
                throw busy
            }
            return
        }
        let result = try K.run(
            ["list", "--coordinator", "http://127.0.0.1", "--api-key-file", coordinator.apiKeyFilePath],
            coordinator
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.contains("http://127.0.0.1:12400 is plain HTTP"), "\(result)")
        #expect(try coordinator.requests().count == 1)
    }

    @Test("DELETE answered 200 with an empty body, or 204: a successful revoke", arguments: ["empty", "no-content"])
    func emptyDelete(reply: String) throws {
        let coordinator = try CoordinatorStandIn.start(options: [
            "--seed-token", "id-5:allocator", "--delete-reply", reply,
        ])
        let result = try K.run(
            ["revoke", "id-5", "--api-key-file", coordinator.apiKeyFilePath] + K.endpoint(coordinator),
            coordinator
        )
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stdout.contains("revoked persistent token id id-5"), "\(result)")
    }

    @Test("An ECE error list of two entries: both reported with code, message and fields, text and JSON")
    func twoErrors() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--two-errors", "POST:400"])
        let base = ["request", "--roles", "allocator", "--persistent", "--api-key-file", coordinator.apiKeyFilePath]
        let text = try K.run(base + K.endpoint(coordinator), coordinator)
        #expect(text.exitCode == 6, "\(text)")
        #expect(
            text.stderr.contains(
                #"enrollment_tokens.invalid_token_request: "The roles are invalid" (fields roles, persistent)"#
            ),
            "\(text)"
        )
        #expect(text.stderr.contains(#"root.second_problem: "A second problem""#), "\(text)")
        let json = try K.run(base + K.endpoint(coordinator) + ["--format", "json"], coordinator)
        #expect(json.exitCode == 6, "\(json)")
        let error = try #require(try json.jsonObject()["error"] as? [String: Any])
        #expect(error["http_status"] as? Int == 400)
        let entries = try #require(error["ece_errors"] as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries.first?["fields"] as? [String] == ["roles", "persistent"])
        #expect(entries.last?["code"] as? String == "root.second_problem")
    }
}
