import ECETokenKit
import Testing

private typealias Support = TokenKitTestSupport

/// One way a configured secret can differ from the signer's, and the diagnosis it must get.
struct SecretMistakeCase: Sendable, CustomTestStringConvertible {
    let label: String
    /// The HMAC key the token was signed with.
    let signerKey: [UInt8]
    /// The secret's text as configured (after the loader's one-newline strip).
    let configuredText: [UInt8]
    /// The configured `--secret-encoding`.
    let encoding: SecretEncoding
    let expected: SecretDiagnosis.Mistake?

    var testDescription: String { label }
}

@Suite("SecretDiagnosis: naming the usual secret mistakes without revealing the secret")
struct SecretDiagnosisTests {
    /// The synthetic 44-character ECE-style secret; it contains '_', so only base64url decodes it.
    static let secret = Support.secretText
    static let secretBytes = Support.secretBytes
    static let payload =
        #"{"sub":"4c8990df-1fb7-4820-b868-6bc9e8860814","roles":["allocator"],"iss":"current","persistent":true}"#
    /// A 64-character hex secret (hex is also valid base64 text).
    static let hexSecret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// base64url-decoded key bytes of the test secret.
    static func decodedSecret() throws -> [UInt8] {
        try SecretEncoding.base64url.keyBytes(from: secretBytes)
    }

    static func cases() throws -> [SecretMistakeCase] {
        [
            SecretMistakeCase(
                label: "file with two newlines: secret+\\n is configured",
                signerKey: secretBytes,
                configuredText: bytes(secret + "\n"),
                encoding: .raw,
                expected: .trailingWhitespaceKept
            ),
            SecretMistakeCase(
                label: "CRLF file: secret+\\r is configured",
                signerKey: secretBytes,
                configuredText: bytes(secret + "\r"),
                encoding: .raw,
                expected: .trailingWhitespaceKept
            ),
            SecretMistakeCase(
                label: "secret+space",
                signerKey: secretBytes,
                configuredText: bytes(secret + " "),
                encoding: .raw,
                expected: .trailingWhitespaceKept
            ),
            SecretMistakeCase(
                label: "secret+\\n\\n\\t",
                signerKey: secretBytes,
                configuredText: bytes(secret + "\n\n\t"),
                encoding: .raw,
                expected: .trailingWhitespaceKept
            ),
            SecretMistakeCase(
                label: "leading space",
                signerKey: secretBytes,
                configuredText: bytes(" " + secret),
                encoding: .raw,
                expected: .leadingWhitespaceKept
            ),
            SecretMistakeCase(
                label: "the signer kept a trailing newline",
                signerKey: bytes(secret + "\n"),
                configuredText: secretBytes,
                encoding: .raw,
                expected: .trailingNewlineMissing
            ),
            SecretMistakeCase(
                label: "configured raw, signer base64url-decoded",
                signerKey: try decodedSecret(),
                configuredText: secretBytes,
                encoding: .raw,
                expected: .shouldDecode(.base64url)
            ),
            SecretMistakeCase(
                label: "configured base64url, signer used the text as written (ECE)",
                signerKey: secretBytes,
                configuredText: secretBytes,
                encoding: .base64url,
                expected: .shouldNotDecode(.base64url)
            ),
            SecretMistakeCase(
                label: "configured raw, signer hex-decoded",
                signerKey: Support.hex(hexSecret),
                configuredText: bytes(hexSecret),
                encoding: .raw,
                expected: .shouldDecode(.hex)
            ),
            SecretMistakeCase(
                label: "configured hex, signer used the text as written",
                signerKey: bytes(hexSecret),
                configuredText: bytes(hexSecret),
                encoding: .hex,
                expected: .shouldNotDecode(.hex)
            ),
            SecretMistakeCase(
                label: "configured base64, signer hex-decoded",
                signerKey: Support.hex(hexSecret),
                configuredText: bytes(hexSecret),
                encoding: .base64,
                expected: .wrongEncoding(used: .base64, signer: .hex)
            ),
            SecretMistakeCase(
                label: "a truly different secret",
                signerKey: bytes("a different secret entirely, 32+ bytes long"),
                configuredText: secretBytes,
                encoding: .raw,
                expected: nil
            ),
            SecretMistakeCase(
                label: "a different secret with whitespace kept",
                signerKey: bytes("another secret that is long enough!"),
                configuredText: bytes(secret + "\n"),
                encoding: .raw,
                expected: nil
            ),
        ]
    }

    static func token(signedWith key: [UInt8]) throws -> CompactToken {
        try CompactToken(parsing: Array(try Support.token(payload: payload, key: key).utf8))
    }

    @Test("Each usual mistake is named; a truly different secret is not", arguments: try cases())
    func diagnose(mistake: SecretMistakeCase) throws {
        let key = try SigningKey(secretText: mistake.configuredText, encoding: mistake.encoding)
        let token = try Self.token(signedWith: mistake.signerKey)
        #expect(SecretDiagnosis.diagnose(token, algorithm: .hs256, key: key) == mistake.expected)
    }

    @Test("A secret whose text is valid base64 and base64url alike: either decoding is a correct diagnosis")
    func ambiguousDecoding() throws {
        // No '-', '_', '+' or '/': both alphabets decode it to the same bytes.
        let text = "6HdYPFHshlNfAloqKyW46TrD2npZ8mtfYbtCJh8I4GE="
        let signer = try SecretEncoding.base64url.keyBytes(from: Self.bytes(text))
        let mistake = SecretDiagnosis.diagnose(
            try Self.token(signedWith: signer),
            algorithm: .hs256,
            key: try SigningKey(secretText: Self.bytes(text))
        )
        #expect(
            mistake == .shouldDecode(.base64) || mistake == .shouldDecode(.base64url),
            "\(String(describing: mistake))"
        )
    }

    @Test("The advice says how to fix the setup")
    func advice() {
        #expect(SecretDiagnosis.Mistake.trailingWhitespaceKept.advice.contains("trailing whitespace"))
        #expect(SecretDiagnosis.Mistake.leadingWhitespaceKept.advice.contains("leading whitespace"))
        #expect(SecretDiagnosis.Mistake.trailingNewlineMissing.advice.contains("newline"))
        #expect(SecretDiagnosis.Mistake.shouldDecode(.base64url).advice.contains("use secret encoding base64url"))
        #expect(
            SecretDiagnosis.Mistake.shouldNotDecode(.base64url).advice.contains(
                "use secret encoding raw, not base64url"
            )
        )
        #expect(
            SecretDiagnosis.Mistake.wrongEncoding(used: .base64, signer: .hex).advice.contains(
                "use secret encoding hex"
            )
        )
    }

    @Test(
        "The advice names no command-line flag: the library speaks of the secret encoding, the tool's help maps it",
        arguments: [
            SecretDiagnosis.Mistake.byteOrderMarkKept, .trailingWhitespaceKept, .leadingWhitespaceKept,
            .trailingNewlineMissing, .shouldDecode(.base64), .shouldNotDecode(.hex),
            .wrongEncoding(used: .base64url, signer: .hex),
        ]
    )
    func adviceNamesNoFlag(mistake: SecretDiagnosis.Mistake) {
        #expect(!mistake.advice.contains("--"), "\(mistake.advice)")
    }

    @Test(
        "In a report: the verdict stays signatureInvalid, with a secret-diagnosis warning that never shows the secret or a MAC"
    )
    func inReport() throws {
        let tokenText = try Support.token(payload: Self.payload)
        let configured = Self.bytes(Self.secret + "\n")
        let report = TokenInspector(key: try SigningKey(secretText: configured))
            .inspect(TokenInput(bytes: Array(tokenText.utf8), source: "test"), now: Support.now)
        #expect(report.outcome == .signatureInvalid)
        guard case .invalid(let error) = report.signature else {
            Issue.record("signature not invalid: \(report.signature)")
            return
        }
        #expect(error.code == .signatureMismatch)
        #expect(report.checks.first { $0.name.rawValue == "signature" }?.status == .fail)
        let diagnosis = try #require(report.checks.first { $0.name.rawValue == "secret-diagnosis" }, "\(report.checks)")
        #expect(diagnosis.status == .warn)
        #expect(diagnosis.message == SecretDiagnosis.Mistake.trailingWhitespaceKept.advice)
        #expect(!report.claimsChecked)

        // Neither the secret nor any MAC (the token's own, or the one the configured key computes).
        let computed = try Support.mac(
            TokenKitTestSupport.b64(#"{"typ":"JWT","alg":"HS256"}"#) + "."
                + TokenKitTestSupport.b64(Self.payload),
            key: configured
        )
        let ownSignature = String(tokenText.split(separator: ".")[2])
        let forbidden =
            [Self.secret, String(Self.secret.prefix(20)), Base64URL.encode(computed), ownSignature]
            + [computed, try CompactToken(parsing: Array(tokenText.utf8)).signatureBytes].map { bytes in
                bytes.map { byte in
                    let digits = String(byte, radix: 16)
                    return digits.count == 1 ? "0" + digits : digits
                }.joined()
            }
        for check in report.checks {
            for secretForm in forbidden {
                #expect(!check.message.contains(secretForm), "\(check.name) leaks: \(check.message)")
                #expect(!check.message.uppercased().contains(secretForm.uppercased()), "\(check.name) leaks")
            }
        }
    }

    @Test("A truly different secret: signatureInvalid and no secret-diagnosis check")
    func noDiagnosisForOtherSecret() throws {
        let tokenText = try Support.token(
            payload: Self.payload,
            key: Self.bytes("some other installation's secret value")
        )
        let report = TokenInspector(key: try SigningKey(secretText: Self.secretBytes))
            .inspect(TokenInput(bytes: Array(tokenText.utf8), source: "test"), now: Support.now)
        #expect(report.outcome == .signatureInvalid)
        #expect(report.checks.allSatisfy { $0.name.rawValue != "secret-diagnosis" }, "\(report.checks)")
    }

    @Test("A valid signature gets no diagnosis")
    func noDiagnosisWhenValid() throws {
        let tokenText = try Support.token(payload: Self.payload)
        let report = TokenInspector(key: try SigningKey(secretText: Self.secretBytes))
            .inspect(TokenInput(bytes: Array(tokenText.utf8), source: "test"), now: Support.now)
        #expect(report.outcome == .pass)
        #expect(report.checks.allSatisfy { $0.name.rawValue != "secret-diagnosis" })
    }
}
