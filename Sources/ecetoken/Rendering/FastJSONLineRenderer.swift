import ECETokenKit

/// Writes `audit --format jsonl` lines for tokens the fast path decided, byte for byte what
/// ``JSONRenderer/renderLine(_:file:)`` writes for their full reports, without building one per token.
///
/// The checks of tokens with the same ``ECETokenFacts/ChecksShape`` differ only in the expiry check's
/// message, so the first token of each shape gets a full report (from ``ECEFastPath/report(_:source:line:)``)
/// whose rendered checks and error are kept; later tokens of that shape reuse them around their own expiry
/// check. Tokens whose checks quote a claim (no shape) are rendered from a full report each time.
/// Not thread-safe: one per worker.
final class FastJSONLineRenderer: AuditLineRenderer {
    private let now: Int64
    private let leeway: Int64
    /// `,"now":"…","leeway_seconds":N}` and the newline: the same for every line.
    private let ending: [UInt8]
    private var quotedFile: (name: String, bytes: [UInt8])?
    private var cache: [ECETokenFacts.ChecksShape: RenderedChecks] = [:]
    /// The expiry check's message, reused from token to token.
    private var message: [UInt8] = []

    /// The parts of a line that depend only on a token's checks shape.
    private struct RenderedChecks {
        /// `"error":…`, without the comma.
        let error: [UInt8]
        /// `[` and the checks before the expiry check, with a trailing comma when there are any; all the
        /// checks and `]` when there is no expiry check to insert.
        let prefix: [UInt8]
        /// The checks after the expiry check, with a leading comma when there are any, and `]`.
        let suffix: [UInt8]
        /// Whether each token's expiry check goes between prefix and suffix.
        let insertsExpiry: Bool
    }

    init(now: Int64, leeway: Int64) {
        self.now = now
        self.leeway = leeway
        var ending = Array(#","now":"#.utf8)
        JSONValue.string(Timestamps.rfc3339(now) ?? String(now)).serialize(into: &ending)
        ending += #","leeway_seconds":"#.utf8
        ending += String(leeway).utf8
        ending += "}\n".utf8
        self.ending = ending
    }

    func render(
        _ facts: ECETokenFacts,
        fastPath: ECEFastPath,
        source name: String,
        line: Int,
        into output: inout [UInt8]
    ) {
        guard let shape = facts.checksShape else {
            let report = fastPath.report(facts, source: "\(name):\(line)", line: line)
            output += JSONRenderer().renderLine(.report(report), file: name).utf8
            return
        }
        let checks: RenderedChecks
        if let cached = cache[shape] {
            checks = cached
        } else {
            checks = Self.renderChecks(of: fastPath.report(facts, source: "\(name):\(line)", line: line), facts: facts)
            cache[shape] = checks
        }

        Self.append(#"{"file":"#, to: &output)
        let file = quoted(name)
        output += file
        Self.append(#","line":"#, to: &output)
        output.appendDecimal(Int64(line))
        Self.append(#","source":"#, to: &output)
        output += file[..<(file.count - 1)]
        output.append(UInt8(ascii: ":"))
        output.appendDecimal(Int64(line))
        output.append(UInt8(ascii: "\""))
        switch facts.verdict.outcome {
        case .pass: Self.append(#","verdict":"pass","outcome":"pass","#, to: &output)
        case .checkFailed: Self.append(#","verdict":"fail","outcome":"check_failed","#, to: &output)
        case .signatureInvalid: Self.append(#","verdict":"fail","outcome":"signature_invalid","#, to: &output)
        case .malformed: Self.append(#","verdict":"fail","outcome":"malformed","#, to: &output)
        }
        output += checks.error
        Self.append(facts.signatureValid ? #","signature":"valid""# : #","signature":"invalid""#, to: &output)
        Self.append(#","algorithm":"HS256","kind":"#, to: &output)
        Self.append(facts.kind == .persistent ? #""persistent""# : #""ephemeral""#, to: &output)
        Self.append(#","roles":"#, to: &output)
        if let roles = facts.roles {
            output.append(UInt8(ascii: "["))
            for index in 0..<roles.count {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.append(UInt8(ascii: "\""))
                let name = roles.name(at: index)
                output += UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
                output.append(UInt8(ascii: "\""))
            }
            output.append(UInt8(ascii: "]"))
        } else {
            Self.append("null", to: &output)
        }
        // sub and iss are printable ASCII without quotes or backslashes: nothing to escape.
        Self.append(#","subject":"#, to: &output)
        appendString(facts.subject, to: &output)
        Self.append(#","issuer":"#, to: &output)
        appendString(facts.issuer, to: &output)
        Self.append(#","token_id":"#, to: &output)
        appendString(facts.kind == .persistent ? facts.subject : nil, to: &output)
        Self.append(#","expires_at":"#, to: &output)
        if let expiration = facts.expiration, let remaining = facts.secondsRemaining(now: now) {
            output.append(UInt8(ascii: "\""))
            facts.appendExpiryDate(to: &output)
            Self.append(#"","exp":"#, to: &output)
            output.appendDecimal(expiration)
            Self.append(#","expires_in_seconds":"#, to: &output)
            if facts.signatureValid { output.appendDecimal(remaining) } else { Self.append("null", to: &output) }
        } else {
            Self.append(#"null,"exp":null,"expires_in_seconds":null"#, to: &output)
        }
        Self.append(#","install_time_shape":"#, to: &output)
        if let shape = facts.installTimeShape {
            JSONValue.string(shape.rawValue).serialize(into: &output)
        } else {
            Self.append("null", to: &output)
        }
        Self.append(#","checks":"#, to: &output)
        output += checks.prefix
        if checks.insertsExpiry {
            // As JSONRenderer renders a check: name, status, message (which needs no escaping).
            message.removeAll(keepingCapacity: true)
            let status = facts.appendExpiryMessage(now: now, leeway: leeway, to: &message) ?? .pass
            Self.append(#"{"name":"expiry","status":""#, to: &output)
            output += status.rawValue.utf8
            Self.append(#"","message":""#, to: &output)
            output += message
            Self.append(#""}"#, to: &output)
        }
        output += checks.suffix
        Self.append(facts.signatureValid ? #","claims_checked":true"# : #","claims_checked":false"#, to: &output)
        Self.append(#","header":{"typ":"JWT","alg":"HS256"},"claims":"#, to: &output)
        output += facts.claimsJSON
        output += ending
    }

    /// The error and checks of `report`, split around its expiry check when each token has its own.
    private static func renderChecks(of report: TokenReport, facts: ECETokenFacts) -> RenderedChecks {
        let renderer = JSONRenderer()
        var error = Array(#","error":"#.utf8)
        renderer.errorValue(for: report).serialize(into: &error)
        error.removeFirst()
        let split = facts.expiration == nil ? nil : report.checks.firstIndex { $0.name == "expiry" }
        func join(_ checks: ArraySlice<Check>) -> [UInt8] {
            var bytes: [UInt8] = []
            for (index, check) in checks.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                renderer.value(for: check).serialize(into: &bytes)
            }
            return bytes
        }
        guard let split else {
            return RenderedChecks(
                error: error,
                prefix: Array("[".utf8) + join(report.checks[...]) + Array("]".utf8),
                suffix: [],
                insertsExpiry: false
            )
        }
        var prefix = Array("[".utf8) + join(report.checks[..<split])
        if split > 0 { prefix.append(UInt8(ascii: ",")) }
        var suffix: [UInt8] = []
        if split + 1 < report.checks.count { suffix = Array(",".utf8) + join(report.checks[(split + 1)...]) }
        suffix.append(UInt8(ascii: "]"))
        return RenderedChecks(error: error, prefix: prefix, suffix: suffix, insertsExpiry: true)
    }

    /// Appends constant text.
    @inline(__always)
    private static func append(_ text: StaticString, to output: inout [UInt8]) {
        output += UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }

    /// The JSON string of a file name, kept for the lines of the same file.
    private func quoted(_ name: String) -> [UInt8] {
        if let quotedFile, quotedFile.name == name { return quotedFile.bytes }
        var bytes: [UInt8] = []
        JSONValue.string(name).serialize(into: &bytes)
        quotedFile = (name, bytes)
        return bytes
    }

    private func appendString(_ text: UnsafeRawBufferPointer?, to output: inout [UInt8]) {
        guard let text else {
            Self.append("null", to: &output)
            return
        }
        output.append(UInt8(ascii: "\""))
        output += text
        output.append(UInt8(ascii: "\""))
    }
}
