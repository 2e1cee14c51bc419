/// Verifies and checks ECE-shaped tokens without allocating: the audit's hot path.
///
/// It handles the tokens ECE issues, whose header is exactly `{"typ":"JWT","alg":"HS256"}` and whose
/// claims ``ECEClaimsScanner`` reads, and answers with the same outcome and failure reasons as
/// ``TokenInspector``. For any other token it answers `nil` and the caller runs the full inspector, so the
/// fast path changes speed, never results. Not thread-safe: one per thread.
public final class ECEFastPath {
    /// The base64url header segment of every ECE token.
    static let headerSegment: StaticString = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"
    /// Payloads longer than this go to the full inspector (ECE payloads are about 150 bytes).
    static let maximumPayloadSegment = 4096

    private let context: HMACContext
    private let now: Int64
    private let leeway: Int64
    private let payload: UnsafeMutableRawBufferPointer

    /// A fast path for one secret, policy and clock, or `nil` when it cannot give the full inspector's
    /// results: no secret (decode-only reports), HS256 not allowed, a key too weak for HS256, or
    /// policy requirements (their checks need the full claims).
    public init?(key: SigningKey?, policy: VerificationPolicy, requirements: PolicyRequirements, now: Int64) {
        guard let key, requirements.isEmpty, policy.allowedAlgorithms.contains(.hs256),
            policy.allowsWeakKey || key.isStrongEnough(for: .hs256),
            let header = try? JOSEHeader(
                decoding: Base64URL.decode(
                    UnsafeRawBufferPointer(
                        start: Self.headerSegment.utf8Start,
                        count: Self.headerSegment.utf8CodeUnitCount
                    )
                )
            ),
            (try? header.acceptedAlgorithm(allowed: policy.allowedAlgorithms)) == .hs256,
            let context = try? HMACContext(algorithm: .hs256, key: key.bytes)
        else { return nil }
        self.context = context
        self.now = now
        self.leeway = policy.leeway
        payload = .allocate(byteCount: Self.maximumPayloadSegment, alignment: 8)
    }

    deinit {
        payload.deallocate()
    }

    /// The verdict for one token (its bytes without surrounding whitespace), or `nil` when the full
    /// inspector must decide.
    public func verdict(_ token: UnsafeRawBufferPointer) -> AuditVerdict? {
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
        let signatureOK = withUnsafeMutableBytes(of: &signature) { signatureBytes -> Bool? in
            guard let base = signatureBytes.baseAddress, Base64URL.decode(signatureText, into: base) == 32 else {
                return nil
            }
            return context.isValid(code: UnsafeRawBufferPointer(signatureBytes), for: signingInput)
        }
        // A payload segment that is not canonical base64url, or holds a third dot, is the full inspector's
        // to report.
        guard let signatureOK, let base = payload.baseAddress,
            let length = Base64URL.decode(payloadText, into: base), length > 0
        else { return nil }
        if !signatureOK {
            // Its claims are never read: a forged token is only "bad signature". The payload must still be a
            // JSON object the full inspector would accept, or the token is malformed instead.
            return ECEClaimsScanner.scan(UnsafeRawBufferPointer(rebasing: payload[..<length])) == nil
                ? nil : .badSignature
        }
        guard let claims = ECEClaimsScanner.scan(UnsafeRawBufferPointer(rebasing: payload[..<length])) else {
            return nil
        }
        let conflict: Bool
        switch claims.persistent {
        case true?: conflict = claims.expiration != nil
        case false?: conflict = claims.expiration == nil
        case nil: conflict = false
        }
        // As ClaimChecks.expiry: in Double, invalid when now >= exp + leeway.
        let expired = claims.expiration.map { Double(now) >= Double($0) + Double(leeway) } ?? false
        switch (conflict, expired) {
        case (false, false): return .pass
        case (true, false): return .kindConflict
        case (false, true): return .expired
        case (true, true): return .kindConflictAndExpired
        }
    }
}
