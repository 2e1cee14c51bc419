/// Counts over an audit run: by verdict, by outcome and by failure reason.
public struct AuditSummary: Sendable, Equatable {
    /// Inputs seen: tokens plus inputs that yielded no token.
    public private(set) var total = 0
    /// Reports whose verdict is pass.
    public private(set) var passed = 0
    /// Everything else.
    public private(set) var failed = 0
    /// Counts by outcome name: `pass`, `check_failed`, `signature_invalid`, `malformed`, `unreadable`.
    public private(set) var byOutcome: [String: Int] = [:]
    /// Counts by failure reason: a failed check's name, or an error code.
    public private(set) var byReason: [String: Int] = [:]

    /// An empty summary.
    public init() {}

    /// Counts one report.
    public mutating func add(_ report: TokenReport) {
        total += 1
        if report.passed { passed += 1 } else { failed += 1 }
        byOutcome[Self.outcomeName(report.outcome), default: 0] += 1
        for reason in Self.failureReasons(of: report) { byReason[reason, default: 0] += 1 }
    }

    /// Counts the tokens of a fast-path tally, as ``add(_:)-(TokenReport)`` would count their reports.
    public mutating func add(_ tally: AuditVerdictTally) {
        for verdict in AuditVerdict.allCases {
            let count = tally.count(of: verdict)
            guard count > 0 else { continue }
            total += count
            if verdict == .pass { passed += count } else { failed += count }
            byOutcome[Self.outcomeName(verdict.outcome), default: 0] += count
            for reason in verdict.failureReasons { byReason[reason, default: 0] += count }
        }
    }

    /// Counts one input that yielded no token.
    public mutating func add(_ problem: InputProblem) {
        total += 1
        failed += 1
        let name = problem.kind == .unreadable ? "unreadable" : "malformed"
        byOutcome[name, default: 0] += 1
        byReason[problem.kind == .unreadable ? "unreadable" : "undecodable_input", default: 0] += 1
    }

    /// The snake_case name of an outcome.
    public static func outcomeName(_ outcome: TokenReport.Outcome) -> String {
        switch outcome {
        case .pass: return "pass"
        case .checkFailed: return "check_failed"
        case .signatureInvalid: return "signature_invalid"
        case .malformed: return "malformed"
        }
    }

    /// Why a report failed: its decoding or signature error code, else the names of its failed checks.
    public static func failureReasons(of report: TokenReport) -> [String] {
        if let error = report.decodingError { return [error.code.description] }
        if case .invalid(let error) = report.signature { return [error.code.description] }
        return report.checks.filter { $0.status == .fail }.map(\.name)
    }
}
