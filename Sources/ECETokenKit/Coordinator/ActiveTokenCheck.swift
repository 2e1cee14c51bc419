/// The `active` check of `verify --check-active`: is a persistent token's id still listed by the
/// coordinator? Offline, a revoked token looks exactly like a live one; only the coordinator knows.
package enum ActiveTokenCheck {
    /// The check's name.
    package static let name = Check.Name.active

    /// Whether `report` needs the coordinator's list: a decoded persistent token whose signature was
    /// not rejected. Ephemeral tokens are never listed, so they need no list.
    package static func needsListing(_ report: TokenReport) -> Bool {
        applies(to: report) && report.kind == .persistent
    }

    /// The check for one report, or `nil` when it does not apply (undecodable input, rejected signature).
    /// - Parameters:
    ///   - report: the token's report.
    ///   - listed: the coordinator's persistent tokens (needed only when ``needsListing(_:)``).
    ///   - endpoint: the coordinator, named in the message.
    package static func check(
        _ report: TokenReport,
        listed: [EnrollmentTokenReplies.Listed],
        endpoint: CoordinatorEndpoint
    ) -> Check? {
        guard applies(to: report), let kind = report.kind else { return nil }
        let url = endpoint.baseURL
        if kind == .ephemeral {
            return Check(
                name,
                .pass,
                "not looked up: the coordinator never lists ephemeral tokens; they cannot be revoked and stop "
                    + "working when they expire (see expiry)"
            )
        }
        guard let id = report.subject else {
            return Check(name, .fail, "the token has no string sub, so there is no token id to look up on \(url)")
        }
        guard let entry = listed.first(where: { $0.tokenID.isByteEqual(to: id) }) else {
            return Check(
                name,
                .fail,
                "token id \(EscapedText.quoted(id, limit: 80)) is not listed by the coordinator \(url): it was "
                    + "revoked, or it belongs to another installation"
            )
        }
        let granted = report.roles ?? []
        let sameRoles =
            granted.allSatisfy { entry.roles.containsBytes($0) } && entry.roles.allSatisfy { granted.containsBytes($0) }
        if !sameRoles {
            return Check(
                name,
                .warn,
                "token id \(EscapedText.quoted(id, limit: 80)) is listed by the coordinator \(url), but with roles "
                    + "\(PolicyChecks.list(entry.roles)) where the token grants \(PolicyChecks.list(granted))"
            )
        }
        return Check(
            name,
            .pass,
            "token id \(EscapedText.quoted(id, limit: 80)) is listed by the coordinator \(url): not revoked"
        )
    }

    private static func applies(to report: TokenReport) -> Bool {
        guard report.decodingError == nil else { return false }
        if case .invalid = report.signature { return false }
        return true
    }
}
