/// Why no HTTP reply arrived: what failed, and the values behind it (libcurl's result code, the TLS
/// verify result, which timeout fired and its limit), so callers decide from numbers, never from text.
public struct TransportFailure: Error, Sendable, Equatable {
    /// The failures told apart.
    public enum Kind: Sendable, Equatable {
        /// The HTTP library could not be loaded.
        case unavailable
        /// The host name did not resolve.
        case nameResolution
        /// The host refused the TCP connection.
        case connectionRefused
        /// The TCP connection failed otherwise (no route, network unreachable).
        case connectionFailed
        /// The connect timeout expired before the TCP connection and the TLS handshake were done.
        case connectTimedOut
        /// The total timeout expired (the connection was made, or the total limit was the shorter).
        case totalTimedOut
        /// The server's certificate is not trusted (unknown CA, self-signed, expired).
        case tlsUntrusted
        /// The server's certificate does not name the host.
        case tlsHostnameMismatch
        /// The TLS handshake failed.
        case tlsHandshake
        /// The CA file could not be used.
        case tlsCAFile
        /// The reply is larger than the limit.
        case tooLarge
        /// The connection broke during the exchange, or the server sent no HTTP reply.
        case exchangeFailed
        /// Anything else.
        case other
    }

    /// What failed.
    public let kind: Kind
    /// The HTTP library's own words (no credentials), only for display.
    public let detail: String
    /// libcurl's result code (`CURLcode`), when libcurl ran the exchange.
    public let libcurlCode: Int?
    /// The X509 verify result of the server's certificate chain (OpenSSL's `X509_V_*` numbers, such as
    /// 19 for a self-signed CA), when it was not 0.
    public let tlsVerifyResult: Int?
    /// The limit of the timeout that fired, in milliseconds, for ``Kind/connectTimedOut`` and
    /// ``Kind/totalTimedOut``.
    public let timeoutMilliseconds: Int?

    /// Creates a failure.
    public init(
        _ kind: Kind,
        detail: String,
        libcurlCode: Int? = nil,
        tlsVerifyResult: Int? = nil,
        timeoutMilliseconds: Int? = nil
    ) {
        self.kind = kind
        self.detail = detail
        self.libcurlCode = libcurlCode
        self.tlsVerifyResult = tlsVerifyResult
        self.timeoutMilliseconds = timeoutMilliseconds
    }
}
