/// One token to check, with where it came from.
public struct TokenInput: Sendable, Equatable {
    /// The token's bytes, without surrounding whitespace.
    public let bytes: [UInt8]
    /// Where it came from: `argument 1`, `stdin:3`, `tokens.txt:12`.
    public let source: String
    /// The `token_id` of the enrollment-tokens API reply the token came in, if it came in one.
    public let apiTokenID: String?

    /// Creates an input.
    public init(bytes: [UInt8], source: String, apiTokenID: String? = nil) {
        self.bytes = bytes
        self.source = source
        self.apiTokenID = apiTokenID
    }
}
