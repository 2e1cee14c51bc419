import Foundation

/// What one run of the `ecetoken` binary produced.
struct ToolResult: Sendable, CustomStringConvertible {
    /// The exit status, or the signal number when ``signaled`` is true.
    let status: Int32
    /// Whether the process died of a signal (a trap) instead of exiting.
    let signaled: Bool
    /// Standard output, byte for byte.
    let stdoutData: Data
    /// Standard error, byte for byte.
    let stderrData: Data

    /// Standard output as UTF-8 (invalid bytes repaired).
    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    /// Standard error as UTF-8 (invalid bytes repaired).
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }

    /// The exit code, or `nil` when the process was killed by a signal.
    var exitCode: Int32? { signaled ? nil : status }

    /// Standard output parsed with `JSONSerialization`.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: stdoutData, options: [])
    }

    /// Standard output parsed as one JSON object.
    func jsonObject() throws -> [String: Any] {
        guard let object = try json() as? [String: Any] else {
            throw ToolRunnerError("stdout is not one JSON object:\n\(stdout)")
        }
        return object
    }

    /// Standard output parsed as a JSON array of objects.
    func jsonArray() throws -> [[String: Any]] {
        guard let array = try json() as? [[String: Any]] else {
            throw ToolRunnerError("stdout is not a JSON array of objects:\n\(stdout)")
        }
        return array
    }

    /// Standard output as a list of report objects, whether it holds one object or an array.
    func jsonReports() throws -> [[String: Any]] {
        let value = try json()
        if let object = value as? [String: Any] { return [object] }
        if let array = value as? [[String: Any]] { return array }
        throw ToolRunnerError("stdout is neither a JSON object nor an array of objects:\n\(stdout)")
    }

    /// A summary for failure messages.
    var description: String {
        let how = signaled ? "killed by signal \(status)" : "exit \(status)"
        return "\(how)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)"
    }
}

/// An error of the test harness itself.
struct ToolRunnerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs the built `ecetoken` executable in a controlled environment.
///
/// - The binary is `$ECETOKEN_BINARY` when set; otherwise the `ecetoken` next to the running test bundle
///   (found by walking up from `/proc/self/exe` or `argv[0]`), otherwise `<package>/.build/debug/ecetoken`.
/// - The environment is empty apart from `PATH` and what the test passes: no `ECETOKEN_SECRET`, no `NO_COLOR`.
/// - The working directory is the package root, so `Fixtures/...` paths work.
/// - Standard input is `/dev/null` unless the test gives bytes; standard output and error go to private
///   temporary files (never terminals, and never a pipe that could fill up and block).
enum ToolRunner {
    /// The package root, from this file's path: `<root>/Tests/ecetokenTests/ToolRunner.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ecetokenTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    /// The executable under test.
    static let binary: URL = locateBinary()

    /// The fixed clock used by every time-dependent test: 2027-01-15T08:00:00Z.
    static let now = "1800000000"

    /// Runs `ecetoken` with `arguments`.
    /// - Parameters:
    ///   - arguments: the command-line arguments (without the program name).
    ///   - stdin: bytes for standard input; `nil` connects `/dev/null`.
    ///   - environment: variables added to the minimal environment (`PATH` only).
    ///   - workingDirectory: defaults to the package root.
    static func run(
        _ arguments: [String],
        stdin: Data? = nil,
        environment: [String: String] = [:],
        workingDirectory: URL? = nil
    ) throws -> ToolResult {
        let scratch = try TemporaryDirectory()
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
        else { throw ToolRunnerError("cannot create capture files in \(scratch.url.path)") }

        let input: FileHandle
        if let stdin {
            let inURL = scratch.url.appendingPathComponent("stdin")
            try stdin.write(to: inURL)
            input = try FileHandle(forReadingFrom: inURL)
        } else {
            guard let devNull = FileHandle(forReadingAtPath: "/dev/null") else {
                throw ToolRunnerError("cannot open /dev/null")
            }
            input = devNull
        }
        let output = try FileHandle(forWritingTo: outURL)
        let errors = try FileHandle(forWritingTo: errURL)
        defer {
            try? input.close()
            try? output.close()
            try? errors.close()
        }

        var childEnvironment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"]
        for (name, value) in environment { childEnvironment[name] = value }

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = childEnvironment
        process.currentDirectoryURL = workingDirectory ?? packageRoot
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()

        let signaled = process.terminationReason == .uncaughtSignal
        return ToolResult(
            status: process.terminationStatus,
            signaled: signaled,
            stdoutData: try Data(contentsOf: outURL),
            stderrData: try Data(contentsOf: errURL)
        )
    }

    /// Runs `ecetoken` with `arguments` and the fixed clock (`--now 1800000000`) appended after the subcommand.
    static func runAtFixedTime(
        _ arguments: [String],
        stdin: Data? = nil,
        environment: [String: String] = [:]
    ) throws
        -> ToolResult
    {
        precondition(!arguments.isEmpty, "give a subcommand")
        return try run([arguments[0], "--now", now] + arguments.dropFirst(), stdin: stdin, environment: environment)
    }

    /// A fixture path relative to the package root, as passed on the command line.
    static func fixture(_ relativePath: String) -> URL {
        packageRoot.appendingPathComponent(relativePath)
    }

    /// A fixture's bytes.
    static func fixtureData(_ relativePath: String) throws -> Data {
        try Data(contentsOf: fixture(relativePath))
    }

    /// A fixture's text.
    static func fixtureText(_ relativePath: String) throws -> String {
        String(decoding: try fixtureData(relativePath), as: UTF8.self)
    }

    /// A one-token fixture file's token, without its trailing newline.
    static func fixtureToken(_ relativePath: String) throws -> String {
        try fixtureText(relativePath).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The synthetic fixture secret as written in `Fixtures/secret.txt`, without its newline.
    static func fixtureSecret() throws -> String {
        try fixtureToken("Fixtures/secret.txt")
    }

    private static func locateBinary() -> URL {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["ECETOKEN_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var starts: [URL] = []
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            starts.append(URL(fileURLWithPath: executable))
        }
        if let first = CommandLine.arguments.first, !first.isEmpty {
            starts.append(URL(fileURLWithPath: first).standardizedFileURL.resolvingSymlinksInPath())
        }
        for start in starts {
            var directory = start.deletingLastPathComponent()
            while directory.path != "/" && !directory.path.isEmpty {
                let candidate = directory.appendingPathComponent("ecetoken")
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    fileManager.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        return packageRoot.appendingPathComponent(".build/debug/ecetoken")
    }
}

/// A private temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ecetokenTests-\(UUID().uuidString)",
            isDirectory: true
        )
        try FileManager.default.createDirectory(
            at: url,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `data` to `name` in the directory with the given permissions (owner-only by default, so the
    /// tool has no reason to warn about them) and returns its path.
    @discardableResult
    func write(_ data: Data, to name: String, permissions: Int = 0o600) throws -> String {
        let fileURL = url.appendingPathComponent(name)
        try data.write(to: fileURL)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: fileURL.path)
        return fileURL.path
    }

    /// Writes `text` as UTF-8; see ``write(_:to:permissions:)``.
    @discardableResult
    func write(_ text: String, to name: String, permissions: Int = 0o600) throws -> String {
        try write(Data(text.utf8), to: name, permissions: permissions)
    }

    /// The path of `name` inside the directory (the file need not exist).
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}
