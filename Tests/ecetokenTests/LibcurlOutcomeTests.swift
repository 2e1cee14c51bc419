import ECETokenKit
import ECETokenKitCurl
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one table that turns libcurl's numbers into a failure kind: result code × TLS verify result ×
/// how far the connection got → kind, and which timeout fired. No case looks at libcurl's text.
@Suite("TransportFailure from libcurl's result code, verify result and connect times")
struct LibcurlOutcomeTests {
    static let settings = TransportSettings(
        credentials: nil,
        connectTimeoutMilliseconds: 2_000,
        timeoutMilliseconds: 9_000,
        userAgent: "ecetoken/test"
    )
    /// libcurl's text, deliberately misleading: the kind must not depend on it.
    static let misleading =
        "SSL: no alternative certificate subject name matches target host name; Connection timed out"

    @Test(
        "code × verify result → kind",
        arguments: [
            (6, 0, TransportFailure.Kind.nameResolution),
            (5, 0, .nameResolution),
            (7, 0, .connectionFailed),
            (60, 0, .tlsHostnameMismatch),
            (60, 1, .tlsHostnameMismatch),
            (60, 62, .tlsHostnameMismatch),
            (60, 18, .tlsUntrusted),
            (60, 19, .tlsUntrusted),
            (60, 20, .tlsUntrusted),
            (60, 10, .tlsUntrusted),
            (35, 0, .tlsHandshake),
            (35, 1, .tlsHandshake),
            (35, 20, .tlsUntrusted),
            (77, 0, .tlsCAFile),
            (58, 0, .tlsHandshake),
            (63, 0, .tooLarge),
            (52, 0, .exchangeFailed),
            (56, 0, .exchangeFailed),
            (8, 0, .exchangeFailed),
            (23, 0, .other),
            (3, 0, .other),
        ]
    )
    func table(code: Int32, verify: Int, kind: TransportFailure.Kind) {
        let outcome = LibcurlOutcome(code: code, tlsVerifyResult: verify, detail: Self.misleading)
        let failure = TransportFailure(outcome, settings: Self.settings)
        #expect(failure.kind == kind)
        #expect(failure.libcurlCode == Int(code))
        #expect(failure.tlsVerifyResult == (verify <= 1 ? nil : verify))
        #expect(failure.timeoutMilliseconds == nil)
        #expect(failure.detail == Self.misleading)
    }

    @Test("A refused connection is told apart by errno, not by text")
    func refused() {
        let refused = LibcurlOutcome(code: 7, osErrno: Int(ECONNREFUSED), detail: "Failed to connect")
        #expect(TransportFailure(refused, settings: Self.settings).kind == .connectionRefused)
        let unreachable = LibcurlOutcome(code: 7, osErrno: Int(ENETUNREACH), detail: "Connection refused")
        #expect(TransportFailure(unreachable, settings: Self.settings).kind == .connectionFailed)
    }

    @Test(
        "A timeout before TCP and TLS were done is the connect timeout; after, the total one",
        arguments: [
            // connect µs, TLS µs, https, kind, limit
            (Int64(0), Int64(0), true, TransportFailure.Kind.connectTimedOut, 2_000),
            (1_000, 0, true, .connectTimedOut, 2_000),
            (1_000, 3_000, true, .totalTimedOut, 9_000),
            (1_000, 0, false, .totalTimedOut, 9_000),
            (0, 0, false, .connectTimedOut, 2_000),
        ]
    )
    func timeouts(connect: Int64, tls: Int64, https: Bool, kind: TransportFailure.Kind, limit: Int) {
        let outcome = LibcurlOutcome(
            code: 28,
            connectMicroseconds: connect,
            tlsConnectMicroseconds: tls,
            usesTLS: https,
            detail: "Operation timed out"
        )
        let failure = TransportFailure(outcome, settings: Self.settings)
        #expect(failure.kind == kind)
        #expect(failure.timeoutMilliseconds == limit)
    }

    @Test("While connecting, a total timeout shorter than the connect timeout is the one that fired")
    func shorterTotal() {
        var settings = Self.settings
        settings.timeoutMilliseconds = 1_000
        let failure = TransportFailure(LibcurlOutcome(code: 28), settings: settings)
        #expect(failure.kind == .totalTimedOut)
        #expect(failure.timeoutMilliseconds == 1_000)
    }

    @Test(
        "The shim's own problems come before libcurl's code",
        arguments: [
            (UInt32(1), Int32(-1), TransportFailure.Kind.unavailable),
            (2, 23, .tooLarge),
            (3, 23, .other),
            (4, 48, .other),
        ]
    )
    func shimProblems(problem: UInt32, code: Int32, kind: TransportFailure.Kind) {
        let failure = TransportFailure(LibcurlOutcome(code: code, shimProblem: problem), settings: Self.settings)
        #expect(failure.kind == kind)
        #expect(failure.libcurlCode == (code < 0 ? nil : Int(code)))
    }
}
