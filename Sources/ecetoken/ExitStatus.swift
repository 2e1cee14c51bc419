import ECETokenKit

/// The tool's documented exit codes.
enum ExitStatus: Int32 {
    /// Every token passed.
    case pass = 0
    /// A check failed (expired, conflicting kind, claim of the wrong type, …).
    case checkFailed = 1
    /// A signature is invalid (wrong secret, tampered token, algorithm not allowed, weak key).
    case signatureInvalid = 2
    /// A token or input could not be decoded.
    case malformed = 3
    /// The coordinator could not be reached: name resolution, connection refused, timeout, libcurl missing.
    case unreachable = 4
    /// The TLS connection to the coordinator failed: untrusted certificate, host name mismatch, handshake.
    case tlsFailure = 5
    /// The coordinator answered with an error status (400, 401, 403, 404, 449, 5xx, ...).
    case coordinatorError = 6
    /// The coordinator's reply is not the JSON the API sends, or is too large.
    case unexpectedReply = 7
    /// Usage error, including `verify` without a secret and an unusable secret.
    case usage = 64
    /// A token, input or secret file could not be read.
    case unreadable = 66

    /// The exit status for one report's outcome.
    init(_ outcome: TokenReport.Outcome) {
        switch outcome {
        case .pass: self = .pass
        case .checkFailed: self = .checkFailed
        case .signatureInvalid: self = .signatureInvalid
        case .malformed: self = .malformed
        }
    }

    /// The status for an input that yielded no token.
    init(_ problem: InputProblem) {
        self = problem.kind == .unreadable ? .unreadable : .malformed
    }
}
