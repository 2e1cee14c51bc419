/// The outcome of one token on the audit's fast path, and why it failed: all that an audit summary
/// needs, with no report built.
public enum AuditVerdict: Int, Sendable, CaseIterable {
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
    public var outcome: TokenReport.Outcome {
        switch self {
        case .pass: return .pass
        case .badSignature: return .signatureInvalid
        case .kindConflict, .expired, .kindConflictAndExpired: return .checkFailed
        }
    }

    /// The failure reasons ``AuditSummary/failureReasons(of:)`` gives for the same token.
    public var failureReasons: [String] {
        switch self {
        case .pass: return []
        case .badSignature: return [TokenError.Code.signatureMismatch.description]
        case .kindConflict: return ["kind"]
        case .expired: return ["expiry"]
        case .kindConflictAndExpired: return ["kind", "expiry"]
        }
    }
}

/// Counts of fast-path verdicts, merged into an ``AuditSummary`` once per batch instead of per token.
public struct AuditVerdictTally: Sendable, Equatable {
    private var counts = [Int](repeating: 0, count: AuditVerdict.allCases.count)

    /// An empty tally.
    public init() {}

    /// Counts one verdict.
    @inline(__always)
    public mutating func add(_ verdict: AuditVerdict) {
        counts[verdict.rawValue] += 1
    }

    /// Adds another tally's counts.
    public mutating func add(_ other: AuditVerdictTally) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    /// How many tokens got `verdict`.
    public func count(of verdict: AuditVerdict) -> Int { counts[verdict.rawValue] }

    /// The worst outcome counted, or `nil` when nothing was.
    public var worstOutcome: TokenReport.Outcome? {
        AuditVerdict.allCases.filter { count(of: $0) > 0 }.map(\.outcome).max()
    }
}
