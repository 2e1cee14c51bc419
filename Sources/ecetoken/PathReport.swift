/// With `ECETOKEN_REPORT_PATH=1` in the environment, the binary says on standard error which path its work
/// took: `ecetoken: path: verify quick` (the command line parsed without ArgumentParser) or `verify full`,
/// and `ecetoken: path: audit fast=N full=M` (tokens decided by the fast path, tokens given full reports).
/// The fast paths change speed, never output, so a silent fallback to the slow path would keep every
/// output comparison green; the tests read this line to prove the fast path ran.
enum PathReport {
    /// The environment variable that turns the report on.
    static let variable = "ECETOKEN_REPORT_PATH"

    /// Writes `ecetoken: path: <text>` to standard error when the report is on.
    static func write(_ text: @autoclosure () -> String) {
        guard StandardStreams.environment(variable) == "1" else { return }
        StandardStreams.writeErrorLine("ecetoken: path: " + text())
    }
}
