/// Counts over an audit run: by verdict, by outcome and by failure reason.
package struct AuditSummary: Sendable, Equatable {
    /// Inputs seen: tokens plus inputs that yielded no token.
    package private(set) var total = 0
    /// Reports whose verdict is pass.
    package private(set) var passed = 0
    /// Everything else.
    package private(set) var failed = 0
    /// Counts by outcome name: `pass`, `check_failed`, `signature_invalid`, `malformed`, `unreadable`.
    package private(set) var byOutcome: [String: Int] = [:]
    /// Counts by failure reason: a failed check's name, or an error code.
    package private(set) var byReason: [String: Int] = [:]

    /// An empty summary.
    package init() {}

    /// Counts one report.
    package mutating func add(_ report: TokenReport) {
        count(1, outcome: report.outcome.name, reasons: AuditFailureReasons.of(report))
    }

    /// Counts the tokens of a fast-path tally, as ``add(_:)-(TokenReport)`` would count their reports.
    package mutating func add(_ tally: AuditVerdictTally) {
        for verdict in AuditVerdict.allCases where tally.count(of: verdict) > 0 {
            count(tally.count(of: verdict), outcome: verdict.outcome.name, reasons: verdict.failureReasons)
        }
    }

    /// Counts one input that yielded no token.
    package mutating func add(_ problem: InputProblem) {
        count(1, outcome: problem.outcomeName, reasons: [problem.errorCode])
    }

    /// Counts `times` inputs with this outcome and these failure reasons; only `pass` passes.
    private mutating func count(_ times: Int, outcome: String, reasons: [String]) {
        total += times
        if outcome == TokenReport.Outcome.pass.name { passed += times } else { failed += times }
        byOutcome[outcome, default: 0] += times
        for reason in reasons { byReason[reason, default: 0] += times }
    }
}
