/// Why a coordinator operation failed: the coordinator could not be reached, TLS failed, it answered
/// with an error status, or its reply is not what the API sends.
///
/// A struct wrapping a private enum, like ``TokenError``, so codes can be added without breaking
/// callers. Tests assert on ``code``; the command-line tool maps each code's category to an exit code.
/// Every ``reason`` names the coordinator's URL and what to do, in the library's terms (a tool adds
/// advice naming its own options), and never contains a password or secret (the credentials are never
/// formatted into it, only the user name). The values behind it (``endpoint``, ``httpStatus``,
/// ``libcurlCode``, ``tlsVerifyResult``, the timeout that fired, ``caFile``) are properties.
public struct CoordinatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The four kinds of failure, each with its own exit code in the tool.
    package enum Category: String, Sendable, Equatable {
        /// No HTTP exchange happened: libcurl missing, name resolution, connection refused, timeout.
        case unreachable
        /// The TLS connection could not be established or trusted.
        case tls
        /// The coordinator answered with an error status.
        case status
        /// The coordinator's reply is not the JSON the API sends, or is too large.
        case reply
    }

    /// A stable identifier for the kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case libcurlUnavailable = "libcurl_unavailable"
            case nameResolution = "name_resolution"
            case connectionRefused = "connection_refused"
            case connectionFailed = "connection_failed"
            case timedOut = "timed_out"
            case exchangeFailed = "exchange_failed"
            case tlsUntrusted = "tls_untrusted_certificate"
            case tlsHostnameMismatch = "tls_hostname_mismatch"
            case tlsHandshake = "tls_handshake"
            case tlsCAFile = "tls_ca_file"
            case badRequest = "bad_request"
            case unauthorized = "unauthorized"
            case forbidden = "forbidden"
            case signingKeyNotFound = "signing_key_not_found"
            case notFound = "not_found"
            case invalidTokenID = "invalid_token_id"
            case elevatedPermissionsRequired = "elevated_permissions_required"
            case httpStatus = "http_status"
            case unexpectedReply = "unexpected_reply"
            case replyTooLarge = "reply_too_large"
        }
        fileprivate let base: Base

        /// libcurl could not be loaded.
        public static let libcurlUnavailable = Code(base: .libcurlUnavailable)
        /// The coordinator's host name does not resolve.
        public static let nameResolution = Code(base: .nameResolution)
        /// The connection was refused.
        public static let connectionRefused = Code(base: .connectionRefused)
        /// The connection failed otherwise (no route, network unreachable, other transport errors).
        public static let connectionFailed = Code(base: .connectionFailed)
        /// The connect timeout or the total timeout expired (``CoordinatorError/connectTimeoutMilliseconds``
        /// or ``CoordinatorError/totalTimeoutMilliseconds`` says which).
        public static let timedOut = Code(base: .timedOut)
        /// The connection broke during the exchange, or no HTTP reply came.
        public static let exchangeFailed = Code(base: .exchangeFailed)
        /// The coordinator's certificate is not trusted.
        public static let tlsUntrusted = Code(base: .tlsUntrusted)
        /// The coordinator's certificate does not name the host.
        public static let tlsHostnameMismatch = Code(base: .tlsHostnameMismatch)
        /// The TLS handshake failed.
        public static let tlsHandshake = Code(base: .tlsHandshake)
        /// The CA file could not be used.
        public static let tlsCAFile = Code(base: .tlsCAFile)
        /// 400, such as `enrollment_tokens.invalid_token_request`.
        public static let badRequest = Code(base: .badRequest)
        /// 401: the credentials were refused.
        public static let unauthorized = Code(base: .unauthorized)
        /// 403 other than a missing signing key.
        public static let forbidden = Code(base: .forbidden)
        /// 403 `enrollment_tokens.signing_key_not_found`: the installation cannot sign tokens.
        public static let signingKeyNotFound = Code(base: .signingKeyNotFound)
        /// 404 other than an unknown token id: no such API here.
        public static let notFound = Code(base: .notFound)
        /// 404 `enrollment_tokens.invalid_token_id`: no persistent token has that id.
        public static let invalidTokenID = Code(base: .invalidTokenID)
        /// 449: ECE wants elevated permissions.
        public static let elevatedPermissionsRequired = Code(base: .elevatedPermissionsRequired)
        /// Any other status that is not 2xx (5xx, 3xx, ...).
        public static let httpStatus = Code(base: .httpStatus)
        /// The reply is not the JSON the API sends.
        public static let unexpectedReply = Code(base: .unexpectedReply)
        /// The reply is larger than the limit.
        public static let replyTooLarge = Code(base: .replyTooLarge)

        /// The snake_case name, such as `signing_key_not_found`.
        public var description: String { base.rawValue }

        /// Which of the four kinds of failure this is.
        package var category: Category {
            switch base {
            case .libcurlUnavailable, .nameResolution, .connectionRefused, .connectionFailed, .timedOut,
                .exchangeFailed:
                return .unreachable
            case .tlsUntrusted, .tlsHostnameMismatch, .tlsHandshake, .tlsCAFile:
                return .tls
            case .badRequest, .unauthorized, .forbidden, .signingKeyNotFound, .notFound, .invalidTokenID,
                .elevatedPermissionsRequired, .httpStatus:
                return .status
            case .unexpectedReply, .replyTooLarge:
                return .reply
            }
        }
    }

    /// The values a failure carries besides its code, for callers that word their own advice.
    package struct Values: Sendable, Equatable {
        /// The coordinator.
        package var endpoint: CoordinatorEndpoint?
        /// The HTTP status, when the coordinator answered with an error status.
        package var httpStatus: Int?
        /// Every entry of ECE's `errors` list in the reply body, in order.
        package var eceErrors: [ECEErrorReply.Entry] = []
        /// libcurl's result code.
        package var libcurlCode: Int?
        /// OpenSSL's X509 verify result, when not 0.
        package var tlsVerifyResult: Int?
        /// The connect timeout's limit, when it fired.
        package var connectTimeoutMilliseconds: Int?
        /// The total timeout's limit, when it fired.
        package var totalTimeoutMilliseconds: Int?
        /// The CA file trusted instead of the system's, for a TLS failure.
        package var caFile: String?
        /// The reply size limit, for ``Code/replyTooLarge``.
        package var maximumResponseBytes: Int?
        /// Whether an API key was sent (rather than a user and password).
        package var usedAPIKey = false

        /// No values.
        package init() {}
    }

    /// What went wrong.
    public let code: Code
    /// One or two sentences: what happened at which URL, and what to do.
    public var reason: String { advice.map { "\(summary); \($0)" } ?? summary }
    /// What happened, with the values behind it, without advice.
    package let summary: String
    /// What to do, in the library's terms; `nil` when ``summary`` says it all.
    package let advice: String?
    /// The values behind the failure.
    package let values: Values
    /// ECE's error code from the reply body, when it had one (the first entry's).
    public let eceErrorCode: String?

    /// The coordinator, when the failure concerns one.
    public var endpoint: CoordinatorEndpoint? { values.endpoint }
    /// The HTTP status, when the coordinator answered with an error status.
    public var httpStatus: Int? { values.httpStatus }
    /// Every entry of ECE's `errors` list in the reply body, in order; empty when it had none.
    package var eceErrors: [ECEErrorReply.Entry] { values.eceErrors }
    /// libcurl's result code (`CURLcode`), when libcurl ran the exchange.
    public var libcurlCode: Int? { values.libcurlCode }
    /// The X509 verify result of the coordinator's certificate chain (OpenSSL's `X509_V_*`: 10 expired,
    /// 18 and 19 self-signed, 20 unknown issuer), when it was not 0.
    public var tlsVerifyResult: Int? { values.tlsVerifyResult }
    /// The connect timeout's limit in milliseconds, when that timeout fired.
    public var connectTimeoutMilliseconds: Int? { values.connectTimeoutMilliseconds }
    /// The total timeout's limit in milliseconds, when that timeout fired.
    public var totalTimeoutMilliseconds: Int? { values.totalTimeoutMilliseconds }
    /// The CA file trusted instead of the system's, for a TLS failure.
    public var caFile: String? { values.caFile }
    /// Whether an API key was sent (rather than a user and password).
    package var usedAPIKey: Bool { values.usedAPIKey }

    /// Creates an error.
    public init(_ code: Code, _ reason: String, httpStatus: Int? = nil, eceErrorCode: String? = nil) {
        var values = Values()
        values.httpStatus = httpStatus
        self.init(code, summary: reason, advice: nil, values: values, eceErrorCode: eceErrorCode)
    }

    /// Creates an error from what happened, what to do, and the values.
    package init(_ code: Code, summary: String, advice: String?, values: Values, eceErrorCode: String? = nil) {
        self.code = code
        self.summary = summary
        self.advice = advice
        self.values = values
        self.eceErrorCode = eceErrorCode ?? values.eceErrors.first?.code
    }

    /// The same error with its texts and every text of ``eceErrors`` passed through `redactor`.
    package func redacted(with redactor: CredentialRedactor) -> CoordinatorError {
        var values = values
        values.eceErrors = values.eceErrors.map { entry in
            ECEErrorReply.Entry(
                code: entry.code.map(redactor.redact),
                message: entry.message.map(redactor.redact),
                fields: entry.fields?.map(redactor.redact)
            )
        }
        return CoordinatorError(
            code,
            summary: redactor.redact(summary),
            advice: advice.map(redactor.redact),
            values: values,
            eceErrorCode: eceErrorCode.map(redactor.redact)
        )
    }

    /// The reason.
    public var description: String { reason }
}

extension CoordinatorError {
    /// The error for a request that got no HTTP reply.
    package init(_ failure: TransportFailure, endpoint: CoordinatorEndpoint, settings: TransportSettings) {
        let url = endpoint.baseURL
        var values = Values()
        values.endpoint = endpoint
        values.libcurlCode = failure.libcurlCode
        values.tlsVerifyResult = failure.tlsVerifyResult
        values.usedAPIKey = settings.apiKey != nil
        let detail = EscapedText.escape(failure.detail, limit: 200)
        var facts: [String] = []
        if let verify = failure.tlsVerifyResult { facts.append(Self.verifyResultText(verify)) }
        if !detail.isEmpty { facts.append("libcurl: \(detail)") }
        let said = facts.isEmpty ? "" : " (\(facts.joined(separator: "; ")))"
        let code: Code
        let summary: String
        let advice: String
        switch failure.kind {
        case .unavailable:
            code = .libcurlUnavailable
            summary = "cannot talk to the coordinator \(url): libcurl could not be loaded\(said)"
            advice = "install libcurl (Debian and Ubuntu: apt-get install libcurl4)"
        case .nameResolution:
            code = .nameResolution
            summary =
                "cannot reach the coordinator \(url): the host name \(EscapedText.quoted(endpoint.host)) "
                + "does not resolve\(said)"
            advice = "check the coordinator's host name and the DNS settings"
        case .connectionRefused:
            code = .connectionRefused
            summary =
                "cannot reach the coordinator \(url): the connection was refused (nothing listens on port "
                + "\(endpoint.port), or a firewall rejects it)"
            advice = "check the host and port (ECE's API port is \(CoordinatorEndpoint.defaultPort))"
        case .connectionFailed, .other:
            code = .connectionFailed
            summary = "cannot reach the coordinator \(url)\(said)"
            advice = "check the host, the port and the network"
        case .exchangeFailed:
            code = .exchangeFailed
            summary = "the coordinator \(url) closed the connection without a complete HTTP reply\(said)"
            advice = "check that the port is the coordinator's API port (\(CoordinatorEndpoint.defaultPort))"
        case .connectTimedOut:
            let limit = failure.timeoutMilliseconds ?? settings.connectTimeoutMilliseconds
            values.connectTimeoutMilliseconds = limit
            code = .timedOut
            summary = "the coordinator \(url) could not be connected to within \(Self.seconds(limit))\(said)"
            advice = "check the host, the port and the network, or allow more time to connect"
        case .totalTimedOut:
            let limit = failure.timeoutMilliseconds ?? settings.timeoutMilliseconds
            values.totalTimeoutMilliseconds = limit
            code = .timedOut
            summary = "the coordinator \(url) did not answer within \(Self.seconds(limit))\(said)"
            advice = "check the host, the port and the network, or allow more time"
        case .tlsUntrusted:
            values.caFile = settings.caFile
            code = .tlsUntrusted
            if let caFile = settings.caFile {
                summary =
                    "the TLS certificate of the coordinator \(url) is not signed by the CA in "
                    + "\(EscapedText.quoted(caFile, limit: 200))\(said)"
                advice = "trust the coordinator's own CA certificate (ECE's self-signed CA by default)"
            } else {
                summary =
                    "the TLS certificate of the coordinator \(url) is not trusted by the system's CA "
                    + "certificates\(said)"
                advice = "ECE uses its own self-signed CA by default: trust the coordinator's CA certificate"
            }
        case .tlsHostnameMismatch:
            code = .tlsHostnameMismatch
            summary =
                "the TLS certificate of the coordinator \(url) does not name the host "
                + "\(EscapedText.quoted(endpoint.host))\(said)"
            advice = "connect with a host name the certificate lists"
        case .tlsHandshake:
            code = .tlsHandshake
            summary = "the TLS handshake with the coordinator \(url) failed\(said)"
            advice = "check that the port serves HTTPS (ECE's API port is \(CoordinatorEndpoint.defaultPort))"
        case .tlsCAFile:
            values.caFile = settings.caFile
            code = .tlsCAFile
            let file = settings.caFile.map { " \(EscapedText.quoted($0, limit: 200))" } ?? ""
            summary = "the CA file\(file) could not be used for the coordinator \(url)\(said)"
            advice = "give a PEM file holding the coordinator's CA certificate"
        case .tooLarge:
            values.maximumResponseBytes = settings.maximumResponseBytes
            code = .replyTooLarge
            summary =
                "the reply of the coordinator \(url) is larger than \(settings.maximumResponseBytes) bytes, "
                + "so it was refused (an enrollment-tokens reply is a few KiB)"
            advice = "check that the endpoint is an ECE coordinator"
        }
        self.init(code, summary: summary, advice: advice, values: values)
    }

    /// `X509 verify result 19, self-signed certificate in chain`: the number, and OpenSSL's words for
    /// the usual ones.
    package static func verifyResultText(_ result: Int) -> String {
        let names = [
            9: "certificate is not yet valid",
            10: "certificate has expired",
            18: "self-signed certificate",
            19: "self-signed certificate in chain",
            20: "unable to get local issuer certificate",
            21: "unable to verify the first certificate",
            62: "hostname mismatch",
        ]
        return "X509 verify result \(result)" + (names[result].map { ", \($0)" } ?? "")
    }

    /// The error for an HTTP status that is not 2xx.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - body: the reply body (ECE's error body, or anything).
    ///   - operation: what was asked.
    ///   - endpoint: the coordinator.
    ///   - user: the basic-auth user, if any (never the password).
    ///   - apiKey: whether an API key was sent (a 401 then says to check the key).
    package init(
        status: Int,
        body: [UInt8],
        operation: CoordinatorOperation,
        endpoint: CoordinatorEndpoint,
        user: String?,
        apiKey: Bool = false
    ) {
        let url = endpoint.baseURL
        let eceError = ECEErrorReply(body: body)
        let said: String
        if let eceError {
            said = " (\(status) \(eceError.summary))"
        } else if body.isEmpty {
            said = " (\(status))"
        } else {
            said = " (\(status), reply \(EnrollmentTokenReplies.excerpt(body, limit: 60)))"
        }
        let eceCode = eceError?.code
        let doing = operation.summary
        var values = Values()
        values.endpoint = endpoint
        values.httpStatus = status
        values.eceErrors = eceError?.errors ?? []
        values.usedAPIKey = apiKey
        let code: Code
        let summary: String
        var advice: String?
        switch status {
        case 400:
            code = .badRequest
            summary = "the coordinator \(url) rejected the request \(doing)\(said)"
            advice = "check the roles and the validity requested"
        case 401 where apiKey:
            code = .unauthorized
            summary = "the coordinator \(url) refused the API key\(said)"
            advice = "check the API key (it may have been revoked or have expired)"
        case 401:
            code = .unauthorized
            let who = user.map { " of user \(EscapedText.quoted($0))" } ?? ""
            summary = "the coordinator \(url) refused the credentials\(who)\(said)"
            advice = "check the user name and the password"
        case 403 where eceCode == "enrollment_tokens.signing_key_not_found":
            code = .signingKeyNotFound
            summary =
                "the coordinator \(url) cannot sign enrollment tokens\(said): the installation has no token "
                + "signing key; it is made at install time (bootstrap_tokens_secret on the first host), so the "
                + "installation needs repair before tokens can be requested"
        case 403:
            code = .forbidden
            let who = apiKey ? "this API key" : user.map { "user \(EscapedText.quoted($0))" } ?? "this user"
            summary = "the coordinator \(url) does not allow \(who) to do this\(said) while \(doing)"
            advice = "use a user with the platform administrator role (ECE's admin)"
        case 404 where eceCode == "enrollment_tokens.invalid_token_id":
            code = .invalidTokenID
            summary =
                "the coordinator \(url) lists no persistent token with that id\(said) while \(doing): it was "
                + "already revoked, the id is mistyped, or the token belongs to another installation"
        case 404:
            code = .notFound
            summary =
                "the coordinator \(url) has no enrollment-tokens API at \(EnrollmentTokensAPI.collectionPath)"
                + "\(said)"
            advice =
                "check that the endpoint is an ECE coordinator's API (port \(CoordinatorEndpoint.defaultPort) for "
                + "HTTPS, \(CoordinatorEndpoint.defaultHTTPPort) for HTTP)"
        case 449:
            code = .elevatedPermissionsRequired
            summary = "the coordinator \(url) requires elevated permissions for \(doing)\(said)"
            advice = "elevate the session (ECE's sudo: re-authenticate, for example in the Cloud UI) and retry"
        case 300..<400:
            code = .httpStatus
            summary = "the coordinator \(url) answered with a redirect\(said), which is not followed"
            advice = "give the URL the API answers on"
        case 500..<600:
            code = .httpStatus
            summary = "the coordinator \(url) failed while \(doing)\(said)"
            advice = "retry later, or look at the coordinator's logs"
        default:
            code = .httpStatus
            summary = "the coordinator \(url) answered HTTP \(status) while \(doing)\(said)"
        }
        self.init(code, summary: summary, advice: advice, values: values, eceErrorCode: eceCode)
    }

    /// The error for a 2xx reply that is not what the API sends.
    package init(replyProblem: ReplyShapeProblem, operation: CoordinatorOperation, endpoint: CoordinatorEndpoint) {
        let request = operation.httpRequest
        var values = Values()
        values.endpoint = endpoint
        self.init(
            .unexpectedReply,
            summary: "the reply of the coordinator \(endpoint.baseURL) to \(request.method.rawValue) "
                + "\(EnrollmentTokensAPI.collectionPath) is not what the enrollment-tokens API sends: "
                + replyProblem.reason,
            advice: "check that the endpoint is an ECE coordinator's API, not a proxy or login page",
            values: values
        )
    }

    /// `1 s`, `1.5 s`.
    package static func seconds(_ milliseconds: Int) -> String {
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        let tenths = (milliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
