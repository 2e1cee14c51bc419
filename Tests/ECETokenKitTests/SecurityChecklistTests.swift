import ECETokenKit
import Foundation
import Testing

// The verifier security checklist (../shared/docs/security.md), one suite per section and at least one
// test per line, at the library level. Where an existing test already pins a rule, the test here names
// it and adds only the vectors it lacks; end-to-end versions of the same vectors are in
// Tests/ecetokenTests/AdversarialCLITests.swift, and the documented limits in ResourceLimitTests.swift.

private typealias Support = TokenKitTestSupport

/// Builders shared by the checklist suites: every token is signed with the library's own HMAC over the
/// exact segments given, so a test controls every byte an attacker controls.
private enum Checklist {
    static let uuid = "8f6b2a0e-4c1d-4e3f-9a7b-2c5d8e1f0a3b"
    static let now = Support.now
    /// An ECE persistent token's claims.
    static let persistent = #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true}"#

    /// An ECE ephemeral token's claims with `exp` written as given.
    static func ephemeral(exp: String) -> String {
        #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":false,"exp":\#(exp)}"#
    }

    static func key() throws -> SigningKey {
        try SigningKey(secretText: Support.secretBytes)
    }

    static func inspect(
        _ token: [UInt8],
        key: SigningKey?,
        policy: VerificationPolicy = VerificationPolicy(),
        requirements: PolicyRequirements = PolicyRequirements(),
        now: Int64 = Checklist.now
    ) -> TokenReport {
        TokenInspector(key: key, policy: policy, requirements: requirements)
            .inspect(TokenInput(bytes: token, source: "checklist"), now: now)
    }

    static func inspect(
        _ token: String,
        key: SigningKey?,
        policy: VerificationPolicy = VerificationPolicy(),
        requirements: PolicyRequirements = PolicyRequirements(),
        now: Int64 = Checklist.now
    ) -> TokenReport {
        inspect(Array(token.utf8), key: key, policy: policy, requirements: requirements, now: now)
    }

    /// Signs header and payload text with the test secret and inspects the token with the test secret.
    static func signed(
        header: String = Support.eceHeader,
        payload: String = persistent,
        policy: VerificationPolicy = VerificationPolicy(),
        requirements: PolicyRequirements = PolicyRequirements(),
        now: Int64 = Checklist.now
    ) throws -> TokenReport {
        inspect(
            try Support.token(header: header, payload: payload),
            key: try key(),
            policy: policy,
            requirements: requirements,
            now: now
        )
    }

    /// A token over arbitrary decoded header and payload bytes (not necessarily UTF-8 or JSON), with a
    /// correct MAC under `key`.
    static func token(
        headerBytes: [UInt8],
        payloadBytes: [UInt8],
        key: [UInt8] = Support.secretBytes,
        algorithm: HMACAlgorithm = .hs256
    ) throws -> String {
        let signingInput = Base64URL.encode(headerBytes) + "." + Base64URL.encode(payloadBytes)
        return signingInput + "." + Base64URL.encode(try Support.mac(signingInput, key: key, algorithm: algorithm))
    }

    /// The three segments of a token.
    static func segments(_ token: String) -> [String] {
        token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// Every text a report shows: check messages and error reasons.
    static func shownTexts(_ report: TokenReport) -> [String] {
        var texts = report.checks.map(\.message)
        if let error = report.decodingError { texts.append(error.reason) }
        if case .invalid(let error) = report.signature { texts.append(error.reason) }
        return texts
    }

    /// Lowercase hex.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }

    /// Standard base64 with padding (the `+`/`/` alphabet), for spelling a MAC the way a leak might.
    static func standardBase64(_ bytes: [UInt8]) -> String {
        var text = Base64URL.encode(bytes).replacingOccurrences(of: "-", with: "+").replacingOccurrences(
            of: "_",
            with: "/"
        )
        while text.utf8.count % 4 != 0 { text += "=" }
        return text
    }
}

extension TokenReport {
    /// The first check called `name`.
    fileprivate func checklistCheck(_ name: String) -> Check? {
        checks.first { $0.name.rawValue == name }
    }

    /// The code of a rejected signature.
    fileprivate var checklistSignatureCode: TokenError.Code? {
        if case .invalid(let error) = signature { return error.code }
        return nil
    }

    /// The code of whatever stopped the token: a decoding error or a rejected signature.
    fileprivate var checklistErrorCode: TokenError.Code? {
        decodingError?.code ?? checklistSignatureCode
    }
}

extension String {
    /// Whether the text holds a scalar that must never reach a terminal raw: a C0 or C1 control (NUL, ESC,
    /// DEL, NEL…), a line or paragraph separator, or a bidirectional control (Trojan Source).
    fileprivate var checklistHasUnsafeScalar: Bool {
        unicodeScalars.contains { $0.checklistIsTerminalUnsafe }
    }
}

extension Unicode.Scalar {
    /// A C0 or C1 control, U+2028/U+2029, or a Bidi_Control scalar.
    fileprivate var checklistIsTerminalUnsafe: Bool {
        switch properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        default: return properties.isBidiControl
        }
    }
}

@Suite("Security checklist (security.md), rule by rule, at the library level")
struct SecurityChecklistTests {

    // MARK: - Token framing

    @Suite("Token framing")
    struct Framing {
        /// Rule: "At most a fixed size … Count dots before splitting; never allocate per dot". 20 000 dots is
        /// over the 16 KiB cap, which is checked first, so every shape of it is `too_large`; 16 000 dots inside
        /// the cap are counted (`segment_count`). CompactTokenTests covers the bare runs at the framing layer;
        /// this goes through the whole inspector and the JWS verifier, and bounds the time.
        @Test(
            "A 20 000-dot token fails fast with too_large, whatever surrounds the dots",
            .bug("https://www.cve.org/CVERecord?id=CVE-2025-30204", "golang-jwt: allocation per dot"),
            .bug("https://www.cve.org/CVERecord?id=CVE-2025-27144", "go-jose: allocation per dot"),
            arguments: ["bare", "after a valid token", "between header and signature", "16 000 inside the cap"]
        )
        func manyDots(shape: String) throws {
            let valid = try Support.token(payload: Checklist.persistent)
            let parts = Checklist.segments(valid)
            let dots = String(repeating: ".", count: shape == "16 000 inside the cap" ? 16_000 : 20_000)
            let text: String
            switch shape {
            case "bare": text = dots
            case "after a valid token": text = valid + dots
            case "16 000 inside the cap": text = parts[0] + dots + parts[2]
            default: text = parts[0] + dots + parts[2]
            }
            let expected: TokenError.Code = shape == "16 000 inside the cap" ? .segmentCount : .tooLarge
            let bytes = Array(text.utf8)
            let key = try Checklist.key()
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for _ in 0..<200 {
                    _ = Checklist.inspect(bytes, key: key)
                }
            }
            let report = Checklist.inspect(bytes, key: key)
            #expect(report.outcome == .malformed)
            #expect(report.decodingError?.code == expected)
            #expect(report.claims == nil && report.checks.isEmpty)
            do {
                _ = try SignatureVerifier(key: key).verifyCompactJWS(bytes, allowed: [.hs256])
                Issue.record("the JWS verifier accepted \(shape)")
            } catch {
                #expect(error.code == expected)
            }
            // 200 rejections of a 20 kB input: a linear scan each, no allocation per dot. Generous for debug builds
            // on a loaded machine; a split per dot would be orders of magnitude slower.
            #expect(elapsed < .seconds(5), "\(elapsed)")
        }

        /// Rule: "Exactly three segments. Two is not a JWS; five is a JWE." CompactTokenTests covers the framing
        /// layer with toy segments; these are real segments of a correctly signed token.
        @Test(
            "Anything but exactly three segments of a real token is segment_count",
            .bug("https://www.rfc-editor.org/rfc/rfc7515#section-7.1", "RFC 7515 §7.1"),
            .bug("https://www.rfc-editor.org/rfc/rfc7516#section-7.1", "RFC 7516 §7.1: five segments is a JWE"),
            arguments: [1, 2, 4, 5, 6]
        )
        func segmentCount(count: Int) throws {
            let parts = Checklist.segments(try Support.token(payload: Checklist.persistent))
            let pool = parts + parts
            let text = pool.prefix(count).joined(separator: ".")
            let report = Checklist.inspect(text, key: try Checklist.key())
            #expect(report.outcome == .malformed)
            #expect(report.decodingError?.code == .segmentCount)
            #expect(report.decodingError?.reason.contains("\(count) segment") == true)
            if count == 5 { #expect(report.decodingError?.reason.contains("JWE") == true) }
            #expect(report.claims == nil)
        }

        /// Rule: "Only [A-Za-z0-9_-] inside segments: no whitespace, =, +, /, non-ASCII". Each byte is put in the
        /// middle of each segment of a correctly signed token.
        @Test(
            "Whitespace, padding, the standard alphabet, NUL and non-ASCII inside any segment are invalid_character",
            .bug("https://www.rfc-editor.org/rfc/rfc7515#section-2", "RFC 7515 §2: base64url, no padding"),
            arguments: [
                " ", "\t", "\n", "\r", "=", "+", "/", "\u{0}", "é", "\u{A0}", "\u{200B}", "\u{FF0B}", "~", "%",
            ],
            [0, 1, 2]
        )
        func foreignCharacter(character: String, segment: Int) throws {
            var parts = Checklist.segments(try Support.token(payload: Checklist.persistent))
            let middle = parts[segment].index(parts[segment].startIndex, offsetBy: parts[segment].count / 2)
            parts[segment].insert(contentsOf: character, at: middle)
            let report = Checklist.inspect(parts.joined(separator: "."), key: try Checklist.key())
            #expect(report.outcome == .malformed)
            #expect(report.decodingError?.code == .invalidCharacter)
            #expect(report.decodingError?.reason.contains(["header", "payload", "signature"][segment]) == true)
            #expect(report.decodingError?.reason.checklistHasUnsafeScalar == false)
        }

        /// The correct MAC spelled in the standard alphabet or with `=` padding is still refused: the same bytes in
        /// another spelling are not the token that was issued.
        @Test("The correct MAC spelled with '+', '/' or '=' padding is refused as invalid_character")
        func correctMACOtherSpellings() throws {
            // Find a payload whose MAC's base64url spelling has a '-' or '_', so it differs in standard base64.
            var found: (String, String)?
            for counter in 0..<200 where found == nil {
                let payload =
                    #"{"sub":"\#(Checklist.uuid)","roles":[],"iss":"current","persistent":true,"n":\#(counter)}"#
                let token = try Support.token(payload: payload)
                let signature = Checklist.segments(token)[2]
                if signature.contains("-") || signature.contains("_") { found = (token, signature) }
            }
            let (token, signature) = try #require(found)
            let parts = Checklist.segments(token)
            let standard = signature.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            for spelling in [standard, signature + "=", standard + "="] {
                let report = Checklist.inspect(parts[0] + "." + parts[1] + "." + spelling, key: try Checklist.key())
                #expect(report.outcome == .malformed, "\(spelling)")
                #expect(report.decodingError?.code == .invalidCharacter, "\(spelling)")
            }
            // Sanity: the canonical spelling verifies.
            #expect(Checklist.inspect(token, key: try Checklist.key()).outcome == .pass)
        }

        /// Rule: the JSON serialization must not be accepted where a compact token is expected (python-jwt
        /// CVE-2022-39227). Flattened and general forms are built from a correctly signed token.
        @Test(
            "The JWS JSON serialization of a valid token, flattened or general, is never accepted",
            .bug(
                "https://www.cve.org/CVERecord?id=CVE-2022-39227",
                "python-jwt: JSON serialization mixed with compact"
            ),
            .bug("https://www.rfc-editor.org/rfc/rfc7515#section-7.2", "RFC 7515 §7.2"),
            arguments: [
                "flattened", "general", "general with a compact token inside", "array", "flattened after a space",
            ]
        )
        func jsonSerialization(form: String) throws {
            let token = try Support.token(payload: Checklist.persistent)
            let parts = Checklist.segments(token)
            let flattened = #"{"protected":"\#(parts[0])","payload":"\#(parts[1])","signature":"\#(parts[2])"}"#
            let text: String
            switch form {
            case "flattened": text = flattened
            case "general":
                text =
                    #"{"payload":"\#(parts[1])","signatures":[{"protected":"\#(parts[0])","signature":"\#(parts[2])"}]}"#
            case "general with a compact token inside":
                text = #"{"payload":"\#(parts[1])","x":"\#(token)","signatures":[]}"#
            case "array": text = "[\"\(token)\"]"
            default: text = " " + flattened
            }
            let key = try Checklist.key()
            let report = Checklist.inspect(text, key: key)
            #expect(report.outcome == .malformed)
            if form == "flattened after a space" {
                // Not recognised as JSON behind the space, but refused all the same (it has no dots).
                #expect([.segmentCount, .invalidCharacter].contains(report.decodingError?.code))
            } else {
                #expect(report.decodingError?.code == .notCompactSerialization)
            }
            #expect(report.signature == .unverified)
            #expect(throws: TokenError.self) {
                _ = try SignatureVerifier(key: key).verifyCompactJWS(Array(text.utf8), allowed: [.hs256])
            }
        }

        /// Rule: "Base64url without padding; len % 4 == 1 is invalid; non-canonical trailing bits are rejected".
        /// The sharpest case: the correct MAC spelled non-canonically decodes (leniently) to the very bytes that
        /// verify, and must still fail, so one token has one spelling.
        @Test(
            "Empty, truncated, extended, impossible-length and non-canonical signatures all fail, with the right code",
            .bug("https://www.rfc-editor.org/rfc/rfc7515#section-2", "RFC 7515 §2"),
            .bug("https://www.rfc-editor.org/rfc/rfc4648#section-3.5", "RFC 4648 §3.5: canonical encoding"),
            arguments: [
                "empty", "truncated to 31 bytes", "extended to 33 bytes", "correct MAC plus one byte",
                "45 characters", "non-canonical correct MAC",
            ]
        )
        func signatureEncodings(variant: String) throws {
            let token = try Support.token(payload: Checklist.persistent)
            let parts = Checklist.segments(token)
            let mac = try Support.mac(parts[0] + "." + parts[1], key: Support.secretBytes)
            let signature: String
            let expected: TokenError.Code
            switch variant {
            case "empty": (signature, expected) = ("", .signatureLength)
            case "truncated to 31 bytes": (signature, expected) = (Base64URL.encode(mac.prefix(31)), .signatureLength)
            case "extended to 33 bytes": (signature, expected) = (Base64URL.encode(mac + [0]), .signatureLength)
            case "correct MAC plus one byte":
                (signature, expected) = (Base64URL.encode(mac + [mac[0]]), .signatureLength)
            case "45 characters": (signature, expected) = (parts[2] + "AA", .invalidBase64)
            default:
                // 32 bytes = 43 characters carrying 258 bits: the last character's 2 low bits must be zero.
                let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                let last = try #require(alphabet.firstIndex(of: parts[2].last!))
                #expect(last & 0b11 == 0, "a canonical 32-byte MAC leaves the low bits zero")
                signature = String(parts[2].dropLast()) + String(alphabet[last | 0b01])
                expected = .invalidBase64
            }
            let report = Checklist.inspect(parts[0] + "." + parts[1] + "." + signature, key: try Checklist.key())
            #expect(report.checklistErrorCode == expected, "\(report.decodingError?.reason ?? "")")
            #expect(report.outcome == (expected == .signatureLength ? .signatureInvalid : .malformed))
            #expect(report.claimsChecked == false)
        }

        /// Rule: "The header segment is not empty; for a JWT neither is the payload." CompactTokenTests.emptySegment
        /// covers the framing; this is through the inspector, with and without a key.
        @Test("An empty header or payload segment is empty_segment, with and without a key", arguments: [0, 1])
        func emptySegments(segment: Int) throws {
            var parts = Checklist.segments(try Support.token(payload: Checklist.persistent))
            parts[segment] = ""
            for key in [try Checklist.key(), nil] as [SigningKey?] {
                let report = Checklist.inspect(parts.joined(separator: "."), key: key)
                #expect(report.outcome == .malformed)
                #expect(report.decodingError?.code == .emptySegment)
            }
        }
    }

    // MARK: - Header

    /// What a header's `alg` must lead to.
    enum AlgVerdict: Sendable {
        case pass, notAllowed, notString, missing
    }

    @Suite("Header")
    struct Header {
        /// Rule: "alg must be present, a string, and an exact case-sensitive member of the allow-list … Compare the
        /// value after JSON unescaping". TokenInspectorTests.algNotAllowed/escapedAlg/algWrongType cover part of this
        /// list; this is the whole list in one place, every token carrying a correct HMAC.
        @Test(
            "alg: exact, case-sensitive, compared after unescaping, a string, present",
            .bug("https://www.rfc-editor.org/rfc/rfc8725#section-3.1", "RFC 8725 §3.1: perform algorithm verification"),
            .bug("https://www.rfc-editor.org/rfc/rfc7515#section-4.1.1", "RFC 7515 §4.1.1"),
            arguments: [
                (#""none""#, AlgVerdict.notAllowed), (#""None""#, .notAllowed), (#""NONE""#, .notAllowed),
                (#""nOnE""#, .notAllowed), (#""NoNe""#, .notAllowed),
                (#""\u006eone""#, .notAllowed), (#""\u004e\u004f\u004e\u0045""#, .notAllowed),
                (#""HS\u0032\u0035\u0036""#, .pass), (#""\u0048\u0053\u0032\u0035\u0036""#, .pass),
                (#""HS256""#, .pass),
                (#""hs256""#, .notAllowed), (#""Hs256""#, .notAllowed), (#""hS256""#, .notAllowed),
                (#""HS256 ""#, .notAllowed), (#"" HS256""#, .notAllowed), (#""HS256\t""#, .notAllowed),
                (#""HS256\n""#, .notAllowed), (#""HS256\u0000""#, .notAllowed), (#""\u200bHS256""#, .notAllowed),
                (#""ＨＳ２５６""#, .notAllowed), (#""HS 256""#, .notAllowed), (#""HS-256""#, .notAllowed),
                (#""HS2560""#, .notAllowed), (#""HS25""#, .notAllowed), (#""HS256,HS384""#, .notAllowed),
                (#""HS384""#, .notAllowed), (#""HS512""#, .notAllowed), (#""RS256""#, .notAllowed),
                (#""""#, .notAllowed),
                ("null", .notString), (#"["HS256"]"#, .notString), ("[]", .notString), ("256", .notString),
                ("0", .notString), ("1e3", .notString), (#"{"name":"HS256"}"#, .notString), ("{}", .notString),
                ("true", .notString), ("false", .notString),
            ] as [(String, AlgVerdict)]
        )
        func algAllowList(alg: String, verdict: AlgVerdict) throws {
            let header = #"{"typ":"JWT","alg":\#(alg)}"#
            let report = try Checklist.signed(header: header)
            switch verdict {
            case .pass:
                #expect(report.outcome == .pass)
                #expect(report.signature == .valid)
                #expect(report.algorithmName == "HS256")
            case .notAllowed:
                #expect(report.outcome == .signatureInvalid)
                #expect(report.checklistSignatureCode == .algorithmNotAllowed)
                #expect(report.checklistCheck("header")?.status == .fail)
                #expect(report.claimsChecked == false)
                #expect(report.checklistCheck("header")?.message.checklistHasUnsafeScalar == false)
            case .notString:
                #expect(report.outcome == .malformed)
                #expect(report.decodingError?.code == .algorithmNotString)
            case .missing:
                #expect(report.outcome == .malformed)
                #expect(report.decodingError?.code == .missingAlgorithm)
            }
        }

        @Test(
            "A missing alg is missing_alg, even when a member differs from alg only in case or spacing",
            arguments: [
                #"{"typ":"JWT"}"#, "{}", #"{"ALG":"HS256"}"#, #"{"Alg":"HS256"}"#, #"{"alg ":"HS256"}"#,
                #"{"\u0061lg\u0000":"HS256"}"#,
            ]
        )
        func algMissing(header: String) throws {
            let report = try Checklist.signed(header: header)
            #expect(report.outcome == .malformed)
            #expect(report.decodingError?.code == .missingAlgorithm)
        }

        /// Rule: `none` fails in every casing, with a signature (above) and without one: the unsecured JWS of RFC 7518
        /// §3.6, with an empty third segment. Without a key (inspect) the header check still fails.
        @Test(
            "alg none in every casing with an empty signature fails, with and without a key",
            .bug("https://www.rfc-editor.org/rfc/rfc7518#section-3.6", "RFC 7518 §3.6: unsecured JWS"),
            arguments: ["none", "None", "NONE", "nOnE", "\\u006eone"]
        )
        func algNoneUnsigned(alg: String) throws {
            let token = Support.token(
                header: #"{"alg":"\#(alg)","typ":"JWT"}"#,
                payload: Checklist.persistent,
                signature: []
            )
            #expect(token.hasSuffix("."))
            let keyed = Checklist.inspect(token, key: try Checklist.key())
            #expect(keyed.outcome == .signatureInvalid)
            #expect(keyed.checklistSignatureCode == .algorithmNotAllowed)
            #expect(keyed.checklistCheck("header")?.message.contains("never accepted") == true)
            let unkeyed = Checklist.inspect(token, key: nil)
            #expect(unkeyed.checklistCheck("header")?.status == .fail)
            #expect(unkeyed.outcome == .checkFailed)
        }

        /// Rule: "The key is bound to one algorithm; the header never chooses the key's algorithm." A header naming
        /// an algorithm outside the allow-list is refused even with a correct MAC and a long enough key, and a MAC of
        /// another hash under an allowed name fails on its length.
        @Test(
            "The header cannot choose the algorithm: outside the allow-list it is refused, and the MAC must be of the named hash",
            .bug("https://www.rfc-editor.org/rfc/rfc8725#section-3.1", "RFC 8725 §3.1"),
            arguments: [
                ("HS384", HMACAlgorithm.hs384, [HMACAlgorithm.hs256], TokenError.Code.algorithmNotAllowed),
                ("HS512", .hs512, [.hs256], .algorithmNotAllowed),
                ("HS256", .hs384, [.hs256, .hs384], .signatureLength),
                ("HS256", .hs512, [.hs256, .hs512], .signatureLength),
                ("HS512", .hs256, [.hs256, .hs512], .signatureLength),
                ("HS384", .hs512, [.hs384, .hs512], .signatureLength),
            ] as [(String, HMACAlgorithm, [HMACAlgorithm], TokenError.Code)]
        )
        func keyBoundToAlgorithm(
            headerAlg: String,
            signedWith: HMACAlgorithm,
            allowed: [HMACAlgorithm],
            code: TokenError.Code
        ) throws {
            let keyBytes = Array(String(repeating: "k", count: 64).utf8)
            let token = try Support.token(
                header: #"{"typ":"JWT","alg":"\#(headerAlg)"}"#,
                payload: Checklist.persistent,
                key: keyBytes,
                algorithm: signedWith
            )
            let report = Checklist.inspect(
                token,
                key: try SigningKey(bytes: keyBytes),
                policy: VerificationPolicy(allowedAlgorithms: allowed)
            )
            #expect(report.outcome == .signatureInvalid)
            #expect(report.checklistSignatureCode == code)
            #expect(report.claimsChecked == false)

            // Sanity: signed with the named hash under an allow-list that has it, the same key verifies.
            let named = try #require(HMACAlgorithm(name: headerAlg))
            let honest = try Support.token(
                header: #"{"typ":"JWT","alg":"\#(headerAlg)"}"#,
                payload: Checklist.persistent,
                key: keyBytes,
                algorithm: named
            )
            #expect(
                Checklist.inspect(
                    honest,
                    key: try SigningKey(bytes: keyBytes),
                    policy: VerificationPolicy(allowedAlgorithms: [named])
                )
                .outcome == .pass
            )
        }

        /// Rule: "Any crit → reject (this verifier understands no extensions), including crit:["b64"]. A b64 member
        /// without crit → reject too." TokenInspectorTests.critAndB64 covers five of these forms.
        @Test(
            "crit in every form, and b64 with or without crit, is unsupported_crit",
            .bug("https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11", "RFC 7515 §4.1.11"),
            .bug("https://www.rfc-editor.org/rfc/rfc7797#section-6", "RFC 7797 §6: b64 must be critical"),
            arguments: [
                #""crit":[]"#, #""crit":["b64"]"#, #""crit":["exp"]"#, #""crit":"b64""#, #""crit":"string""#,
                #""crit":null"#, #""crit":{}"#, #""crit":0"#, #""crit":true"#, #""crit":["b64","b64"]"#,
                #""\u0063rit":["exp"]"#, #""b64":false,"crit":["b64"]"#, #""b64":true,"crit":["b64"]"#,
                #""b64":false"#, #""b64":true"#, #""b64":null"#, #""b64":"false""#, #""\u0062\u0036\u0034":false"#,
            ]
        )
        func critForms(member: String) throws {
            let header = #"{"typ":"JWT","alg":"HS256",\#(member)}"#
            let report = try Checklist.signed(header: header)
            #expect(report.outcome == .signatureInvalid)
            #expect(report.checklistSignatureCode == .unsupportedCritical)
            #expect(report.checklistCheck("header")?.status == .fail)
            #expect(report.claimsChecked == false)
            #expect(report.checklistCheck("header")?.message.checklistHasUnsafeScalar == false)

            let unkeyed = Checklist.inspect(try Support.token(header: header, payload: Checklist.persistent), key: nil)
            #expect(unkeyed.checklistCheck("header")?.status == .fail)
            #expect(unkeyed.outcome == .checkFailed)
        }

        /// Rule: "jwk, jku, x5u, x5c never supply key material. kid is untrusted text." The token is signed with an
        /// attacker's key that the header carries as a JWK; TokenInspectorTests.headerKeyHintsIgnored covers a
        /// header with junk hints.
        @Test(
            "A token signed with the key its own jwk/jku/x5u/x5c/kid point at still fails with the configured key",
            .bug("https://www.rfc-editor.org/rfc/rfc8725#section-3.10", "RFC 8725 §3.10: do not trust received claims")
        )
        func embeddedKeyIgnored() throws {
            let attackerKey = Array("attacker-chosen-hmac-key-of-48-bytes-0123456789ab".utf8)
            let header =
                #"{"typ":"JWT","alg":"HS256","kid":"../../Fixtures/secret.txt","#
                + #""jwk":{"kty":"oct","k":"\#(Base64URL.encode(attackerKey))"},"#
                + #""jku":"https://attacker.example/jwks.json","x5u":"https://attacker.example/cert.pem","#
                + #""x5c":["MIIBszCCAVmgAwIBAgIUattacker"]}"#
            let forged = try Support.token(header: header, payload: Checklist.persistent, key: attackerKey)
            let report = Checklist.inspect(forged, key: try Checklist.key())
            #expect(report.outcome == .signatureInvalid)
            #expect(report.checklistSignatureCode == .signatureMismatch)
            #expect(report.claimsChecked == false)

            // The same header on a token signed with the configured key verifies: the hints are ignored, not refused.
            #expect(try Checklist.signed(header: header).outcome == .pass)
        }
    }

    // MARK: - Key

    @Suite("Key")
    struct Key {
        /// Rule: "HS256 needs ≥ 32 bytes of key (48 for HS384, 64 for HS512) … Shorter keys fail unless the user
        /// explicitly allows weak secrets." TokenInspectorTests.weakKey covers HS256 below 32.
        @Test(
            "Key length boundaries for each HMAC: one byte short is weak_key unless allowed; the digest size passes",
            .bug("https://www.rfc-editor.org/rfc/rfc7518#section-3.2", "RFC 7518 §3.2: key at least the hash size"),
            arguments: [
                (HMACAlgorithm.hs256, 31), (.hs256, 32), (.hs384, 47), (.hs384, 48), (.hs512, 63), (.hs512, 64),
            ] as [(HMACAlgorithm, Int)]
        )
        func keyLength(algorithm: HMACAlgorithm, length: Int) throws {
            let keyBytes = Array(String(repeating: "q", count: length).utf8)
            let token = try Support.token(
                header: #"{"typ":"JWT","alg":"\#(algorithm.name)"}"#,
                payload: Checklist.persistent,
                key: keyBytes,
                algorithm: algorithm
            )
            let key = try SigningKey(bytes: keyBytes)
            let strict = Checklist.inspect(token, key: key, policy: VerificationPolicy(allowedAlgorithms: [algorithm]))
            if length < algorithm.digestLength {
                #expect(strict.checklistSignatureCode == .weakKey)
                #expect(strict.claimsChecked == false)
                let allowed = Checklist.inspect(
                    token,
                    key: key,
                    policy: VerificationPolicy(allowedAlgorithms: [algorithm], allowsWeakKey: true)
                )
                #expect(allowed.outcome == .pass)
            } else {
                #expect(strict.outcome == .pass)
            }
        }

        /// Rule: "The empty key always fails." SigningKeyTests and SecretLoaderTests cover the raw text and the
        /// file; this covers every encoding, since a key can only be used once it exists.
        @Test("The empty key is refused in every encoding", arguments: SecretEncoding.allCases)
        func emptyKey(encoding: SecretEncoding) {
            #expect(throws: SecretError.self) { try SigningKey(secretText: [], encoding: encoding) }
            do {
                _ = try SigningKey(secretText: [], encoding: encoding)
            } catch {
                #expect(error.code == .empty)
            }
        }

        /// Rule: "A secret that looks like a public key … is refused: algorithm confusion". SigningKeyTests covers
        /// upper-case PEM public keys, ssh-rsa, ssh-ed25519, nistp256 and JWKs of type RSA, EC and OKP; these add
        /// the other casings, private-key PEMs, the other SSH key types, JWK sets and non-strict JWKs.
        @Test(
            "Public-key-looking secrets are refused in any case and behind leading whitespace",
            .bug("https://www.cve.org/CVERecord?id=CVE-2017-11424", "PyJWT: public key used as HMAC secret"),
            .bug("https://www.cve.org/CVERecord?id=CVE-2022-29217", "PyJWT: algorithm confusion"),
            arguments: [
                "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
                "-----begin public key-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----end public key-----",
                "-----Begin Certificate-----\nMIIBszCCAVmgAwIBAgIU\n-----End Certificate-----",
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2\n-----END EC PRIVATE KEY-----",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n-----END OPENSSH PRIVATE KEY-----",
                "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0 user@host",
                "SSH-RSA AAAAB3NzaC1yc2EAAAADAQABAAABAQC0 user@host",
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host",
                "Ssh-Ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
                "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEm= user@host",
                "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBA== user@host",
                "ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBA== user@host",
                "ssh-dss AAAAB3NzaC1kc3MAAACBAP1/U4EddRIpUt9KnC7s5Of2EbdSPO9EAMMeP4C2USZpRV1AIlH7WT2NWPq user@host",
                "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tAAAAI user@host",
                #"{"kty":"RSA","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W"}"#,
                #"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRKEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#,
                #"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
                #"{"keys":[{"kty":"RSA","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbf"}]}"#,
                #"{"keys":[{"kty":"oct","k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"}]}"#,
                #"{"kty":"RSA","e":"AQAB","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78",}"#,
                #"{'kty':'EC',"kty":"EC","crv":"P-256"}"#,
            ],
            ["", "  ", "\t", "\n", "\r\n"]
        )
        func publicKeyLooking(text: String, prefix: String) {
            do {
                _ = try SigningKey(secretText: Array((prefix + text).utf8))
                Issue.record("accepted as an HMAC key: \((prefix + text).prefix(30).debugDescription)")
            } catch {
                #expect(error.code == .looksLikePublicKey)
                #expect(!error.reason.contains(String(text.dropFirst(12).prefix(16))), "the reason quotes the key")
            }
        }

        /// The same rule when the operator names an encoding: the key bytes that HMAC would use are a PEM public key
        /// or an SSH key, only written in base64 or hex. The check must look at what becomes the key.
        @Test(
            "A public key hidden behind --secret-encoding base64, base64url or hex is refused too",
            .bug("https://www.cve.org/CVERecord?id=CVE-2017-11424", "PyJWT: public key used as HMAC secret"),
            arguments: [SecretEncoding.base64, .base64url, .hex]
        )
        func encodedPublicKey(encoding: SecretEncoding) throws {
            let pem = Array(
                "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n".utf8
            )
            let text: String
            switch encoding {
            case .hex: text = Checklist.hex(pem)
            case .base64url: text = Base64URL.encode(pem)
            default: text = Checklist.standardBase64(pem)
            }
            let outcome: SecretError.Code?
            do {
                _ = try SigningKey(secretText: Array(text.utf8), encoding: encoding)
                outcome = nil
            } catch {
                outcome = error.code
            }
            #expect(outcome == .looksLikePublicKey)
        }

        /// Rule: "Keys longer than the hash block size are legal (HMAC hashes them first)." HMACTests covers the HMAC
        /// layer; this is a whole token, and shows every byte past the block still counts.
        @Test(
            "Keys longer than the 64-byte SHA-256 block verify, and every byte of them counts",
            arguments: [65, 100, 128, 1000]
        )
        func longKeys(length: Int) throws {
            var generator = SplitMix64(seed: UInt64(length))
            let keyBytes = generator.bytes(length).map { $0 | 0x80 }  // never ASCII, never a public-key prefix
            let token = try Support.token(payload: Checklist.persistent, key: keyBytes)
            #expect(Checklist.inspect(token, key: try SigningKey(bytes: keyBytes)).outcome == .pass)
            var other = keyBytes
            other[length - 1] ^= 0x01
            #expect(
                Checklist.inspect(token, key: try SigningKey(bytes: other)).checklistSignatureCode == .signatureMismatch
            )
        }
    }

    // MARK: - Signature

    @Suite("Signature")
    struct Signature {
        /// Rule: "HMAC over the exact received ASCII bytes segment0.segment1; never re-encode." Each pair is the same
        /// JSON in two spellings; a signature over one never verifies the other.
        @Test(
            "A signature over one spelling of the same JSON never verifies another spelling",
            .bug(
                "https://www.rfc-editor.org/rfc/rfc7515#section-5.2",
                "RFC 7515 §5.2: validate over the received bytes"
            ),
            arguments: [
                (true, #"{"sub":"x","roles":[],"persistent":true}"#, #"{"\u0073ub":"x","roles":[],"persistent":true}"#),
                (true, #"{"sub":"x","roles":[],"persistent":true}"#, #"{ "sub":"x","roles":[],"persistent":true}"#),
                (true, #"{"sub":"x","roles":[],"persistent":true}"#, #"{"roles":[],"sub":"x","persistent":true}"#),
                (true, #"{"sub":"é","roles":[],"persistent":true}"#, #"{"sub":"\u00e9","roles":[],"persistent":true}"#),
                (false, #"{"typ":"JWT","alg":"HS256"}"#, #"{"typ":"JWT","alg":"HS\u0032\u0035\u0036"}"#),
                (false, #"{"typ":"JWT","alg":"HS256"}"#, #"{"alg":"HS256","typ":"JWT"}"#),
            ] as [(Bool, String, String)]
        )
        func exactBytes(isPayload: Bool, signed: String, presented: String) throws {
            let original =
                isPayload
                ? try Support.token(payload: signed) : try Support.token(header: signed, payload: Checklist.persistent)
            var parts = Checklist.segments(original)
            parts[isPayload ? 1 : 0] = Support.b64(presented)
            let report = Checklist.inspect(parts.joined(separator: "."), key: try Checklist.key())
            #expect(report.outcome == .signatureInvalid)
            #expect(report.checklistSignatureCode == .signatureMismatch)
            // Sanity: the original spelling verifies.
            #expect(Checklist.inspect(original, key: try Checklist.key()).signature == .valid)
        }

        /// Rule: "Constant-time comparison (CRYPTO_memcmp)". Timing is not measurable in a unit test; what is
        /// testable is that the outcome says nothing about where the MAC differs. HMACTests covers ConstantTime.
        @Test(
            "A mismatch in the first, a middle or the last byte gives the same error, naming no position",
            .bug("https://www.rfc-editor.org/rfc/rfc7518#section-3.2", "RFC 7518 §3.2: constant-time comparison")
        )
        func mismatchSaysNothingAboutWhere() throws {
            let token = try Support.token(payload: Checklist.persistent)
            let parts = Checklist.segments(token)
            let mac = try Support.mac(parts[0] + "." + parts[1], key: Support.secretBytes)
            var reasons: Set<String> = []
            for index in [0, 15, 31] {
                var wrong = mac
                wrong[index] ^= 0x01
                let report = Checklist.inspect(
                    parts[0] + "." + parts[1] + "." + Base64URL.encode(wrong),
                    key: try Checklist.key()
                )
                #expect(report.checklistSignatureCode == .signatureMismatch)
                if case .invalid(let error) = report.signature { reasons.insert(error.reason) }
            }
            #expect(reasons.count == 1, "\(reasons)")
            #expect(ConstantTime.equals(mac, mac) && !ConstantTime.equals(mac, Array(mac.dropLast())))
        }

        /// Rule: "Verify the signature before anything that depends on claims. A bad signature is terminal: never
        /// report 'expired' for a forged token". TokenInspectorTests.flippedBit covers an expired forged token; this
        /// covers every claim problem and every requirement, for a bit flip and another key.
        @Test(
            "A forged token gets no claim or policy check, whatever is wrong with its claims",
            .bug("https://www.cve.org/CVERecord?id=CVE-2024-51744", "golang-jwt: forged token reported as expired"),
            .bug(
                "https://www.rfc-editor.org/rfc/rfc8725#section-3.3",
                "RFC 8725 §3.3: validate all cryptographic operations"
            ),
            arguments: [
                Checklist.ephemeral(exp: "1"),
                Checklist.ephemeral(exp: #""1800003600""#),
                Checklist.ephemeral(exp: "1e400"),
                #"{"sub":"x","roles":[],"iss":"current","nbf":9999999999}"#,
                #"{"sub":"x","roles":[],"iss":"current","persistent":true,"exp":1}"#,
                #"{"sub":1,"roles":"allocator","iss":["current"],"persistent":"yes"}"#,
                #"{"sub":"x\u0000\u001b[31m","roles":["director"],"iss":"evil"}"#,
            ],
            ["flipped bit", "another key"]
        )
        func badSignatureIsTerminal(payload: String, forgery: String) throws {
            let forged: String
            if forgery == "another key" {
                forged = try Support.token(
                    payload: payload,
                    key: Array("another installation's secret, 44 bytes long!".utf8)
                )
            } else {
                let parts = Checklist.segments(try Support.token(payload: payload))
                var mac = try #require(try? Base64URL.decode(Array(parts[2].utf8)))
                mac[7] ^= 0x20
                forged = parts[0] + "." + parts[1] + "." + Base64URL.encode(mac)
            }
            let requirements = PolicyRequirements(
                requiredRoles: ["allocator"],
                exactRoles: ["allocator"],
                forbiddenRoles: ["director"],
                kind: .persistent,
                minimumValidity: 3600,
                issuer: "current",
                tokenID: Checklist.uuid,
                installRoles: "allocator"
            )
            let report = Checklist.inspect(forged, key: try Checklist.key(), requirements: requirements)
            #expect(report.outcome == .signatureInvalid)
            #expect(report.checklistSignatureCode == .signatureMismatch)
            #expect(report.claimsChecked == false)
            #expect(report.checks.map(\.name.rawValue) == ["header", "signature"])
            for text in Checklist.shownTexts(report) {
                #expect(!text.lowercased().contains("expired"), "\(text)")
                #expect(!text.contains("not valid before"), "\(text)")
            }
        }

        /// Rule: "Never print the expected MAC (CVE-2019-7644)." Every spelling of the MAC the verifier computed is
        /// searched for in everything the report shows, including when the secret diagnosis tries other keys.
        @Test(
            "No report text holds the expected MAC, in any spelling, even when the diagnosis tries other keys",
            .bug("https://www.cve.org/CVERecord?id=CVE-2019-7644", "Auth0: expected signature in the error message"),
            arguments: ["another key", "configured secret keeps a newline", "configured secret base64url-decoded"]
        )
        func expectedMACNeverShown(scenario: String) throws {
            let token = try Support.token(payload: Checklist.ephemeral(exp: "1"))
            let parts = Checklist.segments(token)
            let signingInput = parts[0] + "." + parts[1]
            let secretText: [UInt8]
            let encoding: SecretEncoding
            switch scenario {
            case "another key":
                (secretText, encoding) = (Array("another installation's secret, 44 bytes long!".utf8), .raw)
            case "configured secret keeps a newline": (secretText, encoding) = (Support.secretBytes + [0x0A], .raw)
            default: (secretText, encoding) = (Support.secretBytes, .base64url)
            }
            let key = try SigningKey(secretText: secretText, encoding: encoding)
            let keyBytes = try encoding.keyBytes(from: secretText)
            let expected = try Support.mac(signingInput, key: keyBytes)
            let report = Checklist.inspect(token, key: key, policy: VerificationPolicy(allowsWeakKey: true))
            #expect(report.checklistSignatureCode == .signatureMismatch)
            if scenario != "another key" {
                #expect(report.checklistCheck("secret-diagnosis")?.status == .warn, "the mistake is diagnosed")
            }
            let forms = [
                Base64URL.encode(expected), Checklist.standardBase64(expected), Checklist.hex(expected),
                Checklist.hex(expected).uppercased(), String(Base64URL.encode(expected).prefix(16)),
            ]
            for text in Checklist.shownTexts(report) {
                for form in forms {
                    #expect(!text.contains(form), "\(text) shows \(form)")
                }
                #expect(!text.contains(String(decoding: Support.secretBytes.prefix(12), as: UTF8.self)), "\(text)")
            }
        }
    }

    // MARK: - JSON

    @Suite("JSON (header and claims)")
    struct JSONRules {
        /// A JSON text as UTF-16 or UTF-32, in either byte order, with or without a byte order mark.
        static func wide(_ text: String, form: String) -> [UInt8] {
            var bytes: [UInt8] = []
            switch form {
            case "UTF-16LE", "UTF-16LE with BOM":
                if form.hasSuffix("BOM") { bytes += [0xFF, 0xFE] }
                for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            case "UTF-16BE", "UTF-16BE with BOM":
                if form.hasSuffix("BOM") { bytes += [0xFE, 0xFF] }
                for unit in text.utf16 { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            case "UTF-32LE":
                for scalar in text.unicodeScalars {
                    let v = scalar.value
                    bytes += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), 0]
                }
            case "UTF-32BE":
                for scalar in text.unicodeScalars {
                    let v = scalar.value
                    bytes += [0, UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
                }
            default:  // UTF-8 with BOM
                bytes = [0xEF, 0xBB, 0xBF] + Array(text.utf8)
            }
            return bytes
        }

        /// Rule: "UTF-8 only: no BOM, no UTF-16/32". StrictJSONParserTests covers the parser; this is a whole token
        /// with a correct MAC over the wide text, in the header and in the payload.
        @Test(
            "A header or payload in UTF-16 or UTF-32 (either byte order, with or without a BOM) or with a UTF-8 BOM is malformed",
            .bug("https://www.rfc-editor.org/rfc/rfc8259#section-8.1", "RFC 8259 §8.1: UTF-8, no BOM"),
            .bug("https://www.rfc-editor.org/rfc/rfc8725#section-3.7", "RFC 8725 §3.7: use UTF-8"),
            arguments: [
                "UTF-16LE", "UTF-16LE with BOM", "UTF-16BE", "UTF-16BE with BOM", "UTF-32LE", "UTF-32BE",
                "UTF-8 with BOM",
            ],
            [false, true]
        )
        func wideEncodings(form: String, inHeader: Bool) throws {
            let header = inHeader ? Self.wide(Support.eceHeader, form: form) : Array(Support.eceHeader.utf8)
            let payload = inHeader ? Array(Checklist.persistent.utf8) : Self.wide(Checklist.persistent, form: form)
            let report = Checklist.inspect(
                try Checklist.token(headerBytes: header, payloadBytes: payload),
                key: try Checklist.key()
            )
            #expect(report.outcome == .malformed)
            #expect(report.decodingError?.code == (inHeader ? .headerNotJSONObject : .payloadNotJSONObject))
            #expect(report.decodingError?.reason.checklistHasUnsafeScalar == false)
        }

        /// Rule: "no invalid sequences". Each byte sequence replaces the `x` in a string value, or in a member name.
        @Test(
            "Invalid UTF-8 in a header or claim value or member name is malformed",
            .bug(
                "https://www.rfc-editor.org/rfc/rfc3629#section-3",
                "RFC 3629 §3: overlongs and surrogates are invalid"
            ),
            arguments: [
                [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF],  // overlong
                [0xED, 0xA0, 0x80], [0xED, 0xB0, 0x80], [0xED, 0xBF, 0xBF],  // surrogates encoded
                [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3],  // truncated
                [0xFF], [0xFE], [0x80], [0xBF], [0xF5, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],
            ] as [[UInt8]],
            ["header value", "header name", "payload value", "payload name"]
        )
        func invalidUTF8(sequence: [UInt8], place: String) throws {
            func spliced(_ template: String) -> [UInt8] {
                var bytes: [UInt8] = []
                for byte in template.utf8 {
                    if byte == UInt8(ascii: "~") { bytes += sequence } else { bytes.append(byte) }
                }
                return bytes
            }
            var header = Array(Support.eceHeader.utf8)
            var payload = Array(Checklist.persistent.utf8)
            switch place {
            case "header value": header = spliced(#"{"typ":"J~T","alg":"HS256"}"#)
            case "header name": header = spliced(#"{"typ":"JWT","alg":"HS256","k~":1}"#)
            case "payload value": payload = spliced(#"{"sub":"a~b","roles":[],"iss":"current","persistent":true}"#)
            default: payload = spliced(#"{"sub":"ab","r~":[],"iss":"current","persistent":true}"#)
            }
            let report = Checklist.inspect(
                try Checklist.token(headerBytes: header, payloadBytes: payload),
                key: try Checklist.key()
            )
            #expect(report.outcome == .malformed)
            #expect(
                report.decodingError?.code == (place.hasPrefix("header") ? .headerNotJSONObject : .payloadNotJSONObject)
            )
        }

        /// Rule: "no lone surrogate escapes". High and low surrogates alone, reversed, or followed by a non-surrogate
        /// escape; a proper pair passes.
        @Test(
            "Lone surrogate escapes, high or low, in a header or claim value or member name are malformed",
            .bug("https://www.rfc-editor.org/rfc/rfc8259#section-8.2", "RFC 8259 §8.2: unpaired surrogates"),
            arguments: [
                #"\ud800"#, #"\udbff"#, #"\udc00"#, #"\udfff"#, #"\udc00\ud800"#, #"\ud800\u0041"#, #"\ud800\ud800"#,
                #"\ud83d"#,
            ],
            ["header value", "payload value", "payload name"]
        )
        func loneSurrogates(escape: String, place: String) throws {
            var header = Support.eceHeader
            var payload = Checklist.persistent
            switch place {
            case "header value": header = #"{"typ":"JWT\#(escape)","alg":"HS256"}"#
            case "payload value": payload = #"{"sub":"a\#(escape)b","roles":[],"iss":"current","persistent":true}"#
            default: payload = #"{"sub":"ab","\#(escape)":1,"roles":[],"iss":"current","persistent":true}"#
            }
            let report = try Checklist.signed(header: header, payload: payload)
            #expect(report.outcome == .malformed)
            #expect(
                report.decodingError?.code == (place.hasPrefix("header") ? .headerNotJSONObject : .payloadNotJSONObject)
            )
            #expect(report.decodingError?.reason.contains("surrogate") == true)

            // Sanity: a proper pair (U+1F600) is accepted in the same place.
            let pair = #"\ud83d\ude00"#
            let fine = try Checklist.signed(
                header: place == "header value" ? #"{"typ":"JWT\#(pair)","alg":"HS256"}"# : Support.eceHeader,
                payload: place == "header value"
                    ? Checklist.persistent : #"{"sub":"a\#(pair)b","roles":[],"iss":"current","persistent":true}"#
            )
            #expect(fine.outcome != .malformed)
        }

        /// Rule: "Strict RFC 8259: no trailing commas, comments, NaN/Infinity, leading + or zeros, raw control
        /// characters, trailing data after the object." StrictJSONParserTests covers the grammar; this is the claims
        /// of a correctly signed token, where a lenient parser would let each through.
        @Test(
            "Lenient JSON in the claims of a correctly signed token is malformed",
            .bug("https://www.rfc-editor.org/rfc/rfc8259#section-2", "RFC 8259 §2"),
            arguments: [
                #"{"sub":"x","persistent":true,}"#, #"{"sub":"x",/*c*/"persistent":true}"#, #"{"sub":"x"} // c"#,
                #"{"sub":"x","exp":NaN}"#, #"{"sub":"x","exp":Infinity}"#, #"{"sub":"x","exp":-Infinity}"#,
                #"{"sub":"x","exp":+1900000000}"#, #"{"sub":"x","exp":01900000000}"#, #"{"sub":"x","exp":1.}"#,
                #"{"sub":"x","exp":.5}"#, #"{"sub":"x","exp":0x7FFFFFFF}"#, "{\"sub\":\"a\tb\"}", "{\"sub\":\"a\nb\"}",
                "{\"sub\":\"a\u{0}b\"}", "{\"sub\":\"a\u{7}b\"}", #"{'sub':'x'}"#, #"{sub:"x"}"#, #"{"sub":"x"}x"#,
                #"{"sub":"x"} {"sub":"y"}"#, "{\"sub\":\"x\"}\u{0}", #"{"sub":"x"}]"#, #"[{"sub":"x"}]"#, #""{}""#,
                #"{"sub":"\x41"}"#, #"{"sub":"\u12"}"#, #"{"roles":[,]}"#, #"{"roles":["a",]}"#,
                #"{"persistent":True}"#,
            ]
        )
        func lenientClaims(payload: String) throws {
            let report = try Checklist.signed(payload: payload)
            #expect(report.outcome == .malformed)
            #expect(report.decodingError?.code == .payloadNotJSONObject)
            #expect(report.claims == nil)
            #expect(report.decodingError?.reason.checklistHasUnsafeScalar == false)
        }

        /// Rule: "Duplicate member names → reject, detected after unescaping". TokenInspectorTests.duplicateMembers
        /// covers alg/\u0061lg and exp/\u0065xp; these are the rest, including the classic none-then-HS256 header.
        @Test(
            "Duplicate members in the header or the claims, plain or escaped, are malformed",
            .bug("https://www.rfc-editor.org/rfc/rfc7515#section-4", "RFC 7515 §4: header names must be unique"),
            .bug("https://www.rfc-editor.org/rfc/rfc7519#section-4", "RFC 7519 §4: claim names must be unique"),
            arguments: [
                (true, #"{"alg":"none","alg":"HS256"}"#), (true, #"{"alg":"HS256","alg":"none"}"#),
                (true, #"{"alg":"HS256","a\u006cg":"none"}"#), (true, #"{"\u0061\u006c\u0067":"HS256","alg":"HS256"}"#),
                (true, #"{"alg":"HS256","typ":"JWT","typ":"JOSE"}"#),
                (true, #"{"alg":"HS256","kid":"a","\u006bid":"b"}"#),
                (false, #"{"sub":"x","iss":"current","iss":"evil"}"#), (false, #"{"sub":"x","\u0073ub":"y"}"#),
                (false, #"{"roles":["allocator"],"roles":["director"]}"#),
                (false, #"{"persistent":false,"persistent":true}"#),
                (false, #"{"exp":1,"exp":9999999999}"#), (false, #"{"nbf":1,"n\u0062f":9999999999}"#),
                (false, #"{"sub":"x","x":{"a":1,"\u0061":2}}"#), (false, #"{"a\/b":1,"a/b":2}"#),
            ] as [(Bool, String)]
        )
        func duplicates(inHeader: Bool, json: String) throws {
            let report = inHeader ? try Checklist.signed(header: json) : try Checklist.signed(payload: json)
            #expect(report.outcome == .malformed)
            #expect(report.decodingError?.code == (inHeader ? .headerNotJSONObject : .payloadNotJSONObject))
            #expect(report.decodingError?.reason.contains("duplicate") == true)
        }

        /// Rule: "Depth cap and size cap (deeply nested claims: Nimbus CVE-2025-53864)." The top-level object is
        /// level 1, so 31 nested arrays inside it are 32 levels (accepted) and 32 are 33 (refused). 100 000 levels do
        /// not fit in a 16 KiB token, so the size cap refuses them first.
        @Test(
            "Nesting bombs in the header and the claims: depth 32 passes; 33, 1000 and 100 000 are refused",
            .bug("https://www.cve.org/CVERecord?id=CVE-2025-53864", "Nimbus JOSE+JWT: deeply nested JSON"),
            arguments: [32, 33, 1000, 100_000],
            [false, true]
        )
        func nestingBombs(depth: Int, inHeader: Bool) throws {
            let arrays = depth - 1
            let nested = String(repeating: "[", count: arrays) + String(repeating: "]", count: arrays)
            let header = inHeader ? #"{"typ":"JWT","alg":"HS256","x":\#(nested)}"# : Support.eceHeader
            let payload =
                inHeader
                ? Checklist.persistent
                : #"{"sub":"\#(Checklist.uuid)","roles":[],"iss":"current","persistent":true,"x":\#(nested)}"#
            let token = try Support.token(header: header, payload: payload)
            let report = Checklist.inspect(token, key: try Checklist.key())
            switch depth {
            case 32:
                #expect(report.outcome == .pass)
            case 100_000:
                #expect(token.utf8.count > CompactToken.maximumLength)
                #expect(report.decodingError?.code == .tooLarge)
            default:
                #expect(report.outcome == .malformed)
                #expect(report.decodingError?.code == (inHeader ? .headerNotJSONObject : .payloadNotJSONObject))
                #expect(
                    report.decodingError?.reason.contains("deeper than \(StrictJSONParser.defaultMaximumDepth)") == true
                )
            }
        }
    }

    // MARK: - Claims

    @Suite("Claims")
    struct Claims {
        static let wrongTypes = [
            #""1800003600""#, #""""#, "true", "false", "null", "[1800003600]", "[]", #"{"t":1}"#, "{}",
        ]

        /// Rule: "A string, bool, null, array or object is a type error, never 'absent'". TokenInspectorTests
        /// covers exp; this adds nbf and iat and the empty forms.
        @Test(
            "exp, nbf and iat of every wrong JSON type are type errors, never absent",
            .bug(
                "https://www.cve.org/CVERecord?id=CVE-2026-25537",
                "Rust jsonwebtoken: wrong-type claims read as absent"
            ),
            .bug("https://www.rfc-editor.org/rfc/rfc7519#section-2", "RFC 7519 §2: NumericDate is a JSON number"),
            arguments: ["exp", "nbf", "iat"],
            wrongTypes
        )
        func numericDateWrongType(claim: String, value: String) throws {
            let base = claim == "exp" ? #""persistent":false"# : #""persistent":true"#
            let payload = #"{"sub":"\#(Checklist.uuid)","roles":[],"iss":"current",\#(base),"\#(claim)":\#(value)}"#
            let report = try Checklist.signed(payload: payload)
            #expect(report.outcome == .checkFailed)
            let types = try #require(report.checklistCheck("claim-types"))
            #expect(types.status == .fail)
            #expect(types.message.contains("\(claim) is"))
            switch claim {
            case "exp":
                #expect(report.checklistCheck("expiry")?.status == .fail)
                #expect(report.checklistCheck("expiry")?.message.contains("no exp") == false)
            case "nbf":
                #expect(report.checklistCheck("not-before")?.status == .fail)
            default:
                break
            }
        }

        /// Rule: "fractions and exponents are legal", and negative values are dates before 1970. `exp` fractions are
        /// in TokenInspectorTests.fractionalAndExponent; these are nbf, and exp values it lacks.
        @Test(
            "Fractional, exponent and negative NumericDates are read as numbers of seconds",
            .bug("https://www.rfc-editor.org/rfc/rfc7519#section-2", "RFC 7519 §2: NumericDate"),
            arguments: [
                ("nbf", "1799999999.5", Check.Status.pass), ("nbf", "1.8e9", .pass), ("nbf", "18E8", .pass),
                ("nbf", "1.8E+9", .pass), ("nbf", "17999999995e-1", .pass), ("nbf", "1800000000.5", .fail),
                ("nbf", "1.8000001e9", .fail), ("nbf", "-1", .pass), ("nbf", "-0", .pass), ("nbf", "0.0", .pass),
                ("exp", "1.8000036E+9", .pass), ("exp", "18000036e2", .pass), ("exp", "1800003600.000", .pass),
                ("exp", "-1", .fail), ("exp", "-0", .fail), ("exp", "-62135596800", .fail), ("exp", "1e-400", .fail),
            ] as [(String, String, Check.Status)]
        )
        func legalNumericDates(claim: String, value: String, status: Check.Status) throws {
            let payload =
                claim == "exp"
                ? Checklist.ephemeral(exp: value)
                : #"{"sub":"\#(Checklist.uuid)","roles":[],"iss":"current","persistent":true,"nbf":\#(value)}"#
            let report = try Checklist.signed(payload: payload)
            #expect(report.checklistCheck("claim-types")?.status == .pass)
            let check = try #require(report.checklistCheck(claim == "exp" ? "expiry" : "not-before"))
            #expect(check.status == status, "\(check.message)")
            #expect(!check.message.contains("out of range"), "\(check.message)")
        }

        /// Rule: "Values beyond Int64 must not trap." TokenInspectorTests.outOfRangeExp covers exp; these add nbf, iat
        /// and the Int64 edges, each failing (or, for iat, only type-checked) without a trap.
        @Test(
            "exp and nbf beyond Int64, 1e400 and -1e400 fail as out of range without trapping; iat is only type-checked",
            .bug("https://www.cve.org/CVERecord?id=CVE-2026-25537", "NumericDate handling"),
            arguments: ["exp", "nbf", "iat"],
            [
                "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "1e400",
                "-1e400", "1E+400", "123456789012345678901234567890", "-62135596801", "253402300800",
            ]
        )
        func beyondInt64(claim: String, value: String) throws {
            let payload =
                claim == "exp"
                ? Checklist.ephemeral(exp: value)
                : #"{"sub":"\#(Checklist.uuid)","roles":[],"iss":"current","persistent":true,"\#(claim)":\#(value)}"#
            let report = try Checklist.signed(payload: payload)
            #expect(report.checklistCheck("claim-types")?.status == .pass)
            switch claim {
            case "exp":
                #expect(report.checklistCheck("expiry")?.status == .fail)
                #expect(report.outcome == .checkFailed)
            case "nbf":
                #expect(report.checklistCheck("not-before")?.status == .fail)
                #expect(report.checklistCheck("not-before")?.message.contains("out of range") == true)
                #expect(report.outcome == .checkFailed)
            default:
                #expect(report.outcome == .pass)
            }
        }

        /// Rule: "nbf: invalid when now + leeway < nbf." The exp side (now >= exp + leeway) is
        /// TokenInspectorTests.leeway; this is nbf at exactly the boundary.
        @Test(
            "nbf at exactly the leeway boundary: now + leeway == nbf is valid, one second less is not",
            .bug("https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5", "RFC 7519 §4.1.5"),
            arguments: [
                (Int64(0), Int64(0), Check.Status.pass), (1, 0, .fail), (-1, 0, .pass), (30, 30, .pass),
                (31, 30, .fail), (29, 30, .pass), (3600, 3599, .fail), (3600, 3600, .pass),
            ] as [(Int64, Int64, Check.Status)]
        )
        func notBeforeLeewayBoundary(nbfMinusNow: Int64, leeway: Int64, status: Check.Status) throws {
            let payload =
                #"{"sub":"\#(Checklist.uuid)","roles":[],"iss":"current","persistent":true,"nbf":\#(Checklist.now + nbfMinusNow)}"#
            let report = try Checklist.signed(payload: payload, policy: VerificationPolicy(leeway: leeway))
            let check = try #require(report.checklistCheck("not-before"))
            #expect(check.status == status, "\(check.message)")
            #expect(report.outcome == (status == .fail ? .checkFailed : .pass))
        }

        /// Rule: "iss: exact string match, never substring (PyJWT CVE-2024-53861)." RFC 7519 §2 says StringOrURI
        /// values are compared "as case-sensitive strings with no transformations or canonicalizations applied".
        /// PolicyRequirementsTests and ConformanceTests cover substring, case and whitespace; these add the rest.
        @Test(
            "--issuer: substring, prefix, superstring, case, spacing, NUL, look-alikes and a wrong type all fail",
            .bug("https://www.cve.org/CVERecord?id=CVE-2024-53861", "PyJWT: iss checked as a substring"),
            .bug("https://www.rfc-editor.org/rfc/rfc7519#section-4.1.1", "RFC 7519 §4.1.1"),
            arguments: [
                #""curr""#, #""urren""#, #""current-evil""#, #""currentcurrent""#, #""xcurrent""#, #""Current""#,
                #""CURRENT""#, #""current ""#, #"" current""#, #""current\u0000""#, #""current\n""#,
                #""current\u200b""#, #""ｃｕｒｒｅｎｔ""#, #""сurrent""#, #"["current"]"#, #"{"iss":"current"}"#,
                "null", #""""#,
            ]
        )
        func issuerExact(iss: String) throws {
            let payload = #"{"sub":"\#(Checklist.uuid)","roles":[],"iss":\#(iss),"persistent":true}"#
            let report = try Checklist.signed(payload: payload, requirements: PolicyRequirements(issuer: "current"))
            #expect(report.checklistCheck("issuer-required")?.status == .fail)
            #expect(report.outcome == .checkFailed)
            #expect(report.checklistCheck("issuer-required")?.message.checklistHasUnsafeScalar == false)
        }

        /// The same rule for text that Unicode calls canonically equivalent but that is not the same string: NFC
        /// against NFD, and the Kelvin and Ångström signs that decompose to K and Å. Swift's String `==` compares
        /// canonical equivalence, so an `==` on Strings is not an exact match.
        @Test(
            "--issuer: canonically equivalent but different text is not an exact match",
            .bug(
                "https://www.rfc-editor.org/rfc/rfc7519#section-2",
                "RFC 7519 §2: no transformations or canonicalizations"
            ),
            arguments: [
                ("caf\u{E9}", "cafe\u{301}"), ("cafe\u{301}", "caf\u{E9}"), ("\u{212A}", "K"), ("\u{212B}", "\u{C5}"),
                ("A\u{30A}", "\u{C5}"),
            ] as [(String, String)]
        )
        func issuerCanonicalEquivalence(tokenIssuer: String, required: String) throws {
            #expect(Array(tokenIssuer.utf8) != Array(required.utf8))
            let payload = JSONValue.object(
                JSONObject([
                    JSONObject.Member(name: "sub", value: .string(Checklist.uuid)),
                    JSONObject.Member(name: "roles", value: .array([])),
                    JSONObject.Member(name: "iss", value: .string(tokenIssuer)),
                    JSONObject.Member(name: "persistent", value: .bool(true)),
                ])
            ).serialized()
            let report = try Checklist.signed(payload: payload, requirements: PolicyRequirements(issuer: required))
            #expect(report.signature == .valid)
            #expect(report.checklistCheck("issuer-required")?.status == .fail)
        }

        /// Rule: "Claims are attacker-controlled text: escape control characters and NUL when printing." The library
        /// builds the messages the tool prints; none may carry a raw control, format or separator character.
        /// OutputTests covers ESC, BEL and a bidi override end to end.
        @Test("Check messages quote hostile claims with every control, separator and bidi override character escaped")
        func hostileClaimsEscaped() throws {
            let hostile = #"\u0000\u0007\u0008\u001b[2J\u007f\u0085\u200e\u2028\u2029\ufeff\u202e"#
            let payload =
                #"{"sub":"s\#(hostile)","roles":["r\#(hostile)","r\#(hostile)"],"iss":"i\#(hostile)","persistent":true}"#
            let token = try Support.token(payload: payload)
            let report = TokenInspector(
                key: try Checklist.key(),
                requirements: PolicyRequirements(
                    exactRoles: ["allocator"],
                    issuer: "current",
                    tokenID: "t",
                    installRoles: "allocator"
                )
            ).inspect(
                TokenInput(
                    bytes: Array(token.utf8),
                    source: "s\u{0}\u{1B}",
                    apiTokenID: "id\u{0}\u{1B}[2J\u{85}\u{2028}\u{202E}"
                ),
                now: Checklist.now
            )
            #expect(report.signature == .valid)
            #expect(report.subject?.contains("\u{0}") == true, "the claim itself keeps its text")
            for check in report.checks {
                #expect(!check.message.checklistHasUnsafeScalar, "\(check.name): \(check.message.debugDescription)")
            }
        }

        /// The same rule, exhaustively for the escaper every renderer uses: each C0/C1 control, U+2028/U+2029 and
        /// each Unicode Bidi_Control scalar (the Trojan Source set: U+061C, U+200E, U+200F, U+202A–U+202E,
        /// U+2066–U+2069) comes out as a visible escape.
        @Test(
            "EscapedText escapes every control, separator and bidirectional control scalar",
            .bug("https://www.cve.org/CVERecord?id=CVE-2021-42574", "Trojan Source: bidirectional controls")
        )
        func escaperCoversEveryUnsafeScalar() {
            var unsafe: [Unicode.Scalar] = []
            for value in UInt32(0)...0x10FFFF {
                if let scalar = Unicode.Scalar(value), scalar.checklistIsTerminalUnsafe { unsafe.append(scalar) }
            }
            #expect(unsafe.count > 65 + 2 + 10)
            let missed = unsafe.filter { EscapedText.escape(String($0)).unicodeScalars.contains($0) }
            let bidiOnly = missed.filter { $0.properties.isBidiControl && $0.properties.generalCategory != .control }
            #expect(
                missed == bidiOnly,
                "controls or separators left raw: \(missed.map { String($0.value, radix: 16) })"
            )
            #expect(
                bidiOnly.isEmpty,
                "left raw: \(bidiOnly.map { "U+" + String($0.value, radix: 16, uppercase: true) })"
            )
        }
    }
}
