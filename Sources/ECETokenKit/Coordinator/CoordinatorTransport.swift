/// The HTTP methods the enrollment-tokens API uses.
public enum CoordinatorHTTPMethod: String, Sendable, Equatable {
    /// List persistent tokens.
    case get = "GET"
    /// Create a token.
    case post = "POST"
    /// Revoke a persistent token.
    case delete = "DELETE"
}

/// One request to the coordinator, before credentials and TLS settings are applied.
public struct CoordinatorHTTPRequest: Sendable, Equatable {
    /// The method.
    public let method: CoordinatorHTTPMethod
    /// The API path, starting with `/` (percent-encoded where needed).
    public let path: String
    /// The JSON body, for POST.
    public let body: [UInt8]?

    /// Creates a request.
    public init(method: CoordinatorHTTPMethod, path: String, body: [UInt8]? = nil) {
        self.method = method
        self.path = path
        self.body = body
    }
}

/// What the coordinator answered: any HTTP status and the body.
public struct CoordinatorHTTPResponse: Sendable, Equatable {
    /// The HTTP status.
    public let status: Int
    /// The body, at most ``TransportSettings/maximumResponseBytes``.
    public let body: [UInt8]

    /// Creates a response.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// How to reach the coordinator: credentials, trust, limits.
public struct TransportSettings: Sendable {
    /// The largest reply accepted by default: 4 MiB (an ECE reply is a few KiB).
    public static let defaultMaximumResponseBytes = 4 << 20

    /// Basic-auth credentials, or `nil` to send none.
    public var credentials: CoordinatorCredentials?
    /// An API key, sent as `Authorization: ApiKey KEY` instead of basic auth; `nil` for none.
    public var apiKey: CoordinatorAPIKey?
    /// A PEM file of CA certificates to trust instead of the system's (ECE's self-signed CA), or `nil`.
    public var caFile: String?
    /// Do not check the server's certificate or host name.
    public var insecure: Bool
    /// Milliseconds allowed to connect (TCP and TLS).
    public var connectTimeoutMilliseconds: Int
    /// Milliseconds allowed for the whole exchange.
    public var timeoutMilliseconds: Int
    /// The largest reply body accepted.
    public var maximumResponseBytes: Int
    /// The User-Agent header, such as `ecetoken/0.1.0`.
    public var userAgent: String

    /// The redactor for these credentials: what every message about this coordinator passes through.
    package var redactor: CredentialRedactor {
        CredentialRedactor(user: credentials?.user, password: credentials?.passwordBytes, apiKey: apiKey?.bytes)
    }

    /// The time allowed to connect (TCP and TLS) unless told otherwise: 10 s.
    public static let defaultConnectTimeoutMilliseconds = 10_000
    /// The time allowed for a whole exchange unless told otherwise: 30 s.
    public static let defaultTimeoutMilliseconds = 30_000

    /// Creates settings; by default the system's CAs are trusted, 10 s to connect, 30 s in all. Give
    /// `credentials` or `apiKey`, not both (the API key wins).
    public init(
        credentials: CoordinatorCredentials?,
        apiKey: CoordinatorAPIKey? = nil,
        caFile: String? = nil,
        insecure: Bool = false,
        connectTimeoutMilliseconds: Int = TransportSettings.defaultConnectTimeoutMilliseconds,
        timeoutMilliseconds: Int = TransportSettings.defaultTimeoutMilliseconds,
        maximumResponseBytes: Int = TransportSettings.defaultMaximumResponseBytes,
        userAgent: String
    ) {
        self.credentials = credentials
        self.apiKey = apiKey
        self.caFile = caFile
        self.insecure = insecure
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.timeoutMilliseconds = timeoutMilliseconds
        self.maximumResponseBytes = maximumResponseBytes
        self.userAgent = userAgent
    }
}

/// Sends one request and returns the reply, whatever its status. Implementations apply the
/// ``settings``: credentials, trust, timeouts and the reply size limit.
public protocol CoordinatorTransport {
    /// The settings applied to every request.
    var settings: TransportSettings { get }

    /// Performs one exchange with `url`.
    /// - Throws: ``TransportFailure`` when no HTTP reply arrived.
    func perform(_ request: CoordinatorHTTPRequest, url: String) throws(TransportFailure) -> CoordinatorHTTPResponse
}
