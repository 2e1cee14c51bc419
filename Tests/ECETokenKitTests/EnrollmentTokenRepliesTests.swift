import ECETokenKit
import Testing

@Suite("EnrollmentTokenReplies: the API's replies, parsed strictly; hostile replies refused with the field named")
struct EnrollmentTokenRepliesTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("POST reply: token and token_id; token_id absent for ephemeral tokens; unknown members ignored")
    func created() throws {
        let persistent = try EnrollmentTokenReplies.created(Self.bytes(#"{"token":"a.b.c","token_id":"id-1"}"#))
        #expect(persistent.token == "a.b.c" && persistent.tokenID == "id-1")
        let ephemeral = try EnrollmentTokenReplies.created(Self.bytes(#"{"token":"a.b.c","extra":[1,{}]}"#))
        #expect(ephemeral.token == "a.b.c" && ephemeral.tokenID == nil)
        let nullID = try EnrollmentTokenReplies.created(Self.bytes(#"{"token":"a.b.c","token_id":null}"#))
        #expect(nullID.tokenID == nil)
    }

    @Test("GET reply: ids and roles in order, empty roles and an empty list")
    func listed() throws {
        let tokens = try EnrollmentTokenReplies.listed(
            Self.bytes(#"{"tokens":[{"token_id":"a","roles":["allocator","proxy"]},{"token_id":"b","roles":[]}]}"#)
        )
        #expect(
            tokens == [
                .init(tokenID: "a", roles: ["allocator", "proxy"]), .init(tokenID: "b", roles: []),
            ]
        )
        #expect(try EnrollmentTokenReplies.listed(Self.bytes(#"{"tokens":[]}"#)).isEmpty)
    }

    @Test("DELETE reply: any JSON object, ECE's {}")
    func revoked() throws {
        try EnrollmentTokenReplies.revoked(Self.bytes("{}"))
        try EnrollmentTokenReplies.revoked(Self.bytes(#" {"ok":true} "#))
    }

    @Test(
        "Hostile or wrong POST replies name the problem",
        arguments: [
            ("", "an empty body"),
            ("<!DOCTYPE html><html>", "not JSON"),
            (#"{"token":42}"#, "\"token\" is a number (42), not a string"),
            (#"{"token":null}"#, "\"token\" is null"),
            (#"{"tokne":"x"}"#, "no \"token\" member (members: \"tokne\")"),
            ("{}", "no \"token\" member (members: none)"),
            (#"{"token":"a","token_id":7}"#, "\"token_id\" is a number (7), not a string"),
            (#"["token"]"#, "a JSON array, not an object"),
            (#"{"token":"a","token":"b"}"#, "duplicate member"),
            (#"{"token":"a",}"#, "trailing comma"),
            ("\u{FEFF}{\"token\":\"a\"}", "byte order mark"),
            (#"{"token":"a"} trailing"#, "after the JSON value"),
        ]
    )
    func hostileCreated(body: String, phrase: String) {
        let problem = #expect(throws: ReplyShapeProblem.self) {
            try EnrollmentTokenReplies.created(Self.bytes(body))
        }
        #expect(problem?.reason.contains(phrase) == true, "\(String(describing: problem))")
    }

    @Test(
        "Hostile or wrong GET replies name the field",
        arguments: [
            (#"{"tokens":"x"}"#, "\"tokens\" is a string (\"x\"), not an array"),
            (#"{"token":[]}"#, "no \"tokens\" member"),
            (#"{"tokens":[1]}"#, "tokens[0] is a number (1), not an object"),
            (#"{"tokens":[{"roles":[]}]}"#, "tokens[0] has no \"token_id\""),
            (#"{"tokens":[{"token_id":"a"}]}"#, "tokens[0] has no \"roles\""),
            (#"{"tokens":[{"token_id":"a","roles":[]},{"token_id":1,"roles":[]}]}"#, "tokens[1].token_id is a number"),
            (#"{"tokens":[{"token_id":"a","roles":"allocator"}]}"#, "tokens[0].roles is a string"),
            (#"{"tokens":[{"token_id":"a","roles":["x",2]}]}"#, "tokens[0].roles[1] is a number (2)"),
        ]
    )
    func hostileListed(body: String, phrase: String) {
        let problem = #expect(throws: ReplyShapeProblem.self) {
            try EnrollmentTokenReplies.listed(Self.bytes(body))
        }
        #expect(problem?.reason.contains(phrase) == true, "\(String(describing: problem))")
    }

    @Test("DELETE replies that are not objects are refused", arguments: [#"["deleted"]"#, "null", "ok"])
    func hostileRevoked(body: String) {
        #expect(throws: ReplyShapeProblem.self) { try EnrollmentTokenReplies.revoked(Self.bytes(body)) }
    }

    @Test("Invalid UTF-8, deep nesting and terminal escapes: refused, and the excerpt is escaped and short")
    func hostileBytes() {
        let invalid = #expect(throws: ReplyShapeProblem.self) {
            try EnrollmentTokenReplies.created([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])
        }
        #expect(invalid?.reason.contains("invalid UTF-8") == true)
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let tooDeep = #expect(throws: ReplyShapeProblem.self) {
            try EnrollmentTokenReplies.listed(Self.bytes(#"{"tokens":"# + deep + "}"))
        }
        #expect(tooDeep?.reason.contains("nesting deeper") == true)
        let html = "\u{1B}]0;owned\u{7}<html>" + String(repeating: "x", count: 10_000)
        let garbage = #expect(throws: ReplyShapeProblem.self) { try EnrollmentTokenReplies.created(Self.bytes(html)) }
        #expect(garbage?.reason.contains("\u{1B}") == false)
        #expect(garbage?.reason.contains("\u{7}") == false)
        #expect((garbage?.reason.count ?? .max) < 300)
        let escapedBody = #"{"token":["\u001b[2J"# + String(repeating: "y", count: 500) + #""]}"#
        let escaped = #expect(throws: ReplyShapeProblem.self) {
            try EnrollmentTokenReplies.created(Self.bytes(escapedBody))
        }
        #expect(escaped?.reason.contains("\u{1B}") == false)
        #expect((escaped?.reason.count ?? .max) < 200)
    }

    @Test("A reply over the 4 MiB limit is refused by the parser too")
    func oversized() {
        let big = #"{"tokens":[],"pad":""# + String(repeating: "a", count: EnrollmentTokenReplies.maximumBytes) + "\"}"
        let problem = #expect(throws: ReplyShapeProblem.self) { try EnrollmentTokenReplies.listed(Self.bytes(big)) }
        #expect(problem?.reason.contains("larger than") == true)
    }

    @Test("ECE error bodies: every entry, the first one's code and message; anything else is not one")
    func errorBodies() {
        let reply = ECEErrorReply(
            body: Self.bytes(
                #"{"errors":[{"code":"enrollment_tokens.signing_key_not_found","message":"No key"},{"code":"x"}]}"#
            )
        )
        #expect(reply?.code == "enrollment_tokens.signing_key_not_found")
        #expect(reply?.message == "No key")
        #expect(reply?.errors.count == 2)
        #expect(reply?.summary == #"enrollment_tokens.signing_key_not_found: "No key"; x"#)
        let fields = ECEErrorReply(body: Self.bytes(#"{"errors":[{"code":"c","message":"m","fields":["roles"]}]}"#))
        #expect(fields?.errors.first?.fields == ["roles"])
        #expect(fields?.summary == #"c: "m" (fields roles)"#)
        #expect(ECEErrorReply(body: Self.bytes("<html>")) == nil)
        #expect(ECEErrorReply(body: Self.bytes(#"{"errors":[]}"#)) == nil)
        #expect(ECEErrorReply(body: Self.bytes(#"{"errors":[{"code":1}]}"#)) == nil)
        #expect(ECEErrorReply(body: []) == nil)
    }
}
