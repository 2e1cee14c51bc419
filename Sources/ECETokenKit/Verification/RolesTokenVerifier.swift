#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Verifies an ECE roles token in one call and returns what it grants, or throws why it cannot be trusted.
///
/// ```swift
/// let verifier = try RolesTokenVerifier(secret: bootstrapTokensSecret)
/// let token = try verifier.verify(pastedToken)
/// print(token.kind, token.roles, token.expiresAt ?? "never")
/// ```
///
/// It runs every check ``TokenInspector`` runs, in the same order (RFC 8725: strict framing, the header
/// policy, the signature, then the claims), and throws a ``TokenError`` for a malformed token, a bad
/// signature, an expired token, claims of the wrong type or a failed ``PolicyRequirements`` check.
/// Warnings (an unknown role, an unusual `iss`) do not throw; they are in ``VerifiedRolesToken/report``.
/// A value is immutable and `Sendable`: share one across tasks and threads.
public struct RolesTokenVerifier: Sendable {
    private let key: SigningKey
    /// Algorithms, weak-key override and leeway; HS256 only, strict, no leeway by default.
    public let policy: VerificationPolicy

    /// A verifier for an installation's secret, used as written: for ECE, `bootstrap_tokens_secret` from
    /// `bootstrap-secrets.json`, the characters themselves and not their base64 decoding.
    /// - Parameters:
    ///   - secret: the secret's text.
    ///   - policy: algorithms, weak-key override and leeway.
    /// - Throws: ``SecretError`` when the secret is empty or looks like a public key.
    public init(secret: String, policy: VerificationPolicy = VerificationPolicy()) throws(SecretError) {
        self.init(key: try SigningKey(secretText: Array(secret.utf8)), policy: policy)
    }

    /// A verifier for a key already built (from ``SecretLoader`` or ``SigningKey/init(secretText:encoding:)``).
    public init(key: SigningKey, policy: VerificationPolicy = VerificationPolicy()) {
        self.key = key
        self.policy = policy
    }

    /// Verifies `token` at the current time of the system clock.
    /// - Throws: ``TokenError`` naming the first reason the token cannot be trusted.
    public func verify(_ token: String) throws(TokenError) -> VerifiedRolesToken {
        try verify(token, now: Int64(time(nil)))
    }

    /// Verifies `token` at time `now` and checks `requirements` on its claims.
    /// - Parameters:
    ///   - token: the compact token; surrounding whitespace is not trimmed.
    ///   - now: the clock, Unix seconds.
    ///   - requirements: roles, kind, validity and the like the token must satisfy; none by default.
    /// - Throws: ``TokenError``: a malformed code (``TokenError/Code/isMalformed``), a signature code
    ///   (``TokenError/Code/signatureMismatch``, …), ``TokenError/Code/expired``,
    ///   ``TokenError/Code/policyFailed`` or ``TokenError/Code/claimsInvalid``; the last three carry the
    ///   failed checks in ``TokenError/failedChecks``.
    public func verify(
        _ token: String,
        now: Int64,
        requirements: PolicyRequirements = PolicyRequirements()
    ) throws(TokenError) -> VerifiedRolesToken {
        let inspector = TokenInspector(key: key, policy: policy, requirements: requirements)
        let report = inspector.inspect(TokenInput(bytes: Array(token.utf8)), now: now)
        if let error = report.decodingError { throw error }
        if case .invalid(let error) = report.signature { throw error }
        let failed = report.checks.filter { $0.status == .fail }
        if !failed.isEmpty { throw TokenError(failedChecks: failed) }
        return VerifiedRolesToken(report: report)
    }
}
