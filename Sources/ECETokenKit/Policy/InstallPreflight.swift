/// Checks a token against the `--roles` value an operator will pass to `elastic-cloud-enterprise.sh`,
/// catching the failures that are silent or confusing at install time (see "How installs go wrong"
/// in the domain notes).
package enum InstallPreflight {
    /// The roles named in an installer `--roles` value, split as the installer does (on commas), and
    /// every problem that would break or mislead the installer.
    package struct ParsedRoles: Sendable, Equatable {
        /// The role names, in order, exactly as split.
        package let roles: [String]
        /// Sentences naming what would go wrong, empty when the value is safe.
        package let problems: [String]
    }

    /// Splits and checks an installer `--roles` value.
    package static func parse(installRoles value: String) -> ParsedRoles {
        var problems: [String] = []
        let shown = EscapedText.quoted(value)
        if value.isEmpty {
            problems.append("the --roles value is empty, so the host would get no roles")
        }
        // Any whitespace, the same kind the role names are compared without below (a form feed too).
        if value.contains(where: \.isWhitespace) {
            problems.append(
                "\(shown) contains whitespace; the installer passes --roles unquoted, so it would split into "
                    + "separate arguments (write \(EscapedText.quoted(value.filter { !$0.isWhitespace })))"
            )
        }
        if value.contains("\"") || value.contains("'") {
            problems.append("\(shown) contains quotes, which the installer would pass on as part of the role names")
        }
        if value.hasPrefix("--") {
            problems.append("\(shown) starts with '--', so the installer takes --roles as missing its value (exit 3)")
        }
        let roles = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if !value.isEmpty && roles.contains(where: { $0.isEmpty }) {
            problems.append("\(shown) has an empty entry (a doubled, leading or trailing comma)")
        }
        let unknown = roles.filter { !$0.isEmpty && Role(rawValue: $0.filter { !$0.isWhitespace }) == nil }
        if !unknown.isEmpty {
            problems.append(
                "unknown role name\(unknown.count == 1 ? "" : "s") "
                    + unknown.map { EscapedText.quoted($0) }.joined(separator: ", ")
                    + " (known: allocator, coordinator, proxy, director)"
            )
        }
        return ParsedRoles(roles: roles.filter { !$0.isEmpty }, problems: problems)
    }

    /// The preflight checks: `install-roles` (the value itself and whether the token grants every
    /// role in it).
    static func checks(
        installRoles value: String,
        claims: RolesTokenClaims,
        kind: TokenKind,
        minimumValidity: Int64? = nil
    ) -> [Check] {
        let parsed = parse(installRoles: value)
        if !parsed.problems.isEmpty {
            return [
                Check(
                    .installRoles,
                    .fail,
                    "--roles \(EscapedText.quoted(value)) would break the install: "
                        + parsed.problems.joined(separator: "; ")
                )
            ]
        }
        guard let granted = claims.roles.value else {
            return [
                Check(
                    .installRoles,
                    .fail,
                    "the token has no usable roles claim, so it grants none of \(PolicyChecks.list(parsed.roles))"
                )
            ]
        }
        let missing = PolicyChecks.unique(parsed.roles.filter { !granted.containsBytes($0) })
        if missing.isEmpty {
            return [
                Check(.installRoles, .pass, "the token grants every role in --roles \(EscapedText.quoted(value))")
            ]
        }
        return [
            Check(
                .installRoles,
                .fail,
                "the token does not grant \(PolicyChecks.list(missing)) (it grants \(PolicyChecks.grantedList(granted))): "
                    + "the host would install without error, but \(missing.count == 1 ? "that role" : "those roles") "
                    + "would not work\(missing.contains("allocator") ? " (for an allocator: new clusters are not created on it)" : ""). "
                    + "Request a suitable token: POST /api/v1/platform/configuration/security/enrollment-tokens with "
                    + requestBody(
                        roles: PolicyChecks.unique(parsed.roles),
                        kind: kind,
                        validity: max(TokenMinter.defaultValidity, minimumValidity ?? 0)
                    )
            )
        ]
    }

    /// Token text that would break the installer's unquoted passing of `--roles-token`.
    package static func tokenTextProblems(_ bytes: [UInt8]) -> [String] {
        var problems: [String] = []
        if bytes.last == 0x0D && !bytes.dropLast().contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            problems.append(
                "the token text ends in a carriage return (a CRLF line ending, which \"$(cat FILE)\" keeps)"
            )
        } else if bytes.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            problems.append("the token text contains a line break")
        }
        if bytes.contains(where: { $0 == 0x20 || $0 == 0x09 }) {
            problems.append("the token text contains whitespace")
        }
        if bytes.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) {
            problems.append("the token text contains quotes")
        }
        if bytes.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) {
            problems.append("the token text starts with '--', which the installer takes as a missing value (exit 3)")
        }
        return problems
    }

    /// The enrollment-tokens request body that would give a token with `roles`, valid for `validity`
    /// seconds when ephemeral.
    package static func requestBody(
        roles: [String],
        kind: TokenKind,
        validity: Int64 = TokenMinter.defaultValidity
    ) -> String {
        let roleList = roles.map { JSONValue.string($0).serialized() }.joined(separator: ",")
        switch kind {
        case .persistent: return "{\"persistent\":true,\"roles\":[\(roleList)]}"
        case .ephemeral: return "{\"persistent\":false,\"roles\":[\(roleList)],\"validity_in_seconds\":\(validity)}"
        }
    }
}
