import ECETokenKit
import Testing

@Suite("CoordinatorError: one clear message per failure, naming the coordinator and what to do, never a password")
struct CoordinatorErrorTests {
    static let password = "hunter2-Sup3r-Secret"
    static let endpoint = try! CoordinatorEndpoint(parsing: "https://ece-1.example:12443", source: "the endpoint")
    static let settings = TransportSettings(
        credentials: try! CoordinatorCredentials(user: "admin", passwordBytes: Array(password.utf8)),
        connectTimeoutMilliseconds: 10_000,
        timeoutMilliseconds: 1_500,
        userAgent: "ecetoken/test"
    )

    static func body(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(
        "Transport failures: code, category and the advice",
        arguments: [
            (TransportFailure.Kind.unavailable, CoordinatorError.Code.libcurlUnavailable, "install libcurl"),
            (.nameResolution, .nameResolution, "does not resolve"),
            (.connectionRefused, .connectionRefused, "connection was refused"),
            (.connectionFailed, .connectionFailed, "check the host, the port and the network"),
            (.other, .connectionFailed, "check the host, the port and the network"),
            (.exchangeFailed, .exchangeFailed, "without a complete HTTP reply"),
            (.totalTimedOut, .timedOut, "did not answer within 1.5 s"),
            (.connectTimedOut, .timedOut, "could not be connected to within 10 s"),
            (.tlsUntrusted, .tlsUntrusted, "trust the coordinator's CA certificate"),
            (.tlsHostnameMismatch, .tlsHostnameMismatch, "does not name the host \"ece-1.example\""),
            (.tlsHandshake, .tlsHandshake, "check that the port serves HTTPS"),
            (.tlsCAFile, .tlsCAFile, "give a PEM file"),
            (.tooLarge, .replyTooLarge, "larger than 4194304 bytes"),
        ]
    )
    func transport(kind: TransportFailure.Kind, code: CoordinatorError.Code, phrase: String) {
        let error = CoordinatorError(
            TransportFailure(kind, detail: "libcurl says \u{1B}[31mred"),
            endpoint: Self.endpoint,
            settings: Self.settings
        )
        #expect(error.code == code)
        #expect(error.reason.contains(phrase), "\(error.reason)")
        #expect(kind == .unavailable || error.reason.contains("https://ece-1.example:12443"), "\(error.reason)")
        #expect(!error.reason.contains("\u{1B}"))
        #expect(!error.reason.contains(Self.password))
        #expect(!error.reason.contains("--"), "the library names no command-line option: \(error.reason)")
        #expect(error.httpStatus == nil)
        #expect(error.endpoint == Self.endpoint)
    }

    @Test("Categories: unreachable, tls, status and reply, which the tool maps to exit codes 4 to 7")
    func categories() {
        #expect(CoordinatorError.Code.timedOut.category == .unreachable)
        #expect(CoordinatorError.Code.libcurlUnavailable.category == .unreachable)
        #expect(CoordinatorError.Code.tlsHostnameMismatch.category == .tls)
        #expect(CoordinatorError.Code.elevatedPermissionsRequired.category == .status)
        #expect(CoordinatorError.Code.invalidTokenID.category == .status)
        #expect(CoordinatorError.Code.replyTooLarge.category == .reply)
        #expect(CoordinatorError.Code.unexpectedReply.description == "unexpected_reply")
    }

    @Test("Which timeout fired, and its limit, are values; the reason says which in words")
    func timeouts() {
        let connect = CoordinatorError(
            TransportFailure(.connectTimedOut, detail: "", libcurlCode: 28, timeoutMilliseconds: 10_000),
            endpoint: Self.endpoint,
            settings: Self.settings
        )
        #expect(connect.code == .timedOut)
        #expect(connect.connectTimeoutMilliseconds == 10_000 && connect.totalTimeoutMilliseconds == nil)
        #expect(connect.libcurlCode == 28)
        #expect(connect.reason.contains("could not be connected to within 10 s"), "\(connect.reason)")
        let total = CoordinatorError(
            TransportFailure(.totalTimedOut, detail: "", libcurlCode: 28, timeoutMilliseconds: 1_500),
            endpoint: Self.endpoint,
            settings: Self.settings
        )
        #expect(total.totalTimeoutMilliseconds == 1_500 && total.connectTimeoutMilliseconds == nil)
        #expect(total.reason.contains("did not answer within 1.5 s"), "\(total.reason)")
    }

    @Test("An untrusted certificate with a CA file names the file, and carries the verify result")
    func untrustedWithCAFile() {
        var settings = Self.settings
        settings.caFile = "/etc/ece/ca.pem"
        let error = CoordinatorError(
            TransportFailure(.tlsUntrusted, detail: "SSL certificate problem", libcurlCode: 60, tlsVerifyResult: 20),
            endpoint: Self.endpoint,
            settings: settings
        )
        #expect(error.reason.contains("is not signed by the CA in \"/etc/ece/ca.pem\""), "\(error.reason)")
        #expect(error.reason.contains("X509 verify result 20, unable to get local issuer certificate"))
        #expect(error.caFile == "/etc/ece/ca.pem")
        #expect(error.tlsVerifyResult == 20)
        #expect(error.libcurlCode == 60)
    }

    @Test(
        "Error statuses: code, ECE's error code, and the advice",
        arguments: [
            (
                400, #"{"errors":[{"code":"enrollment_tokens.invalid_token_request","message":"bad"}]}"#,
                CoordinatorError.Code.badRequest, "check the roles and the validity requested"
            ),
            (
                401, #"{"errors":[{"code":"root.unauthenticated","message":"no"}]}"#, .unauthorized,
                "check the user name and the password"
            ),
            (
                403, #"{"errors":[{"code":"enrollment_tokens.signing_key_not_found","message":"x"}]}"#,
                .signingKeyNotFound, "the installation has no token signing key"
            ),
            (403, #"{"errors":[{"code":"root.forbidden","message":"x"}]}"#, .forbidden, "platform administrator"),
            (
                404, #"{"errors":[{"code":"enrollment_tokens.invalid_token_id","message":"x"}]}"#,
                .invalidTokenID, "already revoked, the id is mistyped, or the token belongs to another installation"
            ),
            (
                404, #"{"errors":[{"code":"root.resource_not_found","message":"x"}]}"#, .notFound,
                "no enrollment-tokens API"
            ),
            (
                449, #"{"errors":[{"code":"root.needs_elevated_privileges","message":"x"}]}"#,
                .elevatedPermissionsRequired, "elevated permissions"
            ),
            (500, "<html>Internal error</html>", .httpStatus, "retry later"),
            (502, "", .httpStatus, "(502)"),
            (302, "", .httpStatus, "redirect"),
            (418, "{}", .httpStatus, "answered HTTP 418"),
        ]
    )
    func statuses(status: Int, body: String, code: CoordinatorError.Code, phrase: String) {
        let error = CoordinatorError(
            status: status,
            body: Self.body(body),
            operation: .revoke(tokenID: "4c8990df-1fb7-4820-b868-6bc9e8860814"),
            endpoint: Self.endpoint,
            user: "admin"
        )
        #expect(error.code == code)
        #expect(error.code.category == .status)
        #expect(error.httpStatus == status)
        #expect(error.reason.contains(phrase), "\(error.reason)")
        #expect(error.reason.contains("https://ece-1.example:12443"))
        #expect(!error.reason.contains(Self.password))
        #expect(!error.reason.contains("--"), "the library names no command-line option: \(error.reason)")
    }

    @Test("ECE's error message is escaped and cut short; the code is kept for callers")
    func hostileErrorBody() {
        let message = "\u{1B}[2J" + String(repeating: "m", count: 1000)
        let body =
            #"{"errors":[{"code":"root.unauthenticated","message":"\u001b[2J"# + String(repeating: "m", count: 1000)
            + "\"}]}"
        let error = CoordinatorError(
            status: 401,
            body: Self.body(body),
            operation: .list,
            endpoint: Self.endpoint,
            user: "admin"
        )
        #expect(error.eceErrorCode == "root.unauthenticated")
        #expect(!error.reason.contains("\u{1B}"))
        #expect(!error.reason.contains(message))
        #expect(error.reason.count < 500)
    }

    @Test("A wrong-shape reply names the method, the path and what was wrong")
    func unexpectedReply() {
        let error = CoordinatorError(
            replyProblem: ReplyShapeProblem("\"tokens\" is a string (\"x\"), not an array"),
            operation: .list,
            endpoint: Self.endpoint
        )
        #expect(error.code == .unexpectedReply)
        #expect(error.reason.contains("to GET /api/v1/platform/configuration/security/enrollment-tokens"))
        #expect(error.reason.contains("\"tokens\" is a string"))
    }

    @Test("Credentials never show the password, however they are printed")
    func credentialsDescription() throws {
        let credentials = try CoordinatorCredentials(user: "admin", passwordBytes: Array(Self.password.utf8))
        #expect(!"\(credentials)".contains(Self.password))
        #expect(!String(reflecting: credentials).contains(Self.password))
        #expect("\(credentials)".contains("admin"))
    }

    @Test(
        "Refused credentials: empty user, ':' in the user, empty password, NUL in the password",
        arguments: [("", "pw"), ("ad:min", "pw"), ("admin", ""), ("admin", "a\u{0}b")]
    )
    func refusedCredentials(user: String, password: String) {
        #expect(throws: CoordinatorCredentials.Problem.self) {
            try CoordinatorCredentials(user: user, passwordBytes: Array(password.utf8))
        }
    }
}
