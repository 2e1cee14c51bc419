/// What `revoke` is asked to revoke: a whole token or a token id, resolved to the id sent to the
/// coordinator, without contacting it.
///
/// A whole token is decoded (its signature is not needed: revoking by id is what the operator asked
/// for) and must be persistent: ephemeral tokens cannot be revoked, so they are refused here with an
/// explanation rather than sent.
package struct RevocationTarget: Sendable, Equatable {
    /// Why an argument cannot be revoked.
    package struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// The kinds of refusal.
        package enum Kind: Sendable, Equatable {
            /// An ephemeral token: it cannot be revoked.
            case ephemeral
            /// A token that does not decode, or has no string `sub`.
            case malformed
            /// An id that cannot be one (empty, spaces or control characters).
            case invalidID
        }

        /// What is wrong.
        package let kind: Kind
        /// One or two sentences; the token's own text is never repeated.
        package let reason: String

        /// The reason.
        package var description: String { reason }
    }

    /// The id to send (a persistent token's `sub`).
    package let tokenID: String
    /// The roles the token grants, when a whole token was given.
    package let roles: [String]?
    /// Whether a whole token was given.
    package let fromToken: Bool

    /// Resolves `argument`: text with a `.` is a token, anything else an id.
    /// - Parameter now: the clock, for the expiry shown when an ephemeral token is refused.
    /// - Throws: ``Refusal``.
    package init(_ argument: String, now: Int64) throws(Refusal) {
        guard argument.utf8.contains(UInt8(ascii: ".")) else {
            if !Self.isPossibleID(argument) {
                throw Refusal(
                    kind: .invalidID,
                    reason: "\(EscapedText.quoted(argument)) is neither a token nor a token id (ids hold no spaces "
                        + "or control characters)"
                )
            }
            tokenID = argument
            roles = nil
            fromToken = false
            return
        }
        let claims: RolesTokenClaims
        do {
            let token = try CompactToken(parsing: Array(argument.utf8))
            _ = try JOSEHeader(decoding: token.headerBytes)
            claims = RolesTokenClaims(try TokenInspector.parsePayload(token.payloadBytes))
        } catch {
            throw Refusal(kind: .malformed, reason: "the token cannot be decoded: \(error.reason)")
        }
        if Classification.kind(of: claims) == .ephemeral {
            var when = ""
            if let exp = claims.expiration.value, let seconds = exp.wholeSeconds {
                let date = Timestamps.rfc3339(seconds) ?? exp.number.text
                let remaining = ClaimChecks.secondsBetween(seconds, now)
                when =
                    remaining > 0
                    ? " It stops working on its own at \(date), in \(Durations.describe(seconds: remaining))."
                    : " It already expired at \(date)."
            }
            throw Refusal(
                kind: .ephemeral,
                reason: "this is an ephemeral token, and ECE cannot revoke ephemeral tokens (only persistent "
                    + "ones).\(when) Nothing was sent to the coordinator."
            )
        }
        guard let subject = claims.subject.value, !subject.isEmpty else {
            throw Refusal(
                kind: .malformed,
                reason: "the token has no string sub, so there is no token id to revoke"
            )
        }
        guard Self.isPossibleID(subject) else {
            throw Refusal(
                kind: .invalidID,
                reason: "the token's sub \(EscapedText.quoted(subject)) cannot be a token id (ids hold no spaces "
                    + "or control characters); nothing was sent to the coordinator"
            )
        }
        tokenID = subject
        roles = claims.roles.value
        fromToken = true
    }

    /// The id rule, for an id given as is and for a token's `sub` alike: not empty, and no space, control
    /// character or other character ``EscapedText/isDisplayHazard(_:)`` names.
    public static func isPossibleID(_ text: String) -> Bool {
        !text.isEmpty && !text.unicodeScalars.contains { $0.value <= 0x20 || EscapedText.isDisplayHazard($0.value) }
    }
}
