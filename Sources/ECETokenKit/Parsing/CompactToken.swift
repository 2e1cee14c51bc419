/// A JWS compact serialization split into its three segments and decoded, with nothing trusted yet.
///
/// Framing follows RFC 7515 §7.1 strictly: a size cap checked first, dots counted before anything is
/// split (a run of 20 000 dots costs one pass and no allocation per dot), exactly three segments, only
/// the base64url alphabet inside them, canonical unpadded base64url, and non-empty header and payload.
package struct CompactToken: Sendable {
    /// The largest token accepted, in bytes. ECE tokens are about 250 bytes.
    package static let maximumLength = 16_384

    /// The exact received bytes `header.payload.signature`.
    package let bytes: [UInt8]
    /// The decoded header segment (JSON text, not yet parsed).
    package let headerBytes: [UInt8]
    /// The decoded payload segment.
    package let payloadBytes: [UInt8]
    /// The decoded signature segment.
    package let signatureBytes: [UInt8]
    /// Where the second dot is: the signing input is `bytes[..<signingInputEnd]`.
    package let signingInputEnd: Int

    /// The exact received ASCII bytes `header.payload` that the signature covers (never re-encoded).
    package var signingInput: ArraySlice<UInt8> { bytes[..<signingInputEnd] }

    /// The token text as received.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Splits and decodes a compact token.
    /// - Parameter input: the token's bytes, without surrounding whitespace.
    /// - Throws: ``TokenError`` naming the segment and character offset of the first problem.
    package init(parsing input: some Collection<UInt8>) throws(TokenError) {
        if input.count > Self.maximumLength {
            throw TokenError(
                .tooLarge,
                "token is \(input.count) bytes; the limit is \(Self.maximumLength) (ECE tokens are about 250)"
            )
        }
        let bytes = Array(input)
        if bytes.isEmpty { throw TokenError(.segmentCount, "empty input: expected a token") }
        if bytes.first == UInt8(ascii: "{") || bytes.first == UInt8(ascii: "[") {
            throw TokenError(
                .notCompactSerialization,
                "input is JSON, not a compact token (the JWS JSON serialization is not accepted)"
            )
        }
        var dots: [Int] = []
        dots.reserveCapacity(2)
        var dotCount = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: ".") {
            dotCount += 1
            if dots.count < 2 { dots.append(offset) }
        }
        guard dotCount == 2 else {
            let segments = dotCount + 1
            let hint: String
            switch segments {
            case 1: hint = "no '.' at all: this is not a JWT"
            case 2: hint = "a token with two segments is missing its signature or its header"
            case 5: hint = "five segments is the shape of an encrypted JWE, not a signed JWS"
            default: hint = "a JWS compact token has exactly three"
            }
            throw TokenError(.segmentCount, "token has \(segments) segments; \(hint)")
        }
        let segmentNames = ["header", "payload", "signature"]
        let bounds = [0..<dots[0], (dots[0] + 1)..<dots[1], (dots[1] + 1)..<bytes.count]
        var decoded: [[UInt8]] = []
        decoded.reserveCapacity(3)
        for (index, range) in bounds.enumerated() {
            let name = segmentNames[index]
            if range.isEmpty && index < 2 {
                throw TokenError(.emptySegment, "the \(name) segment is empty")
            }
            let table = Base64URL.decodingTable
            for offset in range where table[Int(bytes[offset])] == 0xFF {
                throw TokenError(
                    .invalidCharacter,
                    "\(Self.describe(byte: bytes[offset])) in the \(name) segment at character \(offset + 1); "
                        + Self.advice(for: bytes[offset])
                )
            }
            do {
                decoded.append(try Base64URL.decode(bytes[range]))
            } catch {
                switch error {
                case .impossibleLength(let length):
                    throw TokenError(
                        .invalidBase64,
                        "the \(name) segment has \(length) characters, a length no base64url text can have"
                    )
                case .nonCanonicalTrailingBits(let offset):
                    throw TokenError(
                        .invalidBase64,
                        "the \(name) segment ends in a non-canonical base64url character at character "
                            + "\(range.lowerBound + offset + 1) (its unused low bits are not zero)"
                    )
                case .invalidCharacter(let offset, let byte):
                    throw TokenError(
                        .invalidCharacter,
                        "\(Self.describe(byte: byte)) in the \(name) segment at character \(range.lowerBound + offset + 1)"
                    )
                }
            }
        }
        self.bytes = bytes
        self.headerBytes = decoded[0]
        self.payloadBytes = decoded[1]
        self.signatureBytes = decoded[2]
        self.signingInputEnd = dots[1]
    }

    private static func describe(byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: " "): return "a space"
        case UInt8(ascii: "\t"): return "a tab"
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return "a line break"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 0x80 ? "control byte 0x\(hex.count == 1 ? "0" + hex : hex)" : "non-ASCII byte 0x\(hex)"
        }
    }

    private static func advice(for byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "="): return "JWT segments are base64url without '=' padding"
        case UInt8(ascii: "+"), UInt8(ascii: "/"):
            return "that is standard base64; JWT segments use base64url ('-' and '_')"
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            return "the token was probably wrapped or pasted with whitespace"
        default: return "only A-Z, a-z, 0-9, '-' and '_' may appear"
        }
    }
}
