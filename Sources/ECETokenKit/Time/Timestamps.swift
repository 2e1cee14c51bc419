/// Conversions between Unix seconds and RFC 3339 UTC text, without Foundation.
package enum Timestamps {
    /// The last second of year 9999, the largest time shown as a date.
    package static let maximumFormattable: Int64 = 253_402_300_799
    /// The first second of year 0001.
    package static let minimumFormattable: Int64 = -62_135_596_800

    /// Formats Unix seconds as RFC 3339 UTC, for example `2017-05-01T13:43:33Z`.
    /// - Returns: `nil` outside years 0001 to 9999.
    package static func rfc3339(_ seconds: Int64) -> String? {
        guard seconds >= minimumFormattable, seconds <= maximumFormattable else { return nil }
        return String(unsafeUninitializedCapacity: 20) { text in
            write(seconds, into: text)
            return 20
        }
    }

    /// Appends the text of ``rfc3339(_:)`` to `output` without building a string.
    /// - Returns: `false`, appending nothing, outside years 0001 to 9999.
    @discardableResult
    package static func appendRFC3339(_ seconds: Int64, to output: inout [UInt8]) -> Bool {
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &text) { buffer in
            guard writeRFC3339(seconds, to: buffer.baseAddress!) else { return false }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<rfc3339Length]))
            return true
        }
    }

    /// The length of every text ``rfc3339(_:)`` makes.
    package static let rfc3339Length = 20

    /// Writes the text of ``rfc3339(_:)`` at `destination`, which has room for ``rfc3339Length`` bytes.
    /// - Returns: `false`, writing nothing, outside years 0001 to 9999.
    package static func writeRFC3339(_ seconds: Int64, to destination: UnsafeMutableRawPointer) -> Bool {
        guard seconds >= minimumFormattable, seconds <= maximumFormattable else { return false }
        write(
            seconds,
            into: UnsafeMutableBufferPointer(start: destination.bindMemory(to: UInt8.self, capacity: 20), count: 20)
        )
        return true
    }

    /// Writes the 20 bytes of `YYYY-MM-DDTHH:MM:SSZ` for `seconds` (within the formattable range) digit by
    /// digit: audits format one date per token.
    private static func write(_ seconds: Int64, into text: UnsafeMutableBufferPointer<UInt8>) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func put(_ value: Int64, width: Int, at offset: Int) {
            var rest = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(year, width: 4, at: 0)
        text[4] = UInt8(ascii: "-")
        put(month, width: 2, at: 5)
        text[7] = UInt8(ascii: "-")
        put(day, width: 2, at: 8)
        text[10] = UInt8(ascii: "T")
        put(secondOfDay / 3600, width: 2, at: 11)
        text[13] = UInt8(ascii: ":")
        put(secondOfDay % 3600 / 60, width: 2, at: 14)
        text[16] = UInt8(ascii: ":")
        put(secondOfDay % 60, width: 2, at: 17)
        text[19] = UInt8(ascii: "Z")
    }

    /// Parses an RFC 3339 date-time (`2026-11-29T10:00:00Z`, `…+02:00`, optional fraction, which is
    /// truncated) into Unix seconds.
    /// - Returns: `nil` when the text is not RFC 3339 or names an impossible date.
    package static func parseRFC3339(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<(index + width)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += width
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2)
        else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            if index == start { return nil }
        }
        var offsetSeconds: Int64 = 0
        if expect("Zz") {
            offsetSeconds = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHour = number(2), expect(":"), let offsetMinute = number(2), offsetHour < 24,
                offsetMinute < 60
            else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        } else {
            return nil
        }
        guard index == bytes.count, year >= 1, (1...12).contains(month), day >= 1,
            day <= daysIn(month: month, year: year), hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
