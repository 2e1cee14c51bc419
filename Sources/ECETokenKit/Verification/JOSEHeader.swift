/// A token's protected header, parsed strictly, with `alg` read but not yet trusted.
package struct JOSEHeader: Sendable {
    /// The header object in token order.
    package let object: JSONObject
    /// The `alg` value after JSON unescaping (`"HS\u0032\u0035\u0036"` is `HS256`).
    package let algorithmName: String

    /// Parses the decoded header segment.
    /// - Throws: ``TokenError`` when it is not a strict UTF-8 JSON object or has no string `alg`.
    package init(decoding bytes: [UInt8]) throws(TokenError) {
        let object: JSONObject
        do {
            object = try StrictJSONParser(maximumBytes: CompactToken.maximumLength).parseObject(bytes)
        } catch {
            throw TokenError(.headerNotJSONObject, "the header is not a valid JSON object: \(error)")
        }
        switch object["alg"] {
        case nil:
            throw TokenError(.missingAlgorithm, "the header has no \"alg\" member")
        case .string(let name):
            self.object = object
            self.algorithmName = name
        case .some(let other):
            throw TokenError(
                .algorithmNotString,
                "the header's \"alg\" is \(RolesTokenClaims.article(other.typeName)), not a string"
            )
        }
    }

    /// Checks the header against the verifier's policy and returns the algorithm to verify with.
    ///
    /// `alg` must be an exact, case-sensitive member of `allowed`. Any `crit` is rejected (this verifier
    /// implements no extensions, RFC 7515 §4.1.11), and so is `b64` (RFC 7797 unencoded payloads).
    /// - Throws: ``TokenError`` with code `algorithmNotAllowed` or `unsupportedCritical`.
    package func acceptedAlgorithm(allowed: [HMACAlgorithm]) throws(TokenError) -> HMACAlgorithm {
        if object["crit"] != nil {
            throw TokenError(
                .unsupportedCritical,
                "the header has \"crit\" (\(EscapedText.escape(object["crit"]!.serialized(), limit: 60))); "
                    + "this verifier implements no JWS extensions, so it must reject the token (RFC 7515 §4.1.11)"
            )
        }
        if object["b64"] != nil {
            throw TokenError(
                .unsupportedCritical,
                "the header has \"b64\"; unencoded payloads (RFC 7797) are not supported"
            )
        }
        guard let algorithm = HMACAlgorithm(name: algorithmName), allowed.contains(algorithm) else {
            let allowedNames = allowed.map(\.name).joined(separator: ", ")
            var reason = "alg \(EscapedText.quoted(algorithmName)) is not allowed (allowed: \(allowedNames))"
            if algorithmName.lowercased() == "none" {
                reason += "; an unsigned token is never accepted"
            } else if let known = HMACAlgorithm.allCases.first(where: {
                $0.name.lowercased() == algorithmName.lowercased()
            }),
                known.name != algorithmName
            {
                reason += "; algorithm names are case-sensitive (\(known.name))"
            }
            throw TokenError(.algorithmNotAllowed, reason)
        }
        return algorithm
    }
}
