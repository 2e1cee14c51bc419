import ECETokenKit

/// Helpers shared by the ECETokenKit unit tests: hex, a deterministic byte generator, and a token builder
/// that signs with the library's own ``HMACContext`` (whose output the HMAC tests pin to RFC 4231).
enum TokenKitTestSupport {
    /// A synthetic ECE-style secret: 44 base64url characters with one `=`, used as written (never decoded),
    /// exactly as ECE uses `bootstrap_tokens_secret`. base64url(sha256("ECETokenKitTests synthetic secret")).
    static let secretText = "srjBdkVjXWfp44fapb7azWHe6K71Pu_ynYuKyQH3i9A="
    /// The key bytes of ``secretText``.
    static var secretBytes: [UInt8] { Array(secretText.utf8) }

    /// The fixed clock of every time-dependent test: 2027-01-15T08:00:00Z.
    static let now: Int64 = 1_800_000_000

    /// The header every ECE token has ever been issued with.
    static let eceHeader = #"{"typ":"JWT","alg":"HS256"}"#

    /// Decodes lowercase or uppercase hex; traps on bad input (test data only).
    static func hex(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8)
        precondition(digits.count % 2 == 0, "odd hex length")
        func nibble(_ byte: UInt8) -> UInt8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: preconditionFailure("not hex")
            }
        }
        return stride(from: 0, to: digits.count, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
    }

    /// base64url (unpadded) of a text's UTF-8 bytes.
    static func b64(_ text: String) -> String {
        Base64URL.encode(Array(text.utf8))
    }

    /// The HMAC of `signingInput` with `key`, computed by a fresh ``HMACContext``.
    static func mac(_ signingInput: String, key: [UInt8], algorithm: HMACAlgorithm = .hs256) throws -> [UInt8] {
        try HMACContext(algorithm: algorithm, key: key).authenticationCode(for: Array(signingInput.utf8))
    }

    /// Builds a compact token from header and payload JSON text, signed over the exact ASCII signing input.
    /// - Parameters:
    ///   - header: the header JSON text, encoded byte for byte.
    ///   - payload: the claims JSON text, encoded byte for byte.
    ///   - key: the HMAC key (default: ``secretBytes``).
    ///   - algorithm: the HMAC used to sign, whatever the header says.
    static func token(
        header: String = eceHeader,
        payload: String,
        key: [UInt8] = secretBytes,
        algorithm: HMACAlgorithm = .hs256
    ) throws -> String {
        let signingInput = b64(header) + "." + b64(payload)
        return signingInput + "." + Base64URL.encode(try mac(signingInput, key: key, algorithm: algorithm))
    }

    /// A compact token with an arbitrary (already decoded) signature.
    static func token(header: String = eceHeader, payload: String, signature: [UInt8]) -> String {
        b64(header) + "." + b64(payload) + "." + Base64URL.encode(signature)
    }
}

/// SplitMix64: a tiny deterministic generator, so "random" test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// `count` pseudo-random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
