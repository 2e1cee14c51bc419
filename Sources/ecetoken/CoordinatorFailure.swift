import ArgumentParser
import ECETokenKit

/// A coordinator failure as JSON, for `--format json` (``FailureReporter`` writes it on stdout beside the
/// error line on stderr).
enum CoordinatorFailure {
    /// `{"error": {"code", "category", "http_status", "message", "ece_errors": [{"code", "message", "fields"}],
    /// "timeout"?, "tls_verify_result"?, "libcurl_code"?, "exit_code"}}`; the optional members only when known.
    static func json(_ error: CoordinatorError) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init(name: "code", value: .string(error.code.description)),
            .init(name: "category", value: .string(error.code.category.rawValue)),
            .init(name: "http_status", value: error.httpStatus.map { .number(JSONNumber(Int64($0))) } ?? .null),
            .init(name: "message", value: .string(CoordinatorAdvice.message(for: error))),
        ]
        let entries: [JSONValue] = error.eceErrors.map { entry in
            var fields: [JSONObject.Member] = [
                .init(name: "code", value: entry.code.map(JSONValue.string) ?? .null),
                .init(name: "message", value: entry.message.map(JSONValue.string) ?? .null),
            ]
            if let names = entry.fields {
                fields.append(.init(name: "fields", value: .array(names.map(JSONValue.string))))
            }
            return .object(JSONObject(fields))
        }
        members.append(.init(name: "ece_errors", value: .array(entries)))
        if let timeout = Self.timeout(error) { members.append(.init(name: "timeout", value: timeout)) }
        if let result = error.tlsVerifyResult {
            members.append(.init(name: "tls_verify_result", value: .number(JSONNumber(Int64(result)))))
        }
        if let code = error.libcurlCode {
            members.append(.init(name: "libcurl_code", value: .number(JSONNumber(Int64(code)))))
        }
        members.append(
            .init(name: "exit_code", value: .number(JSONNumber(Int64(ExitStatus(error.code.category).rawValue))))
        )
        return .object(JSONObject([.init(name: "error", value: .object(JSONObject(members)))]))
    }

    /// `{"phase": "connect" or "total", "milliseconds": N}`: which timeout fired and its limit.
    private static func timeout(_ error: CoordinatorError) -> JSONValue? {
        let fired: (String, Int)
        if let limit = error.connectTimeoutMilliseconds {
            fired = ("connect", limit)
        } else if let limit = error.totalTimeoutMilliseconds {
            fired = ("total", limit)
        } else {
            return nil
        }
        return .object(
            JSONObject([
                .init(name: "phase", value: .string(fired.0)),
                .init(name: "milliseconds", value: .number(JSONNumber(Int64(fired.1)))),
            ])
        )
    }
}
