import ECETokenKit
import Testing

@testable import ecetoken

/// The tool's advice: the library's reason names no option; the printed message names the flag that
/// fixes the failure, chosen from the error's code and values.
@Suite("CoordinatorAdvice: the flags named for each coordinator failure")
struct CoordinatorAdviceTests {
    static let endpoint = CoordinatorEndpoint(scheme: .https, host: "ece-1.example", port: 12_443)
    static let settings = TransportSettings(
        credentials: nil,
        connectTimeoutMilliseconds: 10_000,
        timeoutMilliseconds: 1_000,
        userAgent: "ecetoken/test"
    )

    static func transport(_ failure: TransportFailure, caFile: String? = nil) -> CoordinatorError {
        var settings = Self.settings
        settings.caFile = caFile
        return CoordinatorError(failure, endpoint: endpoint, settings: settings)
    }

    @Test(
        "Transport failures: the message names the flag",
        arguments: [
            (
                TransportFailure(.connectTimedOut, detail: "", timeoutMilliseconds: 10_000), nil as String?,
                "could not be connected to within 10 s", "with --connect-timeout"
            ),
            (
                TransportFailure(.totalTimedOut, detail: "", timeoutMilliseconds: 1_000), nil,
                "did not answer within 1 s", "with --timeout"
            ),
            (
                TransportFailure(.tlsUntrusted, detail: "", tlsVerifyResult: 19), nil,
                "X509 verify result 19, self-signed certificate in chain", "use --cacert with the coordinator's CA"
            ),
            (
                TransportFailure(.tlsUntrusted, detail: "", tlsVerifyResult: 20), "/etc/ece/ca.pem",
                "is not signed by the CA in \"/etc/ece/ca.pem\"", "own CA certificate with --cacert"
            ),
            (
                TransportFailure(.tlsHostnameMismatch, detail: ""), nil,
                "does not name the host \"ece-1.example\"", "lists in --coordinator"
            ),
            (
                TransportFailure(.tlsCAFile, detail: ""), "/etc/ece/ca.pem", "the CA file \"/etc/ece/ca.pem\"",
                "give --cacert a PEM file"
            ),
            (TransportFailure(.nameResolution, detail: ""), nil, "does not resolve", "host in --coordinator"),
            (TransportFailure(.tooLarge, detail: ""), nil, "larger than", "check that --coordinator names"),
        ]
    )
    func transportAdvice(failure: TransportFailure, caFile: String?, happened: String, flag: String) {
        let error = Self.transport(failure, caFile: caFile)
        let message = CoordinatorAdvice.message(for: error)
        #expect(message.contains(happened), "\(message)")
        #expect(message.contains(flag), "\(message)")
        #expect(!error.reason.contains("--"), "\(error.reason)")
    }

    @Test("A failure with nothing to pass on the command line keeps the library's advice")
    func libraryAdvice() {
        let refused = Self.transport(TransportFailure(.connectionRefused, detail: ""))
        #expect(CoordinatorAdvice.advice(for: refused) == nil)
        #expect(CoordinatorAdvice.message(for: refused) == refused.reason)
        let elevated = CoordinatorError(
            status: 449,
            body: [],
            operation: .list,
            endpoint: Self.endpoint,
            user: "admin"
        )
        #expect(CoordinatorAdvice.message(for: elevated) == elevated.reason)
    }

    @Test(
        "Statuses: the flags for the credentials, the request and the coordinator",
        arguments: [
            (400, false, "check --roles and --validity"),
            (401, false, "check --user and the password in --password-file or --password-env"),
            (401, true, "check the key in --api-key-file, --api-key-env, ECE_API_KEY"),
            (404, false, "check that --coordinator names an ECE coordinator's API"),
            (302, false, "in --coordinator"),
        ]
    )
    func statusAdvice(status: Int, apiKey: Bool, flags: String) {
        let error = CoordinatorError(
            status: status,
            body: [],
            operation: .list,
            endpoint: Self.endpoint,
            user: "admin",
            apiKey: apiKey
        )
        let message = CoordinatorAdvice.message(for: error)
        #expect(message.contains(flags), "\(message)")
        #expect(message.hasPrefix(error.summary), "\(message)")
        #expect(!error.reason.contains("--"), "\(error.reason)")
    }

    @Test("--format json: the timeout that fired, the verify result and libcurl's code are fields")
    func jsonFields() throws {
        let timedOut = Self.transport(
            TransportFailure(.connectTimedOut, detail: "", libcurlCode: 28, timeoutMilliseconds: 10_000)
        )
        let json = CoordinatorFailure.json(timedOut).serializedPretty()
        #expect(json.contains("\"phase\": \"connect\""), "\(json)")
        #expect(json.contains("\"milliseconds\": 10000"), "\(json)")
        #expect(json.contains("\"libcurl_code\": 28"), "\(json)")
        #expect(json.contains("with --connect-timeout"), "\(json)")
        let untrusted = Self.transport(
            TransportFailure(.tlsUntrusted, detail: "", libcurlCode: 60, tlsVerifyResult: 19)
        )
        let tls = CoordinatorFailure.json(untrusted).serializedPretty()
        #expect(tls.contains("\"tls_verify_result\": 19"), "\(tls)")
        #expect(!tls.contains("\"timeout\""), "\(tls)")
    }
}
