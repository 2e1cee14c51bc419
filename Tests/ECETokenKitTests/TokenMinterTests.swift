import ECETokenKit
import Testing

private typealias Support = TokenKitTestSupport

@Suite("TokenMinter: tokens made the way ECE makes them")
struct TokenMinterTests {
    static let now = Support.now
    static let uuid = "4c8990df-1fb7-4820-b868-6bc9e8860814"

    static func key() throws -> SigningKey { try SigningKey(secretText: Support.secretBytes) }

    static func minter() throws -> TokenMinter { TokenMinter(key: try key()) }

    /// The decoded header and payload text of a compact token.
    static func parts(_ token: String) throws -> (header: String, payload: String) {
        let compact = try CompactToken(parsing: Array(token.utf8))
        return (
            String(decoding: compact.headerBytes, as: UTF8.self), String(decoding: compact.payloadBytes, as: UTF8.self)
        )
    }

    static func inspect(_ token: String, now: Int64 = now) throws -> TokenReport {
        TokenInspector(key: try key()).inspect(TokenInput(bytes: Array(token.utf8), source: "minted"), now: now)
    }

    /// Whether `text` is a lowercase RFC 9562 version-4 UUID: 8-4-4-4-12 hex, version 4, variant 10xx.
    static func isVersion4UUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        guard text.allSatisfy({ $0 == "-" || ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else {
            return false
        }
        return groups[2].first == "4" && "89ab".contains(groups[3].first!)
    }

    @Test("A persistent token: exact header and claims (sub, roles, iss, persistent), no exp, verifies and classifies")
    func persistent() throws {
        let minted = try Self.minter().mint(
            .init(roles: ["allocator"], kind: .persistent, subject: Self.uuid),
            now: Self.now
        )
        let (header, payload) = try Self.parts(minted.token)
        #expect(header == #"{"typ":"JWT","alg":"HS256"}"#)
        #expect(payload == #"{"sub":"\#(Self.uuid)","roles":["allocator"],"iss":"current","persistent":true}"#)
        #expect(minted.subject == Self.uuid)
        #expect(minted.expiresAt == nil)

        let report = try Self.inspect(minted.token)
        #expect(report.signature == .valid)
        #expect(report.outcome == .pass, "\(report.checks)")
        #expect(report.kind == .persistent)
        #expect(report.claims?.persistent.value == true)
        #expect(report.claims?.expiration.isPresent == false)
        #expect(report.roles == ["allocator"])
        #expect(report.subject == Self.uuid)
        #expect(report.issuer == "current")
        #expect(report.installTimeShape == .allocatorOnly)
    }

    @Test("An ephemeral token with the default validity: exp = now + 3600, persistent:false, verifies and classifies")
    func ephemeralDefault() throws {
        #expect(TokenMinter.defaultValidity == 3600)
        let minted = try Self.minter().mint(
            .init(roles: ["allocator", "proxy"], kind: .ephemeral, subject: Self.uuid),
            now: Self.now
        )
        #expect(minted.expiresAt == Self.now + 3600)
        let (_, payload) = try Self.parts(minted.token)
        #expect(
            payload
                == #"{"sub":"\#(Self.uuid)","roles":["allocator","proxy"],"iss":"current","persistent":false,"exp":1800003600}"#
        )
        let report = try Self.inspect(minted.token)
        #expect(report.outcome == .pass, "\(report.checks)")
        #expect(report.kind == .ephemeral)
        #expect(report.claims?.persistent.value == false)
        #expect(report.expiry?.seconds == Self.now + 3600)
        #expect(report.expiry?.secondsRemaining == 3600)
        #expect(report.roles == ["allocator", "proxy"])
    }

    @Test(
        "An ephemeral token with a validity: exp = now + validity; it expires on time",
        arguments: [1, 90, 7200, 86_400 * 30] as [Int64]
    )
    func ephemeralValidity(validity: Int64) throws {
        let minted = try Self.minter().mint(
            .init(roles: ["allocator"], kind: .ephemeral, validity: validity),
            now: Self.now
        )
        #expect(minted.expiresAt == Self.now + validity)
        #expect(try Self.inspect(minted.token, now: Self.now + validity - 1).outcome == .pass)
        #expect(try Self.inspect(minted.token, now: Self.now + validity).outcome == .checkFailed)
    }

    @Test("The header is exactly {\"typ\":\"JWT\",\"alg\":\"HS256\"}, byte for byte")
    func header() throws {
        #expect(TokenMinter.header == #"{"typ":"JWT","alg":"HS256"}"#)
        let minted = try Self.minter().mint(.init(roles: [], kind: .persistent), now: Self.now)
        #expect(minted.token.hasPrefix("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9."))
    }

    @Test("The token equals one signed independently over the same header and claims")
    func sameAsIndependentSigning() throws {
        let minted = try Self.minter().mint(
            .init(roles: ["coordinator", "proxy", "director"], kind: .ephemeral, validity: 600, subject: Self.uuid),
            now: Self.now
        )
        let expected = try Support.token(
            payload:
                #"{"sub":"\#(Self.uuid)","roles":["coordinator","proxy","director"],"iss":"current","persistent":false,"exp":1800000600}"#
        )
        #expect(minted.token == expected)
    }

    @Test("Empty roles, an issuer override and unknown or duplicate role names are written as given, in order")
    func rolesAndIssuer() throws {
        let empty = try Self.minter().mint(.init(roles: [], kind: .persistent, subject: Self.uuid), now: Self.now)
        #expect(try Self.parts(empty.token).payload.contains(#""roles":[],"#))
        #expect(try Self.inspect(empty.token).installTimeShape == .bootstrapRunner)

        let custom = try Self.minter().mint(
            .init(
                roles: ["proxy", "beats-runner", "proxy"],
                kind: .persistent,
                issuer: "bootstrap-initial",
                subject: Self.uuid
            ),
            now: Self.now
        )
        #expect(
            try Self.parts(custom.token).payload
                == #"{"sub":"\#(Self.uuid)","roles":["proxy","beats-runner","proxy"],"iss":"bootstrap-initial","persistent":true}"#
        )
        #expect(try Self.inspect(custom.token).issuer == "bootstrap-initial")
    }

    @Test("Strings are JSON-escaped, so odd values still give a valid token")
    func escaping() throws {
        let minted = try Self.minter().mint(
            .init(roles: ["a\"b", "c\\d"], kind: .persistent, issuer: "line\nbreak", subject: "x"),
            now: Self.now
        )
        let report = try Self.inspect(minted.token)
        #expect(report.signature == .valid)
        #expect(report.roles == ["a\"b", "c\\d"])
        #expect(report.issuer == "line\nbreak")
    }

    @Test("Random subjects are distinct lowercase version-4 UUIDs, and sub is the persistent token's id")
    func randomSubjects() throws {
        let minter = try Self.minter()
        var subjects: Set<String> = []
        for _ in 0..<64 {
            let minted = try minter.mint(.init(roles: ["allocator"], kind: .persistent), now: Self.now)
            #expect(Self.isVersion4UUID(minted.subject), "\(minted.subject)")
            #expect(try Self.inspect(minted.token).subject == minted.subject)
            subjects.insert(minted.subject)
        }
        #expect(subjects.count == 64)
        let direct = (0..<256).map { _ in UUIDGenerator.randomUUIDString() }
        #expect(direct.allSatisfy(Self.isVersion4UUID))
        #expect(Set(direct).count == direct.count)
    }

    @Test("Two tokens minted with the same request differ only by their random subject")
    func freshSubjectEachTime() throws {
        let minter = try Self.minter()
        let request = TokenMinter.Request(roles: ["allocator"], kind: .persistent)
        let first = try minter.mint(request, now: Self.now)
        let second = try minter.mint(request, now: Self.now)
        #expect(first.token != second.token)
        #expect(first.subject != second.subject)
    }

    @Test("A weak key (shorter than 32 bytes) is refused unless allowed")
    func weakKey() throws {
        let weak = try SigningKey(secretText: Array("short secret".utf8))
        let request = TokenMinter.Request(roles: ["allocator"], kind: .persistent)
        #expect {
            try TokenMinter(key: weak).mint(request, now: Self.now)
        } throws: { error in
            (error as? TokenError)?.code == .weakKey
        }
        let allowed = try TokenMinter(key: weak, allowsWeakKey: true).mint(request, now: Self.now)
        #expect(try CompactToken(parsing: Array(allowed.token.utf8)).signatureBytes.count == 32)

        let exactly32 = try SigningKey(secretText: Array(repeating: UInt8(ascii: "k"), count: 32))
        #expect(throws: Never.self) { try TokenMinter(key: exactly32).mint(request, now: Self.now) }
        let only31 = try SigningKey(secretText: Array(repeating: UInt8(ascii: "k"), count: 31))
        #expect(throws: TokenError.self) { try TokenMinter(key: only31).mint(request, now: Self.now) }
    }

    @Test("A validity that overflows the clock is refused, not trapped on")
    func overflow() throws {
        #expect(throws: TokenError.self) {
            try Self.minter().mint(.init(roles: [], kind: .ephemeral, validity: 3600), now: Int64.max - 10)
        }
    }

    @Test("The Request defaults are ECE's: iss current, 1 h, random subject")
    func requestDefaults() {
        let request = TokenMinter.Request(roles: ["allocator"], kind: .ephemeral)
        #expect(request.issuer == "current")
        #expect(request.validity == 3600)
        #expect(request.subject == nil)
    }
}
