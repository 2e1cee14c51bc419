import ECETokenKit
import Foundation
import Testing

/// One `TOKEN` argument, the paths that exist, and what the argument must be taken for.
struct TokenArgumentCase: Sendable, CustomTestStringConvertible {
    let label: String
    let argument: String
    let existing: Set<String>
    let expected: TokenArgument

    init(_ label: String, _ argument: String, existing: Set<String> = [], _ expected: TokenArgument) {
        self.label = label
        self.argument = argument
        self.existing = existing
        self.expected = expected
    }

    var testDescription: String { "\(label): \(argument.debugDescription)" }
}

@Suite("TokenArgument: standard input, a file, or the token itself")
struct TokenArgumentTests {
    static let jwt =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOltdfQ.DTqkvqlL4V-lSFtyaGwtm4g2kqidMTkFrHKQ-T3IvYw"
    /// The same token as standard base64 would write it: with '/' and '+'.
    static let standardBase64JWT =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOltdfQ.DTqk/qlL4V+lSFty"

    @Test(
        "Each kind of argument is recognised, with an injected file system",
        arguments: [
            TokenArgumentCase("a dash is standard input", "-", .standardInput),
            TokenArgumentCase(
                "a dash is standard input even if a file '-' exists",
                "-",
                existing: ["-"],
                .standardInput
            ),
            TokenArgumentCase(
                "an existing relative path",
                "tokens.txt",
                existing: ["tokens.txt"],
                .file(path: "tokens.txt")
            ),
            TokenArgumentCase(
                "an existing absolute path",
                "/var/lib/ece/tokens.txt",
                existing: ["/var/lib/ece/tokens.txt"],
                .file(path: "/var/lib/ece/tokens.txt")
            ),
            TokenArgumentCase(
                "an existing file wins over looking like a token",
                "a.b.c",
                existing: ["a.b.c"],
                .file(path: "a.b.c")
            ),
            TokenArgumentCase(
                "an existing file named like a JWT is a file",
                "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
                existing: ["eyJhbGciOiJIUzI1NiJ9.e30.c2ln"],
                .file(path: "eyJhbGciOiJIUzI1NiJ9.e30.c2ln")
            ),
            TokenArgumentCase(
                "a missing file in an existing directory is a file",
                "tokens/missing.txt",
                existing: ["tokens"],
                .file(path: "tokens/missing.txt")
            ),
            TokenArgumentCase(
                "a missing file in the root directory is a file",
                "/missing.txt",
                existing: ["/"],
                .file(path: "/missing.txt")
            ),
            TokenArgumentCase(
                "a missing path in a missing directory is neither",
                "no/such/dir/tokens.txt",
                .unrecognized("no/such/dir/tokens.txt")
            ),
            TokenArgumentCase(
                "a missing absolute path in a missing directory is neither",
                "/nonexistent/tokens",
                .unrecognized("/nonexistent/tokens")
            ),
            TokenArgumentCase(
                "a missing path with '/' and dots in an existing directory is a file",
                "./a.b.c",
                existing: ["."],
                .file(path: "./a.b.c")
            ),
            TokenArgumentCase(
                "a base64 secret pasted by mistake is neither",
                "q4Zr/8xV+3mW0pL2n9Ya7sTb1cKd6eFg5hJi4kNo0u8=",
                .unrecognized("q4Zr/8xV+3mW0pL2n9Ya7sTb1cKd6eFg5hJi4kNo0u8=")
            ),
            TokenArgumentCase("a JWT is literal", jwt, .literal(jwt)),
            TokenArgumentCase(
                "a JWT in standard base64, with '/', is literal",
                standardBase64JWT,
                .literal(standardBase64JWT)
            ),
            TokenArgumentCase("text starting with 'ey' and a '/' is literal", "eyJ/abc", .literal("eyJ/abc")),
            TokenArgumentCase("three dotted parts are literal", "a.b.c", .literal("a.b.c")),
            TokenArgumentCase("more dots are literal", "a.b.c.d.e", .literal("a.b.c.d.e")),
            TokenArgumentCase("two adjacent dots are literal", "a..b", .literal("a..b")),
            TokenArgumentCase("a JWT with spaces around it is literal", " \(jwt)\t", .literal(" \(jwt)\t")),
            TokenArgumentCase("one dot, no such file, is neither", "tokens.txt", .unrecognized("tokens.txt")),
            TokenArgumentCase("a bare word is neither", "foo", .unrecognized("foo")),
            TokenArgumentCase("an empty argument is neither", "", .unrecognized("")),
            TokenArgumentCase("text with spaces is neither", "my token here", .unrecognized("my token here")),
            TokenArgumentCase(
                "the JWS JSON serialization is neither",
                #"{"payload":"e30","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"c2ln"}"#,
                .unrecognized(#"{"payload":"e30","protected":"eyJhbGciOiJIUzI1NiJ9","signature":"c2ln"}"#)
            ),
        ]
    )
    func recognised(argumentCase: TokenArgumentCase) {
        let existing = argumentCase.existing
        #expect(TokenArgument(argumentCase.argument, fileExists: { existing.contains($0) }) == argumentCase.expected)
    }

    @Test("The injected fileExists is asked about the argument exactly as given")
    func asksAboutTheArgument() {
        var asked: [String] = []
        let argument = "some dir/tokens.txt"
        let result = TokenArgument(
            argument,
            fileExists: { path in
                asked.append(path)
                return true
            }
        )
        #expect(result == .file(path: argument))
        #expect(asked == [argument])
    }

    @Test("A dash never touches the file system")
    func dashDoesNotAsk() {
        var asked = 0
        #expect(
            TokenArgument(
                "-",
                fileExists: { _ in
                    asked += 1
                    return true
                }
            ) == .standardInput
        )
        #expect(asked == 0)
    }

    @Test("With the real file system: an existing temporary file is a file, missing paths and tokens are not")
    func realFileSystem() throws {
        let scratch = try InputScratchDirectory()
        let path = try scratch.write("\(Self.jwt)\n", name: "a.b.c")
        #expect(TokenArgument.fileExists(path))
        #expect(TokenArgument(path) == .file(path: path))
        let missing = scratch.path("missing.txt")
        #expect(!TokenArgument.fileExists(missing))
        #expect(TokenArgument(missing) == .file(path: missing))
        #expect(TokenArgument(Self.jwt) == .literal(Self.jwt))
        #expect(TokenArgument("-") == .standardInput)
        // A directory exists too: it is taken as a file, and ByteSource reports it as unreadable.
        #expect(TokenArgument(scratch.url.path) == .file(path: scratch.url.path))
        #expect(throws: InputProblem.self) { try ByteSource(path: scratch.url.path) }
    }

    @Test(
        "An unrecognized argument is malformed, names both readings, and shows at most 8 characters of it",
        arguments: [
            ("", #""" (empty)"#),
            ("my token here", #""my token…" (13 characters)"#),
            (#"{"payload":"e30"}"#, #""{\"payloa…" (17 characters)"#),
            ("q4Zr/8xV+3mW0pL2n9Ya7sTb1cKd6eFg5hJi4kNo0u8=", #""q4Zr/8xV…" (44 characters)"#),
            ("\u{202E}abc\u{200B}", #""\u{202e}abc\u{200b}" (5 characters)"#),
        ]
    )
    func unrecognizedProblem(argument: String, shown: String) {
        let problem = TokenArgument.unrecognizedProblem(argument, index: 1)
        #expect(problem.kind == .undecodable)
        #expect(problem.source == "argument 2")
        #expect(problem.reason == "not a file, and not a token: \(shown)")
        if argument.count > TokenArgument.shownCharacters {
            #expect(!problem.reason.contains(String(argument.prefix(TokenArgument.shownCharacters + 1))))
        }
    }

    @Test(
        "A token argument loses the whitespace around it, as a line does, and keeps it as raw text",
        arguments: [" \(jwt)", "\(jwt)\t", "\t \(jwt)\r\n", "\n\(jwt)"]
    )
    func literalTrimmed(argument: String) {
        let input = TokenArgument.input(argument, index: 0)
        #expect(input.bytes == Array(Self.jwt.utf8))
        #expect(input.rawBytes == Array(argument.utf8))
        #expect(input.source == "argument 1")
        let line = Array(argument.utf8)
        let content = line.withUnsafeBytes { TokenInputReader.lineContent(of: $0) }
        #expect(content == .token(line.withUnsafeBytes { TokenInput.tokenRange(in: $0) }))
    }
}
