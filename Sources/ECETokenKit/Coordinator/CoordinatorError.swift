/// Why a coordinator operation failed: the coordinator could not be reached, TLS failed, it answered
/// with an error status, or its reply is not what the API sends.
///
/// A struct wrapping a private enum, like ``TokenError``, so codes can be added without breaking
/// callers. Tests assert on ``code``; the command-line tool maps each code's category to an exit code.
/// Every ``reason`` names the coordinator's URL and what to do, and never contains a password or
/// secret (the credentials are never formatted into it, only the user name).
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
        /// The connect timeout or the total timeout expired.
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

    /// What went wrong.
    public let code: Code
    /// One or two sentences: what happened at which URL, and what to do.
    public let reason: String
    /// The HTTP status, when the coordinator answered with an error status.
    public let httpStatus: Int?
    /// ECE's error code from the reply body, when it had one (the first entry's).
    public let eceErrorCode: String?
    /// Every entry of ECE's `errors` list in the reply body, in order; empty when it had none.
    package let eceErrors: [ECEErrorReply.Entry]

    /// Creates an error.
    public init(_ code: Code, _ reason: String, httpStatus: Int? = nil, eceErrorCode: String? = nil) {
        self.init(code, reason, httpStatus: httpStatus, eceErrorCode: eceErrorCode, eceErrors: [])
    }

    /// Creates an error with every entry of ECE's error list.
    package init(
        _ code: Code,
        _ reason: String,
        httpStatus: Int? = nil,
        eceErrorCode: String? = nil,
        eceErrors: [ECEErrorReply.Entry]
    ) {
        self.code = code
        self.reason = reason
        self.httpStatus = httpStatus
        self.eceErrorCode = eceErrorCode ?? eceErrors.first?.code
        self.eceErrors = eceErrors
    }

    /// The same error with ``reason`` and every text of ``eceErrors`` passed through `redactor`.
    package func redacted(with redactor: CredentialRedactor) -> CoordinatorError {
        CoordinatorError(
            code,
            redactor.redact(reason),
            httpStatus: httpStatus,
            eceErrorCode: eceErrorCode.map(redactor.redact),
            eceErrors: eceErrors.map { entry in
                ECEErrorReply.Entry(
                    code: entry.code.map(redactor.redact),
                    message: entry.message.map(redactor.redact),
                    fields: entry.fields?.map(redactor.redact)
                )
            }
        )
    }

    /// The reason.
    public var description: String { reason }
}

extension CoordinatorError {
    /// The error for a request that got no HTTP reply.
    package init(_ failure: TransportFailure, endpoint: CoordinatorEndpoint, settings: TransportSettings) {
        let url = endpoint.baseURL
        let detail = EscapedText.escape(failure.detail, limit: 200)
        let said = detail.isEmpty ? "" : " (libcurl: \(detail))"
        switch failure.kind {
        case .unavailable:
            self.init(
                .libcurlUnavailable,
                "cannot talk to the coordinator \(url): libcurl could not be loaded\(said); install libcurl "
                    + "(Debian and Ubuntu: apt-get install libcurl4)"
            )
        case .nameResolution:
            self.init(
                .nameResolution,
                "cannot reach the coordinator \(url): the host name \(EscapedText.quoted(endpoint.host)) "
                    + "does not resolve\(said); check the host in --coordinator and the DNS settings"
            )
        case .connectionRefused:
            self.init(
                .connectionRefused,
                "cannot reach the coordinator \(url): the connection was refused (nothing listens on port "
                    + "\(endpoint.port), or a firewall rejects it); check the host and port (ECE's API port is "
                    + "\(CoordinatorEndpoint.defaultPort))"
            )
        case .connectionFailed, .other:
            self.init(
                .connectionFailed,
                "cannot reach the coordinator \(url)\(said); check the host, the port and the network"
            )
        case .exchangeFailed:
            self.init(
                .exchangeFailed,
                "the coordinator \(url) closed the connection without a complete HTTP reply\(said); "
                    + "check that --coordinator names the coordinator's API port (\(CoordinatorEndpoint.defaultPort))"
            )
        case .timedOut:
            let connecting =
                failure.detail.hasPrefix("Connection timed out") || failure.detail.contains("SSL connection timeout")
            let limit =
                connecting
                ? "could not be connected to within \(Self.seconds(settings.connectTimeoutMilliseconds)) "
                    + "(--connect-timeout)"
                : "did not answer within \(Self.seconds(settings.timeoutMilliseconds)) (--timeout)"
            self.init(
                .timedOut,
                "the coordinator \(url) \(limit)\(said); check the host, the port and the network, "
                    + "or allow more time"
            )
        case .tlsUntrusted:
            let what: String
            if let caFile = settings.caFile {
                what =
                    "is not signed by the CA in --cacert \(EscapedText.quoted(caFile, limit: 200))\(said); "
                    + "give the coordinator's own CA certificate with --cacert"
            } else {
                what =
                    "is not trusted by the system's CA certificates\(said); ECE uses its own self-signed CA by "
                    + "default: use --cacert with the coordinator's CA certificate"
            }
            self.init(.tlsUntrusted, "the TLS certificate of the coordinator \(url) \(what)")
        case .tlsHostnameMismatch:
            self.init(
                .tlsHostnameMismatch,
                "the TLS certificate of the coordinator \(url) does not name the host "
                    + "\(EscapedText.quoted(endpoint.host))\(said); use a host name the certificate lists in "
                    + "--coordinator"
            )
        case .tlsHandshake:
            self.init(
                .tlsHandshake,
                "the TLS handshake with the coordinator \(url) failed\(said); check that the port serves HTTPS "
                    + "(ECE's API port is \(CoordinatorEndpoint.defaultPort))"
            )
        case .tlsCAFile:
            let file = settings.caFile.map { " \(EscapedText.quoted($0, limit: 200))" } ?? ""
            self.init(
                .tlsCAFile,
                "the CA file\(file) could not be used for the coordinator \(url)\(said); give a PEM file "
                    + "holding the coordinator's CA certificate"
            )
        case .tooLarge:
            self.init(
                .replyTooLarge,
                "the reply of the coordinator \(url) is larger than \(settings.maximumResponseBytes) bytes, "
                    + "so it was refused (an enrollment-tokens reply is a few KiB); check that --coordinator "
                    + "names an ECE coordinator"
            )
        }
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
        let code: Code
        let advice: String
        switch status {
        case 400:
            code = .badRequest
            advice = "the coordinator \(url) rejected the request \(doing)\(said); check --roles and --validity"
        case 401 where apiKey:
            code = .unauthorized
            advice =
                "the coordinator \(url) refused the API key\(said); check the key in --api-key-file, "
                + "--api-key-env, ECE_API_KEY or the ecctl configuration's apikey (it may have been revoked or "
                + "have expired)"
        case 401:
            code = .unauthorized
            let who = user.map { " of user \(EscapedText.quoted($0))" } ?? ""
            advice =
                "the coordinator \(url) refused the credentials\(who)\(said); check --user and the password "
                + "in --password-file or --password-env"
        case 403 where eceCode == "enrollment_tokens.signing_key_not_found":
            code = .signingKeyNotFound
            advice =
                "the coordinator \(url) cannot sign enrollment tokens\(said): the installation has no token "
                + "signing key; it is made at install time (bootstrap_tokens_secret on the first host), so the "
                + "installation needs repair before tokens can be requested"
        case 403:
            code = .forbidden
            let who = apiKey ? "this API key" : user.map { "user \(EscapedText.quoted($0))" } ?? "this user"
            advice =
                "the coordinator \(url) does not allow \(who) to do this\(said) while \(doing); use a user "
                + "with the platform administrator role (ECE's admin)"
        case 404 where eceCode == "enrollment_tokens.invalid_token_id":
            code = .invalidTokenID
            advice =
                "the coordinator \(url) lists no persistent token with that id\(said) while \(doing): it was "
                + "already revoked, the id is mistyped, or the token belongs to another installation"
        case 404:
            code = .notFound
            advice =
                "the coordinator \(url) has no enrollment-tokens API at \(EnrollmentTokensAPI.collectionPath)"
                + "\(said); check that --coordinator names an ECE coordinator's API (port "
                + "\(CoordinatorEndpoint.defaultPort) for HTTPS, \(CoordinatorEndpoint.defaultHTTPPort) for HTTP)"
        case 449:
            code = .elevatedPermissionsRequired
            advice =
                "the coordinator \(url) requires elevated permissions for \(doing)\(said); elevate the "
                + "session (ECE's sudo: re-authenticate, for example in the Cloud UI) and retry"
        case 300..<400:
            code = .httpStatus
            advice =
                "the coordinator \(url) answered with a redirect\(said), which is not followed; give the URL "
                + "the API answers on in --coordinator"
        case 500..<600:
            code = .httpStatus
            advice =
                "the coordinator \(url) failed while \(doing)\(said); retry later, or look at the "
                + "coordinator's logs"
        default:
            code = .httpStatus
            advice = "the coordinator \(url) answered HTTP \(status) while \(doing)\(said)"
        }
        self.init(code, advice, httpStatus: status, eceErrorCode: eceCode, eceErrors: eceError?.errors ?? [])
    }

    /// The error for a 2xx reply that is not what the API sends.
    package init(replyProblem: ReplyShapeProblem, operation: CoordinatorOperation, endpoint: CoordinatorEndpoint) {
        let request = operation.httpRequest
        self.init(
            .unexpectedReply,
            "the reply of the coordinator \(endpoint.baseURL) to \(request.method.rawValue) "
                + "\(EnrollmentTokensAPI.collectionPath) is not what the enrollment-tokens API sends: "
                + "\(replyProblem.reason); check that --coordinator names an ECE coordinator's API, not a "
                + "proxy or login page"
        )
    }

    /// `1 s`, `1.5 s`.
    static func seconds(_ milliseconds: Int) -> String {
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        let tenths = (milliseconds + 50) / 100
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
