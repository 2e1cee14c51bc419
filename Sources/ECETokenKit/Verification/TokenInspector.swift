/// Decodes, verifies, classifies and checks tokens, producing a ``TokenReport`` for each.
///
/// The order follows RFC 8725: strict framing and JSON first, then the header policy, then the
/// signature; claims are checked only when the signature verified or no secret was given, so a
/// forged token is never reported as "expired". Not thread-safe: give each thread its own inspector.
public final class TokenInspector {
    /// The policy applied.
    public let policy: VerificationPolicy
    /// The requirements checked on claims (roles, kind, validity, install preflight).
    public let requirements: PolicyRequirements
    private let verifier: SignatureVerifier?

    /// Creates an inspector.
    /// - Parameters:
    ///   - key: the secret; `nil` to decode without verifying (every report says `unverified`).
    ///   - policy: algorithms, weak-key override and leeway.
    ///   - requirements: what the claims must satisfy beyond expiry; none by default.
    public init(
        key: SigningKey?,
        policy: VerificationPolicy = VerificationPolicy(),
        requirements: PolicyRequirements = PolicyRequirements()
    ) {
        self.policy = policy
        self.requirements = requirements
        self.verifier = key.map { SignatureVerifier(key: $0, allowsWeakKey: policy.allowsWeakKey) }
    }

    /// Whether a secret is configured.
    public var verifiesSignatures: Bool { verifier != nil }

    /// Inspects one token at the time `now` (Unix seconds).
    /// - Parameters:
    ///   - token: the compact token; surrounding whitespace is not trimmed.
    ///   - now: the clock, Unix seconds.
    /// - Returns: every check run and what the token says, whether or not it can be trusted.
    public func inspect(_ token: String, now: Int64) -> TokenReport {
        inspect(TokenInput(bytes: Array(token.utf8)), now: now)
    }

    /// Inspects one input (with where it came from) at the time `now` (Unix seconds).
    package func inspect(_ input: TokenInput, now: Int64) -> TokenReport {
        var builder = ReportBuilder(
            source: input.source,
            now: now,
            leeway: policy.leeway,
            apiTokenID: input.apiTokenID,
            requirements: requirements,
            inputBytes: input.rawBytes
        )
        builder.line = input.line
        let token: CompactToken
        let header: JOSEHeader
        let payload: JSONObject
        do {
            token = try CompactToken(parsing: input.bytes)
            header = try JOSEHeader(decoding: token.headerBytes)
            builder.header = header.object
            builder.algorithmName = header.algorithmName
            payload = try Self.parsePayload(token.payloadBytes)
        } catch {
            builder.decodingError = error
            return builder.build()
        }
        let claims = RolesTokenClaims(payload)
        builder.claims = claims
        builder.describeClaims()

        do {
            let algorithm = try header.acceptedAlgorithm(allowed: policy.allowedAlgorithms)
            builder.checks.append(Check(.header, .pass, "alg \(algorithm.name) is allowed; no critical extensions"))
            if let verifier {
                try verifier.verify(token, algorithm: algorithm)
                builder.signature = .valid
                builder.checks.append(
                    Check(.signature, .pass, "verified: \(algorithm.name) with the configured secret")
                )
            } else {
                builder.checks.append(
                    Check(.signature, .warn, "NOT VERIFIED: no secret configured, so nothing below can be trusted")
                )
            }
        } catch {
            if error.code == .algorithmNotAllowed || error.code == .unsupportedCritical {
                builder.checks.append(Check(.header, .fail, error.reason))
            }
            if let verifier {
                builder.signature = .invalid(error)
                if error.code != .algorithmNotAllowed && error.code != .unsupportedCritical {
                    builder.checks.append(Check(.signature, .fail, error.reason))
                    if error.code == .signatureMismatch, let algorithm = HMACAlgorithm(name: header.algorithmName),
                        let mistake = SecretDiagnosis.diagnose(token, algorithm: algorithm, key: verifier.key)
                    {
                        builder.checks.append(Check(.secretDiagnosis, .warn, mistake.advice))
                    }
                } else {
                    builder.checks.append(Check(.signature, .fail, "not verified: the header was rejected"))
                }
                return builder.build()
            }
            builder.checks.append(
                Check(.signature, .warn, "NOT VERIFIED: no secret configured, so nothing below can be trusted")
            )
        }
        builder.checkClaims()
        return builder.build()
    }

    /// Parses the payload as a strict JSON object.
    static func parsePayload(_ bytes: [UInt8]) throws(TokenError) -> JSONObject {
        do {
            return try StrictJSONParser(maximumBytes: CompactToken.maximumLength).parseObject(bytes)
        } catch {
            throw TokenError(.payloadNotJSONObject, "the payload is not a valid JSON object: \(error)")
        }
    }
}
