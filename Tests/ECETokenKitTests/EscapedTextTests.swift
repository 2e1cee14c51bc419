import Testing

@testable import ECETokenKit

@Suite("EscapedText: attacker-controlled text made safe to show")
struct EscapedTextTests {
    @Test("A quote followed by a combining mark is still escaped inside quoted text")
    func quoteWithCombiningMark() {
        // "\u{301}" combines with the quote into one Character; escaping must work on scalars.
        let quoted = EscapedText.quoted("a\"\u{301}b")
        #expect(quoted == "\"a\\\"\u{301}b\"")
        #expect(
            !quoted.dropFirst().dropLast().unicodeScalars.enumerated().contains { index, scalar in
                scalar == "\"" && (index == 0 || Array(quoted.dropFirst().unicodeScalars)[index - 1] != "\\")
            }
        )
    }

    @Test(
        "Printable ASCII comes back unchanged unless a limit cuts it; anything else is escaped",
        arguments: [
            ("plain ASCII: a-z A-Z 0-9 ~!@#$%^&*()", nil, "plain ASCII: a-z A-Z 0-9 ~!@#$%^&*()"),
            ("abcdef", 6, "abcdef"),
            ("abcdef", 5, "abcde…"),
            ("", 0, ""),
            ("a\\b", nil, "a\\\\b"),
            ("tab\tnewline\n", nil, "tab\\tnewline\\n"),
            ("del\u{7F}", nil, "del\\u{7f}"),
            ("caf\u{E9}", 4, "caf\u{E9}"),
            ("rtl\u{202E}", nil, "rtl\\u{202e}"),
        ] as [(String, Int?, String)]
    )
    func plainASCII(text: String, limit: Int?, expected: String) {
        #expect(EscapedText.escape(text, limit: limit) == expected)
    }

    @Test("Quoted text is cut to its limit and marked with an ellipsis")
    func limit() {
        #expect(EscapedText.quoted("abcdef", limit: 3) == "\"abc…\"")
    }
}
