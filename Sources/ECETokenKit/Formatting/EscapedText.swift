/// Makes attacker-controlled text (claim values, header values, file names) safe to show on a
/// terminal: control characters, DEL, and the Unicode line and bidi controls become visible escapes.
package enum EscapedText {
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
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF:
                output += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                // Every bidirectional control (U+061C, U+200E/F, U+202A–E, U+2066–9) could reorder what is shown.
                if scalar.properties.isBidiControl {
                    output += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
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
