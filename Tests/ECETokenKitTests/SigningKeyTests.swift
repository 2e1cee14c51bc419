import ECETokenKit
import Testing

@Suite("SigningKey and SecretEncoding")
struct SigningKeyTests {
    static func keyError(_ text: String, encoding: SecretEncoding = .raw) -> SecretError? {
        do {
            _ = try SigningKey(secretText: Array(text.utf8), encoding: encoding)
            return nil
        } catch {
            return error
        }
    }

    static func decoded(_ text: String, _ encoding: SecretEncoding) throws -> [UInt8] {
        try encoding.keyBytes(from: Array(text.utf8))
    }

    static func encodingError(_ text: String, _ encoding: SecretEncoding) -> SecretError? {
        do {
            _ = try encoding.keyBytes(from: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("An ECE secret is used as written: 44 bytes, not base64-decoded")
    func eceSecretAsWritten() throws {
        let key = try SigningKey(secretText: TokenKitTestSupport.secretBytes)
        #expect(key.count == 44)
        #expect(key.isStrongEnough(for: .hs256))
        #expect(key.isStrongEnough(for: .hs384) == false)
        #expect(key.isStrongEnough(for: .hs512) == false)
        // Decoding it is possible on request, and gives the 32 underlying bytes.
        let decoded = try SigningKey(secretText: TokenKitTestSupport.secretBytes, encoding: .base64url)
        #expect(decoded.count == 32)
    }

    @Test(
        "Key strength follows RFC 7518 §3.2: at least the digest size",
        arguments: [
            (31, HMACAlgorithm.hs256, false), (32, .hs256, true), (47, .hs384, false), (48, .hs384, true),
            (63, .hs512, false), (64, .hs512, true),
        ]
    )
    func strength(length: Int, algorithm: HMACAlgorithm, strong: Bool) throws {
        let key = try SigningKey(bytes: [UInt8](repeating: UInt8(ascii: "k"), count: length))
        #expect(key.isStrongEnough(for: algorithm) == strong)
    }

    @Test("An empty secret is refused")
    func empty() {
        #expect(Self.keyError("")?.code == .empty)
        #expect(Self.keyError("", encoding: .hex)?.code == .empty)
        #expect(Self.keyError("", encoding: .base64)?.code == .empty)
        #expect(throws: SecretError.self) { try SigningKey(bytes: []) }
    }

    @Test(
        "A secret that looks like a public key is refused",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2017-11424", "CVE-2017-11424 algorithm confusion"),
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2022-29217", "CVE-2022-29217"),
        arguments: [
            "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
            "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----",
            "  \n-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC user@host",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host",
            "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEm= user@host",
            #"{"kty":"RSA","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}"#,
            #"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRKEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#,
            #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
            #" {"use":"sig","kty":"RSA","e":"AQAB","n":"AQAB"}"#,
        ]
    )
    func looksLikePublicKey(text: String) throws {
        let error = try #require(Self.keyError(text))
        #expect(error.code == .looksLikePublicKey)
        #expect(error.reason.contains("CVE-2017-11424"))
    }

    @Test("A symmetric JWK (kty oct) is not mistaken for a public key")
    func octJWK() throws {
        let text = #"{"kty":"oct","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}"#
        let key = try SigningKey(secretText: Array(text.utf8))
        #expect(key.count == text.utf8.count)
    }

    @Test("Ordinary secrets that merely contain the public-key markers later on are accepted")
    func markersNotAtStart() throws {
        _ = try SigningKey(secretText: Array("my-ssh-rsa-is-not-a-key-0123456789abcdef".utf8))
        _ = try SigningKey(secretText: Array("x-----BEGIN but not really, 0123456789abcdef".utf8))
    }

    @Test("raw encoding returns the text's bytes unchanged")
    func raw() throws {
        #expect(try Self.decoded("a b=c\n", .raw) == Array("a b=c\n".utf8))
    }

    @Test(
        "hex decodes either case",
        arguments: [
            ("00ff7f80", [0x00, 0xFF, 0x7F, 0x80]), ("ABCDEF", [0xAB, 0xCD, 0xEF]), ("abcdef", [0xAB, 0xCD, 0xEF]),
            ("aBcD", [0xAB, 0xCD]),
        ] as [(String, [UInt8])]
    )
    func hex(text: String, bytes: [UInt8]) throws {
        #expect(try Self.decoded(text, .hex) == bytes)
    }

    @Test("Bad hex is invalidEncoding", arguments: ["abc", "0g", "zz", "00 11", "0x00", "ab\n", "é0"])
    func badHex(text: String) throws {
        let error = try #require(Self.encodingError(text, .hex))
        #expect(error.code == .invalidEncoding)
    }

    @Test(
        "base64 accepts the standard alphabet with or without padding",
        arguments: [
            ("AQID", [1, 2, 3]), ("AQI=", [1, 2]), ("AQI", [1, 2]), ("AQ==", [1]), ("AQ", [1]),
            ("+/8=", [0xFB, 0xFF]), ("+/8", [0xFB, 0xFF]),
        ] as [(String, [UInt8])]
    )
    func base64(text: String, bytes: [UInt8]) throws {
        #expect(try Self.decoded(text, .base64) == bytes)
    }

    @Test(
        "base64url accepts the URL alphabet with or without padding",
        arguments: [
            ("AQID", [1, 2, 3]), ("AQI=", [1, 2]), ("AQ==", [1]), ("-_8=", [0xFB, 0xFF]), ("-_8", [0xFB, 0xFF]),
        ] as [(String, [UInt8])]
    )
    func base64url(text: String, bytes: [UInt8]) throws {
        #expect(try Self.decoded(text, .base64url) == bytes)
    }

    @Test(
        "Bad base64 and base64url are invalidEncoding",
        arguments: [
            ("-_8=", SecretEncoding.base64),  // URL alphabet where standard is asked for
            ("+/8=", .base64url),  // standard alphabet where URL is asked for
            ("AQ=", .base64),  // padding that does not fit
            ("AQID=", .base64),
            ("AQ===", .base64url),
            ("A", .base64),  // impossible length
            ("AR==", .base64),  // non-canonical trailing bits
            ("AQ ID", .base64),  // whitespace
            ("AQ=D", .base64url),  // padding in the middle
            ("AQ!D", .base64),
            ("AQé", .base64url),
        ]
    )
    func badBase64(text: String, encoding: SecretEncoding) throws {
        let error = try #require(Self.encodingError(text, encoding))
        #expect(error.code == .invalidEncoding)
        #expect(Self.keyError(text, encoding: encoding)?.code == .invalidEncoding)
    }

    @Test("Encoding errors name an offset, never the offending character")
    func errorsDoNotQuoteTheSecret() throws {
        let hexError = try #require(Self.encodingError("00q0", .hex))
        #expect(hexError.reason.contains("offset 2"))
        #expect(!hexError.reason.contains("q"))
        let base64Error = try #require(Self.encodingError("AQ!D", .base64))
        #expect(base64Error.reason.contains("offset 2"))
        #expect(!base64Error.reason.contains("!"))
    }

    @Test("The description, interpolation and debug description never show the key")
    func redacted() throws {
        let secret = TokenKitTestSupport.secretText
        let key = try SigningKey(secretText: Array(secret.utf8))
        for text in [key.description, "\(key)", String(describing: key), String(reflecting: key)] {
            #expect(!text.contains(secret))
            #expect(!text.contains(String(secret.prefix(8))))
            #expect(text.contains("44 bytes"))
            #expect(text.contains("redacted"))
        }
    }

    @Test("Refusal messages never contain the secret")
    func refusalsDoNotQuoteTheSecret() throws {
        let pem = "-----BEGIN PUBLIC KEY-----\nSECRETMATERIALxyz\n-----END PUBLIC KEY-----"
        let error = try #require(Self.keyError(pem))
        #expect(!error.reason.contains("SECRETMATERIALxyz"))
        #expect(!error.description.contains("SECRETMATERIALxyz"))
    }

    @Test("Every encoding is listed")
    func encodings() {
        #expect(SecretEncoding.allCases.map(\.rawValue) == ["raw", "base64", "base64url", "hex"])
    }
}
