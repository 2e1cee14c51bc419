import Testing

@Suite("ecetoken audit: usage errors exit 64 with one line naming the problem")
struct AuditUsageTests {
    static let secret = ["--secret-file", "Fixtures/secret.txt"]

    @Test(
        "Bad option combinations are refused before any token is read",
        arguments: [
            (["--jobs", "0"], "--jobs must be between 1 and 1024"),
            (["--jobs", "1025"], "--jobs must be between 1 and 1024"),
            (["-", "-"], "can be given only once"),
            (["--secret-file", "-", "-"], "cannot both come from standard input"),
        ]
    )
    func refused(arguments: [String], message: String) throws {
        let extra = arguments.contains("--secret-file") ? [] : Self.secret
        let result = try ToolRunner.runAtFixedTime(["audit"] + extra + arguments)
        #expect(result.exitCode == 64, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }
}
