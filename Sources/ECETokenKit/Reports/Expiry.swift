/// When a token expires, relative to the clock used.
public struct Expiry: Sendable, Equatable {
    /// `exp` exactly as written.
    public let rawValue: String
    /// Whole Unix seconds, when within years 0001–9999.
    public let seconds: Int64?
    /// RFC 3339 UTC text of ``seconds``.
    public let date: String?
    /// Seconds from the clock to expiry (negative when past), when ``seconds`` is known.
    public let secondsRemaining: Int64?
    /// The value read as milliseconds, when it looks like that mistake.
    public let millisecondsReading: Int64?
}
