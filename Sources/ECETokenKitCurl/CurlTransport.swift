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
        let failure = request.method.rawValue.withCString { method in
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
        guard failure == Int32(ECE_HTTP_OK.rawValue) else {
            throw TransportFailure(Self.kind(of: failure), detail: detail)
        }
        var body: [UInt8] = []
        if let bytes = response.body, response.body_length > 0 {
            body = Array(UnsafeBufferPointer(start: bytes, count: response.body_length))
        }
        return CoordinatorHTTPResponse(status: response.status, body: body)
    }

    /// The failure kind of an `ece_http_failure` value.
    static func kind(of failure: Int32) -> TransportFailure.Kind {
        switch UInt32(bitPattern: failure) {
        case ECE_HTTP_UNAVAILABLE.rawValue: return .unavailable
        case ECE_HTTP_RESOLVE.rawValue: return .nameResolution
        case ECE_HTTP_REFUSED.rawValue: return .connectionRefused
        case ECE_HTTP_CONNECT.rawValue: return .connectionFailed
        case ECE_HTTP_TIMEOUT.rawValue: return .timedOut
        case ECE_HTTP_TLS_UNTRUSTED.rawValue: return .tlsUntrusted
        case ECE_HTTP_TLS_HOSTNAME.rawValue: return .tlsHostnameMismatch
        case ECE_HTTP_TLS_HANDSHAKE.rawValue: return .tlsHandshake
        case ECE_HTTP_TLS_CA_FILE.rawValue: return .tlsCAFile
        case ECE_HTTP_TOO_LARGE.rawValue: return .tooLarge
        case ECE_HTTP_EXCHANGE.rawValue: return .exchangeFailed
        default: return .other
        }
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
