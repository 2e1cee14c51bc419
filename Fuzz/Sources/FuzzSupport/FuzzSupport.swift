@testable import ECETokenKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the fuzz targets share: the fixed key, the fixed clock, and a check that aborts (so libFuzzer
/// saves the input as a crash) when an invariant of the library does not hold.
public enum FuzzSupport {
    /// A fixed ECE-style secret: the 44 characters of `Fixtures/secret.txt` (base64url text with one `=`),
    /// used as written, never decoded, as ECE uses `bootstrap_tokens_secret`. The fixture tokens verify
    /// with it, so the seed corpus reaches the verified code paths.
    public static let keyText = "6HdYPFHshlNfAloqKyW46TrD2npZ8mtfYbtCJh8I4GE="

    /// The key built from ``keyText``.
    public static let key: SigningKey = {
        do {
            return try SigningKey(secretText: Array(keyText.utf8))
        } catch {
            fail("the fixed fuzz key was rejected: \(error)")
        }
    }()

    /// The fixed clock: 2027-01-15T08:00:00Z, the clock of the unit tests and the fixture manifest.
    public static let now: Int64 = 1_800_000_000

    /// Every HMAC algorithm, as the fuzzed policy allows them.
    public static let allAlgorithms: [HMACAlgorithm] = [.hs256, .hs384, .hs512]

    /// Copies libFuzzer's input into an array.
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        guard let data = data, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// Aborts with `message` on standard error when `condition` is false: a broken invariant is a finding.
    @inline(__always)
    public static func require(
        _ condition: @autoclosure () -> Bool,
        _ message: @autoclosure () -> String,
        file: StaticString = #fileID,
        line: UInt = #line
    ) {
        if !condition() { fail("\(message()) (\(file):\(line))") }
    }

    /// Writes `message` to standard error and aborts.
    public static func fail(_ message: String) -> Never {
        fputs("FUZZ INVARIANT VIOLATED: \(message)\n", stderr)
        abort()
    }

    /// Reads every public property of a report, so the lazy and computed parts run too.
    public static func touch(_ report: TokenReport) {
        var sink = report.outcome.rawValue &+ (report.passed ? 1 : 0)
        sink &+= report.roles?.count ?? 0
        sink &+= report.subject?.utf8.count ?? 0
        sink &+= report.issuer?.utf8.count ?? 0
        sink &+= report.signature.name.utf8.count
        sink &+= report.kind?.rawValue.utf8.count ?? 0
        sink &+= report.installTimeShape?.explanation.utf8.count ?? 0
        if let expiry = report.expiry {
            sink &+= expiry.rawValue.utf8.count &+ (expiry.date?.utf8.count ?? 0)
            sink &+= Int(truncatingIfNeeded: expiry.secondsRemaining ?? 0)
            sink &+= Int(truncatingIfNeeded: expiry.millisecondsReading ?? 0)
            if let remaining = expiry.secondsRemaining {
                sink &+= Durations.describe(seconds: remaining).utf8.count
                sink &+= Durations.describeShort(seconds: remaining).utf8.count
            }
        }
        if let error = report.decodingError {
            sink &+= error.reason.utf8.count &+ error.code.description.utf8.count &+ (error.code.isMalformed ? 1 : 0)
        }
        for check in report.checks {
            require(!check.name.rawValue.isEmpty, "a check without a name")
            sink &+= check.message.utf8.count &+ check.status.rawValue.utf8.count
        }
        blackHole(sink)
    }

    /// Keeps a value alive so the optimiser cannot drop the work that produced it.
    @inline(never)
    public static func blackHole(_ value: Int) {
        if value == Int.min + 1 { fputs("", stderr) }
    }
}
