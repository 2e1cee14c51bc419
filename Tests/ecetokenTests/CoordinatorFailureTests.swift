import Foundation
import Testing

@Suite("Coordinator failures: each with its message and exit code (4 unreachable, 5 TLS, 6 status, 7 reply)")
struct CoordinatorFailureTests {
    typealias C = CoordinatorCLI

    @Test("401: a wrong password is refused, exit 6, and neither password is printed")
    func wrongPassword() throws {
        let coordinator = try CoordinatorStandIn.start()
        let scratch = try TemporaryDirectory()
        let wrong = "Wrong-Passw0rd-d41d8"
        let file = try scratch.write(wrong + "\n", to: "wrong-password")
        let result = try ToolRunner.run([
            "list", "--coordinator", coordinator.url, "--cacert", coordinator.caCertificatePath, "--password-file",
            file,
        ])
        #expect(result.exitCode == 6, "\(result)")
        #expect(
            result.stderr.contains(
                "refused the credentials of user \"admin\" (401 root.unauthenticated: "
                    + "\"The supplied authentication is invalid\"); check --user and the password"
            ),
            "\(result)"
        )
        #expect(!result.stderr.contains(wrong) && !result.stdout.contains(wrong))
        C.expectNoPassword(result, coordinator)
        #expect(try coordinator.requests().first?["authorized"] as? Bool == false)
    }

    @Test("403 enrollment_tokens.signing_key_not_found on POST: exit 6, the installation has no signing key")
    func signingKeyNotFound() throws {
        let coordinator = try CoordinatorStandIn.start(options: [
            "--fail", "POST:403:enrollment_tokens.signing_key_not_found",
        ])
        let result = try C.run("request", coordinator, ["--roles", "allocator", "--persistent"])
        #expect(result.exitCode == 6, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("403 enrollment_tokens.signing_key_not_found"), "\(result)")
        #expect(result.stderr.contains("the installation has no token signing key"), "\(result)")
    }

    @Test("403 of another kind: exit 6, a user with the platform administrator role is needed")
    func forbidden() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--fail", "GET:403:root.forbidden"])
        let result = try C.run("list", coordinator)
        #expect(result.exitCode == 6, "\(result)")
        #expect(result.stderr.contains("does not allow user \"admin\""), "\(result)")
    }

    @Test("449: elevated permissions are required, exit 6")
    func elevatedPermissions() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--fail", "POST:449:root.needs_elevated_privileges"])
        let result = try C.run("request", coordinator, ["--roles", "allocator", "--ephemeral"])
        #expect(result.exitCode == 6, "\(result)")
        #expect(result.stderr.contains("requires elevated permissions"), "\(result)")
        #expect(result.stderr.contains("449 root.needs_elevated_privileges"), "\(result)")
    }

    @Test("400 and 500: exit 6 with ECE's code")
    func otherStatuses() throws {
        let coordinator = try CoordinatorStandIn.start(options: [
            "--fail", "POST:400:enrollment_tokens.invalid_token_request", "--fail", "GET:500:root.unexpected",
        ])
        let bad = try C.run("request", coordinator, ["--roles", "allocator", "--persistent"])
        #expect(bad.exitCode == 6, "\(bad)")
        #expect(bad.stderr.contains("400 enrollment_tokens.invalid_token_request"), "\(bad)")
        let failed = try C.run("list", coordinator)
        #expect(failed.exitCode == 6, "\(failed)")
        #expect(failed.stderr.contains("500 root.unexpected"), "\(failed)")
        #expect(failed.stderr.contains("retry later"), "\(failed)")
    }

    @Test("A 200 that is an HTML page instead of JSON: exit 7, the start of what came, escaped")
    func garbageReply() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--reply-garbage", "GET", "--reply-garbage", "POST"])
        let list = try C.run("list", coordinator)
        #expect(list.exitCode == 7, "\(list)")
        #expect(list.stderr.contains("is not what the enrollment-tokens API sends: not JSON"), "\(list)")
        #expect(list.stderr.contains("received \"<!DOCTYPE html>\\n<html>"), "\(list)")
        let request = try C.run("request", coordinator, ["--roles", "allocator", "--persistent"])
        #expect(request.exitCode == 7, "\(request)")
        #expect(request.stdout.isEmpty)
    }

    @Test(
        "JSON of the wrong shape: exit 7, naming the member",
        arguments: [
            ("POST", "request", "\"token\" is a number (42), not a string"),
            ("GET", "list", "\"tokens\" is a string (\"x\"), not an array"),
            ("DELETE", "revoke", "a JSON array, not an object"),
        ]
    )
    func wrongShape(method: String, command: String, phrase: String) throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--reply-wrong-json", method])
        let arguments: [String]
        switch command {
        case "request": arguments = ["--roles", "allocator", "--persistent"]
        case "revoke": arguments = ["4c8990df-1fb7-4820-b868-6bc9e8860814"]
        default: arguments = []
        }
        let result = try C.run(command, coordinator, arguments)
        #expect(result.exitCode == 7, "\(result)")
        #expect(result.stderr.contains(phrase), "\(result)")
        #expect(result.stderr.contains("to \(method) /api/v1/platform/configuration/security/enrollment-tokens"))
    }

    @Test("verify --check-active when the coordinator's list is garbage: exit 7, no report")
    func checkActiveGarbage() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--reply-wrong-json", "GET"])
        let token = try C.token(
            try ToolRunner.run([
                "mint", "--secret-file", coordinator.secretFilePath, "--roles", "allocator", "--persistent",
            ])
        )
        let result = try C.run(
            "verify",
            coordinator,
            ["--secret-file", coordinator.secretFilePath, "--check-active", token]
        )
        #expect(result.exitCode == 7, "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test("Connection refused: exit 4, with the port")
    func connectionRefused() throws {
        let port = CoordinatorStandIn.closedPort()
        let scratch = try TemporaryDirectory()
        let password = try scratch.write("pw", to: "pw")
        let result = try ToolRunner.run([
            "list", "--coordinator", "https://127.0.0.1:\(port)", "--password-file", password,
        ])
        #expect(result.exitCode == 4, "\(result)")
        #expect(result.stderr.contains("the connection was refused (nothing listens on port \(port)"), "\(result)")
    }

    @Test("Name resolution failure: exit 4, naming the host")
    func nameResolution() throws {
        let scratch = try TemporaryDirectory()
        let password = try scratch.write("pw", to: "pw")
        let result = try ToolRunner.run([
            "list", "--coordinator", "https://no-such-host.invalid:12443", "--password-file", password,
        ])
        #expect(result.exitCode == 4, "\(result)")
        #expect(result.stderr.contains("the host name \"no-such-host.invalid\" does not resolve"), "\(result)")
    }

    @Test("A coordinator that never answers: --timeout 1 gives up in well under 10 s, exit 4")
    func timeout() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--hang"])
        let started = Date()
        let result = try C.run("list", coordinator, ["--timeout", "1"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.exitCode == 4, "\(result)")
        #expect(result.stderr.contains("did not answer within 1 s"), "\(result)")
        #expect(result.stderr.contains("or allow more time with --timeout"), "\(result)")
        #expect(elapsed < 5, "took \(elapsed) s")
        let json = try C.run("list", coordinator, ["--timeout", "1", "--format", "json"])
        let error = try #require(try json.jsonObject()["error"] as? [String: Any], "\(json)")
        #expect(error["code"] as? String == "timed_out")
        #expect((error["timeout"] as? [String: Any])?["phase"] as? String == "total", "\(json)")
        #expect((error["timeout"] as? [String: Any])?["milliseconds"] as? Int == 1000, "\(json)")
        #expect(error["libcurl_code"] as? Int == 28, "\(json)")
    }

    @Test("A port that completes TCP but never TLS: --connect-timeout 1 fires, not --timeout, exit 4")
    func connectTimeout() throws {
        let listener = CoordinatorStandIn.silentListener()
        defer { close(listener.descriptor) }
        let scratch = try TemporaryDirectory()
        let password = try scratch.write("pw", to: "pw")
        let result = try ToolRunner.run([
            "list", "--coordinator", "https://127.0.0.1:\(listener.port)", "--password-file", password,
            "--connect-timeout", "1", "--timeout", "20", "--format", "json",
        ])
        #expect(result.exitCode == 4, "\(result)")
        #expect(result.stderr.contains("could not be connected to within 1 s"), "\(result)")
        #expect(result.stderr.contains("allow more time to connect with --connect-timeout"), "\(result)")
        let error = try #require(try result.jsonObject()["error"] as? [String: Any], "\(result)")
        #expect((error["timeout"] as? [String: Any])?["phase"] as? String == "connect", "\(result)")
        #expect((error["timeout"] as? [String: Any])?["milliseconds"] as? Int == 1000, "\(result)")
    }

    @Test("TLS: without --cacert, the self-signed CA is not trusted: exit 5 with 'use --cacert'")
    func untrustedWithoutCACert() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try ToolRunner.run([
            "list", "--coordinator", coordinator.url, "--password-file", coordinator.passwordFilePath,
        ])
        #expect(result.exitCode == 5, "\(result)")
        #expect(result.stderr.contains("is not trusted by the system's CA certificates"), "\(result)")
        #expect(result.stderr.contains("use --cacert with the coordinator's CA certificate"), "\(result)")
        #expect(result.stderr.contains("X509 verify result 20, unable to get local issuer certificate"), "\(result)")
        #expect(try coordinator.requests().isEmpty, "the password must not be sent over an untrusted connection")
    }

    @Test("TLS: with an unrelated CA: exit 5 naming the CA file")
    func untrustedWithOtherCA() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try ToolRunner.run([
            "list", "--coordinator", coordinator.url, "--password-file", coordinator.passwordFilePath, "--cacert",
            coordinator.otherCACertificatePath,
        ])
        #expect(result.exitCode == 5, "\(result)")
        #expect(result.stderr.contains("is not signed by the CA in \"\(coordinator.otherCACertificatePath)\""))
        #expect(result.stderr.contains("give the coordinator's own CA certificate with --cacert"), "\(result)")
        #expect(result.stderr.contains("X509 verify result 20,"), "a chain verdict, not a host name: \(result)")
        #expect(try coordinator.requests().isEmpty)
    }

    @Test("TLS: a certificate for another name: exit 5, host name mismatch")
    func hostnameMismatch() throws {
        let wrongName = try TestCertificateAuthority.shared.wrongNameCertificatePath
        let coordinator = try CoordinatorStandIn.start(options: ["--cert", wrongName])
        let result = try C.run("list", coordinator)
        #expect(result.exitCode == 5, "\(result)")
        #expect(result.stderr.contains("does not name the host \"localhost\""), "\(result)")
        #expect(result.stderr.contains("lists in --coordinator"), "\(result)")
        #expect(!result.stderr.contains("X509 verify result"), "libcurl checked the name, not the chain: \(result)")
        #expect(try coordinator.requests().isEmpty)
    }

    @Test("--insecure works without --cacert, but warns loudly on every run")
    func insecure() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try ToolRunner.run([
            "list", "--coordinator", coordinator.url, "--password-file", coordinator.passwordFilePath, "--insecure",
        ])
        #expect(result.exitCode == 0, "\(result)")
        #expect(
            result.stderr.contains("ecetoken: warning: --insecure: the coordinator's TLS certificate is NOT checked")
        )
        C.expectNoPassword(result, coordinator)
    }

    @Test("Plain http:// works but warns that the password crosses the network unencrypted")
    func plainHTTP() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--plain-http"])
        let result = try ToolRunner.run([
            "list", "--coordinator", coordinator.url, "--password-file", coordinator.passwordFilePath,
        ])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.stderr.contains("is plain HTTP: the password and the tokens cross the network unencrypted"))
    }

    @Test("An https:// client talking to a plain-HTTP port: a TLS handshake failure, exit 5")
    func tlsToPlainPort() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--plain-http"])
        let result = try ToolRunner.run([
            "list", "--coordinator", "https://localhost:\(coordinator.port)", "--password-file",
            coordinator.passwordFilePath, "--cacert", coordinator.caCertificatePath,
        ])
        #expect(result.exitCode == 5, "\(result)")
        #expect(result.stderr.contains("TLS handshake"), "\(result)")
    }

    @Test(
        "Usage errors (exit 64) before anything is sent",
        arguments: [
            (
                ["list", "--coordinator", "https://localhost:1"],
                "give an API key with --api-key-file PATH or --api-key-env NAME"
            ),
            (["list", "--coordinator", "https://localhost:1", "--user", "ops"], "the password of user \"ops\""),
            (["list", "--password-file", "PW"], "give the coordinator with --coordinator"),
            (
                ["list", "--coordinator", "https://admin:pw@localhost:1", "--password-file", "PW"],
                "credentials in the URL"
            ),
            (["list", "--coordinator", "ftp://localhost", "--password-file", "PW"], "scheme \"ftp\" is not supported"),
            (["list", "--coordinator", "h", "--password-file", "PW", "--password-env", "X"], "only one of"),
            (["list", "--coordinator", "h", "--password-env", "UNSET_VARIABLE"], "UNSET_VARIABLE is not set"),
            (
                ["list", "--coordinator", "h", "--api-key-file", "K", "--api-key-env", "X"],
                "only one of --api-key-file"
            ),
            (["list", "--coordinator", "h", "--api-key-env", "UNSET_KEY_VARIABLE"], "UNSET_KEY_VARIABLE is not set"),
            (["list", "--coordinator", "h", "--api-key-env", "X", "--user", "ops"], "not both"),
            (["list", "--coordinator", "h", "--password-file", "PW", "--timeout", "0"], "--timeout"),
            (["list", "--coordinator", "h", "--password-file", "PW", "--insecure", "--cacert", "PW"], "not both"),
            (
                ["request", "--coordinator", "h", "--password-file", "PW", "--roles", "a"],
                "--persistent and --ephemeral"
            ),
            (
                [
                    "request", "--coordinator", "h", "--password-file", "PW", "--roles", "a", "--ephemeral",
                    "--validity", "69y",
                ],
                "--validity"
            ),
            (
                [
                    "request", "--coordinator", "h", "--password-file", "PW", "--roles", "a", "--ephemeral",
                    "--validity", "24856d",
                ],
                "at most 2147483647 s"
            ),
            (["request", "--coordinator", "h", "--password-file", "PW", "--roles", "a, b", "--persistent"], "a space"),
            (
                ["verify", "--secret-file", "Fixtures/secret.txt", "--coordinator", "h", "x.y.z"],
                "only with --check-active"
            ),
            (["revoke", "--coordinator", "h", "--password-file", "PW", "bad id"], "neither a token nor a token id"),
            (["revoke", "--coordinator", "h", "--password-file", "-", "-"], "cannot both come from standard input"),
        ]
    )
    func usage(arguments: [String], phrase: String) throws {
        let scratch = try TemporaryDirectory()
        let password = try scratch.write("pw", to: "pw")
        let result = try ToolRunner.run(arguments.map { $0 == "PW" ? password : $0 })
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains(phrase), "\(result)")
    }

    @Test("An unreadable password file or CA file: exit 66, naming the path")
    func unreadableFiles() throws {
        let missingPassword = try ToolRunner.run([
            "list", "--coordinator", "h", "--password-file", "/nonexistent/password",
        ])
        #expect(missingPassword.exitCode == 66, "\(missingPassword)")
        #expect(missingPassword.stderr.contains("/nonexistent/password"), "\(missingPassword)")
        let scratch = try TemporaryDirectory()
        let password = try scratch.write("pw", to: "pw")
        let missingCA = try ToolRunner.run([
            "list", "--coordinator", "h", "--password-file", password, "--cacert", "/nonexistent/ca.pem",
        ])
        #expect(missingCA.exitCode == 66, "\(missingCA)")
        #expect(missingCA.stderr.contains("--cacert /nonexistent/ca.pem"), "\(missingCA)")
    }

    @Test("A whole token that does not decode: revoke exits 3 without contacting anyone")
    func revokeMalformed() throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try C.run("revoke", coordinator, ["eyJhbGciOiJIUzI1NiJ9.not-base64!.x"])
        #expect(result.exitCode == 3, "\(result)")
        #expect(try coordinator.requests().isEmpty)
    }
}
