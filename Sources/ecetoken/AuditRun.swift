import ArgumentParser
import ECETokenKit

/// One `ecetoken audit` run: reads each input in blocks of lines, audits each block on every core (the
/// fast path for ECE-shaped tokens, the full inspector for the rest), and writes results in input order
/// as they are ready, so memory stays flat however large the input.
struct AuditRun {
    /// Items the reader hands over one by one (the first line, JSON documents) inspected together.
    static let batchSize = 8192

    private let command: AuditCommand
    private let now: Int64
    private let policy: VerificationPolicy
    private let requirements: PolicyRequirements
    private let secret: LoadedSecret?
    private let jobs: Int
    private var summary = AuditSummary()
    private var worst = ExitStatus.pass
    private var wroteTableHeader = false
    /// Tokens the block auditor's fast path decided, and tokens given a full report (``PathReport``).
    private var fastTokens = 0
    private var fullTokens = 0
    private let progress: ProgressLine?

    init(command: AuditCommand) throws {
        self.command = command
        now = try command.clock.currentTime()
        policy = try command.secret.verificationPolicy(clock: command.clock)
        requirements = try command.policy.requirements()
        jobs = command.jobs ?? BatchInspector.processorCount
        let inputs = command.files.isEmpty ? ["-"] : command.files
        if let source = try command.secret.source() {
            if source == .file(path: "-") && inputs.contains("-") {
                throw ValidationError("the secret and the tokens cannot both come from standard input")
            }
            secret = try command.secret.load(source)
        } else {
            secret = nil
            if let input = inputs.first(where: { !Self.isBootstrapSecretsFile($0) }) {
                throw SecretOptions.missingSecret(
                    "audit",
                    note: " (for \(input == "-" ? "standard input" : EscapedText.quoted(input)); "
                        + "a bootstrap-secrets.json input needs none)"
                )
            }
        }
        progress = StandardStreams.errorIsTerminal ? ProgressLine() : nil
    }

    mutating func execute() throws {
        for name in command.files.isEmpty ? ["-"] : command.files {
            audit(name)
        }
        progress?.clear()
        writeSummary()
        PathReport.write("audit fast=\(fastTokens) full=\(fullTokens)")
        if worst != .pass { throw ExitCode(worst.rawValue) }
    }

    private mutating func audit(_ name: String) {
        let source: ByteSource
        do {
            source = name == "-" ? ByteSource(standardInputNamed: "stdin") : try ByteSource(path: name)
        } catch {
            emit([.problem(error)], file: name)
            return
        }
        var key = secret?.key
        if key == nil {
            do {
                // Only bootstrap-secrets files get here (checked up front): each is verified with its own secret.
                let loaded = try SecretLoader.load(from: .bootstrapSecrets(path: name))
                for warning in loaded.warnings { StandardStreams.writeErrorLine("ecetoken: warning: \(warning)") }
                key = loaded.key
            } catch {
                emit([.problem(InputProblem(.unreadable, source: name, reason: error.reason))], file: name)
                return
            }
        }
        let inspector = BatchInspector(key: key, policy: policy, requirements: requirements, jobs: jobs)
        let blockAuditor = LineBlockAuditor(
            key: key,
            policy: policy,
            requirements: requirements,
            now: now,
            jobs: jobs,
            mode: blockMode
        )
        // Items the reader hands over one at a time (the first line, JSON documents, read errors) are
        // inspected in batches; runs of lines go to the block auditor. Pending items are flushed before
        // each block so the output keeps input order.
        var batch: [InputItem] = []
        batch.reserveCapacity(Self.batchSize)
        TokenInputReader(source).forEachItem(
            lineBlocks: { block in
                flush(&batch, inspector: inspector, file: source.name)
                var sawContent = false
                blockAuditor.audit(block, source: source.name) { result in
                    count(result.tally)
                    emit(
                        result.items.map(CheckResult.init),
                        interleavedWith: result.output,
                        at: result.itemOffsets,
                        file: source.name
                    )
                    sawContent = sawContent || result.sawContent
                }
                return sawContent
            },
            { item in
                batch.append(item)
                if batch.count >= Self.batchSize {
                    flush(&batch, inspector: inspector, file: source.name)
                }
            }
        )
        flush(&batch, inspector: inspector, file: source.name)
    }

    /// Counts tokens the fast path decided without reports (summary-only runs).
    private mutating func count(_ tally: AuditVerdictTally) {
        fastTokens += tally.total
        summary.add(tally)
        if let outcome = tally.worstOutcome {
            let status = ExitStatus(outcome)
            if status.rawValue > worst.rawValue { worst = status }
        }
    }

    private mutating func flush(_ batch: inout [InputItem], inspector: BatchInspector, file: String) {
        guard !batch.isEmpty else { return }
        var inputs: [TokenInput] = []
        inputs.reserveCapacity(batch.count)
        for case .token(let input) in batch { inputs.append(input) }
        var reports = inspector.inspect(inputs, now: now).makeIterator()
        var results: [CheckResult] = []
        results.reserveCapacity(batch.count)
        for item in batch {
            switch item {
            case .token: results.append(.report(reports.next()!))
            case .problem(let problem): results.append(.problem(problem))
            }
        }
        batch.removeAll(keepingCapacity: true)
        emit(results, file: file)
    }

    /// Counts and writes results. With `rendered`, result `i` goes after `rendered[..<offsets[i]]`: lines the
    /// fast path wrote for tokens between the results.
    private mutating func emit(
        _ results: [CheckResult],
        interleavedWith rendered: [UInt8] = [],
        at offsets: [Int] = [],
        file: String
    ) {
        var output: [UInt8] = []
        var renderedUpTo = 0
        progress?.clear()
        // The fast path's lines are written from its buffer as they are; only the other results are rendered
        // here, and written before the fast path's lines that follow them.
        func writeRendered(upTo end: Int) {
            guard end > renderedUpTo else { return }
            output.withUnsafeBytes { StandardStreams.writeOut($0) }
            output.removeAll(keepingCapacity: true)
            rendered.withUnsafeBytes {
                StandardStreams.writeOut(UnsafeRawBufferPointer(rebasing: $0[renderedUpTo..<end]))
            }
            renderedUpTo = end
        }
        let renderer = AuditTableRenderer(style: TextStyle(enabled: usesColor))
        for (index, result) in results.enumerated() {
            switch result {
            case .report(let report):
                fullTokens += 1
                summary.add(report)
            case .problem(let problem): summary.add(problem)
            }
            let status = result.verifyStatus
            if status.rawValue > worst.rawValue { worst = status }
            if command.summaryOnly { continue }
            if index < offsets.count { writeRendered(upTo: offsets[index]) }
            switch command.format {
            case .jsonl:
                output += JSONRenderer().renderLine(result, file: file).utf8
            case .text:
                if !wroteTableHeader {
                    output += renderer.header().utf8
                    wroteTableHeader = true
                }
                output += renderer.row(result).utf8
            }
        }
        writeRendered(upTo: rendered.count)
        output.withUnsafeBytes { StandardStreams.writeOut($0) }
        progress?.show(summary)
    }

    /// What the block auditor does with tokens: counts them for `--summary-only`, renders JSONL lines
    /// itself, or reports every token for the table. `ECETOKEN_NO_FAST_PATH=1` makes every token go
    /// through the full inspector (for comparing the two).
    private var blockMode: LineBlockAuditor.Mode {
        if StandardStreams.environment("ECETOKEN_NO_FAST_PATH") == "1" { return .reports }
        if command.summaryOnly { return .counts }
        switch command.format {
        case .jsonl:
            let now = now
            let leeway = policy.leeway
            return .rendered(makeRenderer: { FastJSONLineRenderer(now: now, leeway: leeway) })
        case .text:
            return .reports
        }
    }

    private func writeSummary() {
        switch command.format {
        case .jsonl:
            StandardStreams.writeOut(AuditSummaryRenderer.jsonLine(summary))
        case .text:
            let text = AuditSummaryRenderer.text(summary)
            if command.summaryOnly {
                StandardStreams.writeOut(text)
            } else {
                StandardStreams.writeError(text)
            }
        }
    }

    private var usesColor: Bool {
        OutputOptions.colorEnabled(command.color)
    }

    /// Whether `path` is a bootstrap-secrets.json with a `bootstrap_tokens_secret`.
    private static func isBootstrapSecretsFile(_ path: String) -> Bool {
        guard path != "-", let source = try? ByteSource(path: path),
            let bytes = try? source.readAll(limit: BootstrapSecrets.maximumFileSize),
            let secrets = try? BootstrapSecrets(parsing: bytes, source: path)
        else { return false }
        return secrets.secret != nil
    }
}
