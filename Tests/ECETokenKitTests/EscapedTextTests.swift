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

    @Test("Quoted text is cut to its limit and marked with an ellipsis")
    func limit() {
        #expect(EscapedText.quoted("abcdef", limit: 3) == "\"abc…\"")
    }
}
