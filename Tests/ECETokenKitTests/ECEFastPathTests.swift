import ECETokenKit
import Testing

private typealias Support = TokenKitTestSupport

/// The audit's fast path must agree with the full inspector on every token it decides, and must decide
/// the tokens ECE issues (or it would be a slow path in disguise).
@Suite("ECEFastPath: agrees with TokenInspector")
struct ECEFastPathTests {
    static let uuid = "4c8990df-1fb7-4820-b868-6bc9e8860814"

    /// The fast path's verdict for `token`, or `nil` when it leaves the token to the full inspector.
    static func verdict(_ token: String, fastPath: ECEFastPath) -> AuditVerdict? {
        Array(token.utf8).withUnsafeBytes { fastPath.verdict($0) }
    }

    /// Checks that the fast path, when it answers, gives the inspector's outcome and failure reasons.
    /// - Returns: whether the fast path answered.
    @discardableResult
    static func expectAgreement(
        _ token: String,
        policy: VerificationPolicy = VerificationPolicy(),
        now: Int64 = Support.now,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Bool {
        let key = try SigningKey(secretText: Support.secretBytes)
        let fastPath = try #require(
            ECEFastPath(key: key, policy: policy, requirements: PolicyRequirements(), now: now),
            sourceLocation: sourceLocation
        )
        let report = TokenInspector(key: key, policy: policy)
            .inspect(TokenInput(bytes: Array(token.utf8), source: "test"), now: now)
        guard let verdict = verdict(token, fastPath: fastPath) else { return false }
        #expect(verdict.outcome == report.outcome, "\(token)", sourceLocation: sourceLocation)
        #expect(
            verdict.failureReasons == AuditFailureReasons.of(report),
            "\(token)",
            sourceLocation: sourceLocation
        )
        return true
    }

    @Test(
        "ECE-shaped tokens take the fast path and agree",
        arguments: [
            #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true}"#,
            #"{"sub":"\#(uuid)","roles":[],"iss":"current","persistent":true}"#,
            #"{"sub":"\#(uuid)","roles":["coordinator","proxy","director"],"iss":"current","persistent":true}"#,
            #"{"sub":"\#(uuid)","roles":["proxy","allocator"],"iss":"current","persistent":false,"exp":1900000000}"#,
            #"{"sub":"\#(uuid)","roles":["proxy","allocator"],"iss":"bootstrap-initial","exp":1493646213}"#,
            #"{"sub":"\#(uuid)","roles":["proxy","allocator"],"iss":"bootstrap-initial"}"#,
            #"{"exp":1800000000,"roles":["director"],"sub":"not-a-uuid","iss":"elsewhere"}"#,
            #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true,"exp":1900000000}"#,
            #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":false}"#,
            #"{"sub":"\#(uuid)","roles":["allocator"],"persistent":true,"exp":1}"#,
            #"{"roles":["allocator"]}"#,
            #"{"sub":"\#(uuid)"}"#,
            #"{"exp":0}"#,
            #"{"exp":253402300799}"#,
            "{}",
        ]
    )
    func shapedTokens(payload: String) throws {
        let good = try Support.token(payload: payload)
        #expect(try Self.expectAgreement(good), "the fast path declined \(payload)")
        // A forged signature: still decided, as bad_signature, and never reported as expired.
        let forged = Support.token(payload: payload, signature: [UInt8](repeating: 7, count: 32))
        #expect(try Self.expectAgreement(forged), "the fast path declined the forged \(payload)")
    }

    @Test("expiry at the clock, within and beyond the leeway agrees with the inspector")
    func expiryBoundaries() throws {
        for offset: Int64 in [-2, -1, 0, 1, 2] {
            let exp = Support.now + offset
            let token = try Support.token(
                payload: #"{"sub":"\#(Self.uuid)","roles":[],"persistent":false,"exp":\#(exp)}"#
            )
            for leeway: Int64 in [0, 1, 5] {
                #expect(try Self.expectAgreement(token, policy: VerificationPolicy(leeway: leeway)))
            }
        }
    }

    @Test(
        "tokens outside the ECE shape are left to the full inspector",
        arguments: [
            #"{"sub": "x"}"#,  // whitespace
            #"{"sub":"caf\u00e9"}"#,  // an escape
            #"{"sub":"café"}"#,  // non-ASCII
            #"{"sub":"a","sub":"b"}"#,  // duplicate member
            #"{"roles":["allocator","allocator"]}"#,  // repeated role
            #"{"roles":["beats-runner"]}"#,  // unknown role
            #"{"roles":"allocator"}"#,  // wrong type
            #"{"exp":1.5}"#,  // fraction
            #"{"exp":1e9}"#,  // exponent
            #"{"exp":-1}"#,  // negative
            #"{"exp":01}"#,  // leading zero (not JSON)
            #"{"exp":253402300800}"#,  // after year 9999
            #"{"exp":"1800000000"}"#,  // string
            #"{"persistent":1}"#,
            #"{"nbf":1}"#,  // another claim
            #"{"jti":"x"}"#,
            #"[]"#,
            #"{"sub":"x"} "#,  // trailing space
            #"{"sub":"x"}}"#,
            #"{"sub":"x",}"#,
            #"{"sub":"x""#,
            "not json",
        ]
    )
    func declined(payload: String) throws {
        let key = try SigningKey(secretText: Support.secretBytes)
        let fastPath = try #require(
            ECEFastPath(key: key, policy: VerificationPolicy(), requirements: PolicyRequirements(), now: Support.now)
        )
        let token = try Support.token(payload: payload)
        #expect(Self.verdict(token, fastPath: fastPath) == nil)
        let forged = Support.token(payload: payload, signature: [UInt8](repeating: 7, count: 32))
        #expect(Self.verdict(forged, fastPath: fastPath) == nil)
    }

    @Test("framing the fast path does not decide is left to the full inspector")
    func framing() throws {
        let key = try SigningKey(secretText: Support.secretBytes)
        let fastPath = try #require(
            ECEFastPath(key: key, policy: VerificationPolicy(), requirements: PolicyRequirements(), now: Support.now)
        )
        let token = try Support.token(payload: #"{"roles":["allocator"]}"#)
        let parts = token.split(separator: ".").map(String.init)
        let variants = [
            try Support.token(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: #"{"roles":[]}"#),
            try Support.token(header: #"{"typ":"JWT","alg":"HS384"}"#, payload: #"{"roles":[]}"#, algorithm: .hs384),
            parts[0] + "." + parts[1] + "." + parts[2] + "=",
            parts[0] + "." + parts[1] + "." + String(parts[2].dropLast()),
            parts[0] + "." + parts[1] + ".." + parts[2],
            parts[0] + ".." + parts[2],
            parts[0] + "." + parts[1] + "x." + parts[2],  // a payload length no base64url has
            parts[0] + "." + String(parts[1].dropLast()) + "B." + parts[2],  // non-canonical last character
            parts[0] + "." + parts[1] + "." + String(parts[2].dropLast()) + "B",  // non-canonical signature
            parts[0] + "." + parts[1],
        ]
        for variant in variants {
            #expect(Self.verdict(variant, fastPath: fastPath) == nil, "\(variant)")
        }
    }

    @Test("no fast path without a secret, with requirements, without HS256 or with a weak key")
    func unavailable() throws {
        let key = try SigningKey(secretText: Support.secretBytes)
        let now = Support.now
        #expect(
            ECEFastPath(key: nil, policy: VerificationPolicy(), requirements: PolicyRequirements(), now: now) == nil
        )
        #expect(
            ECEFastPath(
                key: key,
                policy: VerificationPolicy(),
                requirements: PolicyRequirements(requiredRoles: ["allocator"]),
                now: now
            ) == nil
        )
        #expect(
            ECEFastPath(
                key: key,
                policy: VerificationPolicy(allowedAlgorithms: [.hs512]),
                requirements: PolicyRequirements(),
                now: now
            ) == nil
        )
        let weak = try SigningKey(secretText: Array("short".utf8))
        #expect(
            ECEFastPath(key: weak, policy: VerificationPolicy(), requirements: PolicyRequirements(), now: now) == nil
        )
        #expect(
            ECEFastPath(
                key: weak,
                policy: VerificationPolicy(allowsWeakKey: true),
                requirements: PolicyRequirements(),
                now: now
            ) != nil
        )
    }

    /// Random ECE-shaped and near-ECE-shaped payloads, with good and flipped signatures: wherever the fast
    /// path answers, it agrees; and it answers for most of them.
    @Test("randomised payloads agree with the inspector")
    func randomised() throws {
        var generator = SplitMix64(seed: 20_271_115)
        let pieces = [
            #""sub":"\#(Self.uuid)""#, #""sub":"x""#, #""sub":1"#, #""roles":["allocator"]"#,
            #""roles":["proxy","coordinator","director"]"#, #""roles":[]"#, #""roles":["allocator","allocator"]"#,
            #""roles":["other"]"#, #""iss":"current""#, #""iss":"bootstrap-initial""#, #""iss":"me""#,
            #""persistent":true"#, #""persistent":false"#, #""exp":1799999999"#, #""exp":1800000000"#,
            #""exp":1800000001"#, #""exp":1.5"#, #""exp":99999999999999"#, #""nbf":1"#, #""exp": 5"#,
        ]
        var decided = 0
        let total = 600
        for _ in 0..<total {
            var members: [String] = []
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                members.append(pieces.randomElement(using: &generator)!)
            }
            let payload = "{" + members.joined(separator: ",") + "}"
            var token = try Support.token(payload: payload)
            if Bool.random(using: &generator) {
                var bytes = Array(token.utf8)
                let index = bytes.count - 1 - Int.random(in: 1...20, using: &generator)
                bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
                token = String(decoding: bytes, as: UTF8.self)
            }
            if try Self.expectAgreement(token) { decided += 1 }
        }
        // Members repeat at random, so not every payload is ECE-shaped; most with few members are.
        #expect(decided > total / 3, "the fast path decided only \(decided) of \(total)")
    }
}
