import CCurl
import ECETokenKit

/// The ``CoordinatorTransport`` that sends requests with libcurl, loaded with `dlopen` at the first
/// request (see `Sources/CCurl`): nothing is loaded for commands that never contact a coordinator,
/// and a host without libcurl gets a clear error from these commands only.
///
/// Every request: HTTPS or HTTP only, no redirects, TLS 1.2 or later, the server's certificate and
/// host name checked against the system's CAs or ``TransportSettings/caFile`` (unless
/// ``TransportSettings/insecure``), `Authorization: ApiKey` from ``TransportSettings/apiKey`` or else
/// basic auth from ``TransportSettings/credentials`` (never in the URL), both timeouts, and the reply cut off past ``TransportSettings/maximumResponseBytes``.
public struct CurlTransport: CoordinatorTransport {
    /// The settings applied to every request.
    public let settings: TransportSettings

    /// Creates a transport; nothing is loaded until the first request.
    public init(settings: TransportSettings) {
        self.settings = settings
    }

    /// Whether libcurl can be loaded here. The corresponding C function is `ece_http_available`.
    public static var isAvailable: Bool { ece_http_available() != 0 }

    /// Performs one exchange. The corresponding C function is `ece_http_perform`.
    public func perform(
        _ request: CoordinatorHTTPRequest,
        url: String
    ) throws(TransportFailure) -> CoordinatorHTTPResponse {
        var response = ece_http_response()
        // Every C string lives until the call returns: nested withCString calls.
        let result = request.method.rawValue.withCString { method in
            url.withCString { url in
                settings.userAgent.withCString { userAgent in
                    Self.withOptionalCString(settings.credentials?.user) { user in
                        Self.withOptionalCString(settings.credentials.map { $0.passwordBytes + [0] }) { password in
                            Self.withOptionalCString(settings.apiKey.map { $0.bytes + [0] }) { apiKey in
                                Self.withOptionalCString(settings.caFile) { caFile in
                                    Self.withOptionalBytes(request.body) { body, bodyLength in
                                        var cRequest = ece_http_request(
                                            method: method,
                                            url: url,
                                            body: body,
                                            body_length: bodyLength,
                                            user: settings.apiKey == nil ? user : nil,
                                            password: settings.apiKey == nil ? password : nil,
                                            api_key: apiKey,
                                            ca_file: caFile,
                                            insecure: settings.insecure ? 1 : 0,
                                            connect_timeout_ms: settings.connectTimeoutMilliseconds,
                                            timeout_ms: settings.timeoutMilliseconds,
                                            max_response_bytes: settings.maximumResponseBytes,
                                            user_agent: userAgent
                                        )
                                        return ece_http_perform(&cRequest, &response)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        defer { ece_http_response_free(&response) }
        let detail = withUnsafeBytes(of: &response.error) { raw in
            let bytes = raw.prefix { $0 != 0 }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard result == 0 else {
            let outcome = LibcurlOutcome(
                code: response.curl_code,
                shimProblem: UInt32(bitPattern: response.problem),
                osErrno: response.os_errno,
                tlsVerifyResult: response.ssl_verify_result,
                connectMicroseconds: response.connect_time_us,
                tlsConnectMicroseconds: response.tls_connect_time_us,
                usesTLS: url.lowercased().hasPrefix("https://"),
                detail: detail
            )
            throw TransportFailure(outcome, settings: settings)
        }
        var body: [UInt8] = []
        if let bytes = response.body, response.body_length > 0 {
            body = Array(UnsafeBufferPointer(start: bytes, count: response.body_length))
        }
        return CoordinatorHTTPResponse(status: response.status, body: body)
    }

    private static func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }

    /// A NUL-terminated byte array as a C string (the password: bytes, never a Swift `String`).
    private static func withOptionalCString<R>(_ bytes: [UInt8]?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let bytes else { return body(nil) }
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress) }
        }
    }

    private static func withOptionalBytes<R>(
        _ bytes: [UInt8]?,
        _ body: (UnsafePointer<UInt8>?, Int) -> R
    ) -> R {
        guard let bytes else { return body(nil, 0) }
        return bytes.withUnsafeBufferPointer { body($0.baseAddress, $0.count) }
    }
}
