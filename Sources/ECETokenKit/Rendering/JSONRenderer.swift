/// Renders reports as JSON (schema in the README): the objects of `inspect`/`verify --format json` and the
/// lines of `audit --format jsonl`, which ``FastJSONLineRenderer`` writes byte for byte alike.
package struct JSONRenderer {
    /// A renderer.
    package init() {}

    /// One compact JSON line for `audit --format jsonl`: the same fields, plus the input's `file` and `line`.
    package func renderLine(_ item: AuditItem, file: String) -> String {
        let value: JSONValue
        let line: Int?
        switch item {
        case .report(let report):
            value = self.value(for: report)
            line = report.line
        case .problem(let problem):
            value = self.value(for: problem)
            line = problem.line
        }
        guard case .object(let object) = value else { return "" }
        let location = [
            JSONObject.Member(name: "file", value: .string(file)),
            JSONObject.Member(name: "line", value: line.map { .number(JSONNumber(Int64($0))) } ?? .null),
        ]
        return JSONValue.object(JSONObject(location + object.members)).serialized() + "\n"
    }

    /// The object of an input that yielded no token: the members of a token's report that it has, in the
    /// same order.
    package func value(for problem: InputProblem) -> JSONValue {
        let members: [(ReportField, JSONValue)] = [
            (.source, .string(problem.source)),
            (.verdict, .string("fail")),
            (.outcome, .string(problem.outcomeName)),
            (.error, object([("code", .string(problem.errorCode)), ("message", .string(problem.reason))])),
            (.signature, .string("unverified")),
            (.kind, .null), (.roles, .null), (.subject, .null), (.issuer, .null),
            (.expiresAt, .null), (.checks, .array([])),
        ]
        return object(members.map { ($0.0.rawValue, $0.1) })
    }

    /// The object of a token's report.
    package func value(for report: TokenReport) -> JSONValue {
        .object(
            JSONObject(
                ReportField.allCases.map { JSONObject.Member(name: $0.rawValue, value: value(of: $0, in: report)) }
            )
        )
    }

    /// The value of one member of `report`'s object.
    private func value(of field: ReportField, in report: TokenReport) -> JSONValue {
        switch field {
        case .source: return .string(report.source)
        case .verdict: return .string(report.passed ? "pass" : "fail")
        case .outcome: return .string(report.outcome.name)
        case .error: return errorValue(for: report)
        case .signature: return .string(report.signature.name)
        case .algorithm: return report.algorithmName.map(JSONValue.string) ?? .null
        case .kind: return report.kind.map { .string($0.rawValue) } ?? .null
        case .roles: return report.roles.map { .array($0.map(JSONValue.string)) } ?? .null
        case .subject: return report.subject.map(JSONValue.string) ?? .null
        case .issuer: return report.issuer.map(JSONValue.string) ?? .null
        case .tokenID: return tokenID(report)
        case .expiresAt: return report.expiry?.date.map(JSONValue.string) ?? .null
        case .exp: return report.expiry.map { Self.portable(.number(JSONNumber(text: $0.rawValue))) } ?? .null
        case .expiresInSeconds: return report.claimsChecked ? remaining(report) : .null
        case .installTimeShape: return report.installTimeShape.map { .string($0.rawValue) } ?? .null
        case .checks: return .array(report.checks.map(value(for:)))
        case .claimsChecked: return .bool(report.claimsChecked)
        case .header: return report.header.map { Self.portable(.object($0)) } ?? .null
        case .claims: return report.claims.map { Self.portable(.object($0.object)) } ?? .null
        case .now: return .string(Timestamps.rfc3339(report.now) ?? String(report.now))
        case .leewaySeconds: return .number(JSONNumber(report.leeway))
        }
    }

    /// The `error` member: the decoding or signature error, else null.
    func errorValue(for report: TokenReport) -> JSONValue {
        if let decodingError = report.decodingError {
            return object([
                ("code", .string(decodingError.code.description)), ("message", .string(decodingError.reason)),
            ])
        }
        if case .invalid(let signatureError) = report.signature {
            return object([
                ("code", .string(signatureError.code.description)), ("message", .string(signatureError.reason)),
            ])
        }
        return .null
    }

    private func remaining(_ report: TokenReport) -> JSONValue {
        report.expiry?.secondsRemaining.map { .number(JSONNumber($0)) } ?? .null
    }

    /// `value` with every number that no double can hold (`1e400`) written as a string of its text, so one
    /// hostile claim cannot make the whole report unreadable to consumers that parse numbers as doubles.
    static func portable(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let number): return number.doubleValue.isFinite ? value : .string(number.text)
        case .array(let elements): return .array(elements.map(portable))
        case .object(let object):
            return .object(
                JSONObject(object.members.map { JSONObject.Member(name: $0.name, value: portable($0.value)) })
            )
        case .null, .bool, .string: return value
        }
    }

    /// The persistent token's id: the API reply's `token_id`, else `sub` of a persistent token.
    private func tokenID(_ report: TokenReport) -> JSONValue {
        if let id = report.apiTokenID { return .string(id) }
        if report.kind == .persistent, let subject = report.subject { return .string(subject) }
        return .null
    }

    /// The object of one check.
    func value(for check: Check) -> JSONValue {
        object([
            ("name", .string(check.name.rawValue)), ("status", .string(check.status.rawValue)),
            ("message", .string(check.message)),
        ])
    }

    private func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject(members.map { JSONObject.Member(name: $0.0, value: $0.1) }))
    }
}
