import ArgumentParser
import ECETokenKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The clock and the leeway used for `exp` and `nbf`.
struct ClockOptions: ParsableArguments {
    @Option(
        name: .customLong("now"),
        help: ArgumentHelp(
            "Check as if the time were this: Unix seconds or RFC 3339 (2026-11-29T10:00:00Z). Default: the system clock.",
            valueName: "time"
        )
    )
    var now: String?

    @Option(
        name: .customLong("leeway"),
        help: ArgumentHelp("Clock skew tolerated on exp and nbf, such as 30s or 2m.", valueName: "duration")
    )
    var leeway: String = "\(SecretOptions.defaultPolicy.leeway)s"

    /// The time to check at, in Unix seconds.
    func currentTime() throws -> Int64 {
        try Self.parseTime(now)
    }

    /// The time `--now` names, or the system clock without it.
    static func parseTime(_ now: String?) throws -> Int64 {
        guard let now else { return Int64(time(nil)) }
        if let seconds = Int64(now) { return seconds }
        if let seconds = Timestamps.parseRFC3339(now) { return seconds }
        throw ValidationError(
            "--now: \(EscapedText.quoted(now)) is neither Unix seconds nor an RFC 3339 time such as 2026-11-29T10:00:00Z"
        )
    }

    /// The leeway in seconds.
    func leewaySeconds() throws -> Int64 {
        guard let seconds = Durations.parse(leeway) else {
            throw ValidationError("--leeway: \(EscapedText.quoted(leeway)) is not a duration such as 30s, 2m or 1h30m")
        }
        return seconds
    }
}
