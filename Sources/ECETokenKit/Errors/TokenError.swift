/// Why a token was rejected before any claim could be trusted.
///
/// A struct wrapping a private enum, so codes can be added without breaking callers. Tests assert on
/// ``code``; the command-line tool derives its exit codes from ``TokenReport/outcome``.
public struct TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier for the kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case tooLarge = "too_large"
            case segmentCount = "segment_count"
            case invalidCharacter = "invalid_character"
            case invalidBase64 = "invalid_base64"
            case emptySegment = "empty_segment"
            case notCompactSerialization = "not_compact_serialization"
            case headerNotJSONObject = "header_not_json_object"
            case payloadNotJSONObject = "payload_not_json_object"
            case missingAlgorithm = "missing_alg"
            case algorithmNotString = "alg_not_string"
            case algorithmNotAllowed = "alg_not_allowed"
            case unsupportedCritical = "unsupported_crit"
            case signatureLength = "signature_length"
            case signatureMismatch = "bad_signature"
            case weakKey = "weak_key"
            case expired = "expired"
            case policyFailed = "policy_failed"
            case claimsInvalid = "claims_invalid"
        }
        fileprivate let base: Base

        /// The token is longer than the size limit, `CompactToken.maximumLength`.
        public static let tooLarge = Code(base: .tooLarge)
        /// The token does not have exactly three dot-separated segments.
        public static let segmentCount = Code(base: .segmentCount)
        /// A segment holds a character outside the base64url alphabet.
        public static let invalidCharacter = Code(base: .invalidCharacter)
        /// A segment is not canonical unpadded base64url.
        public static let invalidBase64 = Code(base: .invalidBase64)
        /// The header or payload segment is empty.
        public static let emptySegment = Code(base: .emptySegment)
        /// The input is JSON (for example the JWS JSON serialization), not a compact token.
        public static let notCompactSerialization = Code(base: .notCompactSerialization)
        /// The header is not a strict UTF-8 JSON object.
        public static let headerNotJSONObject = Code(base: .headerNotJSONObject)
        /// The payload is not a strict UTF-8 JSON object.
        public static let payloadNotJSONObject = Code(base: .payloadNotJSONObject)
        /// The header has no `alg` member.
        public static let missingAlgorithm = Code(base: .missingAlgorithm)
        /// The header's `alg` is not a string.
        public static let algorithmNotString = Code(base: .algorithmNotString)
        /// The header's `alg` is not in the caller's allow-list.
        public static let algorithmNotAllowed = Code(base: .algorithmNotAllowed)
        /// The header carries `crit` or `b64`, extensions this verifier does not implement.
        public static let unsupportedCritical = Code(base: .unsupportedCritical)
        /// The decoded signature is not exactly the digest length.
        public static let signatureLength = Code(base: .signatureLength)
        /// The signature does not match the key.
        public static let signatureMismatch = Code(base: .signatureMismatch)
        /// The key is shorter than the digest and weak secrets were not allowed.
        public static let weakKey = Code(base: .weakKey)
        /// The token expired (beyond the leeway). Thrown by ``RolesTokenVerifier`` only; a report says it
        /// with a failed ``Check/Name/expiry`` check.
        public static let expired = Code(base: .expired)
        /// A ``PolicyRequirements`` check failed. Thrown by ``RolesTokenVerifier`` only.
        public static let policyFailed = Code(base: .policyFailed)
        /// Another claim check failed: a claim of the wrong type, `persistent` and `exp` in conflict, a
        /// token not valid yet. Thrown by ``RolesTokenVerifier`` only.
        public static let claimsInvalid = Code(base: .claimsInvalid)

        /// The snake_case name used in JSON output, for example `bad_signature`.
        public var description: String { base.rawValue }

        /// Whether the token could not be decoded at all (as opposed to decoded but rejected).
        public var isMalformed: Bool {
            switch base {
            case .tooLarge, .segmentCount, .invalidCharacter, .invalidBase64, .emptySegment,
                .notCompactSerialization, .headerNotJSONObject, .payloadNotJSONObject, .missingAlgorithm,
                .algorithmNotString:
                return true
            case .algorithmNotAllowed, .unsupportedCritical, .signatureLength, .signatureMismatch, .weakKey,
                .expired, .policyFailed, .claimsInvalid:
                return false
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// One human sentence naming the problem and where it is; never contains key material.
    public let reason: String
    /// The checks that failed, for ``Code/expired``, ``Code/policyFailed`` and ``Code/claimsInvalid``;
    /// empty for the other codes.
    public let failedChecks: [Check]

    /// Creates an error with a code and a human reason.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
        failedChecks = []
    }

    /// The error for a token that verified but failed `failedChecks` (at least one): ``Code/expired``
    /// when its expiry check is among them, else ``Code/policyFailed`` when a requirement's check is,
    /// else ``Code/claimsInvalid``.
    init(failedChecks: [Check]) {
        let names = failedChecks.map(\.name)
        if names.contains(.expiry) {
            code = .expired
        } else if names.contains(where: Check.Name.policyChecks.contains) {
            code = .policyFailed
        } else {
            code = .claimsInvalid
        }
        reason = failedChecks.map { "\($0.name): \($0.message)" }.joined(separator: "; ")
        self.failedChecks = failedChecks
    }

    /// The human reason.
    public var description: String { reason }
}
