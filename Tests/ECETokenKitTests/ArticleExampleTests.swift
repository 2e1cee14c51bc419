// The code of the articles on verification, policy checks and the coordinator client
// (Sources/ECETokenKit/ECETokenKit.docc), compiled and run, as DocumentationExampleTests does for the
// getting-started article: the first test checks that every `swift` code block of those articles appears
// here verbatim (this file does not use `@testable import`).

import ECETokenKit
import Foundation
import Testing

// MARK: - The articles' code, verbatim

/// Says how far a token got: which step stopped it, or whether it is genuine.
func verificationStage(of report: TokenReport) -> String {
    switch report.outcome {
    case .malformed: return "not a token: \(report.decodingError?.reason ?? "")"
    case .signatureInvalid: return "header or signature rejected; claims not checked"
    case .checkFailed: return "genuine or unverified, but a check failed"
    case .pass: return report.signature == .valid ? "genuine, every check passed" : "decoded only, not verified"
    }
}

/// Verifies a token for an allocator host; returns every reason it must not be used, or none.
func reasonsToRefuse(_ token: String, verifier: RolesTokenVerifier, now: Int64) -> [String] {
    let requirements = PolicyRequirements(requiredRoles: ["allocator"], minimumValidity: 3600)
    do {
        _ = try verifier.verify(token, now: now, requirements: requirements)
        return []
    } catch {
        if error.failedChecks.isEmpty { return ["\(error.code): \(error.reason)"] }
        return error.failedChecks.map { "\($0.name): \($0.message)" }
    }
}

/// A transport that answers from a table keyed by "METHOD path": for tests without a network.
struct CannedTransport: CoordinatorTransport {
    let settings = TransportSettings(credentials: nil, userAgent: "example/1.0")
    let replies: [String: CoordinatorHTTPResponse]

    func perform(_ request: CoordinatorHTTPRequest, url: String) throws(TransportFailure) -> CoordinatorHTTPResponse {
        guard let reply = replies["\(request.method.rawValue) \(request.path)"] else {
            throw TransportFailure(.connectionRefused, detail: "no canned reply for \(request.path)")
        }
        return reply
    }
}

/// The ids of the persistent tokens a coordinator lists, or why it could not be asked.
func describeListedTokens(client: CoordinatorClient) -> String {
    do {
        let ids = try client.listTokens().map(\.tokenID)
        return "\(ids.count) persistent tokens: \(ids.joined(separator: ", "))"
    } catch {
        // error is a CoordinatorError: match on its code, show its reason.
        return "\(error.code): \(error.reason)"
    }
}

// MARK: - Tests

@Suite("Documentation: the articles' code compiles and does what the articles say")
struct ArticleExampleTests {
    static let now = DocumentationExampleTests.now
    static let articles = ["Verification.md", "PolicyChecks.md", "TalkingToACoordinator.md"]

    @Test("Every swift code block of the articles is compiled here, verbatim", arguments: articles)
    func articleCodeIsCompiled(article: String) throws {
        let text = try String(
            contentsOfFile: DocumentationExampleTests.path("Sources/ECETokenKit/ECETokenKit.docc/\(article)"),
            encoding: .utf8
        )
        let thisFile = try String(contentsOfFile: #filePath, encoding: .utf8)
        let blocks = DocumentationExampleTests.swiftCodeBlocks(in: text)
        #expect(!blocks.isEmpty)
        for block in blocks {
            #expect(thisFile.contains(block + "\n"), "not compiled by this test file:\n\(block)")
        }
    }

    @Test("verificationStage names the step that stopped a token, or says it is genuine")
    func stages() throws {
        let inspector = TokenInspector(key: try DocumentationExampleTests.fixtureKey())
        func stage(_ name: String) throws -> String {
            let token = try DocumentationExampleTests.fixtureToken(name)
            return verificationStage(of: inspector.inspect(token, now: Self.now))
        }
        #expect(try stage("persistent-allocator.jwt") == "genuine, every check passed")
        #expect(try stage("other-installation.jwt") == "header or signature rejected; claims not checked")
        #expect(try stage("tampered-signature.jwt") == "header or signature rejected; claims not checked")
        #expect(try stage("ephemeral-expired.jwt") == "genuine or unverified, but a check failed")
        #expect(verificationStage(of: inspector.inspect("a.b", now: Self.now)).hasPrefix("not a token: "))
        let unverified = TokenInspector(key: nil).inspect(
            try DocumentationExampleTests.fixtureToken("other-installation.jwt"),
            now: Self.now
        )
        #expect(verificationStage(of: unverified) == "decoded only, not verified")
    }

    @Test("reasonsToRefuse lists every failed requirement, or the one reason a token is not genuine")
    func refusing() throws {
        let verifier = RolesTokenVerifier(key: try DocumentationExampleTests.fixtureKey())
        func reasons(_ name: String) throws -> [String] {
            reasonsToRefuse(try DocumentationExampleTests.fixtureToken(name), verifier: verifier, now: Self.now)
        }
        #expect(try reasons("persistent-allocator.jwt").isEmpty)
        #expect(try reasons("ephemeral-allocator-proxy.jwt").isEmpty)
        let notAllocator = try reasons("persistent-coordinator-director.jwt")
        #expect(notAllocator.count == 1)
        #expect(notAllocator.first?.hasPrefix("require-roles: ") == true)
        let expired = try reasons("ephemeral-expired.jwt")
        #expect(expired.contains { $0.hasPrefix("expiry: ") })
        #expect(expired.contains { $0.hasPrefix("min-validity: ") })
        let forged = try reasons("other-installation.jwt")
        #expect(forged.count == 1)
        #expect(forged.first?.hasPrefix("\(TokenError.Code.signatureMismatch): ") == true)
    }

    @Test("describeListedTokens over CannedTransport: the listed ids, or the error's code and reason")
    func listing() throws {
        let endpoint = try CoordinatorEndpoint(parsing: "ece-1.example")
        let path = "/api/v1/platform/configuration/security/enrollment-tokens"
        let listed = CoordinatorHTTPResponse(
            status: 200,
            body: Array(
                #"{"tokens":[{"token_id":"4c8990df","roles":["allocator"]},{"token_id":"084afa29","roles":[]}]}"#.utf8
            )
        )
        let client = CoordinatorClient(endpoint: endpoint, transport: CannedTransport(replies: ["GET \(path)": listed]))
        #expect(describeListedTokens(client: client) == "2 persistent tokens: 4c8990df, 084afa29")

        let refused = CoordinatorClient(endpoint: endpoint, transport: CannedTransport(replies: [:]))
        let unreachable = describeListedTokens(client: refused)
        #expect(unreachable.hasPrefix("\(CoordinatorError.Code.connectionRefused): "))
        #expect(unreachable.contains("ece-1.example"))

        let unauthorized = CoordinatorHTTPResponse(status: 401, body: [])
        let denied = CoordinatorClient(
            endpoint: endpoint,
            transport: CannedTransport(replies: ["GET \(path)": unauthorized])
        )
        #expect(describeListedTokens(client: denied).hasPrefix("\(CoordinatorError.Code.unauthorized): "))
    }
}
