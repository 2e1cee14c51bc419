import ECETokenKit
import Testing

@Suite("CompactToken: strict JWS compact framing")
struct CompactTokenTests {
    /// `{"typ":"JWT","alg":"HS256"}` encoded, the header of every ECE token.
    static let header = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"
    /// `{"sub":"x"}` encoded.
    static let payload = "eyJzdWIiOiJ4In0"
    /// 32 bytes of signature (canonical: 43 characters ending in a character with zero low bits).
    static let signature = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    static let valid = "\(header).\(payload).\(signature)"

    /// The framing error for `text`, or `nil` when it frames.
    static func framingError(_ text: String) -> TokenError? {
        framingError(Array(text.utf8))
    }

    static func framingError(_ bytes: [UInt8]) -> TokenError? {
        do {
            _ = try CompactToken(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test("A well-formed token splits into its decoded segments")
    func wellFormed() throws {
        let token = try CompactToken(parsing: Array(Self.valid.utf8))
        #expect(token.headerBytes == Array(#"{"typ":"JWT","alg":"HS256"}"#.utf8))
        #expect(token.payloadBytes == Array(#"{"sub":"x"}"#.utf8))
        #expect(token.signatureBytes.count == 32)
        #expect(token.text == Self.valid)
        #expect(token.bytes == Array(Self.valid.utf8))
    }

    @Test(
        "Anything but exactly three segments fails with segmentCount",
        .bug("https://www.rfc-editor.org/rfc/rfc7515#section-7.1", "RFC 7515 §7.1"),
        arguments: [
            ("eyJhbGciOiJIUzI1NiJ9", 1),
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0", 2),
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln.c2ln", 4),
            ("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn", 5),
            ("....", 5),
            (".", 2),
        ] as [(String, Int)]
    )
    func segmentCount(text: String, segments: Int) throws {
        let error = try #require(Self.framingError(text))
        #expect(error.code == .segmentCount)
        #expect(error.reason.contains("\(segments) segments"))
        #expect(error.code.isMalformed)
    }

    @Test("Two segments and five segments get a hint about what they are")
    func segmentCountHints() throws {
        let two = try #require(Self.framingError("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0"))
        #expect(two.reason.contains("missing its signature"))
        let five = try #require(Self.framingError("a.b.c.d.e"))
        #expect(five.reason.contains("JWE"))
        let one = try #require(Self.framingError("eyJhbGciOiJIUzI1NiJ9"))
        #expect(one.reason.contains("not a JWT"))
    }

    @Test("Empty input is refused")
    func emptyInput() {
        #expect(Self.framingError("")?.code == .segmentCount)
    }

    @Test(
        "A run of 16 000 dots (within the size cap) is counted, not split",
        .bug("https://github.com/golang-jwt/jwt/security/advisories/GHSA-mh63-6h87-95cp", "excessive dots DoS")
    )
    func manyDotsWithinCap() throws {
        let error = try #require(Self.framingError([UInt8](repeating: UInt8(ascii: "."), count: 16_000)))
        #expect(error.code == .segmentCount)
        #expect(error.reason.contains("16001 segments"))
    }

    /// 20 000 dots is over the 16 384-byte cap, which is checked before anything else, so this input never
    /// reaches the dot count: it is refused as too large (still malformed, still one pass, no allocation per
    /// dot). `manyDotsWithinCap` covers the dot count itself.
    @Test(
        "A run of 20 000 dots is refused before any split",
        .bug("https://github.com/golang-jwt/jwt/security/advisories/GHSA-mh63-6h87-95cp", "excessive dots DoS")
    )
    func twentyThousandDots() throws {
        let error = try #require(Self.framingError([UInt8](repeating: UInt8(ascii: "."), count: 20_000)))
        #expect(error.code == .tooLarge)
        #expect(error.code.isMalformed)
    }

    @Test(
        "An empty header or payload segment fails with emptySegment",
        arguments: [
            (".eyJzdWIiOiJ4In0.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "header"),
            ("eyJhbGciOiJIUzI1NiJ9..dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "payload"),
            ("..dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "header"),
        ]
    )
    func emptySegment(text: String, segment: String) throws {
        let error = try #require(Self.framingError(text))
        #expect(error.code == .emptySegment)
        #expect(error.reason.contains("the \(segment) segment is empty"))
    }

    @Test("An empty signature frames (the verifier rejects it later for its length)")
    func emptySignatureFrames() throws {
        let token = try CompactToken(parsing: Array("\(Self.header).\(Self.payload).".utf8))
        #expect(token.signatureBytes.isEmpty)
        #expect(Array(token.signingInput) == Array("\(Self.header).\(Self.payload)".utf8))
    }

    /// Puts `bad` into the token at a 0-based position and expects it named with its segment and 1-based
    /// character position in the whole token.
    @Test(
        "A character outside the alphabet names its segment and 1-based position",
        .bug("https://datatracker.ietf.org/doc/draft-ietf-oauth-rfc8725bis/", "RFC 8725bis: only [A-Za-z0-9_-.]"),
        arguments: [
            (" ", 0, "header", "a space"),
            ("=", 36, "header", "'='"),
            ("+", 37 + 3, "payload", "'+'"),
            ("/", 37 + 15, "payload", "'/'"),
            ("\n", 53, "signature", "a line break"),
            ("\t", 53 + 42, "signature", "a tab"),
            ("\u{0}", 10, "header", "control byte 0x00"),
            ("é", 60, "signature", "non-ASCII byte 0xC3"),
            ("?", 53 + 20, "signature", "'?'"),
        ] as [(String, Int, String, String)]
    )
    func invalidCharacter(bad: String, at position: Int, segment: String, described: String) throws {
        var bytes = Array(Self.valid.utf8)
        bytes.insert(contentsOf: Array(bad.utf8), at: position)
        let error = try #require(Self.framingError(bytes))
        #expect(error.code == .invalidCharacter)
        #expect(error.reason.contains("in the \(segment) segment at character \(position + 1)"), "\(error.reason)")
        #expect(error.reason.hasPrefix(described), "\(error.reason)")
    }

    @Test("Padding, the standard alphabet and whitespace each get specific advice")
    func advice() throws {
        let padded = try #require(Self.framingError(Self.valid + "="))
        #expect(padded.code == .invalidCharacter)
        #expect(padded.reason.contains("without '=' padding"))
        #expect(padded.reason.contains("at character \(Self.valid.utf8.count + 1)"))

        let standard = try #require(
            Self.framingError("\(Self.header).\(Self.payload).dBjftJeZ4CVP+mB92K27uhbUJU1p1r/wW1gFWFOEjXk")
        )
        #expect(standard.code == .invalidCharacter)
        #expect(standard.reason.contains("standard base64"))
        #expect(standard.reason.contains("base64url"))

        let wrapped = try #require(Self.framingError("\(Self.header).\(Self.payload)\n.\(Self.signature)"))
        #expect(wrapped.reason.contains("whitespace"))

        let other = try #require(Self.framingError("\(Self.header).\(Self.payload).#\(Self.signature)"))
        #expect(other.reason.contains("only A-Z, a-z, 0-9, '-' and '_'"))
    }

    @Test("A segment of impossible length or with non-canonical bits is invalidBase64")
    func invalidBase64() throws {
        // 43 characters of signature + 2 more = 45, which is 1 mod 4.
        let impossible = try #require(Self.framingError(Self.valid + "AA"))
        #expect(impossible.code == .invalidBase64)
        #expect(impossible.reason.contains("signature segment has 45 characters"))

        let last = Self.valid.utf8.count
        let noncanonical = try #require(Self.framingError(String(Self.valid.dropLast()) + "l"))
        #expect(noncanonical.code == .invalidBase64)
        #expect(noncanonical.reason.contains("non-canonical"))
        #expect(noncanonical.reason.contains("at character \(last)"))

        // "eyJ4IjoxfQ" is {"x":1}; changing its last character sets unused bits.
        let headerNoncanonical = try #require(Self.framingError("eyJ4IjoxfR.\(Self.payload).\(Self.signature)"))
        #expect(headerNoncanonical.code == .invalidBase64)
        #expect(headerNoncanonical.reason.contains("header segment"))
        #expect(headerNoncanonical.reason.contains("at character 10"))
    }

    @Test(
        "JSON input is recognised as not a compact token",
        .bug("https://github.com/davedoesdev/python-jwt/security/advisories/GHSA-5p8v-58qm-c7fp", "CVE-2022-39227"),
        arguments: [
            #"{"payload":"eyJzdWIiOiJ4In0","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"c2ln"}"#,
            #"{"a.b.c":1}"#,
            #"["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"]"#,
        ]
    )
    func jsonSerialization(text: String) throws {
        let error = try #require(Self.framingError(text))
        #expect(error.code == .notCompactSerialization)
        #expect(error.code.isMalformed)
    }

    /// A token of exactly `length` bytes: the ECE header, a payload segment of `A`s, a 43-character signature.
    static func token(ofLength length: Int) -> [UInt8] {
        let payloadLength = length - Self.header.utf8.count - Self.signature.utf8.count - 2
        return Array("\(Self.header).\(String(repeating: "A", count: payloadLength)).\(Self.signature)".utf8)
    }

    @Test("A token of exactly maximumLength bytes frames; one byte more is tooLarge")
    func sizeCap() throws {
        let atCap = Self.token(ofLength: CompactToken.maximumLength)
        #expect(atCap.count == CompactToken.maximumLength)
        let token = try CompactToken(parsing: atCap)
        #expect(token.bytes.count == CompactToken.maximumLength)

        let overCap = Self.token(ofLength: CompactToken.maximumLength + 1)
        #expect(overCap.count == CompactToken.maximumLength + 1)
        let error = try #require(Self.framingError(overCap))
        #expect(error.code == .tooLarge)
        #expect(error.reason.contains("\(CompactToken.maximumLength + 1) bytes"))
    }

    @Test("The signing input is the exact received bytes up to the second dot, never re-encoded")
    func signingInputIsExact() throws {
        // RFC 7515 A.1: the header JSON holds CR LF and a space; re-serialising it would change the MAC.
        let header = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        let payload =
            "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        let text = "\(header).\(payload).dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        let token = try CompactToken(parsing: Array(text.utf8))
        #expect(Array(token.signingInput) == Array("\(header).\(payload)".utf8))
        #expect(token.signingInputEnd == header.utf8.count + 1 + payload.utf8.count)
        #expect(token.headerBytes == Array("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}".utf8))

        // The RFC's key verifies the RFC's signature over these exact bytes.
        let key = try Base64URL.decode(
            Array("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow".utf8)
        )
        let context = try HMACContext(algorithm: .hs256, key: key)
        #expect(try context.isValid(code: token.signatureBytes, for: token.signingInput))
    }

    @Test("Parsing accepts any collection of bytes, including a slice")
    func parsesSlice() throws {
        let padded = Array(("xx" + Self.valid + "yy").utf8)
        let token = try CompactToken(parsing: padded[2..<(padded.count - 2)])
        #expect(token.text == Self.valid)
        #expect(Array(token.signingInput) == Array("\(Self.header).\(Self.payload)".utf8))
    }
}
