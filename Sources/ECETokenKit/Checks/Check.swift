/// The result of one named check on a token.
public struct Check: Sendable, Equatable {
    /// How a check ended.
    public enum Status: String, Sendable, Equatable {
        /// The check passed.
        case pass
        /// Worth a look, but not a failure.
        case warn
        /// The check failed; the verdict is `fail`.
        case fail
    }

    /// A stable kebab-case name, for example `signature` or `expiry`.
    public let name: Name
    /// How it ended.
    public let status: Status
    /// One human sentence.
    public let message: String

    /// Creates a check result.
    public init(_ name: Name, _ status: Status, _ message: String) {
        self.name = name
        self.status = status
        self.message = message
    }
}
