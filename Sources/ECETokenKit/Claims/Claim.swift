/// One claim read from a payload: absent, present with the expected JSON type, or present with
/// another type. A wrong type is never treated as absent (Rust jsonwebtoken CVE-2026-25537).
public enum Claim<Value: Sendable>: Sendable {
    /// The member is not in the payload.
    case absent
    /// The member is present with the expected type.
    case present(Value)
    /// The member is present with another type; `problem` says what was found.
    case wrongType(problem: String)

    /// The value when present with the right type.
    public var value: Value? {
        if case .present(let value) = self { return value }
        return nil
    }

    /// Whether the member is in the payload at all, whatever its type.
    public var isPresent: Bool {
        if case .absent = self { return false }
        return true
    }
}

/// A JWT NumericDate (RFC 7519 §2): a JSON number of seconds, fractions and exponents allowed.
public struct NumericDate: Sendable, Equatable {
    /// The number exactly as written in the token.
    package let number: JSONNumber
    /// The value as a double; ±infinity for numbers such as `1e400`.
    public let seconds: Double

    /// Reads a claim's number.
    package init(number: JSONNumber) {
        self.number = number
        seconds = number.doubleValue
    }

    /// A whole number of seconds, without parsing text.
    init(wholeSeconds: Int64) {
        number = JSONNumber(wholeSeconds)
        seconds = Double(wholeSeconds)
    }

    /// Whole seconds (rounded down) when the value is finite and within the dates shown as RFC 3339
    /// (years 0001 to 9999); `nil` otherwise.
    public var wholeSeconds: Int64? {
        let value = seconds
        guard value.isFinite, value >= Double(Timestamps.minimumFormattable),
            value < Double(Timestamps.maximumFormattable) + 1
        else { return nil }
        return Int64(value.rounded(.down))
    }

    /// When the value is past year 9999 but would be a date in years 2000 to 2999 read as
    /// milliseconds, those whole seconds; `nil` otherwise.
    public var millisecondsReading: Int64? {
        let value = seconds
        guard value.isFinite, value > Double(Timestamps.maximumFormattable) else { return nil }
        let asSeconds = value / 1000
        guard asSeconds >= 946_684_800, asSeconds < 32_503_680_000 else { return nil }
        return Int64(asSeconds.rounded(.down))
    }
}
