import ECETokenKit

/// Renders reports as text for a person: the verdict first, then the facts, then every check.
/// Every value that came from a token is escaped before it is shown.
struct TextRenderer {
    let style: TextStyle
    /// Where the secret came from, shown with a valid signature; `nil` when none is configured.
    let secretDescription: String?

    /// The block for one report.
    func render(_ report: TokenReport) -> String {
        var lines: [String] = [style.bold(EscapedText.escape(report.source))]
        func field(_ name: String, _ value: String) {
            lines.append("  " + name.padding(toWidth: 11) + " " + value)
        }
        if let error = report.decodingError {
            field("verdict", style.red("MALFORMED"))
            field("error", error.reason)
            return lines.joined(separator: "\n") + "\n"
        }
        field("verdict", verdictText(report))
        field("signature", signatureText(report))
        if let kind = report.kind {
            field("kind", kind.rawValue)
        }
        if let roles = report.roles {
            field(
                "roles",
                roles.isEmpty
                    ? "(none: system services only)"
                    : roles.map { EscapedText.escape($0, limit: 60) }.joined(separator: ", ")
            )
        } else if report.claims?.roles.isPresent == false {
            field("roles", "(no roles claim)")
        }
        if let shape = report.installTimeShape {
            field("looks like", shape.rawValue)
        }
        field("expires", expiryText(report))
        if let subject = report.subject {
            field(report.kind == .persistent ? "token id" : "subject", EscapedText.escape(subject, limit: 80))
        }
        if let apiTokenID = report.apiTokenID {
            field("API token_id", EscapedText.escape(apiTokenID, limit: 80))
        }
        if let issuer = report.issuer {
            field("issuer", EscapedText.escape(issuer, limit: 80))
        }
        if let header = report.header {
            field("header", EscapedText.escape(JSONValue.object(header).serialized(), limit: 200))
        }
        if let claims = report.claims {
            field("claims", EscapedText.escape(JSONValue.object(claims.object).serialized(), limit: 400))
        }
        field(
            "checked at",
            (Timestamps.rfc3339(report.now) ?? String(report.now))
                + ", leeway \(Durations.describeShort(seconds: report.leeway))"
        )
        lines.append("  checks")
        for check in report.checks {
            lines.append(
                "    " + statusText(check.status) + " " + check.name.rawValue.padding(toWidth: 20) + " " + check.message
            )
        }
        if !report.claimsChecked {
            lines.append(
                "    " + style.dim("claims not checked: the signature is invalid, so nothing in them can be trusted")
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func verdictText(_ report: TokenReport) -> String {
        switch report.outcome {
        case .pass:
            if case .unverified = report.signature {
                return style.yellow("PASS (decoded only, signature NOT VERIFIED)")
            }
            return style.green("PASS")
        case .checkFailed: return style.red("FAIL")
        case .signatureInvalid: return style.red("FAIL (signature invalid)")
        case .malformed: return style.red("MALFORMED")
        }
    }

    private func signatureText(_ report: TokenReport) -> String {
        let algorithm = report.algorithmName.map { EscapedText.escape($0, limit: 20) } ?? "?"
        switch report.signature {
        case .valid: return style.green("valid") + " (\(algorithm), \(secretDescription ?? "configured secret"))"
        case .invalid(let error): return style.red("INVALID") + ": " + error.reason
        case .unverified: return style.yellow("NOT VERIFIED") + " (no secret configured; alg \(algorithm))"
        }
    }

    private func expiryText(_ report: TokenReport) -> String {
        guard let claims = report.claims else { return "?" }
        switch claims.expiration {
        case .absent: return "never (no exp)"
        case .wrongType(let problem): return "unknown: " + problem
        case .present:
            guard let expiry = report.expiry else { return "?" }
            guard let date = expiry.date, let remaining = expiry.secondsRemaining else {
                if let reading = expiry.millisecondsReading {
                    return
                        "exp \(expiry.rawValue): after year 9999 (as milliseconds it would be \(Timestamps.rfc3339(reading) ?? "?"))"
                }
                return "exp \(expiry.rawValue): out of range"
            }
            if !report.claimsChecked {
                return "\(date) (exp \(expiry.rawValue)), not checked: the signature is invalid"
            }
            let relative =
                remaining > 0
                ? "in \(Durations.describe(seconds: remaining))"
                : "expired \(Durations.describe(seconds: remaining)) ago"
            return "\(date) (exp \(expiry.rawValue)), \(relative)"
        }
    }

    private func statusText(_ status: Check.Status) -> String {
        switch status {
        case .pass: return style.green("pass")
        case .warn: return style.yellow("WARN")
        case .fail: return style.red("FAIL")
        }
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(toWidth width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
