import ECETokenKit

/// What one input produced: a report on a token, or a problem that yielded no token.
enum CheckResult {
    case report(TokenReport)
    case problem(InputProblem)

    /// The exit status this result asks for under `verify`.
    var verifyStatus: ExitStatus {
        switch self {
        case .report(let report): return ExitStatus(report.outcome)
        case .problem(let problem): return ExitStatus(problem)
        }
    }

    /// The exit status under `inspect`: 0 for any decodable token.
    var inspectStatus: ExitStatus {
        switch self {
        case .report(let report): return report.decodingError == nil ? .pass : .malformed
        case .problem(let problem): return ExitStatus(problem)
        }
    }
}

extension CheckResult {
    /// The result of one audited item.
    init(_ item: AuditItem) {
        switch item {
        case .report(let report): self = .report(report)
        case .problem(let problem): self = .problem(problem)
        }
    }
}
