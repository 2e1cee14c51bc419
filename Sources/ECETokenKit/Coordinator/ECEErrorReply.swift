/// ECE's error body, `{"errors":[{"code": "...", "message": "..."}]}`: the first error's code and message.
package struct ECEErrorReply: Sendable, Equatable {
    /// The first error's `code`, such as `enrollment_tokens.signing_key_not_found`.
    package let code: String?
    /// The first error's `message`.
    package let message: String?

    /// Reads an error body; `nil` when it is not ECE's error shape (a proxy's HTML page, say).
    package init?(body: [UInt8]) {
        guard !body.isEmpty,
            let value = try? StrictJSONParser(maximumBytes: EnrollmentTokenReplies.maximumBytes).parse(body),
            case .object(let object) = value, case .array(let errors)? = object["errors"],
            case .object(let first)? = errors.first
        else { return nil }
        code = first["code"]?.stringValue
        message = first["message"]?.stringValue
        if code == nil && message == nil { return nil }
    }

    /// `CODE: message` (escaped, cut short), or whichever of the two is present.
    package var summary: String {
        let parts = [
            code.map { EscapedText.escape($0, limit: 80) }, message.map { EscapedText.quoted($0, limit: 160) },
        ]
        return parts.compactMap { $0 }.joined(separator: ": ")
    }
}
