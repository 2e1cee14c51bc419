/// What the audit's fast path read from one ECE-shaped token: enough to render its full report without
/// building one. The byte buffers point into the token and into the fast path's own buffer, so a value
/// is valid only until the fast path's next call and while the token's bytes live.
package struct ECETokenFacts {
    /// The outcome and failure reasons.
    package let verdict: AuditVerdict
    /// The token as received.
    package let token: UnsafeRawBufferPointer
    /// The decoded payload: compact JSON with no escapes, the same text the full report's `claims` has.
    package let claimsJSON: UnsafeRawBufferPointer
    /// `sub`'s characters (printable ASCII, nothing to escape), when present.
    package let subject: UnsafeRawBufferPointer?
    /// `iss`'s characters (printable ASCII, nothing to escape), when present.
    package let issuer: UnsafeRawBufferPointer?
    /// `roles`, when present.
    package let roles: ECERoleList?
    /// `persistent`, when present.
    package let persistent: Bool?
    /// `exp`, when present: whole seconds within years 1970 to 9999.
    package let expiration: Int64?
    /// Ephemeral or persistent, as ``Classification`` decides.
    package let kind: TokenKind
    /// The install-time token this one has the shape of (persistent tokens only).
    package let installTimeShape: InstallTimeShape?
    /// Why the signature does not verify, when a setup mistake explains it.
    package let diagnosis: SecretDiagnosis.Mistake?

    /// Whether the signature verified (claims are checked only then).
    package var signatureValid: Bool { verdict != .badSignature }

    /// Tokens with equal shapes have equal checks, except for the expiry check's message (which depends
    /// on `exp`); `nil` when a check's message quotes a claim (an unusual `sub` or `iss`).
    package var checksShape: ChecksShape? {
        var subjectForm: UInt8 = 0
        if let subject {
            guard ClaimChecks.isUUID(subject) else { return nil }
            subjectForm = 1
        }
        var issuerForm: UInt8 = 0
        if let issuer {
            if ECEClaimsScanner.equals(issuer, "current") {
                issuerForm = 1
            } else if ECEClaimsScanner.equals(issuer, "bootstrap-initial") {
                issuerForm = 2
            } else {
                return nil
            }
        }
        return ChecksShape(
            signatureValid: signatureValid,
            diagnosis: diagnosis,
            persistent: persistent,
            hasExpiration: expiration != nil,
            roles: roles,
            subjectForm: subjectForm,
            issuerForm: issuerForm
        )
    }

    /// What a token's checks depend on, but for `exp`'s value.
    package struct ChecksShape: Hashable, Sendable {
        /// Everything but the diagnosis, packed into one word: equal shapes have equal bits.
        let bits: UInt64
        let diagnosis: SecretDiagnosis.Mistake?

        init(
            signatureValid: Bool,
            diagnosis: SecretDiagnosis.Mistake?,
            persistent: Bool?,
            hasExpiration: Bool,
            roles: ECERoleList?,
            subjectForm: UInt8,
            issuerForm: UInt8
        ) {
            var bits: UInt64 = signatureValid ? 1 : 0
            if hasExpiration { bits |= 1 << 1 }
            bits |= UInt64(persistent.map { $0 ? 2 : 1 } ?? 0) << 2
            bits |= UInt64(subjectForm & 3) << 4
            bits |= UInt64(issuerForm & 3) << 6
            if let roles { bits |= 1 << 8 | roles.packed << 9 }
            self.bits = bits
            self.diagnosis = diagnosis
        }

        /// Hashes the packed word alone (one word to hash per token); a diagnosis, rare and the same for
        /// most tokens of an audit when there is one, only takes part in equality.
        package func hash(into hasher: inout Hasher) {
            hasher.combine(bits)
        }
    }

    /// Seconds from `now` to `exp`, when there is an `exp` (the report's `expires_in_seconds`).
    package func secondsRemaining(now: Int64) -> Int64? {
        expiration.map { ClaimChecks.secondsBetween($0, now) }
    }

    /// Writes `exp` as RFC 3339 (the report's `expires_at`) at `destination`, which has room for
    /// ``Timestamps/rfc3339Length`` bytes; `false`, writing nothing, without `exp`.
    package func writeExpiryDate(to destination: UnsafeMutableRawPointer) -> Bool {
        guard let expiration else { return false }
        return Timestamps.writeRFC3339(expiration, to: destination)
    }

    /// Appends the expiry check's message (ASCII, nothing to escape in JSON) and returns its status, or
    /// appends nothing and returns `nil` without `exp`. The same message and status as the full report's.
    package func appendExpiryMessage(now: Int64, leeway: Int64, to output: inout [UInt8]) -> Check.Status? {
        guard let expiration else { return nil }
        return ClaimChecks.appendExpiryMessage(
            wholeSeconds: expiration,
            value: Double(expiration),
            now: now,
            leeway: leeway,
            to: &output
        )
    }
}
