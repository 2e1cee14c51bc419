/// The coordinator settings of an ecctl configuration file: what `ecctl init` writes to
/// `$HOME/.ecctl/NAME.json` (the `Config` struct of elastic/ecctl's `pkg/ecctl/config.go`).
///
/// Read: `host`, `apikey`, `user`, `pass`, `insecure` and `timeout`. `timeout` is a Go `time.Duration`:
/// ecctl writes it as a JSON number of nanoseconds, and viper also reads a Go duration string such as
/// `"30s"` or `"1m30s"`; both are taken. ecctl's other keys (`region`, `output`, `format`, ...) are ignored.
package struct EcctlConfiguration: Sendable, Equatable {
    /// Why a configuration was refused.
    package struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// One sentence naming the key; never a credential.
        package let reason: String
        /// The reason.
        package var description: String { reason }
    }

    /// The largest configuration file read.
    package static let maximumFileSize = 65_536

    /// `host`: the API's base URL.
    package var host: String?
    /// `apikey`.
    package var apiKey: String?
    /// `user`.
    package var user: String?
    /// `pass`.
    package var password: String?
    /// `insecure`: skip TLS verification (`ecctl init` sets it).
    package var insecure: Bool
    /// `timeout`, in milliseconds.
    package var timeoutMilliseconds: Int?

    /// The file for `--ecctl-config VALUE`: a bare name (no `/`, not ending in `.json`) is
    /// `HOME/.ecctl/NAME.json`, as ecctl's `--config NAME`; anything else is a path.
    package static func path(for value: String, home: String) -> String {
        if value.contains("/") || value.hasSuffix(".json") { return value }
        let base = home.hasSuffix("/") ? String(home.dropLast()) : home
        return "\(base)/.ecctl/\(value).json"
    }

    /// The format a file name says it is in, when it is one ecctl reads but this reader does not.
    package static func otherFormat(of path: String) -> String? {
        let lower = path.lowercased()
        for (suffix, name) in [(".yaml", "YAML"), (".yml", "YAML"), (".toml", "TOML"), (".hcl", "HCL")]
        where lower.hasSuffix(suffix) {
            return name
        }
        return nil
    }

    /// Parses a configuration file's bytes with the strict JSON parser.
    /// - Throws: ``Problem`` for text that is not one JSON object, or a known key of the wrong type.
    package init(json bytes: [UInt8]) throws(Problem) {
        let value: JSONValue
        do {
            value = try StrictJSONParser(maximumBytes: Self.maximumFileSize).parse(bytes)
        } catch {
            let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            if let first, first != UInt8(ascii: "{") {
                throw Problem(
                    reason: "is not JSON; only ecctl's JSON configuration is read (what ecctl init writes), "
                        + "not YAML, TOML or HCL"
                )
            }
            throw Problem(reason: "is not valid JSON: \(error)")
        }
        guard case .object(let object) = value else {
            throw Problem(reason: "is a JSON \(value.typeName), not an object")
        }
        func string(_ key: String) throws(Problem) -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let text)?: return text.isEmpty ? nil : text
            case let other?: throw Problem(reason: "\"\(key)\" is \(other.typeNameWithArticle), not a string")
            }
        }
        host = try string("host")
        apiKey = try string("apikey")
        user = try string("user")
        password = try string("pass")
        switch object["insecure"] {
        case nil, .null?: insecure = false
        case .bool(let flag)?: insecure = flag
        case let other?: throw Problem(reason: "\"insecure\" is \(other.typeNameWithArticle), not true or false")
        }
        switch object["timeout"] {
        case nil, .null?:
            timeoutMilliseconds = nil
        case .string(let text)?:
            guard let nanoseconds = Self.goDuration(text) else {
                throw Problem(
                    reason: "\"timeout\" \(EscapedText.quoted(text)) is not a Go duration such as \"30s\" or \"1m30s\""
                )
            }
            timeoutMilliseconds = try Self.milliseconds(nanoseconds, shown: EscapedText.quoted(text))
        case .number(let number)?:
            guard let nanoseconds = Int64(number.text) else {
                throw Problem(reason: "\"timeout\" \(number.text) is not a whole number of nanoseconds")
            }
            timeoutMilliseconds = try Self.milliseconds(Double(nanoseconds), shown: number.text)
        case let other?:
            throw Problem(reason: "\"timeout\" is \(other.typeNameWithArticle), not a duration")
        }
        if apiKey != nil && (user != nil || password != nil) {
            throw Problem(reason: "holds both \"apikey\" and \"user\"/\"pass\"; ecctl refuses that too: keep one")
        }
    }

    /// A timeout in nanoseconds as milliseconds: from 1 ms to one day.
    private static func milliseconds(_ nanoseconds: Double, shown: String) throws(Problem) -> Int {
        let milliseconds = nanoseconds / 1_000_000
        guard milliseconds >= 1, milliseconds <= 86_400_000 else {
            throw Problem(
                reason: "\"timeout\" \(shown) is \(nanoseconds) ns as ecctl reads it (a Go time.Duration: a number "
                    + "is nanoseconds); give a duration from 1ms to 24h, such as \"30s\""
            )
        }
        return Int(milliseconds.rounded())
    }

    /// A Go duration string (`time.ParseDuration`): `300ms`, `1.5h`, `2h45m`; units ns, us, µs, ms, s, m, h.
    /// - Returns: nanoseconds, or `nil` when `text` is not one.
    package static func goDuration(_ text: String) -> Double? {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        guard !rest.isEmpty else { return nil }
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 6e10), ("h", 3.6e12),
        ]
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1,
                let value = Double(number.hasPrefix(".") ? "0" + number : String(number))
            else { return nil }
            rest = rest.dropFirst(number.count)
            guard
                let (unit, scale) = units.first(where: { unit, _ in
                    rest.hasPrefix(unit) && !(unit == "m" && rest.hasPrefix("ms"))
                })
            else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * scale
        }
        return negative ? -total : total
    }
}
