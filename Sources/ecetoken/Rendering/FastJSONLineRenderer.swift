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
        let expiry = facts.expiry(now: now, leeway: leeway)

        output += #"{"file":"#.utf8
        let file = quoted(name)
        output += file
        output += #","line":"#.utf8
        append(line, to: &output)
        output += #","source":"#.utf8
        output += file.dropLast()
        output.append(UInt8(ascii: ":"))
        append(line, to: &output)
        output.append(UInt8(ascii: "\""))
        switch facts.verdict.outcome {
        case .pass: output += #","verdict":"pass","outcome":"pass","#.utf8
        case .checkFailed: output += #","verdict":"fail","outcome":"check_failed","#.utf8
        case .signatureInvalid: output += #","verdict":"fail","outcome":"signature_invalid","#.utf8
        case .malformed: output += #","verdict":"fail","outcome":"malformed","#.utf8
        }
        output += checks.error
        output += facts.signatureValid ? #","signature":"valid""#.utf8 : #","signature":"invalid""#.utf8
        output += #","algorithm":"HS256","kind":"#.utf8
        output += facts.kind == .persistent ? #""persistent""#.utf8 : #""ephemeral""#.utf8
        output += #","roles":"#.utf8
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
            output += "null".utf8
        }
        // sub and iss are printable ASCII without quotes or backslashes: nothing to escape.
        output += #","subject":"#.utf8
        appendString(facts.subject, to: &output)
        output += #","issuer":"#.utf8
        appendString(facts.issuer, to: &output)
        output += #","token_id":"#.utf8
        appendString(facts.kind == .persistent ? facts.subject : nil, to: &output)
        output += #","expires_at":"#.utf8
        if let expiry, let expiration = facts.expiration {
            JSONValue.string(expiry.date).serialize(into: &output)
            output += #","exp":"#.utf8
            append(expiration, to: &output)
            output += #","expires_in_seconds":"#.utf8
            if facts.signatureValid { append(expiry.secondsRemaining, to: &output) } else { output += "null".utf8 }
        } else {
            output += #"null,"exp":null,"expires_in_seconds":null"#.utf8
        }
        output += #","install_time_shape":"#.utf8
        if let shape = facts.installTimeShape {
            JSONValue.string(shape.rawValue).serialize(into: &output)
        } else {
            output += "null".utf8
        }
        output += #","checks":"#.utf8
        output += checks.prefix
        if checks.insertsExpiry, let expiry {
            JSONRenderer().value(for: expiry.check).serialize(into: &output)
        }
        output += checks.suffix
        output += facts.signatureValid ? #","claims_checked":true"#.utf8 : #","claims_checked":false"#.utf8
        output += #","header":{"typ":"JWT","alg":"HS256"},"claims":"#.utf8
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
            output += "null".utf8
            return
        }
        output.append(UInt8(ascii: "\""))
        output += text
        output.append(UInt8(ascii: "\""))
    }

    /// Appends an integer in decimal without building a string.
    private func append(_ value: some BinaryInteger, to output: inout [UInt8]) {
        var magnitude = UInt64(value.magnitude)
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { buffer in
            var index = buffer.count
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            output += UnsafeRawBufferPointer(rebasing: buffer[index...])
        }
    }
}
