import ECETokenKit

/// The library's JSON rendering of reports, for the results of the CLI's commands.
extension JSONRenderer {
    /// One compact JSON line for `audit --format jsonl`.
    func renderLine(_ result: CheckResult, file: String) -> String {
        switch result {
        case .report(let report): return renderLine(AuditItem.report(report), file: file)
        case .problem(let problem): return renderLine(AuditItem.problem(problem), file: file)
        }
    }

    /// The object of one result.
    func value(for result: CheckResult) -> JSONValue {
        switch result {
        case .report(let report): return value(for: report)
        case .problem(let problem): return value(for: problem)
        }
    }
}
