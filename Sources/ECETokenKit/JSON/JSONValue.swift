/// A JSON value as read by ``StrictJSONParser`` or built in code.
///
/// Numbers keep their source text (see ``JSONNumber``) and objects keep member order (see ``JSONObject``),
/// so a parsed value can be shown back exactly as it was written.
package enum JSONValue: Sendable, Equatable {
    /// The literal `null`.
    case null
    /// The literal `true` or `false`.
    case bool(Bool)
    /// A number, kept as its exact source text.
    case number(JSONNumber)
    /// A string, with all escapes decoded.
    case string(String)
    /// An array of values, in order.
    case array([JSONValue])
    /// An object whose member names are unique, in source order.
    case object(JSONObject)
}

extension JSONValue {
    /// The string payload, or `nil` if this is not a string.
    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean payload, or `nil` if this is not `true` or `false`.
    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, or `nil` if this is not an array.
    package var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object, or `nil` if this is not an object.
    package var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The number, or `nil` if this is not a number.
    package var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The JSON type name for messages: "null", "boolean", "number", "string", "array" or "object".
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The type name with an indefinite article ("a string", "an array", "null"), for messages.
    var typeNameWithArticle: String {
        switch self {
        case .null: "null"
        case .array, .object: "an \(typeName)"
        default: "a \(typeName)"
        }
    }
}

/// A JSON number that keeps its exact source text (so 1e400 or 12345678901234567890 never traps and can be
/// shown as written).
///
/// Equality compares the text, so `1`, `1.0` and `1e0` are different numbers.
package struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// The lexeme exactly as in the input, e.g. "-1.5e3".
    package let text: String

    /// Wraps a number lexeme; the caller guarantees `text` matches the RFC 8259 number grammar.
    package init(text: String) {
        assert(StrictJSONParser.isValidNumberLexeme(Array(text.utf8)), "not a JSON number: \(text)")
        self.text = text
    }

    /// Wraps text the parser has already validated.
    init(validatedText: String) {
        self.text = validatedText
    }

    /// The number written in decimal, e.g. `JSONNumber(42).text == "42"`.
    package init(_ value: Int64) {
        self.text = String(value)
    }

    /// The nearest `Double`; ±infinity when out of range (e.g. "1e400"), never traps.
    package var doubleValue: Double {
        Double(text) ?? .nan
    }

    /// The exact value when the text is an integer without fraction or exponent that fits `Int64`; otherwise `nil`.
    package var int64Value: Int64? {
        guard isInteger else { return nil }
        return Int64(text)
    }

    /// Whether the text has no fraction and no exponent (no '.', 'e' or 'E').
    package var isInteger: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The source text.
    package var description: String { text }
}

/// An object that keeps member order; duplicate names are impossible (the parser rejects them).
///
/// Names are compared as Swift strings (Unicode canonical equivalence), both for duplicate detection and for
/// lookup, so two names that look the same can never both be present.
package struct JSONObject: Sendable, Equatable {
    /// One `"name": value` pair.
    package struct Member: Sendable, Equatable {
        /// The member name, with escapes decoded.
        package let name: String
        /// The member value.
        package let value: JSONValue

        /// Creates a member.
        package init(name: String, value: JSONValue) {
            self.name = name
            self.value = value
        }
    }

    /// The members in source order.
    package let members: [Member]

    /// Creates an object; precondition: no two members have the same name.
    package init(_ members: [Member]) {
        var seen = Set<String>()
        for member in members {
            precondition(seen.insert(member.name).inserted, "duplicate JSON member name")
        }
        self.members = members
    }

    /// Creates an object whose names the caller has already checked for duplicates.
    init(uncheckedMembers members: [Member]) {
        self.members = members
    }

    /// The value of the member called `name`, or `nil` if there is none.
    package subscript(name: String) -> JSONValue? {
        members.first { $0.name == name }?.value
    }

    /// The member names in source order.
    package var names: [String] {
        members.map(\.name)
    }
}
