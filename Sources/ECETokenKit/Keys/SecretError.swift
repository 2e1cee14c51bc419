/// Why a secret could not be loaded or used as an HMAC key. Its ``reason`` never contains the secret.
public struct SecretError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier for the kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case unreadable
            case empty
            case looksLikePublicKey = "looks_like_public_key"
            case invalidEncoding = "invalid_encoding"
            case environmentVariableUnset = "environment_variable_unset"
            case invalidBootstrapSecrets = "invalid_bootstrap_secrets"
            case wholeBootstrapSecretsFile = "whole_bootstrap_secrets_file"
        }
        fileprivate let base: Base

        /// The secret's file could not be opened or read.
        public static let unreadable = Code(base: .unreadable)
        /// The secret is empty; an empty HMAC key is never accepted.
        public static let empty = Code(base: .empty)
        /// The secret looks like a public key (algorithm confusion, CVE-2017-11424).
        public static let looksLikePublicKey = Code(base: .looksLikePublicKey)
        /// The secret is not valid in the encoding the user named.
        public static let invalidEncoding = Code(base: .invalidEncoding)
        /// The named environment variable is not set.
        public static let environmentVariableUnset = Code(base: .environmentVariableUnset)
        /// The bootstrap-secrets file is not JSON or has no usable `bootstrap_tokens_secret`.
        public static let invalidBootstrapSecrets = Code(base: .invalidBootstrapSecrets)

        /// A whole bootstrap-secrets.json was given where a bare secret was expected: load it as
        /// ``SecretSource/bootstrapSecrets(path:)`` instead.
        public static let wholeBootstrapSecretsFile = Code(base: .wholeBootstrapSecretsFile)

        /// The snake_case name.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// One human sentence naming the problem and the source (file or variable), never the secret.
    public let reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// The human reason.
    public var description: String { reason }
}
