/// The checks run on the claims of a token whose signature verified (or that is only being decoded).
enum ClaimChecks {
    static func types(_ claims: RolesTokenClaims) -> Check {
        let problems = claims.typeProblems
        if problems.isEmpty { return Check(.claimTypes, .pass, "every known claim has the right JSON type") }
        return Check(.claimTypes, .fail, problems.joined(separator: "; "))
    }

    static func kind(_ claims: RolesTokenClaims) -> Check {
        let kind = Classification.kind(of: claims)
        if let conflict = Classification.conflict(in: claims) {
            return Check(.kind, .fail, "\(kind.rawValue) by the persistent claim, but \(conflict)")
        }
        let basis: String
        switch (claims.persistent, claims.expiration.isPresent) {
        case (.present(let persistent), _): basis = "persistent: \(persistent)"
        case (_, true): basis = "no persistent claim; has exp"
        case (_, false): basis = "no persistent claim; no exp"
        }
        return Check(.kind, .pass, "\(kind.rawValue) (\(basis))")
    }

    static func expiry(_ claims: RolesTokenClaims, now: Int64, leeway: Int64) -> Check {
        switch claims.expiration {
        case .absent:
            return Check(.expiry, .pass, "no exp: valid until revoked")
        case .wrongType(let problem):
            return Check(.expiry, .fail, "cannot tell when it expires: \(problem)")
        case .present(let exp):
            return expiry(exp, now: now, leeway: leeway)
        }
    }

    /// The expiry check of an `exp` claim of the right type.
    static func expiry(_ exp: NumericDate, now: Int64, leeway: Int64) -> Check {
        if let reading = exp.millisecondsReading {
            return Check(
                .expiry,
                .warn,
                "exp \(exp.number.text) is after year 9999; it looks like milliseconds, which would mean "
                    + "\(Timestamps.rfc3339(reading) ?? "?"): as written the token never practically expires"
            )
        }
        guard let seconds = exp.wholeSeconds else {
            return Check(
                .expiry,
                .fail,
                "exp \(exp.number.text) is out of range (not a date between years 0001 and 9999)"
            )
        }
        var message: [UInt8] = []
        let status = appendExpiryMessage(
            wholeSeconds: seconds,
            value: exp.seconds,
            now: now,
            leeway: leeway,
            to: &message
        )
        return Check(.expiry, status, String(decoding: message, as: UTF8.self))
    }

    /// The expiry check's status for an `exp` of `value` seconds: failed when `now >= exp + leeway`, a
    /// warning within the leeway, passed before `exp`. In Double, so fractional values keep their meaning.
    static func expiryStatus(value: Double, now: Int64, leeway: Int64) -> Check.Status {
        if Double(now) >= value + Double(leeway) { return .fail }
        if Double(now) >= value { return .warn }
        return .pass
    }

    /// Appends the expiry check's message for an `exp` of `value` seconds, `wholeSeconds` rounded down and
    /// within years 0001 to 9999, and returns the check's status. The message is ASCII with nothing a JSON
    /// string must escape; the audit's JSON lines write it straight into their bytes.
    static func appendExpiryMessage(
        wholeSeconds seconds: Int64,
        value: Double,
        now: Int64,
        leeway: Int64,
        to output: inout [UInt8]
    ) -> Check.Status {
        let status = expiryStatus(value: value, now: now, leeway: leeway)
        // fail: "expired D ago at DATE (leeway L)"; warn: "expired D ago at DATE, accepted only within the
        // leeway L"; pass: "expires in D at DATE (leeway L)".
        output.append(status == .pass ? "expires in " : "expired ")
        Durations.appendDescription(seconds: secondsBetween(seconds, now), to: &output)
        output.append(status == .pass ? " at " : " ago at ")
        Timestamps.appendRFC3339(seconds, to: &output)
        output.append(status == .warn ? ", accepted only within the leeway " : " (leeway ")
        Durations.appendShortDescription(seconds: leeway, to: &output)
        if status != .warn { output.append(UInt8(ascii: ")")) }
        return status
    }

    static func notBefore(_ claims: RolesTokenClaims, now: Int64, leeway: Int64) -> Check? {
        switch claims.notBefore {
        case .absent:
            return nil
        case .wrongType(let problem):
            return Check(.notBefore, .fail, problem)
        case .present(let nbf):
            guard let seconds = nbf.wholeSeconds else {
                return Check(.notBefore, .fail, "nbf \(nbf.number.text) is out of range")
            }
            let date = Timestamps.rfc3339(seconds) ?? nbf.number.text
            // Invalid when now + leeway < nbf.
            if Double(now) + Double(leeway) < nbf.seconds {
                return Check(
                    .notBefore,
                    .fail,
                    "not valid before \(date), in \(Durations.describe(seconds: secondsBetween(seconds, now))) "
                        + "(leeway \(Durations.describeShort(seconds: leeway)))"
                )
            }
            return Check(.notBefore, .pass, "valid since \(date)")
        }
    }

    static func roles(_ claims: RolesTokenClaims, shape: InstallTimeShape?) -> Check {
        switch claims.roles {
        case .absent:
            return Check(.roles, .warn, "no roles claim: this is not an ECE roles token")
        case .wrongType(let problem):
            return Check(.roles, .fail, problem)
        case .present(let roles):
            var warnings: [String] = []
            let unknown = roles.filter { Role(rawValue: $0) == nil }
            if !unknown.isEmpty {
                warnings.append(
                    "unknown role\(unknown.count == 1 ? "" : "s") "
                        + unknown.map { EscapedText.quoted($0) }.joined(separator: ", ")
                        + " (known: allocator, coordinator, proxy, director)"
                )
            }
            var seen = SeenStrings()
            var duplicates: [String] = []
            for role in roles where !seen.insert(role) && !duplicates.contains(role) {
                duplicates.append(role)
            }
            if !duplicates.isEmpty {
                warnings.append(
                    "listed more than once: " + duplicates.map { EscapedText.quoted($0) }.joined(separator: ", ")
                )
            }
            var summary =
                roles.isEmpty
                ? "grants no roles: system services only"
                : "grants " + roles.map { EscapedText.escape($0, limit: 60) }.joined(separator: ", ")
            if let shape { summary += "; \(shape.explanation)" }
            if warnings.isEmpty { return Check(.roles, .pass, summary) }
            return Check(.roles, .warn, summary + "; " + warnings.joined(separator: "; "))
        }
    }

    static func subject(_ claims: RolesTokenClaims) -> Check {
        switch claims.subject {
        case .absent: return Check(.subject, .warn, "no sub claim: ECE tokens always carry one (a UUID)")
        case .wrongType(let problem): return Check(.subject, .fail, problem)
        case .present(let subject):
            if isUUID(subject) { return Check(.subject, .pass, "sub is a UUID") }
            return Check(.subject, .warn, "sub \(EscapedText.quoted(subject)) is not a UUID, unlike every ECE token")
        }
    }

    static func issuer(_ claims: RolesTokenClaims) -> Check {
        switch claims.issuer {
        case .absent: return Check(.issuer, .warn, "no iss claim: ECE tokens always carry one")
        case .wrongType(let problem): return Check(.issuer, .fail, problem)
        case .present("current"): return Check(.issuer, .pass, "iss \"current\": a current-generation ECE token")
        case .present("bootstrap-initial"):
            return Check(.issuer, .pass, "iss \"bootstrap-initial\": an ECE 1.x-era token")
        case .present(let other):
            return Check(
                .issuer,
                .warn,
                "iss \(EscapedText.quoted(other)) is neither \"current\" nor \"bootstrap-initial\", the values ECE uses"
            )
        }
    }

    static func tokenID(_ tokenID: String, claims: RolesTokenClaims) -> Check {
        guard let subject = claims.subject.value else {
            return Check(.tokenID, .fail, "the API reply's token_id cannot be matched: the token has no string sub")
        }
        if subject.isByteEqual(to: tokenID) {
            return Check(.tokenID, .pass, "the API reply's token_id equals the token's sub")
        }
        return Check(
            .tokenID,
            .fail,
            "the API reply's token_id \(EscapedText.quoted(tokenID)) differs from the token's sub "
                + "\(EscapedText.quoted(subject)): the reply does not belong to this token"
        )
    }

    /// `later - earlier`, clamped to the range of Int64 instead of trapping: the clock is a caller's parameter
    /// and may be anything.
    static func secondsBetween(_ later: Int64, _ earlier: Int64) -> Int64 {
        let (difference, overflow) = later.subtractingReportingOverflow(earlier)
        if !overflow { return difference }
        return later < earlier ? .min : .max
    }

    static func isUUID(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isUUID(UnsafeRawBufferPointer($0)) }
    }

    /// Whether `bytes` are a UUID's 36 characters: hex digits of either case, dashes at 8, 13, 18 and 23.
    static func isUUID(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == 36 else { return false }
        // Bit i set: character i is a dash. Without branches per character: in a UUID, digits and
        // letters come in no predictable order, and a mispredicted branch per character costs more
        // than the rest of the test.
        let dashes: UInt64 = 1 << 8 | 1 << 13 | 1 << 18 | 1 << 23
        var valid: UInt8 = 1
        for index in 0..<36 {
            let byte = bytes[index]
            let isDigit: UInt8 = byte &- 0x30 < 10 ? 1 : 0
            let isLetter: UInt8 = (byte | 0x20) &- 0x61 < 6 ? 1 : 0  // a-f after folding case
            let isDash: UInt8 = byte == UInt8(ascii: "-") ? 1 : 0
            let wantsDash = UInt8(truncatingIfNeeded: dashes >> UInt64(index)) & 1
            valid &= wantsDash & isDash | (wantsDash ^ 1) & (isDigit | isLetter)
        }
        return valid == 1
    }
}
