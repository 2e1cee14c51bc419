import CCurl
import ECETokenKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The raw facts `ece_http_perform` reports about an exchange that got no HTTP reply: libcurl's result
/// code, the shim's own problem, and the `CURLINFO_*` values. ``TransportFailure/init(_:settings:)``
/// decides from these what failed; libcurl's error text is carried for display only.
package struct LibcurlOutcome: Sendable, Equatable {
    /// The `CURLcode`, or -1 when libcurl was not reached.
    package var code: Int32
    /// An `ece_http_shim_problem` value (`ECE_HTTP_SHIM_NONE` when libcurl ran the exchange).
    package var shimProblem: UInt32
    /// `CURLINFO_OS_ERRNO`.
    package var osErrno: Int
    /// `CURLINFO_SSL_VERIFYRESULT`: OpenSSL's `X509_V_*` result for the server's chain.
    package var tlsVerifyResult: Int
    /// `CURLINFO_CONNECT_TIME_T`: microseconds until the TCP connection was made, 0 if never.
    package var connectMicroseconds: Int64
    /// `CURLINFO_APPCONNECT_TIME_T`: microseconds until the TLS handshake completed, 0 if never.
    package var tlsConnectMicroseconds: Int64
    /// Whether the URL was `https://` (a TLS handshake belongs to the connect phase).
    package var usesTLS: Bool
    /// libcurl's error text, for display.
    package var detail: String

    /// Creates an outcome.
    package init(
        code: Int32,
        shimProblem: UInt32 = 0,
        osErrno: Int = 0,
        tlsVerifyResult: Int = 0,
        connectMicroseconds: Int64 = 0,
        tlsConnectMicroseconds: Int64 = 0,
        usesTLS: Bool = true,
        detail: String = ""
    ) {
        self.code = code
        self.shimProblem = shimProblem
        self.osErrno = osErrno
        self.tlsVerifyResult = tlsVerifyResult
        self.connectMicroseconds = connectMicroseconds
        self.tlsConnectMicroseconds = tlsConnectMicroseconds
        self.usesTLS = usesTLS
        self.detail = detail
    }

    /// Whether the connect phase was over: the TCP connection made and, for `https://`, the TLS handshake.
    package var connected: Bool {
        connectMicroseconds > 0 && (!usesTLS || tlsConnectMicroseconds > 0)
    }
}

/// OpenSSL's `X509_V_ERR_HOSTNAME_MISMATCH`: set only when the TLS library checks the host name itself.
private let hostnameMismatchVerifyResult = 62
/// The verify results that carry no verdict on the chain: 0 (`X509_V_OK`) and 1 (`X509_V_ERR_UNSPECIFIED`),
/// which libcurl's OpenSSL backend sets before the handshake and keeps when it fails before the chain's
/// result is read: a handshake that is not TLS, or a host name libcurl itself found missing from the
/// certificate (it checks the name before it reads the verify result). Measured with libcurl 7.88.1,
/// OpenSSL 3.0 and the stand-in coordinator: wrong host name 1, `https://` to a plain-HTTP port 1, no CA
/// or an unrelated CA 20.
private let noChainVerdict = 0...1

extension TransportFailure {
    /// Classifies an exchange that got no HTTP reply: the one place that turns libcurl's numbers into a
    /// ``TransportFailure/Kind``.
    ///
    /// - A timeout (`CURLE_OPERATION_TIMEDOUT`) before the connect phase was over is the connect timeout,
    ///   unless the total timeout is the shorter (libcurl applies the smaller of the two while connecting);
    ///   after it, the total timeout.
    /// - A peer verification failure (`CURLE_PEER_FAILED_VERIFICATION`) with a chain verdict (a verify
    ///   result above 1, such as 19 self-signed or 20 unknown issuer) is an untrusted chain; without one
    ///   (0 or 1: libcurl found the host name missing from the certificate) or with 62, a host name mismatch.
    /// - `CURLE_SSL_CONNECT_ERROR` with a chain verdict is an untrusted chain (older libcurl), otherwise a
    ///   handshake failure.
    /// - The failure carries the verify result only when it is a chain verdict.
    package init(_ outcome: LibcurlOutcome, settings: TransportSettings) {
        let code = outcome.code
        let verify = outcome.tlsVerifyResult
        var timeout: Int?
        let kind: Kind
        switch outcome.shimProblem {
        case ECE_HTTP_SHIM_UNAVAILABLE.rawValue: kind = .unavailable
        case ECE_HTTP_SHIM_TOO_LARGE.rawValue: kind = .tooLarge
        case ECE_HTTP_SHIM_OUT_OF_MEMORY.rawValue, ECE_HTTP_SHIM_OPTION_REFUSED.rawValue: kind = .other
        default:
            switch code {
            case ECE_CURLE_COULDNT_RESOLVE_HOST, ECE_CURLE_COULDNT_RESOLVE_PROXY:
                kind = .nameResolution
            case ECE_CURLE_COULDNT_CONNECT:
                kind = outcome.osErrno == Int(ECONNREFUSED) ? .connectionRefused : .connectionFailed
            case ECE_CURLE_OPERATION_TIMEDOUT:
                if !outcome.connected && settings.connectTimeoutMilliseconds <= settings.timeoutMilliseconds {
                    kind = .connectTimedOut
                    timeout = settings.connectTimeoutMilliseconds
                } else {
                    kind = .totalTimedOut
                    timeout = settings.timeoutMilliseconds
                }
            case ECE_CURLE_PEER_FAILED_VERIFICATION:
                let mismatch = noChainVerdict.contains(verify) || verify == hostnameMismatchVerifyResult
                kind = mismatch ? .tlsHostnameMismatch : .tlsUntrusted
            case ECE_CURLE_SSL_CONNECT_ERROR:
                kind = noChainVerdict.contains(verify) ? .tlsHandshake : .tlsUntrusted
            case ECE_CURLE_SSL_CACERT_BADFILE:
                kind = .tlsCAFile
            case ECE_CURLE_SSL_ENGINE_NOTFOUND, ECE_CURLE_SSL_ENGINE_SETFAILED, ECE_CURLE_SSL_CERTPROBLEM,
                ECE_CURLE_SSL_CIPHER, ECE_CURLE_SSL_ENGINE_INITFAILED, ECE_CURLE_SSL_SHUTDOWN_FAILED,
                ECE_CURLE_SSL_CRL_BADFILE, ECE_CURLE_SSL_ISSUER_ERROR, ECE_CURLE_SSL_PINNEDPUBKEYNOTMATCH,
                ECE_CURLE_SSL_INVALIDCERTSTATUS:
                kind = .tlsHandshake
            case ECE_CURLE_FILESIZE_EXCEEDED:
                kind = .tooLarge
            case ECE_CURLE_GOT_NOTHING, ECE_CURLE_SEND_ERROR, ECE_CURLE_RECV_ERROR, ECE_CURLE_PARTIAL_FILE,
                ECE_CURLE_WEIRD_SERVER_REPLY, ECE_CURLE_HTTP2, ECE_CURLE_HTTP2_STREAM:
                kind = .exchangeFailed
            default:
                kind = .other
            }
        }
        self.init(
            kind,
            detail: outcome.detail,
            libcurlCode: code >= 0 ? Int(code) : nil,
            tlsVerifyResult: noChainVerdict.contains(verify) ? nil : verify,
            timeoutMilliseconds: timeout
        )
    }
}
