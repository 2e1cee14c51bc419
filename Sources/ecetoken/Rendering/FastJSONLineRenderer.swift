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
    /// The most shapes kept (each about 1 KB of rendered checks). ECE's tokens come in a few hundred
    /// shapes; an input made to have more gets its further shapes rendered from full reports, so the
    /// cache stays bounded whatever the input.
    static let maximumCachedShapes = 4096
    /// The bytes of every cached shape's rendered checks, which ``RenderedChecks`` points into: plain offsets
    /// keep a cache hit free of reference counting.
    private let renderedText = LineBuffer()
    /// The line being written, and a scratch buffer for the parts the library writes; both reused.
    private let text = LineBuffer()
    private var scratch: [UInt8] = []

    /// The parts of a line that depend only on a token's checks shape, as ranges of `renderedText`.
    private struct RenderedChecks {
        /// `"error":…`, without the comma.
        let error: Range<Int>
        /// `[` and the checks before the expiry check, with a trailing comma when there are any; all the
        /// checks and `]` when there is no expiry check to insert.
        let prefix: Range<Int>
        /// The checks after the expiry check, with a leading comma when there are any, and `]`.
        let suffix: Range<Int>
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
        let shape = facts.checksShape
        let cached = shape.flatMap { cache[$0] }
        guard let shape, cached != nil || cache.count < Self.maximumCachedShapes else {
            let report = fastPath.report(facts, source: "\(name):\(line)", line: line)
            output += JSONRenderer().renderLine(.report(report), file: name).utf8
            return
        }
        let checks: RenderedChecks
        if let cached {
            checks = cached
        } else {
            checks = renderChecks(of: fastPath.report(facts, source: "\(name):\(line)", line: line), facts: facts)
            cache[shape] = checks
        }

        text.removeAll()
        text.write(#"{"file":"#)
        let file = quoted(name)
        text.write(file)
        text.write(#","line":"#)
        text.writeDecimal(Int64(line))
        text.write(#","source":"#)
        text.write(file[..<(file.count - 1)])
        text.write(byte: UInt8(ascii: ":"))
        text.writeDecimal(Int64(line))
        text.write(byte: UInt8(ascii: "\""))
        switch facts.verdict.outcome {
        case .pass: text.write(#","verdict":"pass","outcome":"pass","#)
        case .checkFailed: text.write(#","verdict":"fail","outcome":"check_failed","#)
        case .signatureInvalid: text.write(#","verdict":"fail","outcome":"signature_invalid","#)
        case .malformed: text.write(#","verdict":"fail","outcome":"malformed","#)
        }
        text.write(rendered(checks.error))
        text.write(facts.signatureValid ? #","signature":"valid""# : #","signature":"invalid""#)
        text.write(#","algorithm":"HS256","kind":"#)
        text.write(facts.kind == .persistent ? #""persistent""# : #""ephemeral""#)
        text.write(#","roles":"#)
        if let roles = facts.roles {
            text.write(byte: UInt8(ascii: "["))
            for index in 0..<roles.count {
                if index > 0 { text.write(byte: UInt8(ascii: ",")) }
                text.write(byte: UInt8(ascii: "\""))
                let name = roles.name(at: index)
                text.write(name)
                text.write(byte: UInt8(ascii: "\""))
            }
            text.write(byte: UInt8(ascii: "]"))
        } else {
            text.write("null")
        }
        // sub and iss are printable ASCII without quotes or backslashes: nothing to escape.
        text.write(#","subject":"#)
        write(facts.subject)
        text.write(#","issuer":"#)
        write(facts.issuer)
        text.write(#","token_id":"#)
        write(facts.kind == .persistent ? facts.subject : nil)
        text.write(#","expires_at":"#)
        if let expiration = facts.expiration, let remaining = facts.secondsRemaining(now: now) {
            text.write(byte: UInt8(ascii: "\""))
            text.write(atMost: Timestamps.rfc3339Length) {
                facts.writeExpiryDate(to: $0) ? Timestamps.rfc3339Length : 0
            }
            text.write(#"","exp":"#)
            text.writeDecimal(expiration)
            text.write(#","expires_in_seconds":"#)
            if facts.signatureValid { text.writeDecimal(remaining) } else { text.write("null") }
        } else {
            text.write(#"null,"exp":null,"expires_in_seconds":null"#)
        }
        text.write(#","install_time_shape":"#)
        if let shape = facts.installTimeShape {
            scratch.removeAll(keepingCapacity: true)
            JSONValue.string(shape.rawValue).serialize(into: &scratch)
            text.write(scratch)
        } else {
            text.write("null")
        }
        text.write(#","checks":"#)
        text.write(rendered(checks.prefix))
        if checks.insertsExpiry {
            // As JSONRenderer renders a check: name, status, message (which needs no escaping).
            scratch.removeAll(keepingCapacity: true)
            let status = facts.appendExpiryMessage(now: now, leeway: leeway, to: &scratch) ?? .pass
            switch status {
            case .pass: text.write(#"{"name":"expiry","status":"pass","message":""#)
            case .warn: text.write(#"{"name":"expiry","status":"warn","message":""#)
            case .fail: text.write(#"{"name":"expiry","status":"fail","message":""#)
            }
            text.write(scratch)
            text.write(#""}"#)
        }
        text.write(rendered(checks.suffix))
        text.write(facts.signatureValid ? #","claims_checked":true"# : #","claims_checked":false"#)
        text.write(#","header":{"typ":"JWT","alg":"HS256"},"claims":"#)
        text.write(facts.claimsJSON)
        text.write(ending)
        output += text.bytes
    }

    /// Bytes `range` of the cached rendered checks.
    private func rendered(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: renderedText.bytes[range])
    }

    /// Appends `bytes` to the cached rendered checks and returns where they are.
    private func keep(_ bytes: [UInt8]) -> Range<Int> {
        let start = renderedText.count
        renderedText.write(bytes)
        return start..<renderedText.count
    }

    /// The error and checks of `report`, split around its expiry check when each token has its own.
    private func renderChecks(of report: TokenReport, facts: ECETokenFacts) -> RenderedChecks {
        let renderer = JSONRenderer()
        var error = Array(#","error":"#.utf8)
        renderer.errorValue(for: report).serialize(into: &error)
        error.removeFirst()
        let split = facts.expiration == nil ? nil : report.checks.firstIndex { $0.name == .expiry }
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
                error: keep(error),
                prefix: keep(Array("[".utf8) + join(report.checks[...]) + Array("]".utf8)),
                suffix: keep([]),
                insertsExpiry: false
            )
        }
        var prefix = Array("[".utf8) + join(report.checks[..<split])
        if split > 0 { prefix.append(UInt8(ascii: ",")) }
        var suffix: [UInt8] = []
        if split + 1 < report.checks.count { suffix = Array(",".utf8) + join(report.checks[(split + 1)...]) }
        suffix.append(UInt8(ascii: "]"))
        return RenderedChecks(error: keep(error), prefix: keep(prefix), suffix: keep(suffix), insertsExpiry: true)
    }

    /// The JSON string of a file name, kept for the lines of the same file.
    private func quoted(_ name: String) -> [UInt8] {
        if let quotedFile, quotedFile.name == name { return quotedFile.bytes }
        var bytes: [UInt8] = []
        JSONValue.string(name).serialize(into: &bytes)
        quotedFile = (name, bytes)
        return bytes
    }

    /// Writes a string that needs no escaping (sub and iss are printable ASCII without quotes or
    /// backslashes), or null.
    private func write(_ value: UnsafeRawBufferPointer?) {
        guard let value else {
            text.write("null")
            return
        }
        text.write(byte: UInt8(ascii: "\""))
        text.write(value)
        text.write(byte: UInt8(ascii: "\""))
    }
}
