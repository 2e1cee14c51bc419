/// Verifies and checks ECE-shaped tokens without allocating: the audit's hot path.
///
/// It handles the tokens ECE issues, whose header is exactly `{"typ":"JWT","alg":"HS256"}` and whose
/// claims ``ECEClaimsScanner`` reads, and answers with the same outcome and failure reasons as
/// ``TokenInspector``. For any other token it answers `nil` and the caller runs the full inspector, so the
/// fast path changes speed, never results. Not thread-safe: one per thread.
package final class ECEFastPath {
    /// The base64url header segment of every ECE token.
    static let headerSegment: StaticString = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"
    /// Payloads longer than this go to the full inspector (ECE payloads are about 150 bytes).
    static let maximumPayloadSegment = 4096

    private let context: HMACContext
    private let key: SigningKey
    private let now: Int64
    private let leeway: Int64
    private let payload: UnsafeMutableRawBufferPointer
    private let inspector: TokenInspector
    private lazy var diagnoser = SecretDiagnoser(key: key, algorithm: .hs256)

    /// A fast path for one secret, policy and clock, or `nil` when it cannot give the full inspector's
    /// results: no secret (decode-only reports), HS256 not allowed, a key too weak for HS256, or
    /// policy requirements (their checks need the full claims).
    package init?(key: SigningKey?, policy: VerificationPolicy, requirements: PolicyRequirements, now: Int64) {
        let headerText = UnsafeRawBufferPointer(
            start: Self.headerSegment.utf8Start,
            count: Self.headerSegment.utf8CodeUnitCount
        )
        guard let key, requirements.isEmpty, policy.allowedAlgorithms.contains(.hs256),
            policy.allowsWeakKey || key.isStrongEnough(for: .hs256),
            let header = try? JOSEHeader(decoding: Base64URL.decode(headerText)),
            (try? header.acceptedAlgorithm(allowed: policy.allowedAlgorithms)) == .hs256,
            let context = try? HMACContext(algorithm: .hs256, key: key.bytes)
        else { return nil }
        self.context = context
        self.key = key
        self.now = now
        self.leeway = policy.leeway
        inspector = TokenInspector(key: key, policy: policy, requirements: requirements)
        payload = .allocate(byteCount: Self.maximumPayloadSegment, alignment: 8)
    }

    deinit {
        payload.deallocate()
    }

    /// The verdict for one token (its bytes without surrounding whitespace), or `nil` when the full
    /// inspector must decide.
    package func verdict(_ token: UnsafeRawBufferPointer) -> AuditVerdict? {
        read(token, diagnosing: false)?.verdict
    }

    /// What the fast path reads from one token, or `nil` when the full inspector must decide. Valid until
    /// the next call, while `token`'s bytes live.
    package func facts(_ token: UnsafeRawBufferPointer) -> ECETokenFacts? {
        read(token, diagnosing: true)
    }

    /// The full inspector's report on a token the fast path decided, for what its facts do not hold.
    package func report(_ facts: ECETokenFacts, source: String, line: Int?) -> TokenReport {
        inspector.inspect(TokenInput(bytes: Array(facts.token), source: source, line: line), now: now)
    }

    private func read(_ token: UnsafeRawBufferPointer, diagnosing: Bool) -> ECETokenFacts? {
        let header = Self.headerSegment.utf8CodeUnitCount
        // header "." payload "." 43-character signature
        guard token.count > header + 2 + 43, token.count - header - 45 <= Self.maximumPayloadSegment,
            ECEClaimsScanner.equals(UnsafeRawBufferPointer(rebasing: token[..<header]), Self.headerSegment),
            token[header] == UInt8(ascii: "."), token[token.count - 44] == UInt8(ascii: ".")
        else { return nil }
        let signingInput = UnsafeRawBufferPointer(rebasing: token[..<(token.count - 44)])
        let payloadText = UnsafeRawBufferPointer(rebasing: token[(header + 1)..<(token.count - 44)])
        let signatureText = UnsafeRawBufferPointer(rebasing: token[(token.count - 43)...])
        var signature: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var diagnosis: SecretDiagnosis.Mistake?
        let signatureOK = withUnsafeMutableBytes(of: &signature) { signatureBytes -> Bool? in
            guard let base = signatureBytes.baseAddress, Base64URL.decode(signatureText, into: base) == 32 else {
                return nil
            }
            let code = UnsafeRawBufferPointer(signatureBytes)
            if context.isValid(code: code, for: signingInput) { return true }
            if diagnosing { diagnosis = diagnoser.diagnose(signature: code, signingInput: signingInput) }
            return false
        }
        // A payload segment that is not canonical base64url, or holds a third dot, is the full inspector's
        // to report; so is a payload the scanner does not read, valid signature or not (a forged token with
        // a payload that is not a JSON object is malformed, not only forged).
        guard let signatureOK, let base = payload.baseAddress,
            let length = Base64URL.decode(payloadText, into: base), length > 0
        else { return nil }
        let claimsJSON = UnsafeRawBufferPointer(rebasing: payload[..<length])
        guard let claims = ECEClaimsScanner.scan(claimsJSON) else { return nil }
        let kind = Classification.kind(persistent: claims.persistent, hasExpiration: claims.expiration != nil)
        let verdict: AuditVerdict
        if !signatureOK {
            // Its claims are never checked: a forged token is only "bad signature".
            verdict = .badSignature
        } else {
            let conflict = Classification.conflicts(
                persistent: claims.persistent,
                hasExpiration: claims.expiration != nil
            )
            let expired =
                claims.expiration.map {
                    ClaimChecks.expiryStatus(value: Double($0), now: now, leeway: leeway) == .fail
                } ?? false
            switch (conflict, expired) {
            case (false, false): verdict = .pass
            case (true, false): verdict = .kindConflict
            case (false, true): verdict = .expired
            case (true, true): verdict = .kindConflictAndExpired
            }
        }
        guard diagnosing else {
            return ECETokenFacts(
                verdict: verdict,
                token: token,
                claimsJSON: claimsJSON,
                subject: nil,
                issuer: nil,
                roles: nil,
                persistent: nil,
                expiration: nil,
                kind: kind,
                installTimeShape: nil,
                diagnosis: nil
            )
        }
        return ECETokenFacts(
            verdict: verdict,
            token: token,
            claimsJSON: claimsJSON,
            subject: claims.subject.map { UnsafeRawBufferPointer(rebasing: claimsJSON[$0]) },
            issuer: claims.issuer.map { UnsafeRawBufferPointer(rebasing: claimsJSON[$0]) },
            roles: claims.roles,
            persistent: claims.persistent,
            expiration: claims.expiration,
            kind: kind,
            installTimeShape: kind == .persistent
                ? claims.roles.flatMap { InstallTimeShape(knownRoles: $0.roles) } : nil,
            diagnosis: diagnosis
        )
    }
}
