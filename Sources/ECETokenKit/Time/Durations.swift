/// Parsing and wording of durations: `90s`, `30m`, `1h30m`, `2d`, or bare seconds; and "2 h 5 min".
package enum Durations {
    /// Parses a duration into seconds.
    ///
    /// Accepts a sequence of `<digits><unit>` with units `d`, `h`, `m`, `s` in that order, each at most
    /// once (`1h30m`, `90s`, `2m`), or bare digits meaning seconds (`30`).
    /// - Returns: `nil` for anything else, including negative values and overflow.
    package static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return bytes.count <= 12 ? Int64(text) : nil
        }
        let units: [(UInt8, Int64)] = [
            (UInt8(ascii: "d"), 86_400), (UInt8(ascii: "h"), 3600), (UInt8(ascii: "m"), 60), (UInt8(ascii: "s"), 1),
        ]
        var total: Int64 = 0
        var nextUnit = 0
        var index = 0
        while index < bytes.count {
            var value: Int64 = 0
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                guard index - start < 12 else { return nil }
                value = value * 10 + Int64(bytes[index] - 0x30)
                index += 1
            }
            guard index > start, index < bytes.count else { return nil }
            guard let unitIndex = units[nextUnit...].firstIndex(where: { $0.0 == bytes[index] }) else { return nil }
            total += value * units[unitIndex].1
            nextUnit = unitIndex + 1
            index += 1
        }
        return total
    }

    /// Words a span of seconds with its two largest units: `2 h 5 min`, `41 min`, `3 d 4 h`, `12 s`.
    package static func describe(seconds: Int64) -> String {
        var text: [UInt8] = []
        appendDescription(seconds: seconds, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the text of ``describe(seconds:)`` to `output` without building a string.
    package static func appendDescription(seconds: Int64, to output: inout [UInt8]) {
        let magnitude = seconds.magnitude
        let days = magnitude / 86_400
        let hours = magnitude % 86_400 / 3600
        let minutes = magnitude % 3600 / 60
        let secs = magnitude % 60
        func part(_ value: UInt64, _ unit: StaticString) {
            output.appendDecimal(Int64(value))  // a count of units of at most 2^63 seconds: it fits
            output.append(UInt8(ascii: " "))
            output.append(unit)
        }
        func space() { output.append(UInt8(ascii: " ")) }
        if days >= 365 * 2 {
            part(days / 365, "years")
        } else if days > 0 {
            part(days, "d")
            if hours > 0 {
                space()
                part(hours, "h")
            }
        } else if hours > 0 {
            part(hours, "h")
            if minutes > 0 {
                space()
                part(minutes, "min")
            }
        } else if minutes > 0 {
            part(minutes, "min")
            if secs > 0 && minutes < 10 {
                space()
                part(secs, "s")
            }
        } else {
            part(secs, "s")
        }
    }

    /// Words a leeway or validity for display: `0 s`, `30 s`, `2 min`.
    package static func describeShort(seconds: Int64) -> String {
        seconds == 0 ? "0 s" : describe(seconds: seconds)
    }

    /// Appends the text of ``describeShort(seconds:)`` to `output`.
    package static func appendShortDescription(seconds: Int64, to output: inout [UInt8]) {
        if seconds == 0 {
            output.append(contentsOf: "0 s".utf8)
        } else {
            appendDescription(seconds: seconds, to: &output)
        }
    }
}
