/// Checks HMAC signatures over the exact received signing input, with one keyed OpenSSL context per
/// algorithm reused across tokens.
///
/// Not thread-safe: give each thread its own verifier.
package final class SignatureVerifier {
    /// The key, bound to the algorithms the policy allows.
    package let key: SigningKey
    /// Whether keys shorter than the digest are accepted (RFC 7518 §3.2 forbids them).
    package let allowsWeakKey: Bool
    /// The keyed context of each algorithm used so far, at the algorithm's place in
    /// `HMACAlgorithm.allCases`. Not a dictionary: building the first `[HMACAlgorithm: HMACContext]`
    /// makes the Swift runtime search every protocol conformance in the binary for `HMACAlgorithm:
    /// Hashable`, which cost a single `ecetoken verify` more instructions than its own parsing.
    private var contexts: [HMACContext?] = Array(repeating: nil, count: HMACAlgorithm.allCases.count)

    /// Creates a verifier for one key.
    package init(key: SigningKey, allowsWeakKey: Bool = false) {
        self.key = key
        self.allowsWeakKey = allowsWeakKey
    }

    /// Verifies `token`'s signature with `algorithm`.
    /// - Throws: ``TokenError`` with code `weakKey`, `signatureLength` or `signatureMismatch`.
    package func verify(_ token: CompactToken, algorithm: HMACAlgorithm) throws(TokenError) {
        if !allowsWeakKey && !key.isStrongEnough(for: algorithm) {
            throw TokenError(
                .weakKey,
                "the secret is \(key.count) bytes, shorter than the \(algorithm.digestLength) bytes \(algorithm.name) "
                    + "requires (RFC 7518 §3.2); refusing to verify with a weak key"
            )
        }
        guard token.signatureBytes.count == algorithm.digestLength else {
            throw TokenError(
                .signatureLength,
                "the signature is \(token.signatureBytes.count) bytes; \(algorithm.name) signatures are "
                    + "\(algorithm.digestLength)"
            )
        }
        let matches: Bool
        do {
            matches = try context(for: algorithm).isValid(code: token.signatureBytes, for: token.signingInput)
        } catch {
            throw TokenError(.signatureMismatch, "the signature could not be checked: \(error.reason)")
        }
        if !matches {
            throw TokenError(
                .signatureMismatch,
                "the signature does not match the secret (a token from another installation, a wrong secret, "
                    + "or a modified token)"
            )
        }
    }

    /// Verifies a whole compact JWS: framing, header policy and signature; the payload stays opaque bytes.
    ///
    /// This is the JWS layer alone, for payloads that are not JWT claims.
    /// - Returns: the decoded token and its header.
    /// - Throws: ``TokenError`` for the first problem found.
    package func verifyCompactJWS(
        _ bytes: some Collection<UInt8>,
        allowed: [HMACAlgorithm]
    ) throws(TokenError) -> (
        token: CompactToken, header: JOSEHeader
    ) {
        let token = try CompactToken(parsing: bytes)
        let header = try JOSEHeader(decoding: token.headerBytes)
        let algorithm = try header.acceptedAlgorithm(allowed: allowed)
        try verify(token, algorithm: algorithm)
        return (token, header)
    }

    private func context(for algorithm: HMACAlgorithm) throws(CryptoError) -> HMACContext {
        let slot = Self.slot(of: algorithm)
        if let existing = contexts[slot] { return existing }
        let created = try HMACContext(algorithm: algorithm, key: key.bytes)
        contexts[slot] = created
        return created
    }

    /// `algorithm`'s place in `HMACAlgorithm.allCases`.
    private static func slot(of algorithm: HMACAlgorithm) -> Int {
        switch algorithm {
        case .hs256: 0
        case .hs384: 1
        case .hs512: 2
        }
    }
}
