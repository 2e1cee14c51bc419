/// The paths of ECE's enrollment-tokens API on a coordinator.
package enum EnrollmentTokensAPI {
    /// `POST` creates a token, `GET` lists the persistent ones.
    package static let collectionPath = "/api/v1/platform/configuration/security/enrollment-tokens"

    /// `DELETE` revokes the persistent token with this id. The id is percent-encoded: everything but
    /// ASCII letters, digits, `-`, `_` and `~` (so not even `.`: an id of `..` must never climb the path).
    package static func tokenPath(id: String) -> String {
        collectionPath + "/" + percentEncoded(id)
    }

    /// `text` with every byte outside `[A-Za-z0-9_~-]` written as `%XX`.
    static func percentEncoded(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
