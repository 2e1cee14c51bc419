/// Masks coordinator credentials in any text: the one place every message that can hold a URL, a
/// server reply or a rejected argument passes through before it is shown.
///
/// It masks
/// - the password, the API key and `user:password`, in every encoding they can take on the way out and
///   back: raw, base64 (standard and URL alphabets, padded or not), percent-encoded (either case of hex,
///   `+` or `%20` for a space), JSON-escaped (UTF-8 or `\uXXXX`) and as ``EscapedText`` shows it;
/// - the value after an `Authorization` scheme (`Basic`, `ApiKey`, `Bearer`), whatever it is;
/// - the userinfo, every query value and the fragment of a URL (`scheme://…` anywhere in the text).
///
/// Each is replaced with ``mask``, which holds no quote or backslash, so a JSON document stays one.
package struct CredentialRedactor: Sendable {
    /// What replaces a credential.
    public static let mask = "[REDACTED]"

    /// Every spelling of every credential, longest first (so a longer spelling is masked whole).
    private let needles: [[UInt8]]

    /// A redactor for these credentials; with none, it masks URLs and authorization values only.
    /// - Parameters:
    ///   - user: the basic-auth user name (masked only together with the password).
    ///   - password: the basic-auth password's bytes.
    ///   - apiKey: the API key's bytes.
    public init(user: String? = nil, password: [UInt8]? = nil, apiKey: [UInt8]? = nil) {
        var secrets: [[UInt8]] = []
        if let password, !password.isEmpty {
            secrets.append(password)
            secrets.append(Array((user ?? "").utf8) + [UInt8(ascii: ":")] + password)
        }
        if let apiKey, !apiKey.isEmpty { secrets.append(apiKey) }
        var needles = Set<[UInt8]>()
        for secret in secrets { needles.formUnion(Self.spellings(of: secret)) }
        self.needles = needles.filter { !$0.isEmpty }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1)
        }
    }

    /// `text` with every credential, authorization value and URL secret replaced by ``mask``.
    public func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        if !needles.isEmpty { bytes = Self.replacing(needles, in: bytes) }
        bytes = Self.maskingAuthorizationValues(in: bytes)
        bytes = Self.maskingURLs(in: bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `url` with its userinfo, query values and fragment masked; `url` is read as one URL even without a
    /// scheme (`admin:pw@host:12443`), as `--coordinator` takes it.
    public static func maskURL(_ url: String) -> String {
        let bytes = Array(url.utf8)
        var start = 0
        if let separator = find([0x3A, 0x2F, 0x2F], in: bytes, from: 0) { start = separator + 3 }
        let end = urlEnd(in: bytes, from: start)
        return String(decoding: bytes[..<start] + maskedURLRest(bytes[start..<end]) + bytes[end...], as: UTF8.self)
    }

    // MARK: - Spellings

    /// The ways `secret` can appear in a message.
    static func spellings(of secret: [UInt8]) -> Set<[UInt8]> {
        var result: Set<[UInt8]> = [secret]
        let text = String(decoding: secret, as: UTF8.self)
        for padded in [true, false] {
            result.insert(base64(secret, urlSafe: false, padded: padded))
            result.insert(base64(secret, urlSafe: true, padded: padded))
        }
        for upper in [true, false] {
            result.insert(percentEncoded(secret, upperHex: upper, spaceAsPlus: false))
            result.insert(percentEncoded(secret, upperHex: upper, spaceAsPlus: true))
        }
        result.insert(Array(jsonEscaped(text, asciiOnly: false).utf8))
        result.insert(Array(jsonEscaped(text, asciiOnly: true).utf8))
        result.insert(Array(EscapedText.escape(text).utf8))
        return result
    }

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// RFC 4648 base64 (section 4) or base64url (section 5).
    static func base64(_ bytes: [UInt8], urlSafe: Bool, padded: Bool) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            var group = UInt32(bytes[index]) << 16
            if count > 1 { group |= UInt32(bytes[index + 1]) << 8 }
            if count > 2 { group |= UInt32(bytes[index + 2]) }
            for position in 0..<4 {
                if position <= count {
                    var symbol = base64Alphabet[Int((group >> UInt32(18 - 6 * position)) & 0x3F)]
                    if urlSafe && symbol == UInt8(ascii: "+") { symbol = UInt8(ascii: "-") }
                    if urlSafe && symbol == UInt8(ascii: "/") { symbol = UInt8(ascii: "_") }
                    output.append(symbol)
                } else if padded {
                    output.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return output
    }

    /// Every byte but RFC 3986's unreserved ones as `%XX`.
    static func percentEncoded(_ bytes: [UInt8], upperHex: Bool, spaceAsPlus: Bool) -> [UInt8] {
        let digits = Array((upperHex ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var output: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(byte)
            case UInt8(ascii: " ") where spaceAsPlus:
                output.append(UInt8(ascii: "+"))
            default:
                output += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return output
    }

    /// The inside of a JSON string holding `text`: as the JSON writer spells it, or ASCII only.
    static func jsonEscaped(_ text: String, asciiOnly: Bool) -> String {
        if !asciiOnly {
            let quoted = JSONValue.string(text).serialized()
            return String(quoted.dropFirst().dropLast())
        }
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x20..<0x7F: output.unicodeScalars.append(scalar)
            default:
                for unit in String(scalar).utf16 {
                    let hex = String(unit, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
        }
        return output
    }

    // MARK: - Masking

    /// `bytes` with every occurrence of every needle (longest first) replaced with the mask.
    static func replacing(_ needles: [[UInt8]], in bytes: [UInt8]) -> [UInt8] {
        let mask = Array(Self.mask.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        outer: while index < bytes.count {
            for needle in needles where needle.count <= bytes.count - index && bytes[index] == needle[0] {
                if bytes[index..<(index + needle.count)].elementsEqual(needle) {
                    output += mask
                    index += needle.count
                    continue outer
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return output
    }

    /// The schemes of an `Authorization` header whose value is a credential.
    private static let authorizationSchemes = ["basic", "apikey", "bearer"].map { Array($0.utf8) }

    /// `Basic X`, `ApiKey X`, `Bearer X` (any case) with `X` masked: everything up to a space, quote,
    /// backslash, comma, bracket or control character, when it looks like a credential (so the words
    /// of "basic authentication" stay).
    static func maskingAuthorizationValues(in bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let startsWord = index == 0 || !isWordByte(bytes[index - 1])
            var matched: [UInt8]?
            if startsWord {
                matched = authorizationSchemes.first { scheme in
                    scheme.count < bytes.count - index
                        && zip(scheme, bytes[index...]).allSatisfy { $0 == lowercased($1) }
                        && (bytes[index + scheme.count] == 0x20 || bytes[index + scheme.count] == 0x3A)
                }
            }
            guard let scheme = matched else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var valueStart = index + scheme.count
            while valueStart < bytes.count, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x3A {
                valueStart += 1
            }
            var valueEnd = valueStart
            while valueEnd < bytes.count, !endsValue(bytes[valueEnd]) { valueEnd += 1 }
            // Already masked: keep the mask whole.
            if bytes[valueStart...].starts(with: Self.mask.utf8) { valueEnd = valueStart }
            output += bytes[index..<valueStart]
            if looksLikeCredential(bytes[valueStart..<valueEnd]) {
                output += Array(Self.mask.utf8)
                index = valueEnd
            } else {
                index = valueStart
            }
        }
        return output
    }

    /// Every `scheme://…` in `bytes` with its userinfo, query values and fragment masked.
    static func maskingURLs(in bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while let separator = find([0x3A, 0x2F, 0x2F], in: bytes, from: index) {
            let start = separator + 3
            let end = urlEnd(in: bytes, from: start)
            output += bytes[index..<start]
            output += maskedURLRest(bytes[start..<end])
            index = end
        }
        output += bytes[index...]
        return output
    }

    /// Where a URL that starts at `start` ends: at a space, quote, angle bracket, backslash or control byte.
    private static func urlEnd(in bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if byte <= 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x27 || byte == 0x3C || byte == 0x3E
                || byte == 0x5C || byte == 0x60
            {
                break
            }
            end += 1
        }
        return end
    }

    /// The part of a URL after `scheme://`: `[userinfo@]host[:port][/path][?query][#fragment]`, masked.
    private static func maskedURLRest(_ rest: ArraySlice<UInt8>) -> [UInt8] {
        let mask = Array(Self.mask.utf8)
        var output: [UInt8] = []
        var authorityEnd = rest.firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? rest.endIndex
        // Userinfo ends at the last `@` of the authority (a password may hold `@`, `/`, `?` or `#`
        // unencoded when a person typed it): take the last `@` before the path, else the last one at all.
        var at = rest[..<authorityEnd].lastIndex(of: 0x40)
        if at == nil, let last = rest.lastIndex(of: 0x40) {
            at = last
            authorityEnd = rest[(last + 1)...].firstIndex { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 } ?? rest.endIndex
        }
        var index = rest.startIndex
        if let at {
            output += mask + [0x40]
            index = at + 1
        }
        output += rest[index..<authorityEnd]
        index = authorityEnd
        let pathEnd = rest[index...].firstIndex { $0 == 0x3F || $0 == 0x23 } ?? rest.endIndex
        output += rest[index..<pathEnd]
        index = pathEnd
        if index < rest.endIndex, rest[index] == 0x3F {
            output.append(0x3F)
            index += 1
            let queryEnd = rest[index...].firstIndex(of: 0x23) ?? rest.endIndex
            let parameters = rest[index..<queryEnd].split(separator: 0x26, omittingEmptySubsequences: false)
            for (number, parameter) in parameters.enumerated() {
                if number > 0 { output.append(0x26) }
                if let equals = parameter.firstIndex(of: 0x3D) {
                    output += parameter[..<equals] + [0x3D] + mask
                } else if !parameter.isEmpty {
                    output += mask
                }
            }
            index = queryEnd
        }
        if index < rest.endIndex, rest[index] == 0x23 {
            output.append(0x23)
            if index + 1 < rest.endIndex { output += mask }
        }
        return output
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count)
        where bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }

    /// At least four bytes, and more than lowercase letters: a digit, a capital or a symbol of token68
    /// (base64 and API keys have them; English words do not).
    private static func looksLikeCredential(_ value: ArraySlice<UInt8>) -> Bool {
        value.count >= 4 && value.contains { !($0 >= 0x61 && $0 <= 0x7A) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == 0x5F
    }

    private static func endsValue(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x27 || byte == 0x5C || byte == 0x2C || byte == 0x3B
            || byte == 0x5D || byte == 0x7D || byte == 0x29 || byte == 0x3C || byte == 0x3E
    }
}
