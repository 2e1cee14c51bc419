import ECETokenKit

/// The `audit` table: one row per input, in input order. Token-derived text is escaped.
struct AuditTableRenderer {
    let style: TextStyle

    /// The column titles.
    func header() -> String {
        style.bold(columns(["SOURCE", "VERDICT", "KIND", "ROLES", "EXPIRES", "DETAIL"])) + "\n"
    }

    /// One row.
    func row(_ result: CheckResult) -> String {
        switch result {
        case .problem(let problem):
            let verdict = problem.kind == .unreadable ? "UNREADABLE" : "MALFORMED"
            return columns([shortened(problem.source), verdict, "-", "-", "-", problem.reason], verdict: verdict)
                + "\n"
        case .report(let report):
            let verdict: String
            switch report.outcome {
            case .pass: verdict = "PASS"
            case .checkFailed: verdict = "FAIL"
            case .signatureInvalid: verdict = "BADSIG"
            case .malformed: verdict = "MALFORMED"
            }
            let roles =
                report.roles.map {
                    $0.isEmpty ? "(none)" : $0.map { EscapedText.escape($0, limit: 20) }.joined(separator: ",")
                } ?? "-"
            let expires =
                report.claimsChecked ? (report.expiry?.date ?? (report.kind == .persistent ? "never" : "-")) : "-"
            return columns(
                [shortened(report.source), verdict, report.kind?.rawValue ?? "-", roles, expires, detail(report)],
                verdict: verdict
            ) + "\n"
        }
    }

    /// The escaped source cut from the front, so the `:line` at its end always shows.
    private func shortened(_ source: String) -> String {
        let escaped = EscapedText.escape(source)
        return escaped.count <= 47 ? escaped : "…" + escaped.suffix(46)
    }

    private func detail(_ report: TokenReport) -> String {
        if let error = report.decodingError { return error.reason }
        if case .invalid(let error) = report.signature { return error.reason }
        let failed = report.checks.filter { $0.status == .fail }
        if !failed.isEmpty { return failed.map { "\($0.name): \($0.message)" }.joined(separator: "; ") }
        let warned = report.checks.filter { $0.status == .warn }
        return warned.map { "\($0.name): \($0.message)" }.joined(separator: "; ")
    }

    private func columns(_ values: [String], verdict: String? = nil) -> String {
        let widths = [48, 10, 10, 30, 21]
        var line = ""
        for (index, value) in values.enumerated() {
            if index < widths.count {
                var cell = value.padding(toWidth: widths[index])
                if index == 1, let verdict { cell = colored(verdict, cell) }
                line += cell + " "
            } else {
                line += value
            }
        }
        return line
    }

    private func colored(_ verdict: String, _ cell: String) -> String {
        verdict == "PASS" ? style.green(cell) : style.red(cell)
    }
}

/// The summary of an audit run, as text and as a final JSON line.
enum AuditSummaryRenderer {
    static func text(_ summary: AuditSummary) -> String {
        var lines = [
            "audit: \(summary.total) input\(summary.total == 1 ? "" : "s"): \(summary.passed) pass, \(summary.failed) fail"
        ]
        if !summary.byOutcome.isEmpty {
            lines.append("  by outcome: " + sorted(summary.byOutcome))
        }
        if !summary.byReason.isEmpty {
            lines.append("  by failure reason: " + sorted(summary.byReason))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func jsonLine(_ summary: AuditSummary) -> String {
        func counts(_ dictionary: [String: Int]) -> JSONValue {
            .object(
                JSONObject(
                    dictionary.keys.sorted().map {
                        JSONObject.Member(name: $0, value: .number(JSONNumber(Int64(dictionary[$0]!))))
                    }
                )
            )
        }
        let body = JSONValue.object(
            JSONObject([
                .init(name: "total", value: .number(JSONNumber(Int64(summary.total)))),
                .init(name: "pass", value: .number(JSONNumber(Int64(summary.passed)))),
                .init(name: "fail", value: .number(JSONNumber(Int64(summary.failed)))),
                .init(name: "by_outcome", value: counts(summary.byOutcome)),
                .init(name: "by_reason", value: counts(summary.byReason)),
            ])
        )
        return JSONValue.object(JSONObject([.init(name: "summary", value: body)])).serialized() + "\n"
    }

    private static func sorted(_ counts: [String: Int]) -> String {
        counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}

/// A progress line on stderr, shown only when stderr is a terminal.
struct ProgressLine {
    func show(_ summary: AuditSummary) {
        StandardStreams.writeError("\r\u{1B}[Kaudit: \(summary.total) checked, \(summary.failed) failing…")
    }

    func clear() {
        StandardStreams.writeError("\r\u{1B}[K")
    }
}
