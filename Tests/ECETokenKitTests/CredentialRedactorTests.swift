import Foundation
import Testing

@testable import ECETokenKit

@Suite("CredentialRedactor: credentials, authorization values and URL secrets are masked")
struct CredentialRedactorTests {
    static let password = Array("pa ss:w/rd?é\"\\".utf8)
    static let apiKey = Array("S2V5LWZvci10ZXN0czoxMjM0NTY3ODkw".utf8)
    static let redactor = CredentialRedactor(user: "admin", password: password, apiKey: apiKey)

    /// Every spelling in which a credential must not survive.
    static func spellings() -> [String] {
        var result: [String] = []
        for secret in [password, apiKey, Array("admin:".utf8) + password] {
            result += CredentialRedactor.spellings(of: secret).map { String(decoding: $0, as: UTF8.self) }
        }
        result.append(Data(Array("admin:".utf8) + password).base64EncodedString())
        return result
    }

    @Test("Each spelling of each credential is masked, in a sentence and in a JSON string")
    func spellingsMasked() {
        for spelling in Self.spellings() {
            let text = "the coordinator said: rejected \(spelling) (401)"
            let redacted = Self.redactor.redact(text)
            #expect(!redacted.contains(spelling), "\(spelling) survived: \(redacted)")
            #expect(redacted.contains("[REDACTED]"))
        }
    }

    @Test("Foundation's base64 of user:password equals the redactor's")
    func base64MatchesFoundation() {
        let bytes = Array("admin:".utf8) + Self.password
        let ours = String(decoding: CredentialRedactor.base64(bytes, urlSafe: false, padded: true), as: UTF8.self)
        #expect(ours == Data(bytes).base64EncodedString())
    }

    @Test(
        "URL userinfo, query values and the fragment are masked; host and path stay",
        arguments: [
            ("https://admin:pw@host:12443/x", "https://[REDACTED]@host:12443/x"),
            ("see http://h/p?apikey=abc&x=1#frag now", "see http://h/p?apikey=[REDACTED]&x=[REDACTED]#[REDACTED] now"),
            ("\"https://u:p@h\"", "\"https://[REDACTED]@h\""),
            ("https://host:12443", "https://host:12443"),
        ]
    )
    func urls(input: String, expected: String) {
        #expect(CredentialRedactor().redact(input) == expected)
    }

    @Test("A URL without a scheme, as --coordinator takes it, has its userinfo masked")
    func bareURL() {
        #expect(CredentialRedactor.maskURL("admin:pw@host:12443") == "[REDACTED]@host:12443")
        #expect(CredentialRedactor.maskURL("https://a:b@c/?k=v") == "https://[REDACTED]@c/?k=[REDACTED]")
    }

    @Test("Authorization values are masked whatever the credential; English words after 'basic' are not")
    func authorizationValues() {
        let redactor = CredentialRedactor()
        #expect(redactor.redact("header Basic dXNlcjpvdGhlcg== sent") == "header Basic [REDACTED] sent")
        #expect(redactor.redact("ApiKey Zm9vYmFyMTIz") == "ApiKey [REDACTED]")
        #expect(
            redactor.redact("HTTP basic authentication cannot carry it") == "HTTP basic authentication cannot carry it"
        )
    }

    @Test("Property: no credential survives, whatever the surrounding text (2,000 random contexts, fixed seed)")
    func property() {
        var generator = SplitMix64(seed: 0x5EED_CAFE)
        let alphabet = Array("abcXYZ019 :/?#&=@%+\"\\\n\t{}[],é€\u{202E}\u{200B}".unicodeScalars)
        let spellings = Self.spellings()
        for _ in 0..<2_000 {
            func noise() -> String {
                var text = String.UnicodeScalarView()
                for _ in 0..<Int(generator.next() % 12) {
                    text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
                }
                return String(text)
            }
            let spelling = spellings[Int(generator.next() % UInt64(spellings.count))]
            let text = noise() + spelling + noise() + spelling + noise()
            let redacted = Self.redactor.redact(text)
            for credential in [Self.password, Self.apiKey] {
                #expect(!redacted.contains(String(decoding: credential, as: UTF8.self)), "\(text) -> \(redacted)")
            }
            #expect(!redacted.contains(spelling), "\(text) -> \(redacted)")
        }
    }
}

/// A transport that answers every request with one fixed reply: a coordinator that reflects what it got.
private struct FixedReplyTransport: CoordinatorTransport {
    let settings: TransportSettings
    let reply: CoordinatorHTTPResponse

    func perform(_ request: CoordinatorHTTPRequest, url: String) throws(TransportFailure) -> CoordinatorHTTPResponse {
        reply
    }
}

@Suite("CoordinatorClient: replies are masked before a message cuts them short")
struct CoordinatorClientRedactionTests {
    static let password = "Zq9-long-password-that-straddles-the-cut-7Hk2"

    static func client(status: Int, body: String) throws -> CoordinatorClient {
        let settings = TransportSettings(
            credentials: try CoordinatorCredentials(user: "admin", passwordBytes: Array(password.utf8)),
            userAgent: "test"
        )
        return CoordinatorClient(
            endpoint: CoordinatorEndpoint(scheme: .https, host: "ece", port: 12_443),
            transport: FixedReplyTransport(
                settings: settings,
                reply: CoordinatorHTTPResponse(status: status, body: Array(body.utf8))
            )
        )
    }

    @Test("A credential where an excerpt is cut leaves no prefix of itself", arguments: [200, 500])
    func straddlingTheCut(status: Int) throws {
        // 45 characters, then the password: a 60- or 80-character excerpt would end inside it.
        let body = String(repeating: "x", count: 45) + Self.password + String(repeating: "y", count: 200)
        let error = #expect(throws: CoordinatorError.self) { try Self.client(status: status, body: body).listTokens() }
        let reason = try #require(error?.reason)
        #expect(!reason.contains(String(Self.password.prefix(8))), "\(reason)")
        #expect(reason.contains("[REDACTED]"), "\(reason)")
    }
}
