import Foundation
import Testing

/// One row of `Fixtures/manifest.json`.
struct ManifestEntry: Decodable, Sendable, CustomTestStringConvertible {
    let path: String
    let description: String
    let verifyExit: Int32
    let inspectExit: Int32
    let notes: String

    enum CodingKeys: String, CodingKey {
        case path, description, notes
        case verifyExit = "verify_exit"
        case inspectExit = "inspect_exit"
    }

    var testDescription: String { path }

    /// Every entry of the manifest, or none when it cannot be read (a separate test then fails).
    static let all: [ManifestEntry] = (try? load()) ?? []

    static func load() throws -> [ManifestEntry] {
        try JSONDecoder().decode([ManifestEntry].self, from: ToolRunner.fixtureData("Fixtures/manifest.json"))
    }
}

@Suite("Fixtures/manifest.json: every fixture's documented exit codes")
struct ManifestTests {
    static let secretOptions = ["--secret-file", "Fixtures/secret.txt"]

    @Test("A claim no double can hold (exp 1e400) is written as a string, so the report stays parseable")
    func hugeNumbersStayParseable() throws {
        let result = try ToolRunner.runAtFixedTime(
            ["inspect", "--format", "json", "Fixtures/hostile/exp-huge.jwt"])
        let report = try #require(try result.jsonReports().first)
        #expect(report["exp"] as? String == "1e400")
        let claims = try #require(report["claims"] as? [String: Any])
        #expect(claims["exp"] as? String == "1e400")
    }

    @Test("The manifest loads and lists every file under Fixtures/tokens and Fixtures/hostile")
    func manifestCoversEveryFixture() throws {
        let entries = try ManifestEntry.load()
        #expect(entries.count == ManifestEntry.all.count)
        #expect(!entries.isEmpty)
        var onDisk: Set<String> = []
        for folder in ["Fixtures/tokens", "Fixtures/hostile"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: ToolRunner.fixture(folder).path) {
                onDisk.insert("\(folder)/\(name)")
            }
        }
        let listed = Set(entries.map(\.path))
        #expect(onDisk.subtracting(listed).isEmpty, "fixtures missing from the manifest")
        #expect(listed.subtracting(onDisk).isEmpty, "manifest entries without a file")
        for entry in entries {
            #expect([0, 1, 2, 3].contains(entry.verifyExit), "\(entry.path)")
            #expect([0, 3].contains(entry.inspectExit), "\(entry.path)")
        }
    }

    @Test("verify exits with the manifest's verify_exit", arguments: ManifestEntry.all)
    func verifyExitCode(entry: ManifestEntry) throws {
        let result = try ToolRunner.runAtFixedTime(["verify"] + Self.secretOptions + [entry.path])
        #expect(!result.signaled, "\(result)")
        #expect(result.exitCode == entry.verifyExit, "\(entry.notes)\n\(result)")
    }

    @Test("inspect (no secret) exits with the manifest's inspect_exit", arguments: ManifestEntry.all)
    func inspectExitCode(entry: ManifestEntry) throws {
        let result = try ToolRunner.runAtFixedTime(["inspect", entry.path])
        #expect(!result.signaled, "\(result)")
        #expect(result.exitCode == entry.inspectExit, "\(entry.notes)\n\(result)")
        if entry.inspectExit == 0 {
            #expect(result.stdout.contains("NOT VERIFIED"), "\(result)")
        }
    }

    @Test(
        "--format json gives the same exit codes and parseable reports with verdict, signature and checks",
        arguments: ManifestEntry.all
    )
    func jsonOutput(entry: ManifestEntry) throws {
        for (command, expected) in [("verify", entry.verifyExit), ("inspect", entry.inspectExit)] {
            let secret = command == "verify" ? Self.secretOptions : []
            let result = try ToolRunner.runAtFixedTime([command, "--format", "json"] + secret + [entry.path])
            #expect(result.exitCode == expected, "\(command)\n\(result)")
            let reports = try result.jsonReports()
            #expect(!reports.isEmpty, "\(command)\n\(result)")
            for report in reports {
                let verdict = try #require(report["verdict"] as? String, "\(command): \(report)")
                #expect(["pass", "fail"].contains(verdict))
                let signature = try #require(report["signature"] as? String, "\(command): \(report)")
                #expect(["valid", "invalid", "unverified"].contains(signature))
                #expect(report["checks"] is [Any], "\(command): \(report)")
                if command == "inspect" {
                    #expect(signature == "unverified", "inspect has no secret: \(report)")
                }
            }
            if expected == 0 {
                #expect(reports.allSatisfy { $0["error"] is NSNull }, "\(command)\n\(result)")
            }
            if command == "verify" {
                // verdict pass exactly when the manifest expects a pass.
                let passes = reports.allSatisfy { $0["verdict"] as? String == "pass" }
                #expect(passes == (expected == 0), "\(command)\n\(result)")
            }
        }
    }
}
