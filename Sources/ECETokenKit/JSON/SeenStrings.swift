/// The strings seen so far, for finding repeats (JSON member names, roles): a plain array while there
/// are few of them, a `Set` beyond that.
///
/// A token has a handful of header members, claims and roles, so reading one never builds a
/// `Set<String>`. The first hashed collection of `String`s a process builds makes the Swift runtime
/// search every protocol conformance in the binary for `String: Hashable`, about 240 k instructions:
/// a sizeable part of a single `ecetoken verify`. Strings compare as Swift strings (Unicode canonical
/// equivalence) either way, and the set keeps many strings from costing quadratic time.
struct SeenStrings {
    /// The most strings searched one by one.
    static let linearSearchLimit = 16

    private var few: [String] = []
    private var many: Set<String> = []

    /// Records `string`; `false` when it was seen before.
    mutating func insert(_ string: String) -> Bool {
        if many.isEmpty {
            if few.contains(string) { return false }
            if few.count < Self.linearSearchLimit {
                few.append(string)
                return true
            }
            many = Set(few)
            few = []
        }
        return many.insert(string).inserted
    }
}
