import ECETokenKit

/// Renders the coordinator's list of persistent tokens: a table for people, JSON for programs.
struct TokenListRenderer {
    let style: TextStyle

    /// `TOKEN ID  ROLES` and one row per token; every value escaped.
    func table(_ tokens: [EnrollmentTokenReplies.Listed]) -> String {
        let ids = tokens.map { EscapedText.escape($0.tokenID, limit: 80) }
        let width = max("TOKEN ID".count, ids.map(\.count).max() ?? 0)
        var lines = [style.bold("TOKEN ID".padding(toWidth: width) + "  ROLES")]
        for (id, token) in zip(ids, tokens) {
            let roles =
                token.roles.isEmpty
                ? "(none: system services only)"
                : token.roles.map { EscapedText.escape($0, limit: 60) }.joined(separator: ", ")
            lines.append(id.padding(toWidth: width) + "  " + roles)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The reply normalised: `{"tokens": [{"token_id": ..., "roles": [...]}]}`, pretty-printed.
    static func json(_ tokens: [EnrollmentTokenReplies.Listed]) -> String {
        let elements = tokens.map { token in
            JSONValue.object(
                JSONObject([
                    .init(name: "token_id", value: .string(token.tokenID)),
                    .init(name: "roles", value: .array(token.roles.map(JSONValue.string))),
                ])
            )
        }
        return JSONValue.object(JSONObject([.init(name: "tokens", value: .array(elements))])).serializedPretty()
    }
}
