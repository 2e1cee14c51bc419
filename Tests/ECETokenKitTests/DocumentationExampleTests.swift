// The code of the getting-started article (Sources/ECETokenKit/ECETokenKit.docc/GettingStarted.md),
// compiled and run. The first test checks that every `swift` code block of the article appears here
// verbatim, so the article cannot drift from code that compiles against the public API (this file does
// not use `@testable import`).

import ECETokenKit
import Foundation
import Testing

// MARK: - The article's code, verbatim

/// Verifies a token with the installation's secret and says what it grants, or why it is rejected.
func verifyToken(_ token: String, secret: String, now: Int64) throws(SecretError) -> String {
    let verifier = try RolesTokenVerifier(secret: secret)
    do {
        let verified = try verifier.verify(token, now: now)
        let roles = verified.roles.map(\.rawValue).joined(separator: ", ")
        let expiry = verified.expiresAt.map { "expires at \($0)" } ?? "never expires"
        return "\(verified.kind.rawValue) token \(verified.tokenID ?? "?") granting [\(roles)], \(expiry)"
    } catch {
        // error is a TokenError: its code says which check stopped the token.
        switch error.code {
        case .signatureMismatch: return "rejected: not signed with this installation's secret"
        case .expired: return "rejected: expired"
        default: return "rejected (\(error.code)): \(error.reason)"
        }
    }
}

/// Loads an installation's key from its `bootstrap-secrets.json`.
func loadInstallationSecret(bootstrapSecretsPath: String) throws(SecretError) -> LoadedSecret {
    try SecretLoader.load(from: .bootstrapSecrets(path: bootstrapSecretsPath))
}

/// Builds a key from a secret the program already holds, used as written (ECE's way).
func makeKey(secret: String) throws(SecretError) -> SigningKey {
    try SigningKey(secretText: Array(secret.utf8))
}

/// Verifies one token with the installation's key and says what it grants.
func describeToken(_ token: String, key: SigningKey, now: Int64) -> String {
    let inspector = TokenInspector(key: key)
    let report = inspector.inspect(token, now: now)
    if let error = report.decodingError {
        return "not a roles token (\(error.code)): \(error.reason)"
    }
    if case .invalid(let error) = report.signature {
        return "not signed by this installation (\(error.code))"
    }
    let kind = report.kind?.rawValue ?? "unknown"
    let roles = report.roles?.joined(separator: ", ") ?? "no readable roles"
    var text = "\(kind) token granting [\(roles)]"
    if let date = report.expiry?.date {
        text += ", expires \(date)"
    }
    if let shape = report.installTimeShape {
        text += "; \(shape.explanation)"
    }
    return text
}

/// The CI gate: an ephemeral token granting exactly allocator and proxy, valid for at least the next
/// 90 minutes, that `elastic-cloud-enterprise.sh --roles allocator,proxy` can use.
func gateOnRoles(_ token: String, key: SigningKey, now: Int64) -> (passed: Bool, failures: [Check]) {
    let requirements = PolicyRequirements(
        exactRoles: ["allocator", "proxy"],
        kind: .ephemeral,
        minimumValidity: 90 * 60,
        installRoles: "allocator,proxy"
    )
    let inspector = TokenInspector(key: key, requirements: requirements)
    let report = inspector.inspect(token, now: now)
    return (report.passed, report.checks.filter { $0.status == .fail })
}

/// Decodes a token without a secret: to see what it claims, never to trust it.
func claimedRoles(_ token: String, now: Int64) -> [String]? {
    let report = TokenInspector(key: nil).inspect(token, now: now)
    return report.roles
}

/// Checks only the framing of a pasted token.
func framingProblem(in text: String) -> TokenError? {
    TokenInspector(key: nil).inspect(text, now: 0).decodingError
}

/// Makes an ephemeral allocator and proxy token, valid for two hours from `now`.
func mintAllocatorProxyToken(key: SigningKey, now: Int64) throws -> TokenMinter.Minted {
    let request = TokenMinter.Request(roles: ["allocator", "proxy"], kind: .ephemeral, validity: 2 * 3600)
    return try TokenMinter(key: key).mint(request, now: now)
}

// MARK: - Tests

@Suite("Documentation: the getting-started article's code compiles and does what the article says")
struct DocumentationExampleTests {
    /// The fixed clock: 2027-01-15T08:00:00Z.
    static let now: Int64 = 1_800_000_000

    /// The package root, from this file's path: `<root>/Tests/ECETokenKitTests/DocumentationExampleTests.swift`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relativePath: String) -> String {
        packageRoot.appendingPathComponent(relativePath).path
    }

    /// A one-token fixture file's token, without its trailing newline.
    static func fixtureToken(_ name: String) throws -> String {
        try String(contentsOfFile: path("Fixtures/tokens/\(name)"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The installation's key, loaded the article's way from the synthetic fixture.
    static func fixtureKey() throws -> SigningKey {
        try loadInstallationSecret(bootstrapSecretsPath: path("Fixtures/bootstrap-secrets.json")).key
    }

    /// The `swift` code blocks of a Markdown text, without their fences.
    static func swiftCodeBlocks(in markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let lines = current {
                if line == "```" {
                    blocks.append(lines.joined(separator: "\n"))
                    current = nil
                } else {
                    current = lines + [line]
                }
            } else if line == "```swift" {
                current = []
            }
        }
        return blocks
    }

    @Test("Every swift code block of the article is compiled here, verbatim")
    func articleCodeIsCompiled() throws {
        let article = try String(
            contentsOfFile: Self.path("Sources/ECETokenKit/ECETokenKit.docc/GettingStarted.md"),
            encoding: .utf8
        )
        let thisFile = try String(contentsOfFile: #filePath, encoding: .utf8)
        let blocks = Self.swiftCodeBlocks(in: article)
        #expect(blocks.count >= 8)
        for block in blocks {
            #expect(thisFile.contains(block + "\n"), "not compiled by this test file:\n\(block)")
        }
    }

    @Test("verifyToken: one call gives the typed facts of a good token and the reason for a bad one")
    func verifyingInOneCall() throws {
        let secret = "6HdYPFHshlNfAloqKyW46TrD2npZ8mtfYbtCJh8I4GE="
        #expect(
            try verifyToken(try Self.fixtureToken("persistent-allocator.jwt"), secret: secret, now: Self.now)
                == "persistent token 084afa29-3107-4c92-82c9-95dd86af4e46 granting [allocator], never expires"
        )
        #expect(
            try verifyToken(try Self.fixtureToken("ephemeral-allocator-proxy.jwt"), secret: secret, now: Self.now)
                .hasSuffix("granting [allocator, proxy], expires at 4102444800")
        )
        #expect(
            try verifyToken(try Self.fixtureToken("other-installation.jwt"), secret: secret, now: Self.now)
                == "rejected: not signed with this installation's secret"
        )
        #expect(
            try verifyToken(try Self.fixtureToken("ephemeral-expired.jwt"), secret: secret, now: Self.now)
                == "rejected: expired"
        )
        #expect(try verifyToken("a.b", secret: secret, now: Self.now).hasPrefix("rejected (segment_count)"))
        #expect(throws: SecretError.self) { try verifyToken("a.b", secret: "", now: Self.now) }
    }

    @Test("The fixture's bootstrap-secrets.json and the same secret given as text make the same key")
    func loadingTheSecret() throws {
        let loaded = try loadInstallationSecret(bootstrapSecretsPath: Self.path("Fixtures/bootstrap-secrets.json"))
        #expect(loaded.key.count == 44)
        #expect(loaded.source == .bootstrapSecrets(path: Self.path("Fixtures/bootstrap-secrets.json")))
        let direct = try makeKey(secret: "6HdYPFHshlNfAloqKyW46TrD2npZ8mtfYbtCJh8I4GE=")
        let token = try Self.fixtureToken("persistent-allocator.jwt")
        #expect(
            describeToken(token, key: direct, now: Self.now) == describeToken(token, key: loaded.key, now: Self.now)
        )
        #expect(throws: SecretError.self) { try makeKey(secret: "") }
        #expect(String(describing: direct) == "SigningKey(44 bytes, redacted)")
    }

    @Test("describeToken: what a token grants, or why it cannot be trusted")
    func describing() throws {
        let key = try Self.fixtureKey()
        #expect(
            describeToken(try Self.fixtureToken("persistent-allocator.jwt"), key: key, now: Self.now)
                == "persistent token granting [allocator]; same roles as ECE's install-time allocator_only_token"
        )
        #expect(
            describeToken(try Self.fixtureToken("ephemeral-allocator-proxy.jwt"), key: key, now: Self.now)
                == "ephemeral token granting [allocator, proxy], expires 2100-01-01T00:00:00Z"
        )
        #expect(
            describeToken(try Self.fixtureToken("other-installation.jwt"), key: key, now: Self.now)
                == "not signed by this installation (bad_signature)"
        )
        let truncated = describeToken("eyJhbGciOiJIUzI1NiJ9.e30", key: key, now: Self.now)
        #expect(truncated.hasPrefix("not a roles token (segment_count)"), "\(truncated)")
    }

    @Test("gateOnRoles passes a fitting token and names every failed check of one that does not fit")
    func gating() throws {
        let key = try Self.fixtureKey()
        let fitting = gateOnRoles(try Self.fixtureToken("ephemeral-allocator-proxy.jwt"), key: key, now: Self.now)
        #expect(fitting.passed)
        #expect(fitting.failures.isEmpty)

        let persistent = gateOnRoles(try Self.fixtureToken("persistent-allocator.jwt"), key: key, now: Self.now)
        #expect(!persistent.passed)
        let failed = Set(persistent.failures.map(\.name.rawValue))
        #expect(failed.isSuperset(of: ["exact-roles", "kind-required", "install-roles"]), "\(failed)")

        let forged = gateOnRoles(try Self.fixtureToken("other-installation.jwt"), key: key, now: Self.now)
        #expect(!forged.passed)
        #expect(forged.failures.map(\.name.rawValue) == ["signature"])
    }

    @Test("A minted token passes the gate until it is about to expire")
    func minting() throws {
        let key = try Self.fixtureKey()
        let minted = try mintAllocatorProxyToken(key: key, now: Self.now)
        #expect(minted.expiresAt == Self.now + 7200)
        #expect(framingProblem(in: minted.token) == nil)
        #expect(gateOnRoles(minted.token, key: key, now: Self.now).passed)
        // 31 minutes later the token has 89 minutes left: less than the gate's 90.
        let later = gateOnRoles(minted.token, key: key, now: Self.now + 31 * 60)
        #expect(!later.passed)
        #expect(later.failures.map(\.name.rawValue) == ["min-validity"])
    }

    @Test("Without a key, roles are decoded but the signature is unverified")
    func decodingWithoutKey() throws {
        let token = try Self.fixtureToken("other-installation.jwt")
        #expect(claimedRoles(token, now: Self.now) != nil)
        let report = TokenInspector(key: nil).inspect(
            TokenInput(bytes: Array(token.utf8), source: "paste"),
            now: Self.now
        )
        #expect(report.signature == .unverified)
    }

    @Test("framingProblem names what is wrong with a mangled token")
    func framing() throws {
        let token = try Self.fixtureToken("persistent-allocator.jwt")
        #expect(framingProblem(in: token) == nil)
        #expect(framingProblem(in: token + " ")?.code == .invalidCharacter)
        #expect(framingProblem(in: "a.b")?.code == .segmentCount)
    }
}
