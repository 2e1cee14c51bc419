import ECETokenKit
import Testing

/// One RFC 4231 test case: key, data and the three expected codes (hex).
struct RFC4231Case: Sendable, CustomTestStringConvertible {
    let number: Int
    let key: [UInt8]
    let data: [UInt8]
    let sha256: String
    let sha384: String
    let sha512: String
    /// Case 5 specifies only the first 128 bits of each code.
    var truncatedTo128Bits: Bool { number == 5 }

    var testDescription: String { "RFC 4231 test case \(number)" }

    func expected(_ algorithm: HMACAlgorithm) -> [UInt8] {
        switch algorithm {
        case .hs256: return TokenKitTestSupport.hex(sha256)
        case .hs384: return TokenKitTestSupport.hex(sha384)
        case .hs512: return TokenKitTestSupport.hex(sha512)
        }
    }

    static let all: [RFC4231Case] = [
        RFC4231Case(
            number: 1,
            key: [UInt8](repeating: 0x0B, count: 20),
            data: Array("Hi There".utf8),
            sha256: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            sha384: "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
            sha512: "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"
        ),
        RFC4231Case(
            number: 2,
            key: Array("Jefe".utf8),
            data: Array("what do ya want for nothing?".utf8),
            sha256: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            sha384: "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
            sha512: "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        ),
        RFC4231Case(
            number: 3,
            key: [UInt8](repeating: 0xAA, count: 20),
            data: [UInt8](repeating: 0xDD, count: 50),
            sha256: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            sha384: "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27",
            sha512: "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
                + "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"
        ),
        RFC4231Case(
            number: 4,
            key: (1...25).map { UInt8($0) },
            data: [UInt8](repeating: 0xCD, count: 50),
            sha256: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            sha384: "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb",
            sha512: "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
                + "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"
        ),
        RFC4231Case(
            number: 5,
            key: [UInt8](repeating: 0x0C, count: 20),
            data: Array("Test With Truncation".utf8),
            sha256: "a3b6167473100ee06e0c796c2955552b",
            sha384: "3abf34c3503b2a23a46efc619baef897",
            sha512: "415fad6271580a531d4179bc891d87a6"
        ),
        RFC4231Case(
            number: 6,
            key: [UInt8](repeating: 0xAA, count: 131),
            data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            sha256: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            sha384: "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
            sha512: "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"
        ),
        RFC4231Case(
            number: 7,
            key: [UInt8](repeating: 0xAA, count: 131),
            data: Array(
                ("This is a test using a larger than block-size key and a larger than block-size data. "
                    + "The key needs to be hashed before being used by the HMAC algorithm.").utf8
            ),
            sha256: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
            sha384: "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e",
            sha512: "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
                + "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"
        ),
    ]
}

@Suite("HMACContext and ConstantTime")
struct HMACTests {
    @Test(
        "HMACContext reproduces RFC 4231 for SHA-256, SHA-384 and SHA-512",
        .bug("https://www.rfc-editor.org/rfc/rfc4231#section-4", "RFC 4231 §4"),
        arguments: RFC4231Case.all,
        HMACAlgorithm.allCases
    )
    func rfc4231(testCase: RFC4231Case, algorithm: HMACAlgorithm) throws {
        let context = try HMACContext(algorithm: algorithm, key: testCase.key)
        #expect(context.algorithm == algorithm)
        let code = try context.authenticationCode(for: testCase.data)
        #expect(code.count == algorithm.digestLength)
        let expected = testCase.expected(algorithm)
        if testCase.truncatedTo128Bits {
            #expect(Array(code.prefix(16)) == expected)
        } else {
            #expect(code == expected)
            #expect(try context.isValid(code: expected, for: testCase.data))
        }
    }

    @Test("One SignatureVerifier keeps one context per algorithm, whatever order they come in")
    func verifierContextPerAlgorithm() throws {
        let key = Array(repeating: UInt8(0x5A), count: 64)
        let verifier = SignatureVerifier(key: try SigningKey(bytes: key))
        func token(_ algorithm: HMACAlgorithm, _ payload: String) throws -> [UInt8] {
            let input =
                Base64URL.encode(Array(#"{"alg":"\#(algorithm.name)"}"#.utf8)) + "."
                + Base64URL.encode(Array(payload.utf8))
            let code = try HMACContext(algorithm: algorithm, key: key).authenticationCode(for: Array(input.utf8))
            return Array((input + "." + Base64URL.encode(code)).utf8)
        }
        let order: [HMACAlgorithm] = [.hs512, .hs256, .hs512, .hs384, .hs256, .hs384]
        for (index, algorithm) in order.enumerated() {
            let (_, header) = try verifier.verifyCompactJWS(
                try token(algorithm, "message \(index)"),
                allowed: HMACAlgorithm.allCases
            )
            #expect(header.algorithmName == algorithm.name)
        }
    }

    @Test("Skipping OpenSSL's clean-up at exit leaves HMAC working")
    func skipCleanupAtExit() throws {
        CryptoLibrary.skipCleanupAtExit()
        CryptoLibrary.skipCleanupAtExit()
        let code = try HMACContext(algorithm: .hs256, key: Array("key".utf8)).authenticationCode(for: [])
        #expect(code.count == 32)
    }

    @Test("Digest lengths and names are those of RFC 7518 §3.2")
    func algorithmFacts() {
        #expect(HMACAlgorithm.hs256.digestLength == 32)
        #expect(HMACAlgorithm.hs384.digestLength == 48)
        #expect(HMACAlgorithm.hs512.digestLength == 64)
        #expect(HMACAlgorithm.allCases.map(\.name) == ["HS256", "HS384", "HS512"])
        #expect(HMACAlgorithm(name: "HS256") == .hs256)
        #expect(HMACAlgorithm(name: "hs256") == nil)
        #expect(HMACAlgorithm(name: "HS256 ") == nil)
        #expect(HMACAlgorithm(name: "none") == nil)
    }

    @Test("One context reused over many messages gives the same codes as a fresh context each time")
    func contextReuse() throws {
        var generator = SplitMix64(seed: 4231)
        let key = generator.bytes(32)
        for algorithm in HMACAlgorithm.allCases {
            let reused = try HMACContext(algorithm: algorithm, key: key)
            var codes: [[UInt8]] = []
            for length in 0..<300 {
                let message = generator.bytes(length % 150)
                let code = try reused.authenticationCode(for: message)
                #expect(code == (try HMACContext(algorithm: algorithm, key: key).authenticationCode(for: message)))
                #expect(try reused.isValid(code: code, for: message))
                codes.append(code)
            }
            // Computing the same message twice in a row, and after other messages, changes nothing.
            let first = try reused.authenticationCode(for: Array("same".utf8))
            #expect(try reused.authenticationCode(for: Array("same".utf8)) == first)
            _ = try reused.authenticationCode(for: generator.bytes(1000))
            #expect(try reused.authenticationCode(for: Array("same".utf8)) == first)
            #expect(Set(codes.map { $0.map(String.init).joined(separator: ",") }).count > 250)
        }
    }

    @Test("A failed verification does not disturb the context")
    func reuseAfterMismatch() throws {
        let context = try HMACContext(algorithm: .hs256, key: TokenKitTestSupport.secretBytes)
        let message = Array("header.payload".utf8)
        let code = try context.authenticationCode(for: message)
        var flipped = code
        flipped[0] ^= 0x01
        #expect(try context.isValid(code: flipped, for: message) == false)
        #expect(try context.isValid(code: code, for: message))
    }

    /// Regression: OpenSSL keeps pointers to the OSSL_PARAM name and value, and a temporary C string for the
    /// parameter name made EVP_MAC_init fail for keys of 1 to 8 bytes (RFC 4231 case 2's "Jefe" among them).
    @Test("Keys of every length from 0 to 200 bytes key a context, with stable results")
    func everyKeyLength() throws {
        var generator = SplitMix64(seed: 2104)
        let message = Array("header.payload".utf8)
        for algorithm in HMACAlgorithm.allCases {
            var seen = Set<[UInt8]>()
            for length in 0...200 {
                let key = generator.bytes(length)
                let code = try HMACContext(algorithm: algorithm, key: key).authenticationCode(for: message)
                #expect(code.count == algorithm.digestLength)
                #expect(try HMACContext(algorithm: algorithm, key: key).authenticationCode(for: message) == code)
                seen.insert(code)
            }
            #expect(seen.count == 201, "every key gives its own code")
        }
    }

    @Test("An empty key works at this layer (policy belongs to the caller)")
    func emptyKey() throws {
        let expected: [HMACAlgorithm: String] = [
            .hs256: "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad",
            .hs384: "6c1f2ee938fad2e24bd91298474382ca218c75db3d83e114b3d4367776d14d3551289e75e8209cd4b792302840234adc",
            .hs512: "b936cee86c9f87aa5d3c6f2e84cb5a4239a5fe50480a6ec66b70ab5b1f4ac673"
                + "0c6c515421b327ec1d69402e53dfb49ad7381eb067b338fd7b0cb22247225d47",
        ]
        for algorithm in HMACAlgorithm.allCases {
            let context = try HMACContext(algorithm: algorithm, key: [])
            let code = try context.authenticationCode(for: [UInt8]())
            #expect(code == TokenKitTestSupport.hex(try #require(expected[algorithm])))
            // And again, reusing the context keyed with nothing.
            #expect(try context.authenticationCode(for: [UInt8]()) == code)
        }
    }

    @Test("A key longer than the hash block size works, and every byte of it counts")
    func longKey() throws {
        // RFC 2104 §2 hashes a key longer than the block size (64 bytes for SHA-256, 128 for SHA-384/512);
        // RFC 4231 cases 6 and 7 above pin 131-byte keys. Here: a 200-byte key is neither refused nor truncated.
        var generator = SplitMix64(seed: 99)
        let longKey = generator.bytes(200)
        var lastByteChanged = longKey
        lastByteChanged[199] ^= 0x01
        let message = Array("a message".utf8)
        for algorithm in HMACAlgorithm.allCases {
            let code = try HMACContext(algorithm: algorithm, key: longKey).authenticationCode(for: message)
            #expect(code.count == algorithm.digestLength)
            #expect(try HMACContext(algorithm: algorithm, key: longKey).isValid(code: code, for: message))
            let truncated = try HMACContext(algorithm: algorithm, key: Array(longKey.prefix(128)))
            #expect(try truncated.authenticationCode(for: message) != code)
            let changed = try HMACContext(algorithm: algorithm, key: lastByteChanged)
            #expect(try changed.authenticationCode(for: message) != code)
        }
    }

    @Test("isValid rejects codes of the wrong length, even a correct prefix or a correct code plus a byte")
    func wrongLengthCodes() throws {
        for algorithm in HMACAlgorithm.allCases {
            let context = try HMACContext(algorithm: algorithm, key: TokenKitTestSupport.secretBytes)
            let message = Array("header.payload".utf8)
            let code = try context.authenticationCode(for: message)
            #expect(try context.isValid(code: code, for: message))
            #expect(try context.isValid(code: code.dropLast(), for: message) == false)
            #expect(try context.isValid(code: code + [0], for: message) == false)
            #expect(try context.isValid(code: code.prefix(16), for: message) == false)
            #expect(try context.isValid(code: [UInt8](), for: message) == false)
            var flipped = code
            flipped[flipped.count - 1] ^= 0x80
            #expect(try context.isValid(code: flipped, for: message) == false)
        }
    }

    @Test("isValid accepts slices of a larger buffer")
    func slices() throws {
        let context = try HMACContext(algorithm: .hs256, key: TokenKitTestSupport.secretBytes)
        let framed = Array("xx.header.payload.yy".utf8)
        let message = framed[3..<17]
        let code = try context.authenticationCode(for: Array("header.payload".utf8))
        #expect(try context.authenticationCode(for: message) == code)
        #expect(try context.isValid(code: ([0] + code)[1...], for: message))
    }

    @Test("ConstantTime.equals compares contents and lengths")
    func constantTime() {
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 4]) == false)
        #expect(ConstantTime.equals([0, 2, 3], [1, 2, 3]) == false)
        #expect(ConstantTime.equals([1, 2, 3], [1, 2]) == false)
        #expect(ConstantTime.equals([1, 2], [1, 2, 3]) == false)
        #expect(ConstantTime.equals([], [0]) == false)
        #expect(ConstantTime.equals([0], []) == false)
        let long = [UInt8](repeating: 0xAB, count: 4096)
        var different = long
        different[4095] = 0xAC
        #expect(ConstantTime.equals(long, long))
        #expect(ConstantTime.equals(long, different) == false)
    }
}
