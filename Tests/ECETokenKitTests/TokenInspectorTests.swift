import ECETokenKit
import Testing

private typealias Support = TokenKitTestSupport

extension TokenReport {
    /// The first check called `name`, if any.
    fileprivate func check(_ name: String) -> Check? {
        checks.first { $0.name.rawValue == name }
    }

    /// The code of an invalid signature, if the signature is invalid.
    fileprivate var signatureErrorCode: TokenError.Code? {
        if case .invalid(let error) = signature { return error.code }
        return nil
    }
}

/// Builds, signs and inspects tokens with a fixed clock (``TokenKitTestSupport/now``, 2027-01-15T08:00:00Z).
@Suite("TokenInspector: verification, classification and checks")
struct TokenInspectorTests {
    static let uuid = "4c8990df-1fb7-4820-b868-6bc9e8860814"
    static let now = Support.now

    static func secretKey() throws -> SigningKey {
        try SigningKey(secretText: Support.secretBytes)
    }

    /// Inspects token text with the given key (default: the test secret) and policy.
    static func inspect(
        _ token: String,
        key: SigningKey?,
        policy: VerificationPolicy = VerificationPolicy(),
        now: Int64 = TokenKitTestSupport.now,
        apiTokenID: String? = nil
    ) -> TokenReport {
        TokenInspector(key: key, policy: policy)
            .inspect(TokenInput(bytes: Array(token.utf8), source: "test", apiTokenID: apiTokenID), now: now)
    }

    /// Signs `payload` (and `header`) with the test secret and inspects it with the test secret.
    static func signed(
        _ payload: String,
        header: String = Support.eceHeader,
        policy: VerificationPolicy = VerificationPolicy(),
        now: Int64 = TokenKitTestSupport.now,
        apiTokenID: String? = nil
    ) throws -> TokenReport {
        let token = try Support.token(header: header, payload: payload)
        return inspect(token, key: try secretKey(), policy: policy, now: now, apiTokenID: apiTokenID)
    }

    static func ephemeral(exp: String, roles: String = #"["allocator","proxy"]"#) -> String {
        #"{"sub":"\#(uuid)","roles":\#(roles),"iss":"current","persistent":false,"exp":\#(exp)}"#
    }

    static func persistent(roles: String = #"["allocator"]"#) -> String {
        #"{"sub":"\#(uuid)","roles":\#(roles),"iss":"current","persistent":true}"#
    }

    // MARK: - Valid tokens

    @Test("A valid ephemeral token passes every check")
    func validEphemeral() throws {
        let report = try Self.signed(Self.ephemeral(exp: "\(Self.now + 7500)"))
        #expect(report.outcome == .pass)
        #expect(report.passed)
        #expect(report.signature == .valid)
        #expect(report.kind == .ephemeral)
        #expect(report.roles == ["allocator", "proxy"])
        #expect(report.subject == Self.uuid)
        #expect(report.issuer == "current")
        #expect(report.algorithmName == "HS256")
        #expect(report.installTimeShape == nil)
        #expect(report.claimsChecked)
        #expect(report.now == Self.now)
        #expect(report.leeway == 0)
        #expect(report.source == "test")
        let expiry = try #require(report.expiry)
        #expect(expiry.rawValue == "1800007500")
        #expect(expiry.seconds == 1_800_007_500)
        #expect(expiry.date == "2027-01-15T10:05:00Z")
        #expect(expiry.secondsRemaining == 7500)
        #expect(expiry.millisecondsReading == nil)
        #expect(
            report.checks.map(\.name.rawValue) == [
                "header", "signature", "claim-types", "kind", "expiry", "roles", "subject", "issuer",
            ]
        )
        #expect(report.checks.allSatisfy { $0.status == .pass }, "\(report.checks)")
        let expiryCheck = try #require(report.check("expiry"))
        #expect(expiryCheck.message.contains("expires in 2 h 5 min"))
        #expect(expiryCheck.message.contains("2027-01-15T10:05:00Z"))
        #expect(report.check("roles")?.message == "grants allocator, proxy")
        #expect(report.check("signature")?.message.contains("verified") == true)
        #expect(report.check("kind")?.message.contains("ephemeral") == true)
    }

    @Test("A valid persistent token passes and never expires")
    func validPersistent() throws {
        let report = try Self.signed(Self.persistent())
        #expect(report.outcome == .pass)
        #expect(report.signature == .valid)
        #expect(report.kind == .persistent)
        #expect(report.expiry == nil)
        #expect(report.roles == ["allocator"])
        #expect(report.installTimeShape == .allocatorOnly)
        #expect(report.check("expiry")?.status == .pass)
        #expect(report.check("expiry")?.message.contains("valid until revoked") == true)
        #expect(report.check("kind")?.message.contains("persistent: true") == true)
        #expect(report.checks.allSatisfy { $0.status == .pass }, "\(report.checks)")
    }

    @Test("A legacy token without a persistent claim is classified by the presence of exp")
    func legacyClassification() throws {
        let withExp = try Self.signed(#"{"sub":"\#(Self.uuid)","roles":[],"iss":"bootstrap-initial","exp":1900000000}"#)
        #expect(withExp.kind == .ephemeral)
        #expect(withExp.check("kind")?.message.contains("no persistent claim; has exp") == true)
        #expect(withExp.outcome == .pass)
        let withoutExp = try Self.signed(#"{"sub":"\#(Self.uuid)","roles":["allocator"],"iss":"bootstrap-initial"}"#)
        #expect(withoutExp.kind == .persistent)
        #expect(withoutExp.installTimeShape == .allocatorOnly)
        #expect(withoutExp.outcome == .pass)
    }

    // MARK: - Expiry and leeway

    @Test("An expired token fails with its RFC 3339 expiry and how long ago")
    func expired() throws {
        let report = try Self.signed(Self.ephemeral(exp: "\(Self.now - 7500)"))
        #expect(report.outcome == .checkFailed)
        #expect(report.signature == .valid)
        let check = try #require(report.check("expiry"))
        #expect(check.status == .fail)
        #expect(check.message.contains("2027-01-15T05:55:00Z"))
        #expect(check.message.contains("2 h 5 min ago"))
        #expect(check.message.contains("leeway 0 s"))
        #expect(report.expiry?.secondsRemaining == -7500)
    }

    /// RFC 7519 §4.1.4: the token MUST NOT be accepted on or after exp; with leeway, invalid when
    /// `now >= exp + leeway`; inside the leeway it is accepted with a warning.
    @Test(
        "exp is compared as now >= exp + leeway",
        .bug("https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4", "RFC 7519 §4.1.4"),
        arguments: [
            (-1, 0, Check.Status.pass),  // one second before exp
            (0, 0, .fail),  // at exp, no leeway: expired
            (0, 30, .warn),  // at exp, within the leeway
            (29, 30, .warn),  // last second of the leeway
            (30, 30, .fail),  // now == exp + leeway: expired
            (31, 30, .fail),
            (-3600, 30, .pass),
        ] as [(Int64, Int64, Check.Status)]
    )
    func leeway(nowMinusExp: Int64, leeway: Int64, status: Check.Status) throws {
        let exp = Self.now
        let report = try Self.signed(
            Self.ephemeral(exp: "\(exp)"),
            policy: VerificationPolicy(leeway: leeway),
            now: exp + nowMinusExp
        )
        let check = try #require(report.check("expiry"))
        #expect(check.status == status, "\(check.message)")
        #expect(report.leeway == leeway)
        #expect(check.message.contains("leeway \(leeway == 0 ? "0 s" : "\(leeway) s")"))
        #expect(report.outcome == (status == .fail ? .checkFailed : .pass))
        if status == .warn {
            #expect(check.message.contains("accepted only within"))
        }
    }

    @Test(
        "Fractional and exponent exp values are legal NumericDates",
        arguments: [
            ("1800007500.75", Int64(1_800_007_500), Check.Status.pass),
            ("1.8000075e9", 1_800_007_500, .pass),
            ("18000075E2", 1_800_007_500, .pass),
            ("1800000000.5", 1_800_000_000, .pass),  // half a second left at now: not yet expired
            ("1799999999.5", 1_799_999_999, .fail),  // half a second past
        ]
    )
    func fractionalAndExponent(exp: String, seconds: Int64, status: Check.Status) throws {
        let report = try Self.signed(Self.ephemeral(exp: exp))
        #expect(report.check("claim-types")?.status == .pass)
        #expect(report.check("expiry")?.status == status, "\(report.checks)")
        #expect(report.expiry?.rawValue == exp)
        #expect(report.expiry?.seconds == seconds)
    }

    @Test("An exp that looks like milliseconds warns with the date it would mean")
    func millisecondsHint() throws {
        let report = try Self.signed(Self.ephemeral(exp: "1767225600000"))
        let check = try #require(report.check("expiry"))
        #expect(check.status == .warn)
        #expect(check.message.contains("milliseconds"))
        #expect(check.message.contains("2026-01-01T00:00:00Z"))
        #expect(report.expiry?.millisecondsReading == 1_767_225_600)
        #expect(report.expiry?.seconds == nil)
        #expect(report.outcome == .pass)
    }

    @Test(
        "An exp beyond any date fails without trapping",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2026-25537", "NumericDate handling"),
        arguments: ["1e400", "99999999999999999999", "-1e400", "253402300800", "1e15"]
    )
    func outOfRangeExp(exp: String) throws {
        let report = try Self.signed(Self.ephemeral(exp: exp))
        let check = try #require(report.check("expiry"))
        #expect(check.status == .fail)
        #expect(check.message.contains("out of range"))
        #expect(report.outcome == .checkFailed)
        #expect(report.expiry?.rawValue == exp)
        #expect(report.expiry?.seconds == nil)
        #expect(report.expiry?.date == nil)
    }

    @Test("Extreme clocks never trap")
    func extremeClocks() throws {
        for now in [Int64.max, Int64.min, Int64.max - 1, Int64.min + 1] {
            for exp in ["-62135596800", "253402300799", "0"] {
                let payload = #"{"sub":"\#(Self.uuid)","roles":[],"iss":"current","exp":\#(exp),"nbf":\#(exp)}"#
                let report = try Self.signed(payload, now: now)
                #expect(report.check("expiry") != nil)
                #expect(report.check("not-before") != nil)
            }
        }
    }

    @Test("nbf in the future fails; in the past or within the leeway it passes")
    func notBefore() throws {
        let future = try Self.signed(
            #"{"sub":"\#(Self.uuid)","roles":[],"iss":"current","nbf":\#(Self.now + 3600),"exp":1900000000}"#
        )
        let check = try #require(future.check("not-before"))
        #expect(check.status == .fail)
        #expect(check.message.contains("2027-01-15T09:00:00Z"))
        #expect(future.outcome == .checkFailed)

        let past = try Self.signed(#"{"sub":"\#(Self.uuid)","roles":[],"iss":"current","nbf":\#(Self.now - 10)}"#)
        #expect(past.check("not-before")?.status == .pass)

        let withinLeeway = try Self.signed(
            #"{"sub":"\#(Self.uuid)","roles":[],"iss":"current","nbf":\#(Self.now + 20)}"#,
            policy: VerificationPolicy(leeway: 30)
        )
        #expect(withinLeeway.check("not-before")?.status == .pass)

        let noNbf = try Self.signed(Self.persistent())
        #expect(noNbf.check("not-before") == nil)
    }

    // MARK: - Claim types

    @Test(
        "A wrongly typed exp is a type error, never absent",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2026-25537", "Rust jsonwebtoken: wrong-type exp read as absent"),
        arguments: [#""1800007500""#, "true", "null", "[1800007500]", #"{"t":1}"#]
    )
    func expWrongType(exp: String) throws {
        let report = try Self.signed(Self.ephemeral(exp: exp))
        #expect(report.outcome == .checkFailed)
        let types = try #require(report.check("claim-types"))
        #expect(types.status == .fail)
        #expect(types.message.contains("exp is"))
        let expiry = try #require(report.check("expiry"))
        #expect(expiry.status == .fail)
        #expect(expiry.message.contains("cannot tell when it expires"))
        #expect(!expiry.message.contains("no exp"))
        #expect(report.expiry == nil)
        #expect(report.kind == .ephemeral)
    }

    @Test("A string exp is named as a string")
    func expAsString() throws {
        let report = try Self.signed(Self.ephemeral(exp: #""1800007500""#))
        #expect(report.check("claim-types")?.message.contains("exp is a string") == true)
    }

    @Test("A null claim is described as null")
    func nullClaim() throws {
        let report = try Self.signed(Self.ephemeral(exp: "null"))
        let message = try #require(report.check("claim-types")?.message)
        #expect(message.contains("exp is null"), "\(message)")
    }

    @Test("A string persistent claim is a type error")
    func persistentAsString() throws {
        let report = try Self.signed(
            #"{"sub":"\#(Self.uuid)","roles":["allocator"],"iss":"current","persistent":"true"}"#
        )
        #expect(report.outcome == .checkFailed)
        let types = try #require(report.check("claim-types"))
        #expect(types.status == .fail)
        #expect(types.message.contains("persistent is a string, expected a boolean"))
        // Without a usable persistent claim, classification falls back to the absence of exp.
        #expect(report.kind == .persistent)
    }

    @Test("Roles holding a number are a type error")
    func rolesWithNumber() throws {
        let report = try Self.signed(Self.persistent(roles: #"["allocator",1]"#))
        #expect(report.outcome == .checkFailed)
        #expect(report.check("claim-types")?.status == .fail)
        #expect(report.check("claim-types")?.message.contains("roles[1] is a number") == true)
        #expect(report.check("roles")?.status == .fail)
        #expect(report.roles == nil)
        #expect(report.installTimeShape == nil)
    }

    @Test("Roles that are not an array are a type error", arguments: [#""allocator""#, "{}", "null", "true"])
    func rolesNotArray(roles: String) throws {
        let report = try Self.signed(Self.persistent(roles: roles))
        #expect(report.check("roles")?.status == .fail)
        #expect(report.check("claim-types")?.status == .fail)
        #expect(report.check("roles")?.message.contains("expected an array of strings") == true)
    }

    @Test("sub and iss of the wrong type fail")
    func subjectIssuerTypes() throws {
        let report = try Self.signed(#"{"sub":42,"roles":[],"iss":["current"],"persistent":true}"#)
        #expect(report.check("subject")?.status == .fail)
        #expect(report.check("issuer")?.status == .fail)
        #expect(report.subject == nil)
        #expect(report.issuer == nil)
        #expect(report.outcome == .checkFailed)
    }

    // MARK: - Kind

    @Test("persistent: true together with exp is a conflict")
    func conflictPersistentWithExp() throws {
        let report = try Self.signed(
            #"{"sub":"\#(Self.uuid)","roles":["allocator"],"iss":"current","persistent":true,"exp":1900000000}"#
        )
        #expect(report.kind == .persistent)
        let check = try #require(report.check("kind"))
        #expect(check.status == .fail)
        #expect(check.message.contains("persistent is true but the token also carries exp"))
        #expect(report.outcome == .checkFailed)
    }

    @Test("persistent: false without exp is a conflict")
    func conflictEphemeralWithoutExp() throws {
        let report = try Self.signed(
            #"{"sub":"\#(Self.uuid)","roles":["allocator"],"iss":"current","persistent":false}"#
        )
        #expect(report.kind == .ephemeral)
        let check = try #require(report.check("kind"))
        #expect(check.status == .fail)
        #expect(check.message.contains("never expire"))
        #expect(report.installTimeShape == nil)
        #expect(report.outcome == .checkFailed)
    }

    // MARK: - Roles

    @Test("Unknown and duplicate roles warn but do not fail")
    func unknownAndDuplicateRoles() throws {
        let report = try Self.signed(Self.persistent(roles: #"["allocator","beats-runner","allocator","proxy"]"#))
        let check = try #require(report.check("roles"))
        #expect(check.status == .warn)
        #expect(check.message.contains(#"unknown role "beats-runner""#))
        #expect(check.message.contains(#"listed more than once: "allocator""#))
        #expect(report.roles == ["allocator", "beats-runner", "allocator", "proxy"])
        #expect(report.outcome == .pass)
    }

    @Test("An empty role list means system services only")
    func emptyRoles() throws {
        let report = try Self.signed(Self.ephemeral(exp: "1900000000", roles: "[]"))
        let check = try #require(report.check("roles"))
        #expect(check.status == .pass)
        #expect(check.message.contains("system services only"))
        #expect(report.roles == [])
        #expect(report.installTimeShape == nil)
    }

    @Test("No roles claim warns that this is not an ECE roles token")
    func noRolesClaim() throws {
        let report = try Self.signed(#"{"sub":"\#(Self.uuid)","iss":"current","persistent":true}"#)
        let check = try #require(report.check("roles"))
        #expect(check.status == .warn)
        #expect(check.message.contains("not an ECE roles token"))
        #expect(report.roles == nil)
        #expect(report.outcome == .pass)
    }

    @Test("Attacker-controlled role names are escaped in messages")
    func rolesEscaped() throws {
        let report = try Self.signed(Self.persistent(roles: #"["allo\u001b[31mcator","a\nb","\u202eevil"]"#))
        let message = try #require(report.check("roles")?.message)
        #expect(
            message.unicodeScalars.allSatisfy {
                $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) && $0.value != 0x202E
            },
            "\(message)"
        )
        #expect(message.contains("\\u{1b}"))
    }

    @Test(
        "The install-time shapes are recognised, for persistent tokens only",
        arguments: [
            (#"["allocator"]"#, true, InstallTimeShape.allocatorOnly),
            ("[]", true, .bootstrapRunner),
            (#"["coordinator","proxy","director"]"#, true, .emergency),
            (#"["director","coordinator","proxy"]"#, true, .emergency),
            (#"["allocator"]"#, false, nil),
            ("[]", false, nil),
            (#"["coordinator","proxy","director"]"#, false, nil),
            (#"["allocator","proxy"]"#, true, nil),
            (#"["coordinator","proxy","proxy"]"#, true, nil),
            (#"["coordinator","proxy","director","allocator"]"#, true, nil),
        ] as [(String, Bool, InstallTimeShape?)]
    )
    func installTimeShapes(roles: String, isPersistent: Bool, shape: InstallTimeShape?) throws {
        let payload = isPersistent ? Self.persistent(roles: roles) : Self.ephemeral(exp: "1900000000", roles: roles)
        let report = try Self.signed(payload)
        #expect(report.installTimeShape == shape)
        if let shape {
            #expect(report.check("roles")?.message.contains(shape.rawValue) == true)
        }
    }

    // MARK: - API reply

    @Test("An API reply whose token_id differs from sub fails; a matching one passes")
    func apiTokenID() throws {
        let mismatch = try Self.signed(Self.persistent(), apiTokenID: "00000000-0000-4000-8000-000000000000")
        #expect(mismatch.apiTokenID == "00000000-0000-4000-8000-000000000000")
        let check = try #require(mismatch.check("token-id"))
        #expect(check.status == .fail)
        #expect(check.message.contains("differs"))
        #expect(mismatch.outcome == .checkFailed)

        let match = try Self.signed(Self.persistent(), apiTokenID: Self.uuid)
        #expect(match.check("token-id")?.status == .pass)
        #expect(match.outcome == .pass)

        let noSub = try Self.signed(#"{"roles":[],"persistent":true}"#, apiTokenID: Self.uuid)
        #expect(noSub.check("token-id")?.status == .fail)

        let notAReply = try Self.signed(Self.persistent())
        #expect(notAReply.check("token-id") == nil)
    }

    // MARK: - Header policy

    @Test(
        "alg values other than exactly HS256 are refused, even with a correct HMAC",
        .bug("https://www.rfc-editor.org/rfc/rfc8725#section-3.1", "RFC 8725 §3.1"),
        arguments: [
            "none", "None", "nOnE", "NONE", "HS256 ", " HS256", "hs256", "Hs256", "HS512", "RS256", "ES256", "",
        ]
    )
    func algNotAllowed(alg: String) throws {
        let report = try Self.signed(Self.persistent(), header: #"{"typ":"JWT","alg":"\#(alg)"}"#)
        #expect(report.outcome == .signatureInvalid)
        #expect(report.signatureErrorCode == .algorithmNotAllowed)
        #expect(report.algorithmName == alg)
        #expect(report.check("header")?.status == .fail)
        #expect(report.check("signature")?.status == .fail)
        #expect(report.claimsChecked == false)
        #expect(report.check("expiry") == nil)
        if alg.lowercased() == "none" {
            #expect(report.check("header")?.message.contains("unsigned token is never accepted") == true)
        }
        if alg == "hs256" {
            #expect(report.check("header")?.message.contains("case-sensitive") == true)
        }
    }

    @Test("alg none with an empty signature is refused")
    func algNoneEmptySignature() throws {
        let token = Support.token(header: #"{"alg":"none"}"#, payload: Self.persistent(), signature: [])
        let report = Self.inspect(token, key: try Self.secretKey())
        #expect(report.outcome == .signatureInvalid)
        #expect(report.signatureErrorCode == .algorithmNotAllowed)
    }

    @Test(
        "alg is compared after JSON unescaping: \"HS\\u0032\\u0035\\u0036\" is HS256",
        .bug("https://www.rfc-editor.org/rfc/rfc8259#section-7", "RFC 8259 §7")
    )
    func escapedAlg() throws {
        let report = try Self.signed(Self.persistent(), header: #"{"typ":"JWT","alg":"HS\u0032\u0035\u0036"}"#)
        #expect(report.outcome == .pass)
        #expect(report.signature == .valid)
        #expect(report.algorithmName == "HS256")

        let escapedNone = try Self.signed(Self.persistent(), header: #"{"alg":"\u006eone"}"#)
        #expect(escapedNone.signatureErrorCode == .algorithmNotAllowed)
        #expect(escapedNone.algorithmName == "none")
    }

    @Test(
        "alg of another JSON type, or missing, is malformed",
        arguments: [
            (#"{"alg":null}"#, TokenError.Code.algorithmNotString),
            (#"{"alg":256}"#, .algorithmNotString),
            (#"{"alg":["HS256"]}"#, .algorithmNotString),
            (#"{"alg":true}"#, .algorithmNotString),
            (#"{"typ":"JWT"}"#, .missingAlgorithm),
            ("[]", .headerNotJSONObject),
            (#"{"alg":"HS256",}"#, .headerNotJSONObject),
        ]
    )
    func algWrongType(header: String, code: TokenError.Code) throws {
        let report = try Self.signed(Self.persistent(), header: header)
        #expect(report.outcome == .malformed)
        #expect(report.decodingError?.code == code)
        #expect(report.checks.isEmpty)
        #expect(report.claimsChecked == false)
    }

    @Test("HS384 is accepted only when the policy allows it, and needs a 48-byte key")
    func hs384Policy() throws {
        let header = #"{"typ":"JWT","alg":"HS384"}"#
        let longKeyBytes = Array(String(repeating: "k", count: 48).utf8)
        let longKey = try SigningKey(bytes: longKeyBytes)
        let token = try Support.token(header: header, payload: Self.persistent(), key: longKeyBytes, algorithm: .hs384)

        let byDefault = Self.inspect(token, key: longKey)
        #expect(byDefault.outcome == .signatureInvalid)
        #expect(byDefault.signatureErrorCode == .algorithmNotAllowed)

        let allowed = Self.inspect(
            token,
            key: longKey,
            policy: VerificationPolicy(allowedAlgorithms: [.hs256, .hs384])
        )
        #expect(allowed.outcome == .pass)
        #expect(allowed.signature == .valid)
        #expect(allowed.check("signature")?.message.contains("HS384") == true)

        // The 44-byte ECE secret is too short for HS384 (RFC 7518 §3.2).
        let eceToken = try Support.token(header: header, payload: Self.persistent(), algorithm: .hs384)
        let weak = Self.inspect(
            eceToken,
            key: try Self.secretKey(),
            policy: VerificationPolicy(allowedAlgorithms: [.hs384])
        )
        #expect(weak.signatureErrorCode == .weakKey)
        let weakAllowed = Self.inspect(
            eceToken,
            key: try Self.secretKey(),
            policy: VerificationPolicy(allowedAlgorithms: [.hs384], allowsWeakKey: true)
        )
        #expect(weakAllowed.outcome == .pass)

        // An HS256 token under an HS384-only policy is refused.
        let hs256 = try Self.signed(Self.persistent(), policy: VerificationPolicy(allowedAlgorithms: [.hs384]))
        #expect(hs256.signatureErrorCode == .algorithmNotAllowed)
    }

    @Test(
        "crit and b64 are rejected",
        .bug("https://www.rfc-editor.org/rfc/rfc7515#section-4.1.11", "RFC 7515 §4.1.11"),
        .bug("https://www.rfc-editor.org/rfc/rfc7797", "RFC 7797"),
        arguments: [
            #"{"alg":"HS256","crit":["exp"],"exp":1900000000}"#,
            #"{"alg":"HS256","b64":false,"crit":["b64"]}"#,
            #"{"alg":"HS256","crit":[]}"#,
            #"{"alg":"HS256","b64":false}"#,
            #"{"alg":"HS256","b64":true}"#,
        ]
    )
    func critAndB64(header: String) throws {
        let report = try Self.signed(Self.persistent(), header: header)
        #expect(report.outcome == .signatureInvalid)
        #expect(report.signatureErrorCode == .unsupportedCritical)
        #expect(report.check("header")?.status == .fail)
        #expect(report.claimsChecked == false)

        // Without a key the header is still rejected, as a failed check.
        let token = try Support.token(header: header, payload: Self.persistent())
        let unkeyed = Self.inspect(token, key: nil)
        #expect(unkeyed.check("header")?.status == .fail)
        #expect(unkeyed.outcome == .checkFailed)
    }

    @Test("jwk, jku, x5u and kid in the header change nothing: the configured key is used")
    func headerKeyHintsIgnored() throws {
        let header =
            #"{"alg":"HS256","kid":"../../etc/passwd","jku":"https://evil.example/jwks","jwk":{"kty":"oct","k":"AAAA"},"x5u":"https://evil.example/x"}"#
        let report = try Self.signed(Self.persistent(), header: header)
        #expect(report.outcome == .pass)
        let forged = try Support.token(header: header, payload: Self.persistent(), key: [0, 0, 0])
        #expect(Self.inspect(forged, key: try Self.secretKey()).signatureErrorCode == .signatureMismatch)
    }

    // MARK: - Key and signature

    @Test(
        "A key shorter than 32 bytes is weak unless weak keys are allowed",
        .bug("https://www.rfc-editor.org/rfc/rfc7518#section-3.2", "RFC 7518 §3.2"),
        arguments: [1, 6, 16, 31]
    )
    func weakKey(length: Int) throws {
        let keyBytes = Array(String(repeating: "w", count: length).utf8)
        let token = try Support.token(payload: Self.persistent(), key: keyBytes)
        let key = try SigningKey(bytes: keyBytes)
        let report = Self.inspect(token, key: key)
        #expect(report.outcome == .signatureInvalid)
        #expect(report.signatureErrorCode == .weakKey)
        #expect(report.check("signature")?.message.contains("\(length) bytes") == true)
        #expect(report.claimsChecked == false)

        let allowed = Self.inspect(token, key: key, policy: VerificationPolicy(allowsWeakKey: true))
        #expect(allowed.outcome == .pass)
        #expect(allowed.signature == .valid)
    }

    @Test("A 32-byte key is strong enough for HS256")
    func minimumKey() throws {
        let keyBytes = Array(String(repeating: "s", count: 32).utf8)
        let token = try Support.token(payload: Self.persistent(), key: keyBytes)
        #expect(Self.inspect(token, key: try SigningKey(bytes: keyBytes)).outcome == .pass)
    }

    @Test("A signature that is not 32 bytes fails on its length", arguments: [31, 33, 0, 16, 48, 64])
    func signatureLength(length: Int) throws {
        let correct = try Support.mac(
            Support.b64(Support.eceHeader) + "." + Support.b64(Self.persistent()),
            key: Support.secretBytes
        )
        var signature = Array(correct.prefix(length))
        while signature.count < length { signature.append(0) }
        let token = Support.token(payload: Self.persistent(), signature: signature)
        let report = Self.inspect(token, key: try Self.secretKey())
        #expect(report.outcome == .signatureInvalid)
        #expect(report.signatureErrorCode == .signatureLength)
        #expect(report.check("signature")?.message.contains("\(length) bytes") == true)
        #expect(report.claimsChecked == false)
    }

    @Test(
        "One flipped bit is a mismatch, and no claim is checked even if the token is also expired",
        .bug("https://nvd.nist.gov/vuln/detail/CVE-2024-51744", "golang-jwt: errors reported for forged tokens")
    )
    func flippedBit() throws {
        let payload = Self.ephemeral(exp: "\(Self.now - 7500)")
        let good = try Support.token(payload: payload)
        // Sanity: the unmodified token is only expired.
        let expired = Self.inspect(good, key: try Self.secretKey())
        #expect(expired.outcome == .checkFailed)
        #expect(expired.check("expiry")?.status == .fail)

        let signingInput = Support.b64(Support.eceHeader) + "." + Support.b64(payload)
        let correct = try Support.mac(signingInput, key: Support.secretBytes)
        for bit in [0, 7, 100, 255] {
            var signature = correct
            signature[bit / 8] ^= UInt8(1 << (bit % 8))
            let token = signingInput + "." + Base64URL.encode(signature)
            let report = Self.inspect(token, key: try Self.secretKey())
            #expect(report.outcome == .signatureInvalid)
            #expect(report.signatureErrorCode == .signatureMismatch)
            #expect(report.claimsChecked == false)
            #expect(report.check("expiry") == nil)
            #expect(report.checks.map(\.name.rawValue) == ["header", "signature"])
            #expect(report.checks.allSatisfy { !$0.message.contains(Base64URL.encode(correct)) })
        }
    }

    @Test("A modified payload or another installation's secret is a mismatch")
    func modifiedPayloadAndOtherSecret() throws {
        let good = try Support.token(payload: Self.persistent())
        let segments = good.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let tampered =
            segments[0] + "." + Support.b64(Self.persistent(roles: #"["allocator","coordinator"]"#)) + "."
            + segments[2]
        #expect(Self.inspect(tampered, key: try Self.secretKey()).signatureErrorCode == .signatureMismatch)

        let other = try Support.token(
            payload: Self.persistent(),
            key: Array("Zm9yZWlnbi1pbnN0YWxsYXRpb24tc2VjcmV0LXRlc3Q=".utf8)
        )
        let report = Self.inspect(other, key: try Self.secretKey())
        #expect(report.signatureErrorCode == .signatureMismatch)
        #expect(report.check("signature")?.message.contains("another installation") == true)
    }

    @Test("Without a key the signature is unverified, said loudly, and the claims are still checked")
    func noKey() throws {
        let token = try Support.token(payload: Self.ephemeral(exp: "\(Self.now + 60)"))
        let report = Self.inspect(token, key: nil)
        #expect(report.signature == .unverified)
        #expect(report.signature.name == "unverified")
        let check = try #require(report.check("signature"))
        #expect(check.status == .warn)
        #expect(check.message.contains("NOT VERIFIED"))
        #expect(report.claimsChecked)
        #expect(report.outcome == .pass)
        #expect(TokenInspector(key: nil).verifiesSignatures == false)

        // A forged signature is not noticed without a key, but expiry still is.
        let expired = Support.token(
            payload: Self.ephemeral(exp: "\(Self.now - 60)"),
            signature: [UInt8](repeating: 0, count: 32)
        )
        let expiredReport = Self.inspect(expired, key: nil)
        #expect(expiredReport.signature == .unverified)
        #expect(expiredReport.outcome == .checkFailed)
    }

    // MARK: - Malformed input

    @Test(
        "Duplicate members, detected after unescaping, make the token malformed",
        .bug("https://www.rfc-editor.org/rfc/rfc7515#section-5.2", "RFC 7515 §5.2: reject duplicate names")
    )
    func duplicateMembers() throws {
        let header = try Self.signed(Self.persistent(), header: #"{"alg":"HS256","\u0061lg":"HS256"}"#)
        #expect(header.outcome == .malformed)
        #expect(header.decodingError?.code == .headerNotJSONObject)

        let plainDuplicate = try Self.signed(Self.persistent(), header: #"{"alg":"HS256","alg":"HS256"}"#)
        #expect(plainDuplicate.decodingError?.code == .headerNotJSONObject)

        let payload = try Self.signed(
            #"{"sub":"\#(Self.uuid)","roles":[],"iss":"current","exp":1900000000,"\u0065xp":1767225600}"#
        )
        #expect(payload.outcome == .malformed)
        #expect(payload.decodingError?.code == .payloadNotJSONObject)
        #expect(payload.claims == nil)
        #expect(payload.checks.isEmpty)
    }

    @Test("A payload that is not a JSON object is malformed", arguments: ["[]", "hello", "\u{FEFF}{}", "{} x", "42"])
    func payloadNotObject(payload: String) throws {
        let report = try Self.signed(payload)
        #expect(report.outcome == .malformed)
        #expect(report.decodingError?.code == .payloadNotJSONObject)
    }

    @Test(
        "Input that is not a token is malformed with its framing error",
        arguments: [
            ("not a token", TokenError.Code.segmentCount),
            ("", .segmentCount),
            (#"{"payload":"e30","signatures":[]}"#, .notCompactSerialization),
            ("eyJhbGciOiJIUzI1NiJ9.e30.a=", .invalidCharacter),
        ]
    )
    func notAToken(text: String, code: TokenError.Code) throws {
        let report = Self.inspect(text, key: try Self.secretKey())
        #expect(report.outcome == .malformed)
        #expect(report.decodingError?.code == code)
        #expect(report.claims == nil)
        #expect(report.kind == nil)
        #expect(report.checks.isEmpty)
        #expect(report.signature == .unverified)
    }

    @Test("Outcomes are ordered from best to worst")
    func outcomeOrder() {
        #expect(TokenReport.Outcome.pass < .checkFailed)
        #expect(TokenReport.Outcome.checkFailed < .signatureInvalid)
        #expect(TokenReport.Outcome.signatureInvalid < .malformed)
        #expect([TokenReport.Outcome.malformed, .pass, .signatureInvalid].max() == .malformed)
    }

    // MARK: - The tokens published in the ECE docs

    static let docsEphemeral =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0Njk3N2I3ZC1hM2U2LTQ2MDUtYjcwZC0xNzIzMTI5YWY4ZTQiLCJyb2xlcyI6WyJwcm94eSIsImFsbG9jYXRvciJdLCJpc3MiOiJib290c3RyYXAtaW5pdGlhbCIsImV4cCI6MTQ5MzY0NjIxM30.xsaRb72CsNMuXKy6Y-PJgqLc0qmjCljlB4Smcx_MRxg"
    static let docsPersistent =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0Yzg5OTBkZi0xZmI3LTQ4MjAtYjg2OC02YmM5ZTg4NjA4MTQiLCJyb2xlcyI6WyJwcm94eSIsImFsbG9jYXRvciJdLCJpc3MiOiJib290c3RyYXAtaW5pdGlhbCJ9.mfTkO4j8uZJ-qwB2jmBuMScyYfLmcJpvKgSTLx2WV24"

    @Test("The 2017 ephemeral token from the ECE docs decodes")
    func docsEphemeralToken() throws {
        let report = Self.inspect(Self.docsEphemeral, key: nil)
        #expect(report.decodingError == nil)
        #expect(report.kind == .ephemeral)
        #expect(report.roles == ["proxy", "allocator"])
        #expect(report.issuer == "bootstrap-initial")
        #expect(report.subject == "46977b7d-a3e6-4605-b70d-1723129af8e4")
        let expiry = try #require(report.expiry)
        #expect(expiry.seconds == 1_493_646_213)
        #expect(expiry.date == "2017-05-01T13:43:33Z")
        #expect(report.check("issuer")?.status == .pass)
        #expect(report.check("expiry")?.status == .fail)
        #expect(report.signature == .unverified)

        // Before it expired it passed (unverified); the secret is unknown, so any key is a mismatch.
        #expect(Self.inspect(Self.docsEphemeral, key: nil, now: 1_493_646_212).outcome == .pass)
        #expect(Self.inspect(Self.docsEphemeral, key: try Self.secretKey()).signatureErrorCode == .signatureMismatch)
    }

    @Test("The 2017 persistent token from the ECE docs decodes")
    func docsPersistentToken() throws {
        let report = Self.inspect(
            Self.docsPersistent,
            key: nil,
            apiTokenID: "4c8990df-1fb7-4820-b868-6bc9e8860814"
        )
        #expect(report.decodingError == nil)
        #expect(report.kind == .persistent)
        #expect(report.roles == ["proxy", "allocator"])
        #expect(report.issuer == "bootstrap-initial")
        #expect(report.expiry == nil)
        #expect(report.installTimeShape == nil)
        #expect(report.check("token-id")?.status == .pass)
        #expect(report.outcome == .pass)
    }
}
