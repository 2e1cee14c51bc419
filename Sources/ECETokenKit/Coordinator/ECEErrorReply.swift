/// ECE's error body, `{"errors":[{"code": "...", "message": "...", "fields": ["..."]}, ...]}`: every entry.
package struct ECEErrorReply: Sendable, Equatable {
    /// One entry of `errors`.
    package struct Entry: Sendable, Equatable {
        /// Its `code`, such as `enrollment_tokens.signing_key_not_found`.
        package let code: String?
        /// Its `message`.
        package let message: String?
        /// Its `fields`: the request members it is about, when given.
        package let fields: [String]?

        /// Creates an entry.
        package init(code: String?, message: String?, fields: [String]? = nil) {
            self.code = code
            self.message = message
            self.fields = fields
        }

        /// `CODE: "message" (fields a, b)`, escaped and cut short.
        package var summary: String {
            var text = [
                code.map { EscapedText.escape($0, limit: 80) }, message.map { EscapedText.quoted($0, limit: 160) },
            ]
            .compactMap { $0 }.joined(separator: ": ")
            if let fields, !fields.isEmpty {
                text +=
                    " (fields " + fields.prefix(8).map { EscapedText.escape($0, limit: 40) }.joined(separator: ", ")
                    + ")"
            }
            return text
        }
    }

    /// The most entries kept (ECE sends one or two).
    package static let maximumEntries = 16

    /// Every entry with a code or a message, in order (at most ``maximumEntries``).
    package let errors: [Entry]

    /// The first error's `code`.
    package var code: String? { errors.first?.code }
    /// The first error's `message`.
    package var message: String? { errors.first?.message }

    /// Reads an error body; `nil` when it is not ECE's error shape (a proxy's HTML page, say).
    package init?(body: [UInt8]) {
        guard !body.isEmpty,
            let value = try? StrictJSONParser(maximumBytes: EnrollmentTokenReplies.maximumBytes).parse(body),
            case .object(let object) = value, case .array(let list)? = object["errors"]
        else { return nil }
        var errors: [Entry] = []
        for case .object(let entry) in list.prefix(Self.maximumEntries) {
            let code = entry["code"]?.stringValue
            let message = entry["message"]?.stringValue
            var fields: [String]?
            if case .array(let names)? = entry["fields"] { fields = names.compactMap(\.stringValue) }
            if code != nil || message != nil { errors.append(Entry(code: code, message: message, fields: fields)) }
        }
        if errors.isEmpty { return nil }
        self.errors = errors
    }

    /// Creates a reply from entries already read.
    package init(errors: [Entry]) {
        self.errors = errors
    }

    /// Every entry's summary, joined with `; `.
    package var summary: String {
        errors.map(\.summary).joined(separator: "; ")
    }
}
