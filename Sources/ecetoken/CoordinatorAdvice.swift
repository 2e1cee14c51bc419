import ECETokenKit

/// The tool's advice for a coordinator failure: the library says what happened and what to do in its
/// own terms; this names the options of `ecetoken` that fix it. The one place where a
/// ``CoordinatorError`` meets the command line's flags.
enum CoordinatorAdvice {
    /// The message printed for `error`: what happened, then the advice naming the flags when the tool
    /// has one for this failure, else the library's own advice.
    static func message(for error: CoordinatorError) -> String {
        guard let advice = advice(for: error) else { return error.reason }
        return "\(error.summary); \(advice)"
    }

    /// Advice naming the options, or `nil` when the library's advice names none to give.
    static func advice(for error: CoordinatorError) -> String? {
        switch error.code {
        case .nameResolution:
            return "check the host in --coordinator and the DNS settings"
        case .exchangeFailed:
            return "check that --coordinator names the coordinator's API port (\(CoordinatorEndpoint.defaultPort))"
        case .timedOut:
            if error.connectTimeoutMilliseconds != nil {
                return "check the host, the port and the network, or allow more time to connect with --connect-timeout"
            }
            return "check the host, the port and the network, or allow more time with --timeout"
        case .tlsUntrusted:
            if error.caFile != nil { return "give the coordinator's own CA certificate with --cacert" }
            return "ECE uses its own self-signed CA by default: use --cacert with the coordinator's CA certificate"
        case .tlsHostnameMismatch:
            return "use a host name the certificate lists in --coordinator"
        case .tlsCAFile:
            return "give --cacert a PEM file holding the coordinator's CA certificate"
        case .replyTooLarge, .unexpectedReply:
            return "check that --coordinator names an ECE coordinator's API, not a proxy or login page"
        case .badRequest:
            return "check --roles and --validity"
        case .unauthorized where error.usedAPIKey:
            return "check the key in --api-key-file, --api-key-env, ECE_API_KEY or the ecctl configuration's "
                + "apikey (it may have been revoked or have expired)"
        case .unauthorized:
            return "check --user and the password in --password-file or --password-env"
        case .notFound:
            return "check that --coordinator names an ECE coordinator's API (port \(CoordinatorEndpoint.defaultPort) "
                + "for HTTPS, \(CoordinatorEndpoint.defaultHTTPPort) for HTTP)"
        case .httpStatus where (300..<400).contains(error.httpStatus ?? 0):
            return "give the URL the API answers on in --coordinator"
        default:
            return nil
        }
    }
}
