/// The basic-auth user and password for the coordinator's API.
///
/// The password is kept as bytes (a password file is not re-encoded) and is never part of any
/// description, message or error: interpolating the credentials shows the user only.
public struct CoordinatorCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Why credentials were refused.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// One sentence; never contains the password.
        public let reason: String
        /// The reason.
        public var description: String { reason }
    }

    /// ECE's administrator user.
    public static let defaultUser = "admin"

    /// The user name.
    public let user: String
    /// The password's bytes, exactly as read.
    public let passwordBytes: [UInt8]

    /// Creates credentials.
    /// - Throws: ``Problem`` for an empty user, a user with `:` or control characters (basic auth
    ///   cannot carry them), an empty password, or a password holding a NUL byte.
    public init(user: String, passwordBytes: [UInt8]) throws(Problem) {
        if user.isEmpty { throw Problem(reason: "the user name is empty") }
        if user.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: ":") }) {
            throw Problem(
                reason: "the user name \(EscapedText.quoted(user)) holds ':' or a control character, "
                    + "which HTTP basic authentication cannot carry"
            )
        }
        if passwordBytes.isEmpty { throw Problem(reason: "the password is empty") }
        if passwordBytes.contains(0) { throw Problem(reason: "the password holds a NUL byte") }
        self.user = user
        self.passwordBytes = passwordBytes
    }

    /// `user admin (password not shown)`.
    public var description: String { "user \(EscapedText.quoted(user)) (password not shown)" }

    /// Same as ``description``: the password is never shown.
    public var debugDescription: String { description }
}
