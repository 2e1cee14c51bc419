/// The outcome of one token on the audit's fast path, and why it failed: all that an audit summary
/// needs, with no report built.
package enum AuditVerdict: Int, Sendable, CaseIterable {
    /// Signature valid, nothing failed.
    case pass
    /// The signature does not match the secret.
    case badSignature
    /// `persistent` and the presence of `exp` disagree.
    case kindConflict
    /// Expired, beyond the leeway.
    case expired
    /// Both of the above.
    case kindConflictAndExpired

    /// The outcome a full ``TokenReport`` of the same token has.
    package var outcome: TokenReport.Outcome {
        switch self {
        case .pass: return .pass
        case .badSignature: return .signatureInvalid
        case .kindConflict, .expired, .kindConflictAndExpired: return .checkFailed
        }
    }

    /// The failure reasons ``AuditFailureReasons/of(_:)`` gives for the same token's full report.
    package var failureReasons: [String] {
        AuditFailureReasons.of(decodingError: nil, signatureError: signatureError, failedChecks: failedChecks)
    }

    /// The signature error a full report of the same token has.
    private var signatureError: TokenError.Code? { self == .badSignature ? .signatureMismatch : nil }

    /// The checks a full report of the same token fails, in its order.
    private var failedChecks: [Check.Name] {
        switch self {
        case .pass, .badSignature: return []
        case .kindConflict: return [.kind]
        case .expired: return [.expiry]
        case .kindConflictAndExpired: return [.kind, .expiry]
        }
    }
}

/// Counts of fast-path verdicts, merged into an ``AuditSummary`` once per batch instead of per token.
///
/// The counts are stored inline (no array), so each worker's tally lives in its own stack frame and two
/// workers never write to the same cache line.
package struct AuditVerdictTally: Sendable, Equatable {
    private var passed = 0
    private var badSignature = 0
    private var kindConflict = 0
    private var expired = 0
    private var kindConflictAndExpired = 0

    /// An empty tally.
    package init() {}

    /// Counts one verdict.
    @inline(__always)
    package mutating func add(_ verdict: AuditVerdict) {
        switch verdict {
        case .pass: passed += 1
        case .badSignature: badSignature += 1
        case .kindConflict: kindConflict += 1
        case .expired: expired += 1
        case .kindConflictAndExpired: kindConflictAndExpired += 1
        }
    }

    /// Adds another tally's counts.
    package mutating func add(_ other: AuditVerdictTally) {
        passed += other.passed
        badSignature += other.badSignature
        kindConflict += other.kindConflict
        expired += other.expired
        kindConflictAndExpired += other.kindConflictAndExpired
    }

    /// How many tokens got `verdict`.
    package func count(of verdict: AuditVerdict) -> Int {
        switch verdict {
        case .pass: return passed
        case .badSignature: return badSignature
        case .kindConflict: return kindConflict
        case .expired: return expired
        case .kindConflictAndExpired: return kindConflictAndExpired
        }
    }

    /// How many verdicts were counted.
    package var total: Int { passed + badSignature + kindConflict + expired + kindConflictAndExpired }

    /// The worst outcome counted, or `nil` when nothing was.
    package var worstOutcome: TokenReport.Outcome? {
        AuditVerdict.allCases.filter { count(of: $0) > 0 }.map(\.outcome).max()
    }
}
