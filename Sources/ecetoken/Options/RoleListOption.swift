import ArgumentParser
import ECETokenKit

/// A comma-separated list of role names given to an option: the one parser for `request --roles` and the
/// policy options (`--require-roles`, `--exact-roles`, `--forbid-roles`). `''` means no roles; an empty
/// entry is refused.
enum RoleListOption {
    /// How spaces in the value are taken.
    enum Spaces {
        /// Refused: `request --roles` mirrors the installer's `--roles`, where a space splits the value.
        case refused
        /// Trimmed from around each name: the policy options are this tool's own.
        case trimmed
    }

    /// The roles in `value`.
    /// - Throws: `ValidationError` naming `option` for an empty entry, or a space when `spaces` refuses them.
    static func parse(_ value: String, option: String, spaces: Spaces) throws -> [String] {
        if value.isEmpty { return [] }
        var names = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        switch spaces {
        case .refused:
            if names.contains(where: { $0.isEmpty || $0.contains(" ") }) {
                throw ValidationError("\(option): \(EscapedText.quoted(value)) has an empty entry or a space")
            }
        case .trimmed:
            names = names.map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
            if names.contains(where: \.isEmpty) {
                throw ValidationError("\(option): \(EscapedText.quoted(value)) has an empty entry")
            }
        }
        return names
    }
}
