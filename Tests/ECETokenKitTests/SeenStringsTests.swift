import Testing

@testable import ECETokenKit

@Suite("SeenStrings: repeats found by array search, then by set")
struct SeenStringsTests {
    @Test("Every repeat is found, before and after the switch to a set", arguments: [1, 15, 16, 17, 40])
    func findsRepeats(count: Int) {
        var seen = SeenStrings()
        let strings = (0..<count).map { "s\($0)" }
        let first = strings.map { seen.insert($0) }
        let again = strings.map { seen.insert($0) }
        #expect(first.allSatisfy { $0 })
        #expect(!again.contains(true))
        let new = seen.insert("new")
        let newAgain = seen.insert("new")
        #expect(new && !newAgain)
    }

    @Test("Strings compare by canonical equivalence, as Set<String> does")
    func canonicalEquivalence() {
        for count in [0, SeenStrings.linearSearchLimit + 1] {
            var seen = SeenStrings()
            for index in 0..<count { _ = seen.insert("filler\(index)") }
            let composed = seen.insert("caf\u{E9}")
            let decomposed = seen.insert("cafe\u{301}")
            #expect(composed && !decomposed)
        }
    }
}
