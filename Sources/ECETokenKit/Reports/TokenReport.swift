/// Everything learned about one token: data, not text. Renderers turn it into output.
public struct TokenReport: Sendable {
    /// Whether the signature was checked and how it went.
    public enum SignatureStatus: Sendable, Equatable {
        /// It verifies with the configured secret.
        case valid
        /// It does not verify, or could not be verified under the policy (algorithm, key strength).
        case invalid(TokenError)
        /// No secret was configured.
        case unverified

        /// `valid`, `invalid` or `unverified`.
        public var name: String {
            switch self {
            case .valid: return "valid"
            case .invalid: return "invalid"
            case .unverified: return "unverified"
            }
        }
    }

    /// The worst thing found, from which the command-line tool derives its exit code.
    public enum Outcome: Int, Sendable, Comparable {
        /// All checks passed (warnings allowed).
        case pass = 0
        /// The token decoded and its signature was not rejected, but a check failed.
        case checkFailed = 1
        /// The signature is invalid or could not be accepted.
        case signatureInvalid = 2
        /// The input is not a decodable token.
        case malformed = 3

        /// The snake_case name reports and audit summaries use: `pass`, `check_failed`,
        /// `signature_invalid` or `malformed`.
        public var name: String {
            switch self {
            case .pass: return "pass"
            case .checkFailed: return "check_failed"
            case .signatureInvalid: return "signature_invalid"
            case .malformed: return "malformed"
            }
        }

        /// Orders outcomes from best to worst.
        public static func < (lhs: Outcome, rhs: Outcome) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Where the token came from: `argument 1`, `stdin:3`, `tokens.txt:12`.
    public let source: String
    /// The line of its file or stream, when it came from one line.
    public let line: Int?
    /// Why the input could not be decoded, when it could not.
    public let decodingError: TokenError?
    /// The protected header, when decoded.
    package let header: JSONObject?
    /// The claims, when decoded.
    public let claims: RolesTokenClaims?
    /// The header's `alg` as written (may be anything an attacker chose).
    public let algorithmName: String?
    /// The signature's status.
    public let signature: SignatureStatus
    /// The kind, when the payload decoded.
    public let kind: TokenKind?
    /// Expiry facts for an `exp` claim of the right type.
    public let expiry: Expiry?
    /// The install-time token this one has the shape of, if any.
    public let installTimeShape: InstallTimeShape?
    /// `token_id` from an enrollment-tokens API reply, when the input was one.
    public let apiTokenID: String?
    /// Every check, in the order run.
    public private(set) var checks: [Check]
    /// Whether the claim checks ran (they do not when the signature is invalid: nothing in a forged
    /// token is reported as if it meant something).
    public let claimsChecked: Bool
    /// The clock used, Unix seconds.
    public let now: Int64
    /// The leeway used, seconds.
    public let leeway: Int64

    /// The granted roles, in token order, when the claim is an array of strings.
    public var roles: [String]? { claims?.roles.value }
    /// `sub`, when a string.
    public var subject: String? { claims?.subject.value }
    /// `iss`, when a string.
    public var issuer: String? { claims?.issuer.value }

    /// The worst outcome found.
    public var outcome: Outcome {
        if decodingError != nil { return .malformed }
        if case .invalid = signature { return .signatureInvalid }
        return checks.contains { $0.status == .fail } ? .checkFailed : .pass
    }

    /// `pass` when nothing failed, else `fail`.
    public var passed: Bool { outcome == .pass }
}

extension TokenReport {
    /// The same report with `extra` checks appended (the outcome follows: a failing check fails it).
    public func adding(_ extra: [Check]) -> TokenReport {
        var report = self
        report.checks += extra
        return report
    }
}
