import Foundation
import Testing

/// Runs the built binary with standard input from a file and output thrown away, and returns its exit
/// status (-1 for a signal) and its peak resident set.
///
/// Through a small Python parent (python3 already runs the coordinator stand-in): Linux gives a process
/// exec'd from a `vfork` (what `posix_spawn` does) the peak of the memory it was spawned from, so the
/// binary spawned straight from this large test process would report the test process's peak. Python's
/// children start from Python's own few MiB, and `RUSAGE_CHILDREN` gives the binary's peak.
private func peakRSS(_ arguments: [String], stdinPath: String) throws -> (exitCode: Int32, peakMiB: Double) {
    let script = """
        import resource, subprocess, sys
        with open(sys.argv[1], "rb") as stdin:
            run = subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(run.returncode if run.returncode >= 0 else -1, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script, stdinPath, ToolRunner.binary.path] + arguments
    process.environment = ["PATH": "/usr/local/bin:/usr/bin:/bin"]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let fields = String(decoding: data, as: UTF8.self).split(separator: " ").map {
        $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    guard process.terminationStatus == 0, fields.count == 2, let code = Int32(fields[0]), let kib = Double(fields[1])
    else { throw ToolRunnerError("the measuring parent failed: \(String(decoding: data, as: UTF8.self))") }
    return (code, kib / 1024)
}

@Suite("Memory does not grow with the input: every command and format streams")
struct StreamingMemoryTests {
    /// The bound the README's security model states.
    static let limitMiB = 64.0

    static let secret = ToolRunner.packageRoot.appendingPathComponent("Fixtures/secret.txt").path

    static let commands: [[String]] = [
        ["verify", "--secret-file", secret, "-"],
        ["verify", "--secret-file", secret, "--format", "json", "-"],
        ["inspect", "-"],
        ["inspect", "--format", "json", "-"],
        ["audit", "--secret-file", secret, "-"],
        ["audit", "--secret-file", secret, "--format", "jsonl", "-"],
        ["audit", "--secret-file", secret, "--summary-only", "-"],
    ]

    /// Inputs of about 0.5 MB to 4 MB, each far more results than the bound could hold had they been kept.
    static func input(_ name: String, in directory: TemporaryDirectory) throws -> String {
        switch name {
        case "x lines":
            // The issue's reproduction, at a tenth of its size: 262,144 lines of "x".
            return try directory.write(String(repeating: "x\n", count: 262_144), to: "x.txt")
        case "random bytes":
            // /dev/urandom, as in the issue, 4 MiB of it.
            let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
            defer { try? random.close() }
            return try directory.write(random.readData(ofLength: 4 << 20), to: "random.bin")
        case "valid tokens":
            let token = try ToolRunner.fixtureToken("Fixtures/tokens/persistent-allocator.jwt")
            return try directory.write(String(repeating: token + "\n", count: 20_000), to: "tokens.txt")
        case "a multi-line document that is a list of x":
            return try directory.write("{\n" + String(repeating: "x\n", count: 500_000), to: "document.txt")
        default:
            throw ToolRunnerError("no input \(name)")
        }
    }

    @Test(
        "Peak memory stays under 64 MiB whatever the command, format and stream",
        arguments: ["x lines", "random bytes", "valid tokens", "a multi-line document that is a list of x"],
        commands
    )
    func bounded(input: String, command: [String]) throws {
        let directory = try TemporaryDirectory()
        let path = try Self.input(input, in: directory)
        let (exitCode, peak) = try peakRSS(
            ["\(command[0])", "--now", ToolRunner.now] + command.dropFirst(),
            stdinPath: path
        )
        #expect(exitCode != -1, "killed by a signal")
        #expect([0, 1, 2, 3].contains(exitCode), "exit \(exitCode)")
        #expect(peak < Self.limitMiB, "peak \(peak) MiB for \(command.joined(separator: " ")) on \(input)")
    }
}
