/// When a signature does not verify, tries the usual ways a secret gets mangled in setup, and says
/// which one would have verified. The verdict stays invalid: this only explains, and it never shows
/// the secret or a MAC.
package enum SecretDiagnosis {
    /// One way the configured secret differs from the one that signed the token.
    package enum Mistake: Sendable, Hashable {
        /// The configured secret starts with a UTF-8 byte order mark that the signer's did not have.
        case byteOrderMarkKept
        /// The configured secret ends with whitespace that the signer's did not have.
        case trailingWhitespaceKept
        /// The configured secret starts with whitespace that the signer's did not have.
        case leadingWhitespaceKept
        /// The signer's secret ended with a newline that the configured one lacks.
        case trailingNewlineMissing
        /// The configured text should be decoded with this encoding.
        case shouldDecode(SecretEncoding)
        /// The configured text was decoded, but the signer used it as written (ECE's way).
        case shouldNotDecode(SecretEncoding)
        /// The configured text was decoded with one encoding, but the signer used another.
        case wrongEncoding(used: SecretEncoding, signer: SecretEncoding)

        /// What to tell the operator, in the library's terms: "secret encoding base64" is the
        /// ``SecretEncoding`` to load the secret with (the tool's `--secret-encoding`).
        package var advice: String {
            switch self {
            case .byteOrderMarkKept:
                return "it verifies once the UTF-8 byte order mark (EF BB BF) is removed from the start of the "
                    + "secret: save the secret file without one"
            case .trailingWhitespaceKept:
                return "it verifies once trailing whitespace is removed from the secret: the secret file or variable "
                    + "keeps a stray newline, carriage return or space (only one trailing newline is stripped from a file)"
            case .leadingWhitespaceKept:
                return
                    "it verifies once leading whitespace is removed from the secret: remove it from the file or variable"
            case .trailingNewlineMissing:
                return "it verifies with a newline appended to the secret: the token was signed with a secret that "
                    + "kept its trailing newline (fix the signer; ECE's secret has none)"
            case .shouldDecode(let encoding):
                return "it verifies when the secret is \(encoding.rawValue)-decoded first: use secret encoding "
                    + "\(encoding.rawValue) (ECE itself signs with the text as written, so the signer is not stock ECE)"
            case .shouldNotDecode(let encoding):
                return "it verifies with the secret's text as written, as ECE does: use secret encoding raw, "
                    + "not \(encoding.rawValue)"
            case .wrongEncoding(let used, let signer):
                return "it verifies when the secret is \(signer.rawValue)-decoded instead of \(used.rawValue)-decoded: "
                    + "use secret encoding \(signer.rawValue)"
            }
        }
    }

    /// The first mistake that explains why `token` does not verify with `key`, or `nil`.
    /// - Parameters:
    ///   - token: a token whose signature did not match.
    ///   - algorithm: the algorithm accepted from its header.
    ///   - key: the configured key (its text and encoding are kept inside it).
    package static func diagnose(_ token: CompactToken, algorithm: HMACAlgorithm, key: SigningKey) -> Mistake? {
        for (mistake, candidate) in candidates(for: key) where !candidate.isEmpty {
            guard let context = try? HMACContext(algorithm: algorithm, key: candidate),
                (try? context.isValid(code: token.signatureBytes, for: token.signingInput)) == true
            else { continue }
            return mistake
        }
        return nil
    }

    static func candidates(for key: SigningKey) -> [(Mistake, [UInt8])] {
        let text = key.secretText
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        var result: [(Mistake, [UInt8])] = []
        func decoded(_ bytes: [UInt8], _ encoding: SecretEncoding) -> [UInt8]? {
            try? encoding.keyBytes(from: bytes)
        }
        if text.starts(with: SecretLoader.byteOrderMark) {
            if let bytes = decoded(Array(text.dropFirst(3)), key.encoding) {
                result.append((.byteOrderMarkKept, bytes))
            }
        }
        var trailingTrimmed = text[...]
        while let last = trailingTrimmed.last, whitespace.contains(last) {
            trailingTrimmed = trailingTrimmed.dropLast()
        }
        if trailingTrimmed.count != text.count, let bytes = decoded(Array(trailingTrimmed), key.encoding) {
            result.append((.trailingWhitespaceKept, bytes))
        }
        var leadingTrimmed = trailingTrimmed
        while let first = leadingTrimmed.first, whitespace.contains(first) {
            leadingTrimmed = leadingTrimmed.dropFirst()
        }
        if leadingTrimmed.count != trailingTrimmed.count, let bytes = decoded(Array(leadingTrimmed), key.encoding) {
            result.append((.leadingWhitespaceKept, bytes))
        }
        if key.encoding == .raw {
            result.append((.trailingNewlineMissing, text + [0x0A]))
        }
        let clean = Array(leadingTrimmed)
        for encoding in SecretEncoding.allCases where encoding != key.encoding {
            let mistake: Mistake
            switch (key.encoding, encoding) {
            case (.raw, _): mistake = .shouldDecode(encoding)
            case (let used, .raw): mistake = .shouldNotDecode(used)
            case (let used, let other): mistake = .wrongEncoding(used: used, signer: other)
            }
            if let bytes = decoded(encoding == .raw ? text : clean, encoding) {
                result.append((mistake, bytes))
            }
        }
        return result
    }
}
