import ECETokenKit
import Foundation
import Testing

// The documented resource limits, each tested at the limit and one byte (or level) past it, and batch input
// with pathological lines. LineReaderTests covers the line reader alone and StrictJSONParserTests the parser
// alone with custom limits; these use the default limits through the layers the tool uses.

private typealias Support = TokenKitTestSupport

/// A private scratch directory for input files, removed when released.
private final class LimitScratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ResourceLimitTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: url,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` owner-only and returns the path.
    func write(_ bytes: [UInt8], name: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }
}

private enum Limits {
    static let uuid = "0b1f3c5e-7a9d-4b2c-8e6f-1a3b5c7d9e0f"
    static let persistent = #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true}"#

    static func key() throws -> SigningKey { try SigningKey(secretText: Support.secretBytes) }

    static func inspect(_ bytes: [UInt8]) throws -> TokenReport {
        TokenInspector(key: try key()).inspect(TokenInput(bytes: bytes, source: "limit"), now: Support.now)
    }

    /// The length of unpadded base64url for `count` bytes.
    static func base64Length(_ count: Int) -> Int {
        count / 3 * 4 + [0, 2, 3][count % 3]
    }

    /// A token of exactly `length` bytes, correctly signed with the test secret over ECE-shaped claims padded
    /// with a `pad` claim.
    static func signedToken(ofLength length: Int) throws -> String {
        let headers = [
            Support.eceHeader, #"{"typ":"JWT","alg":"HS256" }"#, #"{"typ":"JWT", "alg":"HS256" }"#, #"{"alg":"HS256"}"#,
        ]
        let prefix = #"{"sub":"\#(uuid)","roles":["allocator"],"iss":"current","persistent":true,"pad":""#
        for header in headers {
            let available = length - base64Length(header.utf8.count) - 2 - 43
            for padding in max(0, available * 3 / 4 - prefix.utf8.count - 8)...(available * 3 / 4) {
                let payload = prefix + String(repeating: "p", count: padding) + #""}"#
                if base64Length(payload.utf8.count) == available {
                    let token = try Support.token(header: header, payload: payload)
                    precondition(token.utf8.count == length)
                    return token
                }
            }
        }
        throw LimitError("no token of length \(length)")
    }

    /// `depth` levels of nesting: an object holding `depth - 1` nested arrays.
    static func nestedObject(depth: Int, member: String = "x") -> String {
        #"{"\#(member)":"# + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "}"
    }

    static func items(
        _ bytes: [UInt8],
        scratch: LimitScratch,
        name: String = "input.txt"
    ) throws -> (items: [InputItem], path: String) {
        let path = try scratch.write(bytes, name: name)
        return (TokenInputReader(try ByteSource(path: path)).items(), path)
    }

    /// The source of a token item or of a problem.
    static func describe(_ item: InputItem) -> String {
        switch item {
        case .token(let input): return "token " + input.source
        case .problem(let problem): return "problem " + problem.source
        }
    }
}

private struct LimitError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@Suite("Resource limits: each documented limit at and just past the limit")
struct ResourceLimitTests {

    @Test("The limits are the documented values")
    func documentedValues() throws {
        #expect(CompactToken.maximumLength == 16 * 1024)
        #expect(LineReader.defaultMaximumLineLength == 64 * 1024)
        #expect(StrictJSONParser.defaultMaximumDepth == 32)
        #expect(StrictJSONParser.defaultMaximumBytes == 64 * 1024)
        #expect(BootstrapSecrets.maximumFileSize == 4 * 1024 * 1024)
        #expect(TokenInputReader.maximumDocumentSize == 4 * 1024 * 1024)
        #expect(SecretLoader.maximumSecretFileSize == 64 * 1024)

        // And the README's security model states each of them.
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let model = try #require(text.range(of: "## Security model"), "README has a Security model section")
        let after = text[model.upperBound...]
        let section = String(after[..<(after.range(of: "\n## ")?.lowerBound ?? after.endIndex)])
        for stated in ["16 KiB", "64 KiB", "32", "4 MiB"] {
            #expect(section.contains(stated), "the Security model section does not state \(stated)")
        }
    }

    // MARK: token size

    @Test(
        "A correctly signed token of exactly 16 384 bytes verifies; one byte longer is too_large despite its valid MAC",
        .bug("https://www.rfc-editor.org/rfc/rfc8725#section-3.4", "RFC 8725 §3.4: validate cryptographic inputs")
    )
    func tokenSize() throws {
        let atLimit = try Limits.signedToken(ofLength: CompactToken.maximumLength)
        let report = try Limits.inspect(Array(atLimit.utf8))
        #expect(report.outcome == .pass, "\(report.decodingError?.reason ?? "")")
        #expect(report.signature == .valid)

        let past = try Limits.signedToken(ofLength: CompactToken.maximumLength + 1)
        let refused = try Limits.inspect(Array(past.utf8))
        #expect(refused.outcome == .malformed)
        #expect(refused.decodingError?.code == .tooLarge)
        #expect(refused.decodingError?.reason.contains("16385 bytes") == true)
        #expect(refused.signature == .unverified, "the MAC is never computed over an oversized input")
    }

    @Test(
        "Tokens at and past 16 KiB on lines of a token list: the first verifies, the second is too_large, both reported"
    )
    func tokenSizeInAList() throws {
        let scratch = try LimitScratch()
        let atLimit = try Limits.signedToken(ofLength: CompactToken.maximumLength)
        let past = try Limits.signedToken(ofLength: CompactToken.maximumLength + 1)
        let (items, path) = try Limits.items(Array((atLimit + "\n" + past + "\n").utf8), scratch: scratch)
        #expect(items.map(Limits.describe) == ["token \(path):1", "token \(path):2"])
        let reports = try items.map { item -> TokenReport in
            guard case .token(let input) = item else { throw LimitError("not a token") }
            return TokenInspector(key: try Limits.key()).inspect(input, now: Support.now)
        }
        #expect(reports.map(\.outcome) == [.pass, .malformed])
        #expect(reports[1].decodingError?.code == .tooLarge)
    }

    // MARK: line length

    @Test(
        "A line of exactly 65 536 bytes is read as a token; 65 537 bytes is reported on its line and the next line is read",
        arguments: [0, 1]
    )
    func lineLength(over: Int) throws {
        let scratch = try LimitScratch()
        let valid = try Support.token(payload: Limits.persistent)
        let long = "eyJ" + String(repeating: "A", count: LineReader.defaultMaximumLineLength - 3 + over)
        let (items, path) = try Limits.items(Array((valid + "\n" + long + "\n" + valid + "\n").utf8), scratch: scratch)
        #expect(items.count == 3)
        #expect(items.first.map(Limits.describe) == "token \(path):1")
        #expect(items.last.map(Limits.describe) == "token \(path):3")
        switch items[1] {
        case .token(let input):
            #expect(over == 0)
            #expect(input.bytes.count == LineReader.defaultMaximumLineLength)
            #expect(try Limits.inspect(input.bytes).decodingError?.code == .tooLarge)
        case .problem(let problem):
            #expect(over == 1)
            #expect(problem.source == "\(path):2")
            #expect(problem.kind == .undecodable)
            #expect(problem.reason.contains("65537 bytes"), "\(problem.reason)")
            #expect(problem.reason.contains("65536-byte limit"), "\(problem.reason)")
        }
    }

    // MARK: JSON depth

    @Test(
        "The default JSON parser takes 32 levels and refuses 33 at the opening bracket, for objects and arrays",
        .bug("https://www.cve.org/CVERecord?id=CVE-2025-53864", "Nimbus JOSE+JWT: deeply nested JSON")
    )
    func jsonDepth() throws {
        let parser = StrictJSONParser()
        _ = try parser.parseObject(Array(Limits.nestedObject(depth: 32).utf8))
        var objects = "1"
        for _ in 0..<32 { objects = #"{"a":\#(objects)}"# }
        _ = try parser.parseObject(Array(objects.utf8))

        for text in [Limits.nestedObject(depth: 33), #"{"a":\#(objects)}"#] {
            do {
                _ = try parser.parse(Array(text.utf8))
                Issue.record("33 levels accepted")
            } catch {
                #expect(error.kind == .tooDeep)
                #expect(error.description.contains("deeper than 32 levels"))
            }
        }
    }

    @Test(
        "A one-line API reply nested 32 deep gives its token; 33 deep is a problem on its line, and reading goes on",
        arguments: [32, 33]
    )
    func jsonDepthInAList(depth: Int) throws {
        let scratch = try LimitScratch()
        let valid = try Support.token(payload: Limits.persistent)
        let nested = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
        let reply = #"{"token":"\#(valid)","x":\#(nested)}"#
        let (items, path) = try Limits.items(Array((valid + "\n" + reply + "\n" + valid + "\n").utf8), scratch: scratch)
        let second = depth == 32 ? "token \(path):2" : "problem \(path):2"
        #expect(items.map(Limits.describe) == ["token \(path):1", second, "token \(path):3"])
        if case .problem(let problem) = items[1] {
            #expect(problem.reason.contains("deeper than 32"), "\(problem.reason)")
        }
    }

    /// bootstrap-secrets.json is read with a depth of 64 (real files are shallow; certificates are strings).
    @Test(
        "bootstrap-secrets.json nested 64 deep is read, as a token input and as a secret; 65 deep is refused",
        arguments: [64, 65]
    )
    func bootstrapDepth(depth: Int) throws {
        let scratch = try LimitScratch()
        let token = try Support.token(payload: Limits.persistent)
        let nested = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
        let document =
            "{\n  \"bootstrap_tokens_secret\": \"\(Support.secretText)\",\n  \"allocator_only_token\": \"\(token)\",\n"
            + "  \"extra\": \(nested)\n}\n"
        let (items, path) = try Limits.items(Array(document.utf8), scratch: scratch, name: "bootstrap-secrets.json")
        let loaded = Result(catching: { () throws(SecretError) -> LoadedSecret in
            try SecretLoader.load(from: .bootstrapSecrets(path: path))
        })
        if depth == 64 {
            #expect(items.map(Limits.describe) == ["token \(path):allocator_only_token"])
            #expect(try loaded.get().key.count == Support.secretBytes.count)
        } else {
            #expect(items.count == 1)
            if case .problem(let problem) = items.first {
                #expect(problem.reason.contains("deeper than 64"), "\(problem.reason)")
            } else {
                Issue.record("65 levels gave \(items)")
            }
            #expect(throws: SecretError.self) { try loaded.get() }
        }
    }

    // MARK: JSON size

    @Test("The default JSON parser takes exactly 65 536 bytes and refuses 65 537 before parsing", arguments: [0, 1])
    func jsonBytes(over: Int) throws {
        let filler = StrictJSONParser.defaultMaximumBytes + over - #"{"a":""}"#.utf8.count
        let text = #"{"a":""# + String(repeating: "z", count: filler) + #""}"#
        #expect(text.utf8.count == StrictJSONParser.defaultMaximumBytes + over)
        do {
            let object = try StrictJSONParser().parseObject(Array(text.utf8))
            #expect(over == 0)
            #expect(object["a"]?.stringValue?.utf8.count == filler)
        } catch {
            #expect(over == 1)
            #expect(error.kind == .tooLarge)
            #expect(error.offset == StrictJSONParser.defaultMaximumBytes)
        }
    }

    @Test(
        "A one-line API reply of exactly 65 536 bytes is read; 65 537 bytes is a too-long line, and reading goes on",
        arguments: [0, 1]
    )
    func jsonLineBytes(over: Int) throws {
        let scratch = try LimitScratch()
        let valid = try Support.token(payload: Limits.persistent)
        let skeleton = #"{"token":"\#(valid)","pad":""}"#
        let reply =
            #"{"token":"\#(valid)","pad":""# + String(repeating: "z", count: 65_536 + over - skeleton.utf8.count)
            + #""}"#
        #expect(reply.utf8.count == 65_536 + over)
        let (items, path) = try Limits.items(Array((reply + "\n" + valid + "\n").utf8), scratch: scratch)
        #expect(items.map(Limits.describe) == [over == 0 ? "token \(path):1" : "problem \(path):1", "token \(path):2"])
    }

    // MARK: document and bootstrap-secrets size

    /// A multi-line bootstrap-secrets.json of exactly `size` bytes (lines well under 64 KiB), with the secret and
    /// one install-time token.
    static func bootstrapDocument(size: Int) throws -> [UInt8] {
        let token = try Support.token(payload: Limits.persistent)
        let head =
            "{\n  \"bootstrap_tokens_secret\": \"\(Support.secretText)\",\n  \"allocator_only_token\": \"\(token)\",\n"
        let tail = "  \"last\": 0\n}\n"
        var lines: [String] = []
        let total = size - head.utf8.count - tail.utf8.count
        let count = total / 50_000 + 1
        var remaining = total
        for index in 0..<count {
            let skeleton = "  \"pad\(index)\": \"\",\n"
            let share = index == count - 1 ? remaining : total / count
            let line = "  \"pad\(index)\": \"" + String(repeating: "d", count: share - skeleton.utf8.count) + "\",\n"
            lines.append(line)
            remaining -= line.utf8.count
        }
        let bytes = Array((head + lines.joined() + tail).utf8)
        precondition(bytes.count == size, "built \(bytes.count), wanted \(size)")
        return bytes
    }

    @Test(
        "A bootstrap-secrets.json of exactly 4 MiB is read, as a token input and as a secret; one byte more is refused",
        arguments: [0, 1]
    )
    func bootstrapSize(over: Int) throws {
        let scratch = try LimitScratch()
        let document = try Self.bootstrapDocument(size: BootstrapSecrets.maximumFileSize + over)
        let (items, path) = try Limits.items(document, scratch: scratch, name: "bootstrap-secrets.json")
        let loaded = Result(catching: { () throws(SecretError) -> LoadedSecret in
            try SecretLoader.load(from: .bootstrapSecrets(path: path))
        })
        if over == 0 {
            #expect(items.map(Limits.describe) == ["token \(path):allocator_only_token"])
            #expect(try loaded.get().key.count == Support.secretBytes.count)
        } else {
            #expect(items.count == 1)
            if case .problem(let problem) = items.first {
                #expect(problem.reason.contains("\(TokenInputReader.maximumDocumentSize)"), "\(problem.reason)")
            } else {
                Issue.record("a 4 MiB + 1 document gave \(items.map(Limits.describe))")
            }
            do {
                _ = try loaded.get()
                Issue.record("a 4 MiB + 1 bootstrap-secrets.json was loaded")
            } catch {
                #expect(error.code == .unreadable)
                #expect(error.reason.contains("\(BootstrapSecrets.maximumFileSize)"), "\(error.reason)")
                #expect(!error.reason.contains(Support.secretText))
            }
        }
    }

    // MARK: secret file size

    @Test(
        "A secret file of exactly 64 KiB is read (with or without its newline); 64 KiB + 1 is refused without showing it",
        arguments: [(65_535, true), (65_536, false), (65_536, true), (65_537, false)] as [(Int, Bool)]
    )
    func secretFileSize(secretLength: Int, newline: Bool) throws {
        let scratch = try LimitScratch()
        let secret = [UInt8](repeating: UInt8(ascii: "k"), count: secretLength)
        let path = try scratch.write(secret + (newline ? [0x0A] : []), name: "secret.txt")
        let fileSize = secretLength + (newline ? 1 : 0)
        do {
            let loaded = try SecretLoader.load(from: .file(path: path))
            #expect(fileSize <= SecretLoader.maximumSecretFileSize)
            #expect(loaded.key.count == secretLength)
            #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        } catch {
            #expect(fileSize > SecretLoader.maximumSecretFileSize)
            #expect(error.code == .unreadable)
            #expect(error.reason.contains("\(SecretLoader.maximumSecretFileSize)"), "\(error.reason)")
            #expect(!error.reason.contains("kkkkkkkk"))
        }
    }

    // MARK: pathological batch input

    /// A token list with every kind of pathological line between two valid tokens: each line yields a token or a
    /// problem, in order, with its line number; nothing stops the reading.
    @Test(
        "A token list with a 10 MB line, NUL bytes, invalid UTF-8, 20 000 dots and nesting bombs reports each and goes on"
    )
    func pathologicalBatch() throws {
        let scratch = try LimitScratch()
        let valid = try Support.token(payload: Limits.persistent)
        let lines: [[UInt8]] = [
            Array(valid.utf8),  // 1
            [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000),  // 2: far over the line limit
            Array("eyJhbGciOiJIUzI1NiJ9.e30".utf8) + [0x00, 0x00] + Array(".c2ln".utf8),  // 3: NUL bytes
            Array("eyJhbGciOiJIUzI1NiJ9.".utf8) + [0xFF, 0xFE, 0xC0, 0xAF] + Array(".c2ln".utf8),  // 4: invalid UTF-8
            [UInt8](repeating: UInt8(ascii: "."), count: 20_000),  // 5: 20 000 dots
            Array(Limits.nestedObject(depth: 1000).utf8),  // 6: a one-line JSON nesting bomb
            Array(String(repeating: "[", count: 100_000).utf8),  // 7: 100 000 brackets, over the line limit
            [0x00, 0x00, 0x00, 0x00],  // 8: only NULs (no dot, so the segment count fails first)
            Array(try Limits.signedToken(ofLength: CompactToken.maximumLength + 1).utf8),  // 9: one byte too large
            Array(valid.utf8),  // 10
        ]
        var input: [UInt8] = []
        for line in lines { input += line + [0x0A] }
        let (items, path) = try Limits.items(input, scratch: scratch)
        #expect(
            items.map(Limits.describe) == [
                "token \(path):1", "problem \(path):2", "token \(path):3", "token \(path):4", "token \(path):5",
                "problem \(path):6", "problem \(path):7", "token \(path):8", "token \(path):9", "token \(path):10",
            ]
        )
        var codes: [String] = []
        for item in items {
            switch item {
            case .token(let input):
                let report = TokenInspector(key: try Limits.key()).inspect(input, now: Support.now)
                codes.append(report.decodingError.map { "\($0.code)" } ?? "\(report.outcome)")
            case .problem(let problem):
                #expect(problem.kind == .undecodable)
                codes.append("problem")
            }
        }
        #expect(
            codes == [
                "pass", "problem", "invalid_character", "invalid_character", "too_large", "problem", "problem",
                "segment_count", "too_large", "pass",
            ]
        )
    }

    /// The first line decides whether the input is one multi-line JSON document. A first line that is a complete
    /// but refused object (here a nesting bomb) must not swallow the token list behind it.
    @Test("A nesting bomb on the first line of a token list is one problem; every later token is still read")
    func pathologicalFirstLine() throws {
        let scratch = try LimitScratch()
        let valid = try Support.token(payload: Limits.persistent)
        let input = Limits.nestedObject(depth: 1000) + "\n" + valid + "\n" + valid + "\n"
        let (items, path) = try Limits.items(Array(input.utf8), scratch: scratch)
        #expect(items.map(Limits.describe) == ["problem \(path):1", "token \(path):2", "token \(path):3"])
    }

    /// The same with a broken opening line followed by a line over the limit: the document reading stops at the long
    /// line, but the token list behind it must still be read.
    @Test("A broken '{' first line, then a 10 MB line, then tokens: the tokens are still read")
    func brokenFirstLineThenLongLine() throws {
        let scratch = try LimitScratch()
        let valid = try Support.token(payload: Limits.persistent)
        var input = Array("{\"token\": \n".utf8)
        input += [UInt8](repeating: UInt8(ascii: "x"), count: 10_000_000) + [0x0A]
        input += Array((valid + "\n" + valid + "\n").utf8)
        let (items, path) = try Limits.items(input, scratch: scratch)
        let described = items.map(Limits.describe)
        #expect(described.contains("problem \(path):2"), "the long line is reported on its line: \(described)")
        #expect(described.filter { $0.hasPrefix("token ") } == ["token \(path):3", "token \(path):4"], "\(described)")
    }
}
