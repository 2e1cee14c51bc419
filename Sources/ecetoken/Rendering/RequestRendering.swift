import ECETokenKit

/// The coordinator commands' text output: role lists, colour, and what `request` says about the token it got.
enum RequestRendering {
    /// `[proxy, allocator]`, each name escaped; `[]` for none.
    static func roles(_ names: [String]) -> String {
        "[" + names.map { EscapedText.escape($0, limit: 60) }.joined(separator: ", ") + "]"
    }

    /// Whether to colour text written to stderr: like `--color`, but asking whether stderr is a terminal.
    static func stderrColor(_ mode: OutputOptions.ColorMode) -> Bool {
        OutputOptions.colorEnabled(mode, terminal: StandardStreams.errorIsTerminal)
    }

    /// The stderr line for a token that passed every check: who issued what, its id and expiry.
    static func successMessage(
        _ report: TokenReport,
        request: EnrollmentTokenRequest,
        client: CoordinatorClient
    )
        -> String
    {
        var text =
            "ecetoken: the coordinator \(client.endpoint.baseURL) issued \(request.kind == .ephemeral ? "an" : "a") "
            + "\(request.kind.rawValue) token granting exactly \(roles(request.roles))"
        if let id = report.subject, request.kind == .persistent { text += ", token id \(EscapedText.escape(id))" }
        if let date = report.expiry?.date { text += ", expiring \(date)" }
        if case .unverified = report.signature {
            text += "; its signature is NOT VERIFIED (no secret configured)"
        } else {
            text += "; every check passed"
        }
        return text
    }

    /// The loud stderr message for a token that must not be handed out.
    static func failureMessage(
        _ report: TokenReport,
        request: EnrollmentTokenRequest,
        client: CoordinatorClient
    )
        -> String
    {
        let url = client.endpoint.baseURL
        var what: String
        if case .invalid(let error) = report.signature {
            what =
                "SIGNATURE INVALID: the token from the coordinator \(url) does not verify with the configured secret "
                + "(\(error.reason)): "
                + "it was signed by another installation, or the secret is not this installation's"
        } else if let granted = report.roles,
            report.checks.contains(where: { $0.name == .exactRoles && $0.status == .fail })
        {
            what =
                "ROLES MISMATCH: the coordinator \(url) granted \(roles(granted)) but "
                + "\(roles(request.roles)) was requested"
        } else {
            let failed = report.checks.filter { $0.status == .fail }.map(\.name.rawValue)
            what =
                "CHECK FAILED: the token from the coordinator \(url) failed "
                + "\(failed.count == 1 ? "the check" : "the checks") "
                + failed.joined(separator: ", ")
        }
        what = "ecetoken: error: " + what + " - do not hand this token out; "
        if report.kind == .persistent, let id = report.subject {
            what += "revoke it with: ecetoken revoke --coordinator \(url) \(EscapedText.escape(id))"
        } else if report.kind == .ephemeral {
            what += "it is ephemeral, so it cannot be revoked"
            if let date = report.expiry?.date { what += "; it stops working at \(date)" }
        } else {
            what += "revoke it in the Cloud UI if it is persistent"
        }
        return what
    }
}
