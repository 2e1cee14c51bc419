import ECETokenKit
import Foundation
import Testing

// Conformance tests against test data from outside the project (see ../shared/vectors/README.md):
// Wycheproof HMAC and JWS vectors, the JOSE cookbook (RFC 7520, RFC 7797) and a set of external JWT cases.
//
// The vectors live outside the package. Their directory is `$ECETOKEN_VECTORS`, or `../shared/vectors`
// next to the package root. When it is missing, `vectorsArePresent` fails and says where it looked: the
// parameterised tests below then have no cases, and must not pass silently.

/// Where the external vectors are, and how to read them.
enum Vectors {
    /// The package root, three levels above this file (`Tests/ECETokenKitTests/ConformanceTests.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$ECETOKEN_VECTORS`, or `<package root>/../shared/vectors`.
    static let directory: URL = {
        if let path = ProcessInfo.processInfo.environment["ECETOKEN_VECTORS"], !path.isEmpty {
            return URL(fileURLWithPath: path).standardizedFileURL
        }
        return packageRoot.appendingPathComponent("../shared/vectors").standardizedFileURL
    }()

    static var isPresent: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    static var missingMessage: Comment {
        "conformance vectors not found at \(directory.path); set ECETOKEN_VECTORS to the vectors directory"
    }

    /// Records that the vectors are missing; returns whether they are present.
    static func requirePresent(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if isPresent { return true }
        Issue.record(missingMessage, sourceLocation: sourceLocation)
        return false
    }

    /// The JSON object in `relativePath`, or `nil` when it is missing or not a JSON object.
    static func object(_ relativePath: String) -> [String: Any]? {
        let url = directory.appendingPathComponent(relativePath)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    static func int(_ value: Any?) -> Int? {
        (value as? NSNumber)?.intValue
    }

    static func int64(_ value: Any?) -> Int64? {
        (value as? NSNumber)?.int64Value
    }

    static func hex(_ value: Any?) -> [UInt8] {
        TokenKitTestSupport.hex(value as? String ?? "")
    }

    static func base64url(_ value: Any?) -> [UInt8]? {
        guard let text = value as? String else { return nil }
        return try? Base64URL.decode(Array(text.utf8))
    }

    /// Compact JSON text of a JSON value read from a vector file.
    static func jsonText(_ value: Any) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

// MARK: - Wycheproof HMAC

/// One Wycheproof MacTest.
struct WycheproofMACCase: Sendable, CustomTestStringConvertible {
    let file: String
    let algorithm: HMACAlgorithm
    let tcId: Int
    let comment: String
    let key: [UInt8]
    let message: [UInt8]
    let tag: [UInt8]
    let tagSizeBits: Int
    let valid: Bool

    var testDescription: String { "\(algorithm.name) tcId \(tcId): \(comment)" }

    static let files: [(String, HMACAlgorithm)] = [
        ("wycheproof_hmac_sha256_test.json", .hs256),
        ("wycheproof_hmac_sha384_test.json", .hs384),
        ("wycheproof_hmac_sha512_test.json", .hs512),
    ]

    static func load(_ file: String, _ algorithm: HMACAlgorithm) -> [WycheproofMACCase] {
        guard let root = Vectors.object(file), let groups = root["testGroups"] as? [[String: Any]] else { return [] }
        return groups.flatMap { group -> [WycheproofMACCase] in
            let tagSize = Vectors.int(group["tagSize"]) ?? 0
            return (group["tests"] as? [[String: Any]] ?? []).map { test in
                WycheproofMACCase(
                    file: file,
                    algorithm: algorithm,
                    tcId: Vectors.int(test["tcId"]) ?? -1,
                    comment: test["comment"] as? String ?? "",
                    key: Vectors.hex(test["key"]),
                    message: Vectors.hex(test["msg"]),
                    tag: Vectors.hex(test["tag"]),
                    tagSizeBits: tagSize,
                    valid: test["result"] as? String == "valid"
                )
            }
        }
    }

    static let all: [WycheproofMACCase] = files.flatMap { load($0.0, $0.1) }
}

// MARK: - Wycheproof JWS subset

struct WycheproofJWSCase: Sendable, CustomTestStringConvertible {
    let tcId: Int
    let comment: String
    let key: [UInt8]?
    let jws: String
    let strictExpectedValid: Bool
    let upstreamValid: Bool

    var testDescription: String { "tcId \(tcId): \(comment)" }

    static let file = "wycheproof_jws_hmac_subset.json"

    static let all: [WycheproofJWSCase] = {
        guard let root = Vectors.object(file), let groups = root["testGroups"] as? [[String: Any]] else { return [] }
        return groups.flatMap { group -> [WycheproofJWSCase] in
            let key = Vectors.base64url((group["private"] as? [String: Any])?["k"])
            return (group["tests"] as? [[String: Any]] ?? []).map { test in
                let jws = test["jws"] as? String ?? test["jws"].flatMap(Vectors.jsonText) ?? ""
                return WycheproofJWSCase(
                    tcId: Vectors.int(test["tcId"]) ?? -1,
                    comment: test["comment"] as? String ?? "",
                    key: key,
                    jws: jws,
                    strictExpectedValid: test["strictExpected"] as? String == "valid",
                    upstreamValid: test["result"] as? String == "valid"
                )
            }
        }
    }()
}

// MARK: - JOSE cookbook

/// What a cookbook HMAC example is, decided from the file's own content (see `CookbookExample.shape`).
enum CookbookShape: String, Sendable {
    /// A compact JWS with an HS256 protected header and an attached, base64url-encoded payload: must verify.
    case compact
    /// The compact form has an empty payload segment (RFC 7515 Appendix F, detached content): a compact JWT
    /// verifier has no payload to check, so it must reject the token.
    case detachedPayload
    /// No compact form exists (part or all of the header is unprotected, RFC 7520 §4.6/§4.7): only the JSON
    /// serialization, which this compact-only verifier never accepts.
    case jsonSerializationOnly
    /// RFC 7797 `b64: false`: the payload is not base64url-encoded; this verifier implements no extensions.
    case unencodedPayload
}

struct CookbookExample: Sendable, CustomTestStringConvertible {
    let path: String
    let title: String
    /// The key of `input.key.k`.
    let key: [UInt8]?
    /// The decoded `input.payload`.
    let payload: String
    let compact: String?
    /// `output.json` and `output.json_flat`, as JSON text.
    let jsonSerializations: [String]
    /// The base64url protected header as signed (from the compact form, else from `output.json`).
    let protectedSegment: String?
    /// The base64url signature (from the compact form, else from `output.json`).
    let signatureSegment: String?
    /// Whether the protected header sets `b64` to false.
    let unencoded: Bool

    var testDescription: String { "\(path): \(title)" }

    /// The classification read from the content, in this order: an unencoded payload (RFC 7797) whatever
    /// the serialization; otherwise no compact form means JSON serialization only; otherwise an empty payload
    /// segment means detached content; otherwise an ordinary compact JWS.
    var shape: CookbookShape {
        if unencoded { return .unencodedPayload }
        guard let compact else { return .jsonSerializationOnly }
        let segments = compact.split(separator: ".", omittingEmptySubsequences: false)
        if segments.count == 3 && segments[1].isEmpty { return .detachedPayload }
        return .compact
    }

    static func load(_ path: String) -> CookbookExample? {
        guard let root = Vectors.object(path) else { return nil }
        let input = root["input"] as? [String: Any] ?? [:]
        let signing = root["signing"] as? [String: Any] ?? [:]
        let output = root["output"] as? [String: Any] ?? [:]
        let compact = output["compact"] as? String
        let json = output["json"] as? [String: Any]
        let firstSignature = (json?["signatures"] as? [[String: Any]])?.first
        let compactSegments = compact?.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let protected = signing["protected"] as? [String: Any]
        return CookbookExample(
            path: path,
            title: root["title"] as? String ?? "",
            key: Vectors.base64url((input["key"] as? [String: Any])?["k"]),
            payload: input["payload"] as? String ?? "",
            compact: compact,
            jsonSerializations: ["json", "json_flat"].compactMap { output[$0].flatMap(Vectors.jsonText) },
            protectedSegment: compactSegments?.first ?? firstSignature?["protected"] as? String,
            signatureSegment: compactSegments?.last ?? firstSignature?["signature"] as? String,
            unencoded: (protected?["b64"] as? NSNumber).map { !$0.boolValue } ?? false
        )
    }

    /// The files and the shape each is expected to have; `shape` must agree with this table.
    static let expectedShapes: [(String, CookbookShape)] = [
        ("ietf-jose-cookbook/jws/4_4.hmac-sha2_integrity_protection.json", .compact),
        ("ietf-jose-cookbook/jws/4_5.signature_with_detached_content.json", .detachedPayload),
        ("ietf-jose-cookbook/jws/4_6.protecting_specific_header_fields.json", .jsonSerializationOnly),
        ("ietf-jose-cookbook/jws/4_7.protecting_content_only.json", .jsonSerializationOnly),
        ("ietf-jose-cookbook/rfc7797/4.2.hmac-sha2_b64_false.json", .unencodedPayload),
        ("ietf-jose-cookbook/rfc7797/hmac-sha2_b64_false.json", .unencodedPayload),
    ]

    static let all: [CookbookExample] = expectedShapes.compactMap { load($0.0) }

    static let rfc7520KeyPath = "ietf-jose-cookbook/jwk/3_5.symmetric_key_mac_computation.json"
}

// MARK: - External JWT cases

struct ExternalJWTCase: Sendable, CustomTestStringConvertible {
    let id: String
    let token: String
    /// `nil` when `key.k` is not base64url.
    let key: [UInt8]?
    let algorithmNames: [String]
    let now: Int64
    let leeway: Int64
    let expectedIss: String?
    let expectedAud: String?
    let requireExp: Bool
    let expectedValid: Bool
    let expectedJWSOnlyValid: Bool?
    let validIfWeakKeysAllowed: Bool

    var testDescription: String { id }

    var policy: VerificationPolicy {
        VerificationPolicy(allowedAlgorithms: algorithmNames.compactMap(HMACAlgorithm.init(name:)), leeway: leeway)
    }

    static let file = "jwt_external_cases.json"

    static let all: [ExternalJWTCase] = {
        guard let root = Vectors.object(file), let cases = root["cases"] as? [[String: Any]] else { return [] }
        let defaults = root["verifierDefaults"] as? [String: Any] ?? [:]
        return cases.map { item in
            let verifier = item["verifier"] as? [String: Any] ?? [:]
            func setting(_ name: String) -> Any? {
                // A present JSON null means "not checked"; an absent member falls back to the file's defaults.
                if let value = verifier[name] { return value is NSNull ? nil : value }
                return defaults[name].flatMap { $0 is NSNull ? nil : $0 }
            }
            let expectedJWSOnly = item["expectedJWSOnly"] as? String
            return ExternalJWTCase(
                id: item["id"] as? String ?? "?",
                token: item["token"] as? String ?? "",
                key: Vectors.base64url((item["key"] as? [String: Any])?["k"]),
                algorithmNames: setting("algorithms") as? [String] ?? ["HS256"],
                now: Vectors.int64(setting("now")) ?? -1,
                leeway: Vectors.int64(setting("leewaySeconds")) ?? 0,
                expectedIss: setting("expectedIss") as? String,
                expectedAud: setting("expectedAud") as? String,
                requireExp: (setting("requireExp") as? NSNumber)?.boolValue ?? false,
                expectedValid: item["expected"] as? String == "valid",
                expectedJWSOnlyValid: expectedJWSOnly.map { $0 == "valid" },
                validIfWeakKeysAllowed: (item["acceptableResults"] as? [String] ?? [])
                    .contains("valid-if-weak-keys-explicitly-allowed")
            )
        }
    }()

    /// The strict verdict: the full inspector at the case's clock and policy, plus the case's own claim
    /// requirements (exact `iss`, `aud`, required `exp`). These are generic JWTs, not ECE tokens, so only a
    /// failed check counts; warnings such as a missing roles claim do not.
    func verdict(allowsWeakKey: Bool = false) -> (valid: Bool, why: String) {
        guard let key else { return (false, "key.k is not base64url") }
        let signingKey: SigningKey
        do {
            signingKey = try SigningKey(bytes: key)
        } catch {
            return (false, "key refused: \(error.code)")
        }
        var policy = self.policy
        policy.allowsWeakKey = allowsWeakKey
        let report = TokenInspector(key: signingKey, policy: policy)
            .inspect(TokenInput(bytes: Array(token.utf8), source: id), now: now)
        switch report.outcome {
        case .pass: break
        case .malformed: return (false, "malformed: \(report.decodingError?.code.description ?? "?")")
        case .signatureInvalid:
            if case .invalid(let error) = report.signature { return (false, "signature: \(error.code)") }
            return (false, "signature")
        case .checkFailed:
            let failed = report.checks.filter { $0.status == .fail }.map(\.name.rawValue)
            return (false, "checks failed: \(failed.joined(separator: ", "))")
        }
        guard report.signature == .valid else { return (false, "signature not verified") }
        if let expectedIss, report.issuer != expectedIss { return (false, "iss is not exactly \(expectedIss)") }
        if let expectedAud {
            let audience = report.claims?.object["aud"]
            let matches =
                audience == JSONValue.string(expectedAud)
                || (audience?.arrayValue?.contains(JSONValue.string(expectedAud)) ?? false)
            if !matches { return (false, "aud does not contain \(expectedAud)") }
        }
        if requireExp, report.claims?.expiration.value == nil { return (false, "exp is required") }
        return (true, "valid")
    }
}

// MARK: - Tests

@Suite("Conformance with external vectors")
struct ConformanceTests {
    @Test("The external vectors are present")
    func vectorsArePresent() {
        guard Vectors.requirePresent() else { return }
        for file in [
            WycheproofMACCase.files[0].0, WycheproofMACCase.files[1].0, WycheproofMACCase.files[2].0,
            WycheproofJWSCase.file, ExternalJWTCase.file, CookbookExample.rfc7520KeyPath,
        ] + CookbookExample.expectedShapes.map(\.0) {
            #expect(Vectors.object(file) != nil, "missing or unreadable: \(Vectors.directory.path)/\(file)")
        }
    }

    // MARK: Wycheproof HMAC

    @Test("Every Wycheproof HMAC file is read completely", arguments: WycheproofMACCase.files.map(\.0))
    func wycheproofHMACCounts(file: String) throws {
        guard Vectors.requirePresent() else { return }
        let root = try #require(Vectors.object(file), "cannot read \(file)")
        let declared = try #require(Vectors.int(root["numberOfTests"]))
        #expect(declared == 174)
        #expect(WycheproofMACCase.all.filter { $0.file == file }.count == declared)
    }

    @Test(
        "Wycheproof HMAC: valid tags match, invalid tags do not",
        .bug("https://github.com/C2SP/wycheproof", "Wycheproof MacTest"),
        arguments: WycheproofMACCase.all
    )
    func wycheproofHMAC(testCase: WycheproofMACCase) throws {
        let context = try HMACContext(algorithm: testCase.algorithm, key: testCase.key)
        let code = try context.authenticationCode(for: testCase.message)
        #expect(code.count == testCase.algorithm.digestLength)
        let truncated = Array(code.prefix(testCase.tagSizeBits / 8))
        let matches = ConstantTime.equals(truncated, testCase.tag)
        #expect(matches == testCase.valid, "tag \(testCase.valid ? "should" : "should not") match")
        // Full-length tags also go through isValid, the path the verifier uses.
        if testCase.tagSizeBits / 8 == testCase.algorithm.digestLength {
            #expect(try context.isValid(code: testCase.tag, for: testCase.message) == testCase.valid)
        } else {
            // A truncated tag is never a valid JWS signature, even when it is a correct truncation.
            #expect(try context.isValid(code: testCase.tag, for: testCase.message) == false)
        }
    }

    // MARK: Wycheproof JWS

    @Test("The Wycheproof JWS subset is read completely")
    func wycheproofJWSCount() throws {
        guard Vectors.requirePresent() else { return }
        let root = try #require(Vectors.object(WycheproofJWSCase.file))
        #expect(WycheproofJWSCase.all.count == Vectors.int(root["numberOfTests"]))
        #expect(WycheproofJWSCase.all.count == 40)
        // strictExpected differs from upstream in exactly the four documented vectors.
        let corrected = WycheproofJWSCase.all.filter { $0.strictExpectedValid != $0.upstreamValid }.map(\.tcId)
        #expect(corrected.sorted() == [367, 370, 372, 373])
    }

    @Test(
        "Wycheproof JWS (HS256) at the signature layer matches strictExpected",
        .bug("https://github.com/C2SP/wycheproof/issues/236", "four upstream labels are wrong for a strict verifier"),
        arguments: WycheproofJWSCase.all
    )
    func wycheproofJWS(testCase: WycheproofJWSCase) throws {
        let key = try #require(testCase.key, "private.k is not base64url")
        #expect(key.count == 32)
        let verifier = SignatureVerifier(key: try SigningKey(bytes: key))
        var failure: TokenError?
        do {
            _ = try verifier.verifyCompactJWS(Array(testCase.jws.utf8), allowed: [.hs256])
        } catch {
            failure = error
        }
        #expect((failure == nil) == testCase.strictExpectedValid, "\(failure?.reason ?? "accepted")")
        if testCase.jws.hasPrefix("{") {
            #expect(failure?.code == .notCompactSerialization)
        }
    }

    // MARK: JOSE cookbook

    @Test("The RFC 7520 §3.5 key is the key of the cookbook's HMAC examples")
    func cookbookKey() throws {
        guard Vectors.requirePresent() else { return }
        let jwk = try #require(Vectors.object(CookbookExample.rfc7520KeyPath))
        #expect(jwk["kty"] as? String == "oct")
        let key = try #require(Vectors.base64url(jwk["k"]))
        #expect(key.count == 32)
        #expect(CookbookExample.all.count == CookbookExample.expectedShapes.count)
        for example in CookbookExample.all where example.path.contains("/jws/") {
            #expect(example.key == key, "\(example.path)")
        }
    }

    @Test("Each cookbook file has the shape its content implies", arguments: CookbookExample.expectedShapes)
    func cookbookShape(path: String, expected: CookbookShape) throws {
        guard Vectors.requirePresent() else { return }
        let example = try #require(CookbookExample.load(path))
        #expect(example.shape == expected)
    }

    @Test(
        "Cookbook HMAC examples: compact HS256 verifies, everything else is rejected",
        .bug("https://www.rfc-editor.org/rfc/rfc7520#section-4.4", "RFC 7520 §4.4-4.7"),
        .bug("https://www.rfc-editor.org/rfc/rfc7797", "RFC 7797"),
        arguments: CookbookExample.all
    )
    func cookbook(example: CookbookExample) throws {
        let rfc7520Key = try #require(
            Vectors.base64url(Vectors.object(CookbookExample.rfc7520KeyPath)?["k"]),
            "RFC 7520 §3.5 key"
        )
        // The RFC 7520 examples use the §3.5 key; the RFC 7797 ones carry their own in input.key.
        let keyBytes = example.path.contains("/jws/") ? rfc7520Key : try #require(example.key)
        let verifier = SignatureVerifier(key: try SigningKey(bytes: keyBytes))
        func failure(_ text: String) -> TokenError? {
            do {
                _ = try verifier.verifyCompactJWS(Array(text.utf8), allowed: [.hs256])
                return nil
            } catch {
                return error
            }
        }

        // Whatever the shape, the JSON serializations are never accepted where a compact token is expected.
        for json in example.jsonSerializations {
            #expect(failure(json)?.code == .notCompactSerialization, "\(json.prefix(60))")
        }
        let encodedPayload = Base64URL.encode(Array(example.payload.utf8))

        switch example.shape {
        case .compact:
            // RFC 7520 §4.4: verifies as a JWS; the payload is prose, so it is a JWS but not a JWT.
            let compact = try #require(example.compact)
            let (token, header) = try verifier.verifyCompactJWS(Array(compact.utf8), allowed: [.hs256])
            #expect(token.payloadBytes == Array(example.payload.utf8))
            #expect(header.algorithmName == "HS256")
            // The header never chooses the algorithm: under an HS512-only policy the same token is refused.
            #expect(throws: TokenError.self) {
                try verifier.verifyCompactJWS(Array(compact.utf8), allowed: [.hs512])
            }

        case .detachedPayload:
            // RFC 7520 §4.5: the compact form has an empty payload segment; rejected at framing. Re-attaching
            // the payload shows the signature itself was fine.
            let compact = try #require(example.compact)
            #expect(failure(compact)?.code == .emptySegment)
            let protected = try #require(example.protectedSegment)
            let signature = try #require(example.signatureSegment)
            #expect(failure("\(protected).\(encodedPayload).\(signature)") == nil)

        case .jsonSerializationOnly:
            // RFC 7520 §4.6 keeps `kid` in an unprotected header and §4.7 has no protected header at all: neither
            // has a compact form. A compact token rebuilt from the signed parts either drops the unprotected
            // header (§4.6, which then verifies: the signature never covered it) or has an empty header (§4.7).
            #expect(example.compact == nil)
            let signature = try #require(example.signatureSegment)
            if let protected = example.protectedSegment {
                #expect(failure("\(protected).\(encodedPayload).\(signature)") == nil)
            } else {
                #expect(failure(".\(encodedPayload).\(signature)")?.code == .emptySegment)
            }

        case .unencodedPayload:
            // RFC 7797 b64:false. The raw payload is not base64url, so its compact form fails framing; with the
            // payload base64url-encoded instead, the b64 (and crit) header is refused before any signature check.
            if let compact = example.compact {
                #expect(failure(compact)?.code == .invalidCharacter)
            }
            let protected = try #require(example.protectedSegment)
            let signature = try #require(example.signatureSegment)
            #expect(failure("\(protected).\(example.payload).\(signature)") != nil)
            #expect(failure("\(protected).\(encodedPayload).\(signature)")?.code == .unsupportedCritical)
        }
    }

    // MARK: External JWT cases

    @Test("The external JWT cases are read completely")
    func externalCount() throws {
        guard Vectors.requirePresent() else { return }
        let root = try #require(Vectors.object(ExternalJWTCase.file))
        #expect(ExternalJWTCase.all.count == Vectors.int(root["count"]))
        #expect(ExternalJWTCase.all.count == (root["cases"] as? [Any])?.count)
        #expect(ExternalJWTCase.all.count == 21)
        #expect(Set(ExternalJWTCase.all.map(\.id)).count == ExternalJWTCase.all.count)
    }

    @Test("External JWT cases: the strict verdict matches expected", arguments: ExternalJWTCase.all)
    func external(testCase: ExternalJWTCase) throws {
        let verdict = testCase.verdict()
        #expect(verdict.valid == testCase.expectedValid, "\(verdict.why)")
        // Every named algorithm is one this library knows: the policy is not silently narrowed.
        #expect(testCase.policy.allowedAlgorithms.count == testCase.algorithmNames.count)
    }

    @Test(
        "External JWT cases with weak keys carry correct MACs: valid once weak keys are allowed",
        .bug("https://www.rfc-editor.org/rfc/rfc7518#section-3.2", "RFC 7518 §3.2"),
        arguments: ExternalJWTCase.all.filter(\.validIfWeakKeysAllowed)
    )
    func externalWeakKeys(testCase: ExternalJWTCase) throws {
        #expect(testCase.verdict().valid == false)
        let verdict = testCase.verdict(allowsWeakKey: true)
        #expect(verdict.valid, "\(verdict.why)")
    }

    @Test(
        "External JWT cases at the signature layer match expectedJWSOnly",
        arguments: ExternalJWTCase.all.filter { $0.expectedJWSOnlyValid != nil }
    )
    func externalJWSOnly(testCase: ExternalJWTCase) throws {
        let key = try SigningKey(bytes: try #require(testCase.key))
        var failure: TokenError?
        do {
            _ = try SignatureVerifier(key: key)
                .verifyCompactJWS(Array(testCase.token.utf8), allowed: testCase.policy.allowedAlgorithms)
        } catch {
            failure = error
        }
        #expect((failure == nil) == testCase.expectedJWSOnlyValid, "\(failure?.reason ?? "accepted")")
    }

    @Test("An empty key counts as invalid: SigningKey refuses it")
    func emptyKeyIsInvalid() throws {
        guard Vectors.requirePresent() else { return }
        let template = try #require(ExternalJWTCase.all.first { $0.expectedValid }, "needs the external cases")
        let withEmptyKey = ExternalJWTCase(
            id: template.id + " (empty key)",
            token: template.token,
            key: [],
            algorithmNames: template.algorithmNames,
            now: template.now,
            leeway: template.leeway,
            expectedIss: nil,
            expectedAud: nil,
            requireExp: false,
            expectedValid: false,
            expectedJWSOnlyValid: nil,
            validIfWeakKeysAllowed: false
        )
        let verdict = withEmptyKey.verdict(allowsWeakKey: true)
        #expect(verdict.valid == false)
        #expect(verdict.why.contains("key refused: empty"))
    }

    @Test("expectedIss is an exact match, never a substring", .bug("https://nvd.nist.gov/vuln/detail/CVE-2024-53861"))
    func issuerExactMatch() throws {
        guard Vectors.requirePresent() else { return }
        // RFC 7515 A.1 has iss "joe".
        let template = try #require(ExternalJWTCase.all.first { $0.id == "rfc7515-A1-valid-before-exp" })
        func with(iss: String?, requireExp: Bool = false) -> ExternalJWTCase {
            ExternalJWTCase(
                id: template.id,
                token: template.token,
                key: template.key,
                algorithmNames: template.algorithmNames,
                now: template.now,
                leeway: template.leeway,
                expectedIss: iss,
                expectedAud: nil,
                requireExp: requireExp,
                expectedValid: true,
                expectedJWSOnlyValid: nil,
                validIfWeakKeysAllowed: false
            )
        }
        #expect(with(iss: "joe").verdict().valid)
        #expect(with(iss: nil, requireExp: true).verdict().valid)
        #expect(with(iss: "jo").verdict().valid == false)
        #expect(with(iss: "joe ").verdict().valid == false)
        #expect(with(iss: "Joe").verdict().valid == false)
        #expect(with(iss: "joey").verdict().valid == false)
    }
}
