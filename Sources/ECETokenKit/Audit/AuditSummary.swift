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
        count(1, outcome: Self.outcomeName(report.outcome), reasons: Self.failureReasons(of: report))
    }

    /// Counts the tokens of a fast-path tally, as ``add(_:)-(TokenReport)`` would count their reports.
    package mutating func add(_ tally: AuditVerdictTally) {
        for verdict in AuditVerdict.allCases where tally.count(of: verdict) > 0 {
            count(tally.count(of: verdict), outcome: Self.outcomeName(verdict.outcome), reasons: verdict.failureReasons)
        }
    }

    /// Counts one input that yielded no token.
    package mutating func add(_ problem: InputProblem) {
        let unreadable = problem.kind == .unreadable
        count(
            1,
            outcome: unreadable ? "unreadable" : "malformed",
            reasons: [unreadable ? "unreadable" : "undecodable_input"]
        )
    }

    /// Counts `times` inputs with this outcome and these failure reasons; only `pass` passes.
    private mutating func count(_ times: Int, outcome: String, reasons: [String]) {
        total += times
        if outcome == "pass" { passed += times } else { failed += times }
        byOutcome[outcome, default: 0] += times
        for reason in reasons { byReason[reason, default: 0] += times }
    }

    /// The snake_case name of an outcome.
    package static func outcomeName(_ outcome: TokenReport.Outcome) -> String {
        switch outcome {
        case .pass: return "pass"
        case .checkFailed: return "check_failed"
        case .signatureInvalid: return "signature_invalid"
        case .malformed: return "malformed"
        }
    }

    /// Why a report failed: its decoding or signature error code, else the names of its failed checks.
    package static func failureReasons(of report: TokenReport) -> [String] {
        if let error = report.decodingError { return [error.code.description] }
        if case .invalid(let error) = report.signature { return [error.code.description] }
        return report.checks.filter { $0.status == .fail }.map(\.name.rawValue)
    }
}
