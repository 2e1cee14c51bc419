/// Writes `audit --format jsonl` lines for tokens the fast path decided, byte for byte what
/// ``JSONRenderer/renderLine(_:file:)`` writes for their full reports, without building one per token.
///
/// The checks of tokens with the same ``ECETokenFacts/ChecksShape`` differ only in the expiry check's
/// message, so the first token of each shape gets a full report (from ``ECEFastPath/report(_:source:line:)``)
/// whose rendered checks and error are kept; later tokens of that shape reuse them around their own expiry
/// check. Tokens whose checks quote a claim (no shape) are rendered from a full report each time.
/// Not thread-safe: one per worker.
package final class FastJSONLineRenderer: AuditLineRenderer {
    private let now: Int64
    private let leeway: Int64
    /// Each member of a report's object in ``ReportField`` order: its field and the constant text written
    /// before its value (`,"name":`, with the value too when it is the same on every fast-path line, and
    /// with the next members when they are constant as well). Constant members have no entry of their own.
    private let entries: [Entry]
    /// The quoted ``TokenReport/Outcome/name`` of each outcome, by raw value.
    private let outcomeValues: [Piece]
    /// JSONRenderer's rendering of an expiry check of each status (pass, warn, fail) up to its message:
    /// `{"name":"expiry","status":"pass","message":"`.
    private let expiryCheckStarts: [Piece]
    /// The members after the last one that depends on the token, and `}` and the newline.
    private let ending: Piece
    /// The text the pieces are in; written once, in `init`.
    private let constantText = LineBuffer()
    private let constants: UnsafeRawPointer
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

    /// Bytes of `constantText`.
    private struct Piece {
        let start: Int
        let count: Int
    }

    /// A member whose value depends on the token, and the constant text before it.
    private struct Entry {
        let field: ReportField
        let before: Piece
    }

    /// The parts of a line that depend only on a token's checks shape, as ranges of `renderedText`.
    private struct RenderedChecks {
        /// The `error` member's value.
        let error: Range<Int>
        /// `[` and the checks before the expiry check, with a trailing comma when there are any; all the
        /// checks and `]` when there is no expiry check to insert.
        let prefix: Range<Int>
        /// The checks after the expiry check, with a leading comma when there are any, and `]`.
        let suffix: Range<Int>
        /// Whether each token's expiry check goes between prefix and suffix.
        let insertsExpiry: Bool
    }

    /// A renderer for an audit at `now` (Unix seconds) with `leeway` seconds of leeway.
    package init(now: Int64, leeway: Int64) {
        self.now = now
        self.leeway = leeway
        let constantText = constantText
        var text: [UInt8] = []
        func piece(_ write: (inout [UInt8]) -> Void) -> Piece {
            text.removeAll(keepingCapacity: true)
            write(&text)
            let start = constantText.count
            constantText.write(text)
            return Piece(start: start, count: text.count)
        }
        // On the fast path these members are the same on every line: the header is ECE's (the one the fast
        // path takes, which TokenMinter writes), and so its alg.
        let constantValues: [ReportField: JSONValue] = [
            .algorithm: .string(HMACAlgorithm.hs256.name),
            .header: (try? StrictJSONParser().parse(Array(TokenMinter.header.utf8))) ?? .null,
            .now: .string(Timestamps.rfc3339(now) ?? String(now)),
            .leewaySeconds: .number(JSONNumber(leeway)),
        ]
        var entries: [Entry] = []
        var pending: [UInt8] = []
        for field in ReportField.allCases {
            pending.append(UInt8(ascii: ","))
            JSONValue.string(field.rawValue).serialize(into: &pending)
            pending.append(UInt8(ascii: ":"))
            if let value = constantValues[field] {
                value.serialize(into: &pending)
                continue
            }
            entries.append(Entry(field: field, before: piece { $0 = pending }))
            pending.removeAll()
        }
        pending += "}\n".utf8
        ending = piece { $0 = pending }
        self.entries = entries
        outcomeValues = [TokenReport.Outcome.pass, .checkFailed, .signatureInvalid, .malformed].map { outcome in
            piece { JSONValue.string(outcome.name).serialize(into: &$0) }
        }
        expiryCheckStarts = [Check.Status.pass, .warn, .fail].map { status in
            piece {
                JSONRenderer().value(for: Check(.expiry, status, "")).serialize(into: &$0)
                $0.removeLast(2)  // the empty message's closing quote and the object's brace
            }
        }
        // Zeros after the last piece, so a short write's 32-byte read stays within written bytes.
        constantText.write(Array(repeating: 0, count: 32))
        constants = constantText.start
    }

    /// Writes constant text.
    @inline(__always)
    private func write(_ piece: Piece) {
        if piece.count <= 32 {
            text.writeShort(constants + piece.start, count: piece.count)
        } else {
            text.write(UnsafeRawBufferPointer(start: constants + piece.start, count: piece.count))
        }
    }

    package func render(
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
        // Through a buffer pointer: no bounds check and no reference counting per member.
        entries.withUnsafeBufferPointer { entries in
            for entry in entries { render(entry, facts: facts, checks: checks, file: file, line: line) }
        }
        write(ending)
        output += text.bytes
    }

    /// Writes one member: its constant text, then its value.
    @inline(__always)
    private func render(_ entry: Entry, facts: ECETokenFacts, checks: RenderedChecks, file: [UInt8], line: Int) {
        write(entry.before)
        switch entry.field {
        case .source:
            text.write(file[..<(file.count - 1)])
            text.write(byte: UInt8(ascii: ":"))
            text.writeDecimal(Int64(line))
            text.write(byte: UInt8(ascii: "\""))
        case .verdict: text.write(facts.verdict.outcome == .pass ? #""pass""# : #""fail""#)
        case .outcome: write(outcomeValues[facts.verdict.outcome.rawValue])
        case .error: text.write(rendered(checks.error))
        case .signature: text.write(facts.signatureValid ? #""valid""# : #""invalid""#)
        case .kind: text.write(facts.kind == .persistent ? #""persistent""# : #""ephemeral""#)
        case .roles: writeRoles(facts.roles)
        // sub and iss are printable ASCII without quotes or backslashes: nothing to escape.
        case .subject: write(facts.subject)
        case .issuer: write(facts.issuer)
        case .tokenID: write(facts.kind == .persistent ? facts.subject : nil)
        case .expiresAt:
            if facts.expiration != nil {
                text.write(byte: UInt8(ascii: "\""))
                text.write(atMost: Timestamps.rfc3339Length) {
                    facts.writeExpiryDate(to: $0) ? Timestamps.rfc3339Length : 0
                }
                text.write(byte: UInt8(ascii: "\""))
            } else {
                text.write("null")
            }
        case .exp:
            if let expiration = facts.expiration { text.writeDecimal(expiration) } else { text.write("null") }
        case .expiresInSeconds:
            if facts.signatureValid, let remaining = facts.secondsRemaining(now: now) {
                text.writeDecimal(remaining)
            } else {
                text.write("null")
            }
        case .installTimeShape:
            if let shape = facts.installTimeShape {
                scratch.removeAll(keepingCapacity: true)
                JSONValue.string(shape.rawValue).serialize(into: &scratch)
                text.write(scratch)
            } else {
                text.write("null")
            }
        case .checks: writeChecks(checks, facts: facts)
        case .claimsChecked: text.write(facts.signatureValid ? "true" : "false")
        case .claims: text.write(facts.claimsJSON)
        case .algorithm, .header, .now, .leewaySeconds: break  // constant: in the entries' text
        }
    }

    /// Writes the `roles` value: an array of names (known roles: nothing to escape), or null.
    private func writeRoles(_ roles: ECERoleList?) {
        guard let roles else {
            text.write("null")
            return
        }
        text.write(byte: UInt8(ascii: "["))
        for index in 0..<roles.count {
            if index > 0 { text.write(byte: UInt8(ascii: ",")) }
            text.write(byte: UInt8(ascii: "\""))
            text.write(roles.name(at: index))
            text.write(byte: UInt8(ascii: "\""))
        }
        text.write(byte: UInt8(ascii: "]"))
    }

    /// Writes the `checks` value: the shape's cached checks around this token's own expiry check.
    private func writeChecks(_ checks: RenderedChecks, facts: ECETokenFacts) {
        text.write(rendered(checks.prefix))
        if checks.insertsExpiry {
            // As JSONRenderer renders a check: name, status, message (which needs no escaping).
            scratch.removeAll(keepingCapacity: true)
            let status = facts.appendExpiryMessage(now: now, leeway: leeway, to: &scratch) ?? .pass
            switch status {
            case .pass: write(expiryCheckStarts[0])
            case .warn: write(expiryCheckStarts[1])
            case .fail: write(expiryCheckStarts[2])
            }
            text.write(scratch)
            text.write(#""}"#)
        }
        text.write(rendered(checks.suffix))
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
        var error: [UInt8] = []
        renderer.errorValue(for: report).serialize(into: &error)
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
