/// Makes attacker-controlled text (claim values, header values, file names, coordinator replies, echoed
/// arguments) safe to show on a terminal: every scalar ``isDisplayHazard(_:)`` names becomes a visible
/// escape. The JSON writer escapes the same scalars as `\uXXXX`; this is the one list of them.
package enum EscapedText {
    /// Whether a scalar is never shown raw, in text or in JSON: a C0 or C1 control or DEL (a terminal acts
    /// on them), U+2028 and U+2029 (line breaks to some readers), a bidirectional control (U+061C, U+200E,
    /// U+200F, U+202A–U+202E, U+2066–U+2069: they reorder what is shown, "Trojan Source"), or a zero-width
    /// character (U+200B–U+200D, U+2060, U+FEFF: `allo\u{200b}cator` would look like `allocator`).
    @inline(__always)
    package static func isDisplayHazard(_ value: UInt32) -> Bool {
        switch value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200B...0x200F, 0x2028...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// Escapes `text` for display and cuts it to `limit` characters, marking the cut with `…`.
    /// - Parameters:
    ///   - text: the untrusted text.
    ///   - limit: the most characters kept before escaping, or `nil` for all.
    /// - Returns: text with no control characters in it.
    package static func escape(_ text: String, limit: Int? = nil) -> String {
        if isPlainASCII(text, limit: limit) { return text }
        var output = ""
        var kept = 0
        for scalar in text.unicodeScalars {
            if let limit, kept >= limit {
                output += "…"
                break
            }
            kept += 1
            switch scalar.value {
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case let value where isDisplayHazard(value):
                output += "\\u{" + String(value, radix: 16) + "}"
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Whether `text` is printable ASCII other than `\` and within `limit`: what ``escape(_:limit:)``
    /// returns unchanged, found without its scalar-by-scalar copy and Unicode property look-ups.
    private static func isPlainASCII(_ text: String, limit: Int?) -> Bool {
        let utf8 = text.utf8
        if let limit, utf8.count > limit { return false }
        return utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x5C }
    }

    /// ``escape(_:limit:)`` inside double quotes, with inner quotes escaped (scalar by scalar, so a quote
    /// followed by a combining mark is escaped too).
    package static func quoted(_ text: String, limit: Int? = 60) -> String {
        var output = "\""
        for scalar in escape(text, limit: limit).unicodeScalars {
            if scalar == "\"" { output += "\\\"" } else { output.unicodeScalars.append(scalar) }
        }
        return output + "\""
    }
}
