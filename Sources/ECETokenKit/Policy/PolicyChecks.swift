/// The checks for ``PolicyRequirements``, run on claims whose signature verified (or on decoded-only
/// claims under `inspect`). Each requirement set yields one check named after its option.
enum PolicyChecks {
    static func checks(
        for requirements: PolicyRequirements,
        claims: RolesTokenClaims,
        kind: TokenKind,
        now: Int64
    ) -> [Check] {
        var checks: [Check] = []
        let roles = claims.roles.value
        let rolesProblem = "the token has no usable roles claim"
        if let required = requirements.requiredRoles {
            if let roles {
                let missing = required.filter { !roles.containsBytes($0) }
                checks.append(
                    missing.isEmpty
                        ? Check(.requireRoles, .pass, "grants every required role: \(list(required))")
                        : Check(
                            .requireRoles,
                            .fail,
                            "does not grant \(list(missing)) (grants \(grantedList(roles)))"
                        )
                )
            } else {
                checks.append(Check(.requireRoles, .fail, rolesProblem))
            }
        }
        if let exact = requirements.exactRoles {
            if let roles {
                let missing = exact.filter { !roles.containsBytes($0) }
                let extra = unique(roles.filter { !exact.containsBytes($0) })
                if missing.isEmpty && extra.isEmpty {
                    checks.append(Check(.exactRoles, .pass, "grants exactly \(list(exact))"))
                } else {
                    var parts: [String] = []
                    if !missing.isEmpty { parts.append("missing \(list(missing))") }
                    if !extra.isEmpty { parts.append("also grants \(list(extra))") }
                    checks.append(
                        Check(
                            .exactRoles,
                            .fail,
                            "grants \(grantedList(roles)), not exactly \(list(exact)): " + parts.joined(separator: "; ")
                        )
                    )
                }
            } else {
                checks.append(Check(.exactRoles, .fail, rolesProblem))
            }
        }
        if let forbidden = requirements.forbiddenRoles {
            if let roles {
                let present = unique(roles.filter { forbidden.containsBytes($0) })
                checks.append(
                    present.isEmpty
                        ? Check(.forbidRoles, .pass, "grants none of \(list(forbidden))")
                        : Check(
                            .forbidRoles,
                            .fail,
                            "grants forbidden role\(present.count == 1 ? "" : "s") \(list(present))"
                        )
                )
            } else {
                checks.append(Check(.forbidRoles, .fail, rolesProblem))
            }
        }
        if let wanted = requirements.kind {
            checks.append(
                wanted == kind
                    ? Check(.kindRequired, .pass, "is \(kind.rawValue), as required")
                    : Check(.kindRequired, .fail, "is \(kind.rawValue), but \(wanted.rawValue) is required")
            )
        }
        if let minimum = requirements.minimumValidity {
            checks.append(minimumValidityCheck(minimum, claims: claims, kind: kind, now: now))
        }
        if let issuer = requirements.issuer {
            switch claims.issuer {
            case .present(let actual) where actual.isByteEqual(to: issuer):
                checks.append(Check(.issuerRequired, .pass, "iss is exactly \(EscapedText.quoted(issuer))"))
            case .present(let actual):
                checks.append(
                    Check(
                        .issuerRequired,
                        .fail,
                        "iss is \(EscapedText.quoted(actual)), not exactly \(EscapedText.quoted(issuer))"
                    )
                )
            case .absent:
                checks.append(
                    Check(.issuerRequired, .fail, "no iss claim; \(EscapedText.quoted(issuer)) is required")
                )
            case .wrongType(let problem):
                checks.append(Check(.issuerRequired, .fail, problem))
            }
        }
        if let tokenID = requirements.tokenID {
            checks.append(tokenIDCheck(tokenID, claims: claims, kind: kind))
        }
        if let installRoles = requirements.installRoles {
            checks.append(
                contentsOf: InstallPreflight.checks(
                    installRoles: installRoles,
                    claims: claims,
                    kind: kind,
                    minimumValidity: requirements.minimumValidity
                )
            )
        }
        return checks
    }

    private static func minimumValidityCheck(
        _ minimum: Int64,
        claims: RolesTokenClaims,
        kind: TokenKind,
        now: Int64
    ) -> Check {
        let wanted = Durations.describe(seconds: minimum)
        switch claims.expiration {
        case .absent:
            return Check(.minimumValidity, .pass, "no exp: does not expire, so it stays valid at least \(wanted)")
        case .wrongType(let problem):
            return Check(.minimumValidity, .fail, problem)
        case .present(let exp):
            guard exp.seconds.isFinite else {
                return Check(.minimumValidity, .fail, "exp \(exp.number.text) is out of range")
            }
            let remaining = exp.seconds - Double(now)
            if remaining >= Double(minimum) {
                let left =
                    exp.wholeSeconds.map { Durations.describe(seconds: ClaimChecks.secondsBetween($0, now)) }
                    ?? "far in the future"
                return Check(.minimumValidity, .pass, "stays valid \(left), at least the required \(wanted)")
            }
            if remaining <= 0 {
                return Check(.minimumValidity, .fail, "already expired; at least \(wanted) of validity is required")
            }
            return Check(
                .minimumValidity,
                .fail,
                "expires in \(Durations.describe(seconds: Int64(remaining))), less than the required \(wanted): "
                    + "it could expire during the install"
            )
        }
    }

    private static func tokenIDCheck(_ tokenID: String, claims: RolesTokenClaims, kind: TokenKind) -> Check {
        if kind != .persistent {
            return Check(.tokenIDRequired, .fail, "is \(kind.rawValue); only persistent tokens have a token id")
        }
        switch claims.subject {
        case .present(let subject) where subject.isByteEqual(to: tokenID):
            return Check(.tokenIDRequired, .pass, "token id (sub) is \(EscapedText.quoted(tokenID))")
        case .present(let subject):
            return Check(
                .tokenIDRequired,
                .fail,
                "token id (sub) is \(EscapedText.quoted(subject)), not \(EscapedText.quoted(tokenID))"
            )
        case .absent:
            return Check(.tokenIDRequired, .fail, "no sub claim, so no token id")
        case .wrongType(let problem):
            return Check(.tokenIDRequired, .fail, problem)
        }
    }

    static func list(_ roles: [String]) -> String {
        roles.isEmpty ? "(none)" : roles.map { EscapedText.escape($0, limit: 40) }.joined(separator: ", ")
    }

    static func grantedList(_ roles: [String]) -> String {
        roles.isEmpty ? "no roles" : list(roles)
    }

    static func unique(_ roles: [String]) -> [String] {
        var seen: [String] = []
        return roles.filter { role in
            if seen.containsBytes(role) { return false }
            seen.append(role)
            return true
        }
    }
}

extension String {
    /// Exact equality of the UTF-8 bytes. Swift's `==` treats canonically equivalent text as equal
    /// (`"cafe\u{301}" == "café"`), which is wrong for claims: `iss` and ids match byte for byte.
    func isByteEqual(to other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }
}

extension Array where Element == String {
    /// Whether an element is byte-for-byte equal to `value` (see ``Swift/String/isByteEqual(to:)``).
    func containsBytes(_ value: String) -> Bool {
        contains { $0.isByteEqual(to: value) }
    }
}
