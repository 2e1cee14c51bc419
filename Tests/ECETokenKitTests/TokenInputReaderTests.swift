import ECETokenKit
import Foundation
import Testing

/// A JSON input that must give exactly one problem, and a phrase its reason must contain.
struct JSONProblemCase: Sendable, CustomTestStringConvertible {
    let label: String
    let input: String
    let phrase: String
    /// Whether the problem is reported at `NAME:1` (one JSON line) rather than `NAME` (one document).
    let onLine: Bool

    var testDescription: String { label }
}

@Suite("TokenInputReader: tokens from token lists, API replies and bootstrap-secrets.json")
struct TokenInputReaderTests {
    /// The items of `text` written to a file called `name`, and the file's path (the source name).
    static func items(_ text: String, name: String = "tokens.txt") throws -> (items: [InputItem], path: String) {
        try items(Array(text.utf8), name: name)
    }

    static func items(_ bytes: [UInt8], name: String = "tokens.txt") throws -> (items: [InputItem], path: String) {
        let scratch = try InputScratchDirectory()
        let path = try scratch.write(bytes, name: name)
        return (TokenInputReader(try ByteSource(path: path)).items(), path)
    }

    static func token(_ text: String, _ source: String, apiTokenID: String? = nil, raw: String? = nil) -> InputItem {
        .token(
            TokenInput(
                bytes: Array(text.utf8),
                source: source,
                apiTokenID: apiTokenID,
                rawBytes: raw.map { Array($0.utf8) },
                line: line(of: source)
            )
        )
    }

    /// The line number in a `PATH:LINE` or `PATH:LINE:member` source; `nil` for a whole-document source.
    static func line(of source: String) -> Int? {
        guard let slash = source.lastIndex(of: "/") else { return nil }
        let parts = source[source.index(after: slash)...].split(separator: ":")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }

    static func problems(_ items: [InputItem]) -> [InputProblem] {
        items.compactMap { if case .problem(let problem) = $0 { problem } else { nil } }
    }

    /// Three stand-in compact tokens; the reader never decodes them.
    static let tokenA = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnLWE"
    static let tokenB = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiIn0.c2lnLWI"
    static let tokenC = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjIn0.c2lnLWM"

    // MARK: one token per line

    @Test("One token per line: comments and blank lines skipped, spaces and CRLF trimmed, raw line kept")
    func tokenPerLine() throws {
        let input =
            "# install-time tokens\r\n" + "\r\n" + "  \(Self.tokenA)  \r\n" + "\t\(Self.tokenB)\n"
            + "   # indented comment\n"
            + " \t \n" + "\(Self.tokenC)"
        let (items, path) = try Self.items(input)
        #expect(
            items == [
                Self.token(Self.tokenA, "\(path):3", raw: "  \(Self.tokenA)  \r"),
                Self.token(Self.tokenB, "\(path):4", raw: "\t\(Self.tokenB)"),
                Self.token(Self.tokenC, "\(path):7"),
            ]
        )
        // A line that needed no trimming has identical raw bytes; a CRLF line keeps its \r in rawBytes only.
        guard case .token(let first) = items.first, case .token(let last) = items.last else {
            Issue.record("expected tokens, got \(items)")
            return
        }
        #expect(first.rawBytes.last == 0x0D)
        #expect(first.bytes.last != 0x0D)
        #expect(first.apiTokenID == nil)
        #expect(last.rawBytes == last.bytes)
    }

    @Test("Sources are NAME:LINE, counting comment and blank lines")
    func sourcesCountEveryLine() throws {
        let (items, path) = try Self.items("\n\n# c\n\(Self.tokenA)\n\n\(Self.tokenB)\n", name: "batch.txt")
        #expect(path.hasSuffix("/batch.txt"))
        #expect(items == [Self.token(Self.tokenA, "\(path):4"), Self.token(Self.tokenB, "\(path):6")])
    }

    // MARK: enrollment-tokens API replies

    @Test("An API reply on one line: the token, with token_id carried as apiTokenID")
    func apiReplyOneLine() throws {
        let (items, path) = try Self.items(#"{"token":"\#(Self.tokenA)","token_id":"f2a1-77"}"# + "\n")
        #expect(items == [Self.token(Self.tokenA, "\(path):1", apiTokenID: "f2a1-77")])
    }

    @Test("An API reply without token_id gives the token with no apiTokenID")
    func apiReplyWithoutID() throws {
        let (items, path) = try Self.items("  " + #"{"token": "\#(Self.tokenA)"}"# + "\r\n")
        #expect(items == [Self.token(Self.tokenA, "\(path):1")])
    }

    @Test("A pretty-printed, multi-line API reply is one document: the token, with its token_id")
    func apiReplyDocument() throws {
        let input = """
            {
              "token_id" : "9b0e-41c2",
              "token" : "\(Self.tokenB)"
            }

            """
        let (items, path) = try Self.items(input, name: "reply.json")
        #expect(items == [Self.token(Self.tokenB, path, apiTokenID: "9b0e-41c2")])
    }

    @Test("A pretty-printed API reply with CRLF line endings reads the same")
    func apiReplyDocumentCRLF() throws {
        let input = "{\r\n  \"token\": \"\(Self.tokenC)\",\r\n  \"token_id\": \"id-3\"\r\n}\r\n"
        let (items, path) = try Self.items(input, name: "reply.json")
        #expect(items == [Self.token(Self.tokenC, path, apiTokenID: "id-3")])
    }

    @Test(
        "A non-string token or token_id is a problem, on one line or in a document",
        arguments: [
            (#"{"token":42}"#, "\"token\" is not a string"),
            (#"{"token":null,"token_id":"x"}"#, "\"token\" is not a string"),
            (#"{"token":["a.b.c"]}"#, "\"token\" is not a string"),
            (#"{"token":"a.b.c","token_id":7}"#, "\"token_id\" is not a string"),
            (#"{"token":"a.b.c","token_id":null}"#, "\"token_id\" is not a string"),
            (#"{"token":"a.b.c","token_id":{"id":"x"}}"#, "\"token_id\" is not a string"),
        ]
    )
    func nonStringMembers(json: String, phrase: String) throws {
        let (lineItems, linePath) = try Self.items(json + "\n")
        #expect(lineItems.count == 1)
        let lineProblem = try #require(Self.problems(lineItems).first, "\(lineItems)")
        #expect(lineProblem.kind == .undecodable)
        #expect(lineProblem.source == "\(linePath):1")
        #expect(lineProblem.reason.contains(phrase), "\(lineProblem)")

        // The same object spread over lines.
        let document =
            json.replacingOccurrences(of: "{\"", with: "{\n  \"").replacingOccurrences(of: ",\"", with: ",\n  \"")
            .replacingOccurrences(of: "}", with: "\n}") + "\n"
        let (documentItems, documentPath) = try Self.items(document)
        #expect(documentItems.count == 1)
        let documentProblem = try #require(Self.problems(documentItems).first, "\(documentItems)")
        #expect(documentProblem.kind == .undecodable)
        #expect(documentProblem.source == documentPath)
        #expect(documentProblem.reason.contains(phrase), "\(documentProblem)")
    }

    @Test("JSON lines: several API replies, one per line, each with its line and token_id")
    func apiReplyLines() throws {
        let input =
            #"{"token":"\#(Self.tokenA)","token_id":"id-1"}"# + "\n" + "\n" + "# the second one\n"
            + #" {"token_id":"id-2","token":"\#(Self.tokenB)"} "# + "\r\n" + #"{"token":"\#(Self.tokenC)"}"#
        let (items, path) = try Self.items(input, name: "replies.jsonl")
        #expect(
            items == [
                Self.token(Self.tokenA, "\(path):1", apiTokenID: "id-1"),
                Self.token(Self.tokenB, "\(path):4", apiTokenID: "id-2"),
                Self.token(Self.tokenC, "\(path):5"),
            ]
        )
    }

    @Test("Tokens and JSON lines mix, in input order; a bad JSON line after content is a problem on its line")
    func mixedLines() throws {
        let input =
            "\(Self.tokenA)\n" + #"{"token":"\#(Self.tokenB)","token_id":"id-b"}"# + "\n{not json\n" + #"{"other":1}"#
            + "\n\(Self.tokenC)\n"
        let (items, path) = try Self.items(input)
        try #require(items.count == 5, "\(items)")
        #expect(items[0] == Self.token(Self.tokenA, "\(path):1"))
        #expect(items[1] == Self.token(Self.tokenB, "\(path):2", apiTokenID: "id-b"))
        guard case .problem(let badJSON) = items[2], case .problem(let otherObject) = items[3] else {
            Issue.record("expected two problems, got \(items)")
            return
        }
        #expect(badJSON.source == "\(path):3")
        #expect(badJSON.reason.contains("not a valid JSON object"))
        #expect(otherObject.source == "\(path):4")
        #expect(items[4] == Self.token(Self.tokenC, "\(path):5"))
    }

    // MARK: bootstrap-secrets.json

    @Test("bootstrap-secrets.json yields exactly its three install-time tokens, as NAME:member, and nothing else")
    func bootstrapSecrets() throws {
        let path = InputScratchDirectory.fixture("bootstrap-secrets.json")
        let items = TokenInputReader(try ByteSource(path: path)).items()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let members = [
            "bootstrap_runner_roles_token", "allocator_only_token", "emergency_all_roles_except_allocator_token",
        ]
        #expect(BootstrapSecrets.tokenMembers == members)
        let expected = try members.map { member in
            Self.token(try #require(object[member] as? String), "\(path):\(member)")
        }
        #expect(items == expected)
        // Nothing else from the file: no secret, password or certificate appears in any item.
        let secret = try #require(object["bootstrap_tokens_secret"] as? String)
        for item in items {
            guard case .token(let input) = item else { continue }
            let text = String(decoding: input.bytes, as: UTF8.self)
            #expect(!text.contains(secret))
            #expect(!text.contains("dummy"))
            #expect(!text.contains("BEGIN"))
            #expect(input.apiTokenID == nil)
        }
    }

    @Test("A bootstrap-secrets object on one line gives its tokens as NAME:LINE:member")
    func bootstrapSecretsOneLine() throws {
        let input =
            #"{"bootstrap_tokens_secret":"s3cr3t-value","allocator_only_token":"\#(Self.tokenA)","root_password":"pw"}"#
        let (items, path) = try Self.items(input + "\n", name: "secrets.json")
        #expect(items == [Self.token(Self.tokenA, "\(path):1:allocator_only_token")])
    }

    @Test("A bootstrap-secrets file without install-time tokens is one problem that names no value")
    func bootstrapSecretsWithoutTokens() throws {
        let input = "{\n  \"bootstrap_tokens_secret\": \"s3cr3t-value\",\n  \"root_password\": \"pw-value\"\n}\n"
        let (items, path) = try Self.items(input, name: "secrets.json")
        #expect(items.count == 1)
        let problem = try #require(Self.problems(items).first, "\(items)")
        #expect(problem.source == path)
        #expect(problem.reason.contains("without install-time tokens"))
        #expect(!problem.description.contains("s3cr3t-value"))
        #expect(!problem.description.contains("pw-value"))
    }

    // MARK: JSON that is not a token container

    @Test(
        "JSON that holds no token is exactly one problem saying what it is",
        arguments: [
            JSONProblemCase(
                label: "JWS flattened JSON serialization, one line",
                input: #"{"payload":"eyJzdWIiOiJ4In0","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"c2ln"}"# + "\n",
                phrase: "JSON serialization",
                onLine: true
            ),
            JSONProblemCase(
                label: "JWS flattened JSON serialization, pretty-printed",
                input:
                    "{\n  \"payload\": \"eyJzdWIiOiJ4In0\",\n  \"protected\": \"eyJhbGciOiJIUzI1NiJ9\",\n  \"signature\": \"c2ln\"\n}\n",
                phrase: "JSON serialization",
                onLine: false
            ),
            JSONProblemCase(
                label: "JWS general JSON serialization",
                input:
                    #"{"payload":"eyJzdWIiOiJ4In0","signatures":[{"protected":"eyJhbGciOiJIUzI1NiJ9","signature":"c2ln"}]}"#,
                phrase: "JSON serialization",
                onLine: true
            ),
            JSONProblemCase(
                label: "an unrelated object, one line",
                input: #"{"name":"allocator-1","zone":"z1"}"# + "\n",
                phrase: "neither",
                onLine: true
            ),
            JSONProblemCase(
                label: "an unrelated object, pretty-printed",
                input: "{\n  \"name\": \"allocator-1\"\n}\n",
                phrase: "neither",
                onLine: false
            ),
            JSONProblemCase(label: "an empty object", input: "{}\n", phrase: "neither", onLine: true),
            JSONProblemCase(
                label: "a truncated document",
                input: "{\n  \"token\": \"\(TokenInputReaderTests.tokenA)\",\n  \"token_id\": \n",
                phrase: "not a valid JSON object",
                onLine: false
            ),
            JSONProblemCase(
                label: "a document with trailing garbage",
                input: "{\n  \"token\": \"\(TokenInputReaderTests.tokenA)\"\n}\n}\n",
                phrase: "not a valid JSON object",
                onLine: false
            ),
            JSONProblemCase(
                label: "two documents back to back",
                input:
                    "{\n  \"token\": \"\(TokenInputReaderTests.tokenA)\"\n}\n{\n  \"token\": \"\(TokenInputReaderTests.tokenB)\"\n}\n",
                phrase: "not a valid JSON object",
                onLine: false
            ),
            JSONProblemCase(
                label: "invalid JSON on the only line",
                input: "{\"token\": 'single-quoted'}",
                phrase: "not a valid JSON object",
                onLine: false
            ),
        ]
    )
    func jsonProblems(problemCase: JSONProblemCase) throws {
        let (items, path) = try Self.items(problemCase.input, name: "input.json")
        #expect(items.count == 1, "\(items)")
        let problem = try #require(Self.problems(items).first, "\(items)")
        #expect(problem.kind == .undecodable)
        #expect(problem.source == (problemCase.onLine ? "\(path):1" : path))
        #expect(problem.reason.contains(problemCase.phrase), "\(problem)")
    }

    @Test("A list whose first line is a broken JSON object still yields every token after it")
    func brokenFirstLineOfAList() throws {
        let input = "{oops\n\(Self.tokenA)\n\(Self.tokenB)\n"
        let (items, path) = try Self.items(input)
        #expect(items.count == 3, "\(items)")
        let problem = try #require(Self.problems(items).first)
        #expect(problem.source == "\(path):1")
        let tokens = items.compactMap { item -> TokenInput? in
            if case .token(let input) = item { return input } else { return nil }
        }
        #expect(tokens.map(\.source) == ["\(path):2", "\(path):3"])
    }

    // MARK: empty input and long lines

    @Test(
        "An input with no token is one problem: no token found",
        arguments: ["", "\n", "\r\n\r\n", "# only a comment\n\n  # another\n", "   \t  "]
    )
    func noToken(input: String) throws {
        let (items, path) = try Self.items(input)
        #expect(items.count == 1, "\(items)")
        let problem = try #require(Self.problems(items).first, "\(items)")
        #expect(problem.kind == .undecodable)
        #expect(problem.source == path)
        #expect(problem.reason.contains("no token found"))
    }

    @Test("A too-long line is a problem on its line, and reading goes on: every line accounted for, in order")
    func tooLongLine() throws {
        let long = String(repeating: "x", count: 70_000)
        let veryLong = String(repeating: "y", count: 300_000)
        let input =
            "\(Self.tokenA)\n\(long)\n\(Self.tokenB)\n\(veryLong)\n" + #"{"token":"\#(Self.tokenC)"}"# + "\n\(long)"
        let (items, path) = try Self.items(input)
        try #require(items.count == 6, "\(items.count) items")
        #expect(items[0] == Self.token(Self.tokenA, "\(path):1"))
        #expect(items[2] == Self.token(Self.tokenB, "\(path):3"))
        #expect(items[4] == Self.token(Self.tokenC, "\(path):5"))
        for (index, length) in [(1, 70_000), (3, 300_000), (5, 70_000)] {
            guard case .problem(let problem) = items[index] else {
                Issue.record("item \(index) is not a problem: \(items[index])")
                continue
            }
            #expect(problem.kind == .undecodable)
            #expect(problem.source == "\(path):\(index + 1)")
            #expect(problem.reason.contains("\(length) bytes"), "\(problem)")
            #expect(problem.reason.contains("\(LineReader.defaultMaximumLineLength)"), "\(problem)")
        }
    }

    @Test("A too-long first line counts as content: the next lines are not read as one JSON document")
    func tooLongFirstLine() throws {
        let input = String(repeating: "x", count: 70_000) + "\n{\n\(Self.tokenA)\n"
        let (items, path) = try Self.items(input)
        try #require(items.count == 3, "\(items)")
        guard case .problem(let first) = items[0], case .problem(let brace) = items[1] else {
            Issue.record("expected two problems first, got \(items)")
            return
        }
        #expect(first.source == "\(path):1")
        #expect(brace.source == "\(path):2")
        #expect(items[2] == Self.token(Self.tokenA, "\(path):3"))
    }

    @Test("A too-long line inside a multi-line JSON document is one problem")
    func tooLongLineInDocument() throws {
        let input = "{\n  \"token\": \"" + String(repeating: "a", count: 70_000) + "\"\n}\n"
        let (items, path) = try Self.items(input)
        #expect(items.count == 1, "\(items)")
        let problem = try #require(Self.problems(items).first)
        #expect(problem.source == "\(path):2")
        #expect(problem.kind == .undecodable)
    }
}
