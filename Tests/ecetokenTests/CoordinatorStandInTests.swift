import Foundation
import Testing

/// What one `curl` run produced.
private struct CurlResult: CustomStringConvertible {
    /// curl's exit code: 0, or 7 (cannot connect), 28 (timeout), 60 (certificate not verified), …
    let exitCode: Int32
    /// The HTTP status, 0 when no response arrived.
    let httpStatus: Int
    /// The response header block as received.
    let headers: String
    /// The response body, byte for byte.
    let body: Data
    /// curl's own messages (`-sS`: errors only).
    let stderr: String

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as one JSON object.
    func jsonObject() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw ToolRunnerError("the body is not one JSON object:\n\(bodyText)")
        }
        return object
    }

    /// The `code` of the first error in an ECE error body.
    func errorCode() throws -> String? {
        let errors = try jsonObject()["errors"] as? [[String: Any]]
        return errors?.first?["code"] as? String
    }

    /// The value of the first header line named `name` (case-insensitive).
    func header(_ name: String) -> String? {
        for line in headers.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    var description: String {
        "curl exit \(exitCode), HTTP \(httpStatus)\n--- headers ---\n\(headers)\n--- body ---\n\(bodyText)\n"
            + "--- stderr ---\n\(stderr)"
    }
}

/// Runs `/usr/bin/curl`, the stand-in's client until ecetoken has its own.
private enum Curl {
    /// Runs curl with `arguments` after `-q -sS` (no `.curlrc`, errors only) and a 10 s limit; the body,
    /// headers and status are captured in files. The environment holds only `PATH`, so no proxy applies.
    static func run(_ arguments: [String]) throws -> CurlResult {
        let scratch = try TemporaryDirectory()
        let bodyPath = try scratch.write("", to: "body")
        let headersPath = try scratch.write("", to: "headers")
        let statusPath = try scratch.write("", to: "status")
        let stderrPath = try scratch.write("", to: "stderr")
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: statusPath))
        let errors = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        defer {
            try? output.close()
            try? errors.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments =
            ["-q", "-sS", "--max-time", "10", "-o", bodyPath, "-D", headersPath, "-w", "%{http_code}"] + arguments
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        return CurlResult(
            exitCode: process.terminationStatus,
            httpStatus: Int(try String(contentsOfFile: statusPath, encoding: .utf8)) ?? 0,
            headers: try String(contentsOfFile: headersPath, encoding: .utf8),
            body: try Data(contentsOf: URL(fileURLWithPath: bodyPath)),
            stderr: try String(contentsOfFile: stderrPath, encoding: .utf8)
        )
    }

    /// One API call to `coordinator`, verified against its test CA, with its credentials unless others are given.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - pathSuffix: appended to the enrollment-tokens path (`/ID` for DELETE).
    ///   - body: a JSON request body, sent verbatim.
    ///   - credentials: `user:password` for `-u`; `nil` uses the stand-in's own; `""` sends none.
    ///   - extra: more curl arguments (`--max-time 1`, …).
    static func api(
        _ coordinator: CoordinatorStandIn,
        _ method: String = "GET",
        _ pathSuffix: String = "",
        body: String? = nil,
        credentials: String? = nil,
        extra: [String] = []
    ) throws -> CurlResult {
        var arguments = ["--cacert", coordinator.caCertificatePath, "-X", method]
        let userPassword = credentials ?? "\(coordinator.user):\(coordinator.password)"
        if !userPassword.isEmpty { arguments += ["-u", userPassword] }
        if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
        return try run(arguments + extra + [coordinator.tokensURL + pathSuffix])
    }
}

/// A token taken apart: the exact header and claims text, the claims parsed, and the signature bytes.
private struct DecodedToken {
    let headerText: String
    let claimsText: String
    let claims: [String: Any]
    let signature: [UInt8]
    let signingInput: String

    init(_ token: String) throws {
        let parts = TestTokens.segments(token)
        guard parts.count == 3, let header = TestBase64URL.decode(parts[0]),
            let claims = TestBase64URL.decode(parts[1]), let signature = TestBase64URL.decode(parts[2])
        else { throw ToolRunnerError("not a compact token: \(token)") }
        headerText = String(decoding: header, as: UTF8.self)
        claimsText = String(decoding: claims, as: UTF8.self)
        guard let object = try JSONSerialization.jsonObject(with: Data(claims)) as? [String: Any] else {
            throw ToolRunnerError("claims are not a JSON object: \(claimsText)")
        }
        self.claims = object
        self.signature = signature
        signingInput = TestTokens.signingInput(token)
    }

    /// Whether the signature is HMAC-SHA256 of the signing input with `secret`'s UTF-8 bytes as the key.
    func verifies(withSecret secret: String) -> Bool {
        TestHMAC.mac(.hs256, key: Array(secret.utf8), message: Array(signingInput.utf8)) == signature
    }
}

@Suite("Coordinator stand-in")
struct CoordinatorStandInTests {
    @Test("TLS verifies against the test CA, by name and by address")
    func tlsWithTestCA() throws {
        let coordinator = try CoordinatorStandIn.start()
        for base in [coordinator.url, coordinator.ipURL] {
            let result = try Curl.run([
                "--cacert", coordinator.caCertificatePath, "-u", "\(coordinator.user):\(coordinator.password)",
                base + CoordinatorStandIn.tokensPath,
            ])
            #expect(result.exitCode == 0, "\(result)")
            #expect(result.httpStatus == 200, "\(result)")
            #expect(try result.jsonObject()["tokens"] as? [Any] != nil, "\(result)")
        }
        #expect(coordinator.url == "https://localhost:\(coordinator.port)")
        #expect(coordinator.ipURL == "https://127.0.0.1:\(coordinator.port)")
        #expect(try coordinator.requests().count == 2)
    }

    @Test("TLS fails without the test CA and with an unrelated CA: curl exit 60, nothing reaches the API")
    func tlsWithoutTestCA() throws {
        let coordinator = try CoordinatorStandIn.start()
        let credentials = "\(coordinator.user):\(coordinator.password)"
        let systemStore = try Curl.run(["-u", credentials, coordinator.tokensURL])
        #expect(systemStore.exitCode == 60, "\(systemStore)")
        #expect(systemStore.stderr.contains("SSL certificate problem"), "\(systemStore)")
        let otherCA = try Curl.run(["--cacert", coordinator.otherCACertificatePath, "-u", credentials, coordinator.url])
        #expect(otherCA.exitCode == 60, "\(otherCA)")
        #expect(otherCA.httpStatus == 0)
        #expect(try coordinator.requests().isEmpty)
        #expect(coordinator.standardError.contains("unknown ca"), "\(coordinator.standardError)")
    }

    @Test("TLS fails when the certificate does not name the host: curl exit 60, 'no alternative … name matches'")
    func tlsWrongName() throws {
        let wrongName = try TestCertificateAuthority.shared.wrongNameCertificatePath
        let coordinator = try CoordinatorStandIn.start(options: ["--cert", wrongName])
        let result = try Curl.api(coordinator)
        #expect(result.exitCode == 60, "\(result)")
        #expect(result.stderr.contains("no alternative certificate subject name matches"), "\(result)")
        #expect(try coordinator.requests().isEmpty)
    }

    @Test("--plain-http serves http:// URLs; an https:// client gets a TLS error (curl exit 35)")
    func plainHTTP() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--plain-http"])
        #expect(coordinator.url == "http://localhost:\(coordinator.port)")
        let plain = try Curl.run(["-u", "\(coordinator.user):\(coordinator.password)", coordinator.tokensURL])
        #expect(plain.httpStatus == 200, "\(plain)")
        let tls = try Curl.run([
            "--cacert", coordinator.caCertificatePath, "https://localhost:\(coordinator.port)/",
        ])
        #expect(tls.exitCode == 35, "\(tls)")
        #expect(try coordinator.requests().count == 1)
    }

    @Test(
        "Basic auth: a wrong password, an unknown user or no credentials get 401, ECE's body and a Basic challenge",
        arguments: ["admin:wrong", "root:\(CoordinatorStandIn.defaultPassword)", ""]
    )
    func unauthenticated(credentials: String) throws {
        let coordinator = try CoordinatorStandIn.start()
        let result = try Curl.api(coordinator, "POST", body: #"{"persistent":true}"#, credentials: credentials)
        #expect(result.httpStatus == 401, "\(result)")
        #expect(try result.errorCode() == "root.unauthenticated", "\(result)")
        #expect(result.header("WWW-Authenticate") == #"Basic realm="ECE""#, "\(result)")
        let requests = try coordinator.requests()
        #expect(requests.count == 1)
        #expect(requests.first?["authorized"] as? Bool == false)
        // Nothing was created by the rejected POST.
        #expect((try Curl.api(coordinator).jsonObject()["tokens"] as? [Any])?.isEmpty == true)
    }

    @Test("Basic auth: the user name ends at the first colon, so a password may hold colons")
    func passwordWithColon() throws {
        let coordinator = try CoordinatorStandIn.start(user: "ece-admin", password: "pass:word with spaces")
        #expect(try String(contentsOfFile: coordinator.passwordFilePath, encoding: .utf8) == "pass:word with spaces")
        let mode = try FileManager.default.attributesOfItem(atPath: coordinator.passwordFilePath)[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o600)
        #expect(try Curl.api(coordinator).httpStatus == 200)
        #expect(try Curl.api(coordinator, credentials: "ece-admin:pass").httpStatus == 401)
        #expect(try Curl.api(coordinator, credentials: "admin:pass:word with spaces").httpStatus == 401)
    }

    @Test("Persistent token: POST returns it with its id, GET lists it, DELETE by id removes it, again is 404")
    func persistentLifecycle() throws {
        let coordinator = try CoordinatorStandIn.start()
        let created = try Curl.api(coordinator, "POST", body: #"{"persistent":true,"roles":["allocator","proxy"]}"#)
        #expect(created.httpStatus == 200, "\(created)")
        let reply = try created.jsonObject()
        let token = try #require(reply["token"] as? String)
        let tokenID = try #require(reply["token_id"] as? String)
        let decoded = try DecodedToken(token)
        #expect(decoded.headerText == TestTokens.eceHeader)
        #expect(
            decoded.claimsText
                == #"{"sub":"\#(tokenID)","roles":["allocator","proxy"],"iss":"current","persistent":true}"#
        )
        #expect(UUID(uuidString: tokenID) != nil)

        let listed = try Curl.api(coordinator).jsonObject()
        let tokens = try #require(listed["tokens"] as? [[String: Any]])
        #expect(tokens.count == 1)
        #expect(tokens.first?["token_id"] as? String == tokenID)
        #expect(tokens.first?["roles"] as? [String] == ["allocator", "proxy"])
        #expect(tokens.first?["token"] == nil, "GET never returns token text")

        let deleted = try Curl.api(coordinator, "DELETE", "/" + tokenID)
        #expect(deleted.httpStatus == 200, "\(deleted)")
        #expect(deleted.bodyText == "{}")
        #expect((try Curl.api(coordinator).jsonObject()["tokens"] as? [Any])?.isEmpty == true)

        let again = try Curl.api(coordinator, "DELETE", "/" + tokenID)
        #expect(again.httpStatus == 404, "\(again)")
        #expect(try again.errorCode() == "enrollment_tokens.invalid_token_id")
    }

    @Test("DELETE takes the whole token text too; seeded ids are listed first, in order, and can be deleted")
    func deleteByTokenAndSeeds() throws {
        let coordinator = try CoordinatorStandIn.start(options: [
            "--seed-token", "11111111-1111-4111-8111-111111111111:allocator",
            "--seed-token", "22222222-2222-4222-8222-222222222222:",
        ])
        let created = try Curl.api(coordinator, "POST", body: #"{"persistent":true,"roles":[]}"#).jsonObject()
        let token = try #require(created["token"] as? String)
        let tokenID = try #require(created["token_id"] as? String)

        let tokens = try #require(try Curl.api(coordinator).jsonObject()["tokens"] as? [[String: Any]])
        #expect(
            tokens.compactMap { $0["token_id"] as? String } == [
                "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222", tokenID,
            ]
        )
        #expect(tokens.compactMap { $0["roles"] as? [String] } == [["allocator"], [], []])

        #expect(try Curl.api(coordinator, "DELETE", "/" + token).httpStatus == 200)
        #expect(try Curl.api(coordinator, "DELETE", "/11111111-1111-4111-8111-111111111111").httpStatus == 200)
        let left = try #require(try Curl.api(coordinator).jsonObject()["tokens"] as? [[String: Any]])
        #expect(left.compactMap { $0["token_id"] as? String } == ["22222222-2222-4222-8222-222222222222"])
        let log = try coordinator.requests()
        #expect(log.contains { ($0["path"] as? String) == CoordinatorStandIn.tokensPath + "/" + token })
    }

    @Test("Ephemeral token: exp is the clock plus validity_in_seconds (3600 by default), no token_id, not listed")
    func ephemeral() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--now", "1800000000"])
        let short = try Curl.api(
            coordinator,
            "POST",
            body: #"{"persistent":false,"roles":["proxy","director"],"validity_in_seconds":60}"#
        )
        #expect(short.httpStatus == 200, "\(short)")
        let reply = try short.jsonObject()
        #expect(reply["token_id"] == nil)
        let decoded = try DecodedToken(try #require(reply["token"] as? String))
        let sub = try #require(decoded.claims["sub"] as? String)
        #expect(
            decoded.claimsText
                == #"{"sub":"\#(sub)","roles":["proxy","director"],"iss":"current","persistent":false,"exp":1800000060}"#
        )

        let hour = try Curl.api(coordinator, "POST", body: #"{"persistent":false}"#).jsonObject()
        let defaultValidity = try DecodedToken(try #require(hour["token"] as? String))
        #expect(defaultValidity.claims["exp"] as? Int == 1_800_003_600)
        #expect(defaultValidity.claims["roles"] as? [String] == [])
        #expect((try Curl.api(coordinator).jsonObject()["tokens"] as? [Any])?.isEmpty == true)
    }

    @Test("Signatures verify with the installation secret as written; --sign-with-secret-file signs with another")
    func signatures() throws {
        let coordinator = try CoordinatorStandIn.start()
        #expect(try String(contentsOfFile: coordinator.secretFilePath, encoding: .utf8) == coordinator.secret + "\n")
        #expect(coordinator.secret.count == 44)
        let reply = try Curl.api(coordinator, "POST", body: #"{"persistent":true,"roles":["allocator"]}"#)
        let token = try DecodedToken(try #require(try reply.jsonObject()["token"] as? String))
        #expect(token.verifies(withSecret: coordinator.secret))
        #expect(!token.verifies(withSecret: coordinator.secret + "\n"), "the trailing newline is not part of the key")
        #expect(!token.verifies(withSecret: String(coordinator.secret.dropLast())))

        let otherSecret = "b3RoZXItaW5zdGFsbGF0aW9uLXNlY3JldC0wMDAwMDA="
        let scratch = try TemporaryDirectory()
        let otherFile = try scratch.write(otherSecret, to: "other-secret")
        let foreign = try CoordinatorStandIn.start(options: ["--sign-with-secret-file", otherFile])
        let foreignReply = try Curl.api(foreign, "POST", body: #"{"persistent":false}"#)
        let foreignToken = try DecodedToken(try #require(try foreignReply.jsonObject()["token"] as? String))
        #expect(!foreignToken.verifies(withSecret: foreign.secret))
        #expect(foreignToken.verifies(withSecret: otherSecret))
    }

    @Test("Malformed POST bodies get 400 enrollment_tokens.invalid_token_request and create nothing")
    func malformedBodies() throws {
        let coordinator = try CoordinatorStandIn.start()
        let bodies = [
            "not json",
            "[]",
            "{}",
            #"{"roles":["allocator"]}"#,
            #"{"persistent":"true"}"#,
            #"{"persistent":1}"#,
            #"{"persistent":true,"roles":"allocator"}"#,
            #"{"persistent":true,"roles":[1]}"#,
            #"{"persistent":true,"validity_in_seconds":60}"#,
            #"{"persistent":false,"validity_in_seconds":0}"#,
            #"{"persistent":false,"validity_in_seconds":-5}"#,
            #"{"persistent":false,"validity_in_seconds":2147483648}"#,
            #"{"persistent":false,"validity_in_seconds":"60"}"#,
            #"{"persistent":false,"validity_in_seconds":true}"#,
            #"{"persistent":false,"validity_in_seconds":1.5}"#,
        ]
        for body in bodies {
            let result = try Curl.api(coordinator, "POST", body: body)
            #expect(result.httpStatus == 400, "body \(body): \(result)")
            #expect(try result.errorCode() == "enrollment_tokens.invalid_token_request", "body \(body)")
        }
        let largest = try Curl.api(coordinator, "POST", body: #"{"persistent":false,"validity_in_seconds":2147483647}"#)
        #expect(largest.httpStatus == 200, "\(largest)")
        #expect((try Curl.api(coordinator).jsonObject()["tokens"] as? [Any])?.isEmpty == true)
    }

    @Test("Other paths and methods get 404 root.resource_not_found")
    func unknownResources() throws {
        let coordinator = try CoordinatorStandIn.start()
        let credentials = [
            "--cacert", coordinator.caCertificatePath, "-u", "\(coordinator.user):\(coordinator.password)",
        ]
        for (method, url) in [
            ("GET", coordinator.url + "/api/v1/platform"),
            ("PUT", coordinator.tokensURL),
            ("DELETE", coordinator.tokensURL),
            ("GET", coordinator.tokensURL + "/some-id"),
        ] {
            let result = try Curl.run(credentials + ["-X", method, url])
            #expect(result.httpStatus == 404, "\(method) \(url): \(result)")
            #expect(try result.errorCode() == "root.resource_not_found", "\(method) \(url)")
        }
    }

    @Test("--grant-extra-role puts the role first, ahead of the requested ones, in the token and in the list")
    func grantExtraRole() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--grant-extra-role", "proxy"])
        let reply = try Curl.api(coordinator, "POST", body: #"{"persistent":true,"roles":["allocator"]}"#).jsonObject()
        let token = try DecodedToken(try #require(reply["token"] as? String))
        #expect(token.claims["roles"] as? [String] == ["proxy", "allocator"])
        #expect(token.verifies(withSecret: coordinator.secret))
        let tokens = try #require(try Curl.api(coordinator).jsonObject()["tokens"] as? [[String: Any]])
        #expect(tokens.first?["roles"] as? [String] == ["proxy", "allocator"])
    }

    @Test("--fail answers that method with the status and ECE error code; other methods and bad auth are unaffected")
    func failures() throws {
        let coordinator = try CoordinatorStandIn.start(options: [
            "--fail", "POST:449:root.needs_elevated_privileges", "--fail", "GET:500:root.unexpected",
        ])
        let post = try Curl.api(coordinator, "POST", body: #"{"persistent":true}"#)
        #expect(post.httpStatus == 449, "\(post)")
        #expect(try post.errorCode() == "root.needs_elevated_privileges")
        #expect(post.bodyText.contains("elevated permissions"))
        #expect(post.header("X-Cloud-Error-Codes") == "root.needs_elevated_privileges")
        let get = try Curl.api(coordinator)
        #expect(get.httpStatus == 500, "\(get)")
        #expect(try get.errorCode() == "root.unexpected")
        let delete = try Curl.api(coordinator, "DELETE", "/unknown-id")
        #expect(delete.httpStatus == 404)
        #expect(try delete.errorCode() == "enrollment_tokens.invalid_token_id")
        #expect(try Curl.api(coordinator, credentials: "admin:wrong").httpStatus == 401)

        let signing = try CoordinatorStandIn.start(options: [
            "--fail", "POST:403:enrollment_tokens.signing_key_not_found",
        ])
        let forbidden = try Curl.api(signing, "POST", body: #"{"persistent":false}"#)
        #expect(forbidden.httpStatus == 403, "\(forbidden)")
        #expect(try forbidden.errorCode() == "enrollment_tokens.signing_key_not_found")
    }

    @Test("--reply-garbage sends a 200 HTML page; --reply-wrong-json sends 200 JSON of the wrong shape")
    func garbageReplies() throws {
        let coordinator = try CoordinatorStandIn.start(options: [
            "--reply-garbage", "POST", "--reply-wrong-json", "GET",
        ])
        let post = try Curl.api(coordinator, "POST", body: #"{"persistent":true}"#)
        #expect(post.httpStatus == 200, "\(post)")
        #expect(post.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(post.bodyText.contains("<html>"))
        #expect((try? JSONSerialization.jsonObject(with: post.body)) == nil, "the garbage must not parse as JSON")
        let get = try Curl.api(coordinator)
        #expect(get.httpStatus == 200, "\(get)")
        #expect(get.bodyText == #"{"tokens":"x"}"#)

        let wrongPost = try CoordinatorStandIn.start(options: ["--reply-wrong-json", "POST"])
        #expect(try Curl.api(wrongPost, "POST", body: #"{"persistent":true}"#).bodyText == #"{"token":42}"#)
    }

    @Test("--hang completes TLS and reads the request but never answers; the stand-in exits when stdin closes")
    func hang() throws {
        let coordinator = try CoordinatorStandIn.start(options: ["--hang"])
        let started = Date()
        let result = try Curl.api(coordinator, extra: ["--max-time", "1"])
        #expect(result.exitCode == 28, "\(result)")
        #expect(result.stderr.contains("Operation timed out"), "\(result)")
        #expect(result.httpStatus == 0)
        #expect(Date().timeIntervalSince(started) < 5)
        // The request arrived over a verified TLS connection: it is in the log.
        #expect(try coordinator.requests().map { $0["method"] as? String } == ["GET"])
        #expect(coordinator.isRunning)
        #expect(coordinator.closeStandardInput(waitingUpTo: 5), "the stand-in ignored the end of its stdin")
        #expect(!coordinator.isRunning)
    }

    @Test("The request log holds method, path, raw body and authorization; the password never appears in it")
    func requestLog() throws {
        let coordinator = try CoordinatorStandIn.start()
        let body = #"{"persistent": false, "roles": ["allocator"], "validity_in_seconds": 600}"#
        _ = try Curl.api(coordinator, "POST", body: body)
        _ = try Curl.api(coordinator, "DELETE", "/x", credentials: "admin:nope")
        let requests = try coordinator.requests()
        #expect(requests.count == 2)
        #expect(requests.first?["method"] as? String == "POST")
        #expect(requests.first?["path"] as? String == CoordinatorStandIn.tokensPath)
        #expect(requests.first?["body"] as? String == body)
        #expect(requests.first?["authorized"] as? Bool == true)
        let headers = try #require(requests.first?["headers"] as? [[String]])
        #expect(headers.contains { $0.first?.lowercased() == "authorization" && $0.last?.hasPrefix("Basic ") == true })
        #expect(requests.last?["method"] as? String == "DELETE")
        #expect(requests.last?["path"] as? String == CoordinatorStandIn.tokensPath + "/x")
        #expect(requests.last?["authorized"] as? Bool == false)
        let raw = try String(contentsOfFile: coordinator.logPath, encoding: .utf8)
        #expect(!raw.contains(coordinator.password))
    }

    @Test("start fails fast, quoting the stand-in's stderr, when it cannot start")
    func startFailure() throws {
        let started = Date()
        do {
            _ = try CoordinatorStandIn.start(options: ["--no-such-switch"])
            Issue.record("start succeeded with an unknown switch")
        } catch {
            #expect("\(error)".contains("exited (status 2) before printing PORT"), "\(error)")
            #expect("\(error)".contains("unrecognized arguments: --no-such-switch"), "\(error)")
        }
        #expect(Date().timeIntervalSince(started) < CoordinatorStandIn.startTimeout)
    }

    @Test("closedPort gives a port nobody listens on: curl cannot connect (exit 7)")
    func closedPort() throws {
        let port = CoordinatorStandIn.closedPort()
        #expect((1...65_535).contains(port))
        let result = try Curl.run(["https://127.0.0.1:\(port)/"])
        #expect(result.exitCode == 7, "\(result)")
    }
}
