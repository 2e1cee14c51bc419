import ECETokenKit
import Foundation
import Testing

// Replays the fuzz seed corpora (`Fuzz/corpus/TARGET`) and every saved fuzz finding
// (`Fuzz/regressions/TARGET`) through the public API the fuzz targets call, checking the same invariants
// as `#expect`s. The fuzzers run an optimised build with the sanitizers; this runs the ordinary debug
// build, with assertions on, in every `swift test`.
//
// A finding that still crashes is saved as `Fuzz/regressions/TARGET/open-NAME` until it is fixed: it is
// not run here (it would take the test process down) but recorded as a known issue, and
// `Scripts/fuzz-ci.sh` replays it and fails. Once fixed, drop the `open-` prefix so it is replayed here too.

/// The fuzz inputs and the fixed values the fuzz targets use.
enum FuzzInputs {
    /// `<package root>/Fuzz`, from this file's path (`Tests/ECETokenKitTests/FuzzRegressionTests.swift`).
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz")

    /// The fuzz targets' key: the 44 characters of `Fixtures/secret.txt`, used as written.
    static let keyText = "6HdYPFHshlNfAloqKyW46TrD2npZ8mtfYbtCJh8I4GE="
    /// The fuzz targets' clock.
    static let now: Int64 = 1_800_000_000
    static let allAlgorithms: [HMACAlgorithm] = [.hs256, .hs384, .hs512]

    /// The files of one folder, sorted, without dot files and notes.
    static func files(in folder: String) -> [URL] {
        let url = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted()
            .map { url.appendingPathComponent($0) }
    }

    /// The seeds and the fixed regression inputs of a target (not the open ones).
    static func replayable(_ target: String) -> [URL] {
        files(in: "corpus/\(target)") + files(in: "regressions/\(target)").filter { !isOpen($0) }
    }

    /// Regression inputs that still crash (named `open-…`).
    static func open(_ target: String) -> [URL] {
        files(in: "regressions/\(target)").filter(isOpen)
    }

    static func isOpen(_ url: URL) -> Bool { url.lastPathComponent.hasPrefix("open-") }

    static func bytes(_ url: URL) throws -> [UInt8] {
        Array(try Data(contentsOf: url))
    }
}

@Suite("Fuzz corpora and regressions, replayed in the debug build")
struct FuzzRegressionTests {
    static let targets = ["FuzzToken", "FuzzJSON", "FuzzInput"]

    @Test("every fuzz target has a seed corpus", arguments: targets)
    func seedCorpusIsPresent(_ target: String) {
        #expect(
            !FuzzInputs.files(in: "corpus/\(target)").isEmpty,
            "no seeds in \(FuzzInputs.directory.path)/corpus/\(target)"
        )
    }

    @Test("open fuzz findings are known issues, not run in-process", arguments: targets)
    func openFindingsAreKnownIssues(_ target: String) {
        for file in FuzzInputs.open(target) {
            withKnownIssue("open fuzz finding \(target)/\(file.lastPathComponent): see Fuzz/README.md") {
                Issue.record("\(file.lastPathComponent) still crashes \(target); not replayed in-process")
            }
        }
    }

    @Test("FuzzToken inputs: inspection with and without a key, and the JWS layer, agree")
    func tokenInputs() throws {
        let key = try SigningKey(secretText: Array(FuzzInputs.keyText.utf8))
        let policy = VerificationPolicy(allowedAlgorithms: FuzzInputs.allAlgorithms)
        let requirements = PolicyRequirements(
            requiredRoles: ["allocator"],
            forbiddenRoles: ["director"],
            kind: .ephemeral,
            minimumValidity: 3600,
            issuer: "current",
            installRoles: "allocator,proxy"
        )
        let verifying = TokenInspector(key: key, policy: policy, requirements: requirements)
        let decoding = TokenInspector(key: nil, policy: policy, requirements: requirements)
        let verifier = SignatureVerifier(key: key)
        for file in FuzzInputs.replayable("FuzzToken") {
            let bytes = try FuzzInputs.bytes(file)
            let name = file.lastPathComponent
            let input = TokenInput(bytes: bytes, source: name)
            let checked = verifying.inspect(input, now: FuzzInputs.now)
            let decoded = decoding.inspect(input, now: FuzzInputs.now)
            #expect(checked.decodingError?.code == decoded.decodingError?.code, "\(name): decoding depends on the key")
            #expect(decoded.signature == .unverified, "\(name)")
            #expect(decoded.claimsChecked == (decoded.decodingError == nil), "\(name)")
            if case .invalid = checked.signature {
                #expect(!checked.claimsChecked, "\(name): a forged token's claims were checked")
            }
            let jws = try? verifier.verifyCompactJWS(bytes, allowed: FuzzInputs.allAlgorithms)
            if checked.signature == .valid {
                #expect(checked.claimsChecked, "\(name)")
                #expect(jws != nil, "\(name): the inspector verified what verifyCompactJWS rejects")
            } else if checked.decodingError == nil {
                #expect(jws == nil, "\(name): verifyCompactJWS accepted what the inspector rejects")
            }
        }
    }

    @Test("FuzzJSON inputs: what parses serializes to text that parses back to the same value")
    func jsonInputs() throws {
        let parser = StrictJSONParser()
        let roomy = StrictJSONParser(maximumDepth: StrictJSONParser.defaultMaximumDepth, maximumBytes: 1 << 30)
        for file in FuzzInputs.replayable("FuzzJSON") {
            let bytes = try FuzzInputs.bytes(file)
            let name = file.lastPathComponent
            guard let value = try? parser.parse(bytes) else {
                #expect((try? parser.parseObject(bytes)) == nil, "\(name): parseObject accepts what parse rejects")
                continue
            }
            let compact = value.serialized()
            #expect((try? roomy.parse(Array(compact.utf8))) == value, "\(name): serialized() does not round-trip")
            #expect(
                (try? roomy.parse(Array(value.serializedPretty().utf8))) == value,
                "\(name): serializedPretty() does not round-trip"
            )
            if case .object(let object) = value {
                for member in object.members {
                    #expect(object[member.name] == member.value, "\(name): two members named alike")
                }
            }
        }
    }

    @Test("FuzzInput inputs: the reader yields a token or a problem, and the text parsers hold")
    func inputFiles() throws {
        let inspector = TokenInspector(
            key: try SigningKey(secretText: Array(FuzzInputs.keyText.utf8)),
            policy: VerificationPolicy(allowedAlgorithms: FuzzInputs.allAlgorithms),
            requirements: PolicyRequirements(kind: .persistent, installRoles: "allocator")
        )
        for file in FuzzInputs.replayable("FuzzInput") {
            let bytes = try FuzzInputs.bytes(file)
            let name = file.lastPathComponent
            let items = TokenInputReader(try ByteSource(path: file.path)).items()
            #expect(!items.isEmpty, "\(name): the reader yielded nothing")
            for case .token(let input) in items.prefix(32) {
                _ = inspector.inspect(input, now: FuzzInputs.now)
            }
            if let secrets = try? BootstrapSecrets(parsing: bytes, source: name) {
                #expect(secrets.tokens.allSatisfy { BootstrapSecrets.tokenMembers.contains($0.member) }, "\(name)")
            }
            let parsed = InstallPreflight.parse(installRoles: String(decoding: bytes.prefix(256), as: UTF8.self))
            #expect(!parsed.roles.contains(""), "\(name): an empty role name survived splitting")
            if parsed.problems.isEmpty {
                #expect(parsed.roles.allSatisfy { Role(rawValue: $0) != nil }, "\(name): an unknown role accepted")
            }
        }
    }
}
