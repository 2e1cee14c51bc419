import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built binary with standard input from a file and output thrown away, and returns its exit
/// status and its own peak resident set (`wait4`'s rusage is the child's alone, whatever else runs).
private func peakRSS(_ arguments: [String], stdinPath: String) throws -> (exitCode: Int32, peakMiB: Double) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([ToolRunner.binary.path] + arguments).map { strdup($0) } + [nil]
    defer { for argument in argv { free(argument) } }
    let environment: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/bin:/bin"), nil]
    defer { for variable in environment { free(variable) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, ToolRunner.binary.path, &actions, nil, argv, environment)
    guard spawned == 0 else { throw ToolRunnerError("posix_spawn failed: \(spawned)") }
    var status: Int32 = 0
    var usage = rusage()
    guard wait4(pid, &status, 0, &usage) == pid else { throw ToolRunnerError("wait4 failed: \(errno)") }
    let exited = status & 0x7F == 0
    return (exited ? (status >> 8) & 0xFF : -1, Double(usage.ru_maxrss) / 1024)
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
