/// Collects what the inspector learns about one token and turns it into a ``TokenReport``.
struct ReportBuilder {
    let source: String
    var line: Int?
    let now: Int64
    let leeway: Int64
    let apiTokenID: String?
    let requirements: PolicyRequirements
    let inputBytes: [UInt8]
    var decodingError: TokenError?
    var header: JSONObject?
    var algorithmName: String?
    var claims: RolesTokenClaims?
    var signature: TokenReport.SignatureStatus = .unverified
    var kind: TokenKind?
    var expiry: Expiry?
    var installTimeShape: InstallTimeShape?
    var checks: [Check] = []
    var claimsChecked = false

    init(
        source: String,
        now: Int64,
        leeway: Int64,
        apiTokenID: String?,
        requirements: PolicyRequirements,
        inputBytes: [UInt8]
    ) {
        self.source = source
        self.now = now
        self.leeway = leeway
        self.apiTokenID = apiTokenID
        self.requirements = requirements
        self.inputBytes = inputBytes
    }

    /// Fills in the facts read from the claims (kind, expiry, shape), trusted or not.
    mutating func describeClaims() {
        guard let claims else { return }
        kind = Classification.kind(of: claims)
        if let exp = claims.expiration.value {
            let seconds = exp.wholeSeconds
            expiry = Expiry(
                rawValue: exp.number.text,
                seconds: seconds,
                date: seconds.flatMap(Timestamps.rfc3339),
                secondsRemaining: seconds.map { ClaimChecks.secondsBetween($0, now) },
                millisecondsReading: exp.millisecondsReading
            )
        }
        if kind == .persistent, let roles = claims.roles.value {
            installTimeShape = InstallTimeShape(roles: roles)
        }
    }

    /// Runs every claim check.
    mutating func checkClaims() {
        guard let claims else { return }
        claimsChecked = true
        checks.append(ClaimChecks.types(claims))
        checks.append(ClaimChecks.kind(claims))
        checks.append(ClaimChecks.expiry(claims, now: now, leeway: leeway))
        if let notBefore = ClaimChecks.notBefore(claims, now: now, leeway: leeway) { checks.append(notBefore) }
        checks.append(ClaimChecks.roles(claims, shape: installTimeShape))
        checks.append(ClaimChecks.subject(claims))
        checks.append(ClaimChecks.issuer(claims))
        if let apiTokenID { checks.append(ClaimChecks.tokenID(apiTokenID, claims: claims)) }
        let kind = Classification.kind(of: claims)
        checks.append(contentsOf: PolicyChecks.checks(for: requirements, claims: claims, kind: kind, now: now))
        if requirements.installRoles != nil {
            let problems = InstallPreflight.tokenTextProblems(inputBytes)
            checks.append(
                problems.isEmpty
                    ? Check(.installerTokenText, .pass, "the token text is safe to pass to the installer unquoted")
                    : Check(
                        .installerTokenText,
                        .fail,
                        problems.joined(separator: "; ")
                            + ": the installer passes --roles-token unquoted, so it would break"
                    )
            )
        } else if installTimeShape == .emergency {
            checks.append(
                Check(
                    .installHint,
                    .warn,
                    "an emergency-shaped token: a host installed with it but without --roles runs no roles at all; "
                        + "pass --roles with the roles it should run (an install-roles requirement checks that value first)"
                )
            )
        }
    }

    func build() -> TokenReport {
        TokenReport(
            source: source,
            line: line,
            decodingError: decodingError,
            header: header,
            claims: claims,
            algorithmName: algorithmName,
            signature: signature,
            kind: kind,
            expiry: expiry,
            installTimeShape: installTimeShape,
            apiTokenID: apiTokenID,
            checks: checks,
            claimsChecked: claimsChecked,
            now: now,
            leeway: leeway
        )
    }
}
