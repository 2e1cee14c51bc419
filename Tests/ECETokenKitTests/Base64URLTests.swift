import ECETokenKit
import Foundation
import Testing

@Suite("Base64URL: strict unpadded base64url")
struct Base64URLTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The same bytes encoded by Foundation, translated to unpadded base64url: an independent reference.
    static func foundationEncoding(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    @Test("Every length from 0 to 70 round-trips and matches an independent encoder", arguments: 0...70)
    func roundTrip(length: Int) throws {
        var generator = SplitMix64(seed: 0xECE7_0C3E_0000 &+ UInt64(length))
        let bytes = generator.bytes(length)
        let encoded = Base64URL.encode(bytes)
        #expect(encoded == Self.foundationEncoding(bytes))
        #expect(encoded.utf8.count == (length * 4 + 2) / 3)
        #expect(encoded.utf8.allSatisfy { Self.alphabet.contains($0) })
        #expect(encoded.utf8.count % 4 != 1)
        #expect(try Base64URL.decode(Array(encoded.utf8)) == bytes)
    }

    @Test("All 256 byte values survive a round trip")
    func allByteValues() throws {
        let bytes = (0...255).map { UInt8($0) }
        #expect(try Base64URL.decode(Array(Base64URL.encode(bytes).utf8)) == bytes)
    }

    @Test("Empty text decodes to no bytes")
    func empty() throws {
        #expect(try Base64URL.decode([UInt8]()) == [])
        #expect(Base64URL.encode([UInt8]()) == "")
    }

    @Test("Exactly the 64 alphabet bytes are alphabet bytes")
    func alphabetMembership() {
        let members = (0...255).map { UInt8($0) }.filter(Base64URL.isAlphabetByte)
        #expect(members.sorted() == Self.alphabet.sorted())
    }

    @Test("Known vectors from RFC 4648 §10, in the URL alphabet")
    func rfc4648Vectors() throws {
        let vectors: [(String, String)] = [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
            #expect(try Base64URL.decode(Array(encoded.utf8)) == Array(plain.utf8))
        }
        // 0xFB 0xFF is "+/8" in standard base64 and "-_8" here.
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(try Base64URL.decode(Array("-_8".utf8)) == [0xFB, 0xFF])
    }

    /// A bad byte placed at `offset` of an otherwise valid text whose length is not 1 mod 4.
    @Test(
        "Bytes outside the alphabet are rejected at their offset",
        .bug("https://www.rfc-editor.org/rfc/rfc7515#section-2", "RFC 7515 §2: base64url without padding"),
        arguments: [
            (UInt8(ascii: "="), 3), (UInt8(ascii: "="), 2), (UInt8(ascii: "+"), 0), (UInt8(ascii: "/"), 1),
            (UInt8(ascii: " "), 2), (UInt8(ascii: "\n"), 3), (UInt8(ascii: "\t"), 0), (UInt8(ascii: "\r"), 1),
            (UInt8(ascii: "."), 2), (0x00, 0), (0x7F, 3), (0x80, 1), (0xC3, 2), (0xFF, 3),
        ] as [(UInt8, Int)]
    )
    func invalidCharacter(byte: UInt8, offset: Int) {
        var text = Array("QUJD".utf8)
        text[offset] = byte
        #expect(throws: Base64URL.DecodingError.invalidCharacter(offset: offset, byte: byte)) {
            try Base64URL.decode(text)
        }
    }

    @Test("Padding and the standard alphabet are refused")
    func paddingAndStandardAlphabet() {
        #expect(throws: Base64URL.DecodingError.invalidCharacter(offset: 2, byte: UInt8(ascii: "="))) {
            try Base64URL.decode(Array("Zg==".utf8))
        }
        #expect(throws: Base64URL.DecodingError.invalidCharacter(offset: 3, byte: UInt8(ascii: "="))) {
            try Base64URL.decode(Array("Zm8=".utf8))
        }
        #expect(throws: Base64URL.DecodingError.invalidCharacter(offset: 0, byte: UInt8(ascii: "+"))) {
            try Base64URL.decode(Array("+/8".utf8))
        }
    }

    @Test("Non-ASCII text is refused at its first byte")
    func nonASCII() {
        // "é" is C3 A9 in UTF-8; the first of its bytes is reported.
        #expect(throws: Base64URL.DecodingError.invalidCharacter(offset: 1, byte: 0xC3)) {
            try Base64URL.decode(Array("Aé".utf8))
        }
    }

    @Test("Offsets count from the start of the given slice")
    func offsetsInSlice() {
        let whole = Array("xyz.AB=D".utf8)
        #expect(throws: Base64URL.DecodingError.invalidCharacter(offset: 2, byte: UInt8(ascii: "="))) {
            try Base64URL.decode(whole[4...])
        }
    }

    @Test("A length of 1 mod 4 is impossible", arguments: [1, 5, 9, 41, 45])
    func impossibleLength(length: Int) {
        let text = [UInt8](repeating: UInt8(ascii: "A"), count: length)
        #expect(throws: Base64URL.DecodingError.impossibleLength(length)) {
            try Base64URL.decode(text)
        }
    }

    @Test("Lengths of 0, 2 and 3 mod 4 are possible", arguments: [0, 2, 3, 4, 6, 7, 8, 43])
    func possibleLength(length: Int) throws {
        let text = [UInt8](repeating: UInt8(ascii: "A"), count: length)
        #expect(try Base64URL.decode(text) == [UInt8](repeating: 0, count: length * 3 / 4))
    }

    @Test(
        "Non-canonical trailing bits are rejected: one byte string, one spelling",
        .bug("https://github.com/tink-crypto/tink-java/pull/82", "non-canonical base64 signatures")
    )
    func knownNonCanonical() throws {
        // "Xg" is 010111 100000: byte 0x5E and four zero bits. "Xl" is 010111 100101: same byte, bits 0101.
        #expect(try Base64URL.decode(Array("Xg".utf8)) == [0x5E])
        #expect(throws: Base64URL.DecodingError.nonCanonicalTrailingBits(offset: 1)) {
            try Base64URL.decode(Array("Xl".utf8))
        }
        // Three characters leave two unused bits: "AAA" is canonical for [0, 0], "AAB" is not.
        #expect(try Base64URL.decode(Array("AAA".utf8)) == [0, 0])
        #expect(throws: Base64URL.DecodingError.nonCanonicalTrailingBits(offset: 2)) {
            try Base64URL.decode(Array("AAB".utf8))
        }
        // RFC 7515 A.1's signature ends in "k"; "l" differs only in an unused bit.
        let canonical = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        let variant = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl"
        #expect(try Base64URL.decode(Array(canonical.utf8)).count == 32)
        #expect(throws: Base64URL.DecodingError.nonCanonicalTrailingBits(offset: 42)) {
            try Base64URL.decode(Array(variant.utf8))
        }
    }

    @Test("Every non-zero value of the unused bits is rejected, for every length with a partial group")
    func everyNonCanonicalVariant() throws {
        var generator = SplitMix64(seed: 7)
        var variantsChecked = 0
        for length in 1...70 where length % 3 != 0 {
            let bytes = generator.bytes(length)
            var text = Array(Base64URL.encode(bytes).utf8)
            let last = text.count - 1
            let value = try #require(Self.alphabet.firstIndex(of: text[last]))
            // One leftover byte → 2 characters → 4 unused bits; two → 3 characters → 2 unused bits.
            let unusedBits = length % 3 == 1 ? 4 : 2
            #expect(value & ((1 << unusedBits) - 1) == 0, "the canonical encoder leaves unused bits zero")
            for extra in 1..<(1 << unusedBits) {
                text[last] = Self.alphabet[value | extra]
                #expect(throws: Base64URL.DecodingError.nonCanonicalTrailingBits(offset: last)) {
                    try Base64URL.decode(text)
                }
                variantsChecked += 1
            }
        }
        #expect(variantsChecked == 24 * 15 + 23 * 3)
    }

    @Test("A bad character is reported before a non-canonical ending")
    func invalidCharacterFirst() {
        #expect(throws: Base64URL.DecodingError.invalidCharacter(offset: 0, byte: UInt8(ascii: "*"))) {
            try Base64URL.decode(Array("*l".utf8))
        }
    }

    /// What the audit's pointer decoder says about `text`: its bytes, or nil.
    static func pointerDecode(_ text: [UInt8]) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: text.count * 3 / 4 + 1)
        let written = text.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { Base64URL.decode(input, into: $0.baseAddress!) }
        }
        return written.map { Array(output[..<$0]) }
    }

    @Test(
        "The audit's pointer decoder agrees with the strict decoder on every length, bad byte and tail",
        arguments: 0...40
    )
    func pointerDecoderAgrees(length: Int) {
        // Canonical text of this length (when one exists), then each position replaced by every interesting
        // byte: other alphabets, padding, NUL, high bytes, and every alphabet byte (for non-canonical tails).
        let bytes = (0..<(length * 3 / 4)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
        let canonical = Array(Base64URL.encode(bytes).utf8)
        var texts = [canonical, Array(canonical.dropLast())]
        let odd: [UInt8] = [0, 0x2B, 0x2F, 0x3D, 0x2E, 0x20, 0x7F, 0x80, 0xFF]
        for position in 0..<canonical.count {
            for byte in odd + Self.alphabet where byte != canonical[position] {
                var text = canonical
                text[position] = byte
                texts.append(text)
            }
        }
        for text in texts {
            let strict = try? Base64URL.decode(text)
            #expect(Self.pointerDecode(text) == strict, "\(String(decoding: text, as: UTF8.self))")
        }
    }
}
