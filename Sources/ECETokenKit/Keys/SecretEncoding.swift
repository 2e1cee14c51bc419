/// How the secret's text turns into HMAC key bytes.
///
/// ECE signs with the UTF-8 bytes of `bootstrap_tokens_secret` exactly as written, so ``raw`` is the
/// default; the others serve installations that store a key in an encoded form.
public enum SecretEncoding: String, Sendable, CaseIterable {
    /// The text's bytes as they are (ECE's behaviour).
    case raw
    /// Standard base64 (RFC 4648 §4), padding optional.
    case base64
    /// base64url (RFC 4648 §5), padding optional.
    case base64url
    /// Hexadecimal, either case.
    case hex

    /// Turns the secret's text into key bytes.
    /// - Throws: ``SecretError`` with code `invalidEncoding`, naming the offset of the first bad
    ///   character but never the character itself.
    public func keyBytes(from text: [UInt8]) throws(SecretError) -> [UInt8] {
        switch self {
        case .raw:
            return text
        case .hex:
            return try Self.decodeHex(text)
        case .base64, .base64url:
            return try Self.decodeBase64(text, urlAlphabet: self == .base64url)
        }
    }

    private static func decodeHex(_ text: [UInt8]) throws(SecretError) -> [UInt8] {
        guard text.count % 2 == 0 else {
            throw SecretError(.invalidEncoding, "the secret is not hex: it has an odd number of characters")
        }
        var output = [UInt8]()
        output.reserveCapacity(text.count / 2)
        var high: UInt8 = 0
        for (offset, byte) in text.enumerated() {
            let nibble: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = byte - UInt8(ascii: "A") + 10
            default:
                throw SecretError(.invalidEncoding, "the secret is not hex: bad character at offset \(offset)")
            }
            if offset % 2 == 0 { high = nibble } else { output.append(high << 4 | nibble) }
        }
        return output
    }

    private static func decodeBase64(_ text: [UInt8], urlAlphabet: Bool) throws(SecretError) -> [UInt8] {
        let name = urlAlphabet ? "base64url" : "base64"
        var body = text[...]
        var padding = 0
        while body.last == UInt8(ascii: "=") && padding < 2 {
            body = body.dropLast()
            padding += 1
        }
        if padding > 0 && (body.count + padding) % 4 != 0 {
            throw SecretError(.invalidEncoding, "the secret is not \(name): its '=' padding does not fit its length")
        }
        var translated = [UInt8]()
        translated.reserveCapacity(body.count)
        for (offset, byte) in body.enumerated() {
            switch byte {
            case UInt8(ascii: "+") where !urlAlphabet: translated.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/") where !urlAlphabet: translated.append(UInt8(ascii: "_"))
            case UInt8(ascii: "-"), UInt8(ascii: "_"):
                if !urlAlphabet {
                    throw SecretError(.invalidEncoding, "the secret is not \(name): bad character at offset \(offset)")
                }
                translated.append(byte)
            default:
                if !Base64URL.isAlphabetByte(byte) {
                    throw SecretError(.invalidEncoding, "the secret is not \(name): bad character at offset \(offset)")
                }
                translated.append(byte)
            }
        }
        do {
            return try Base64URL.decode(translated)
        } catch {
            throw SecretError(.invalidEncoding, "the secret is not canonical \(name)")
        }
    }
}
