import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One result of an audit, in input order.
public enum AuditItem: Sendable {
    /// A token's full report.
    case report(TokenReport)
    /// An input that yielded no token.
    case problem(InputProblem)
}

/// Renders a token the fast path decided exactly as the caller's output format renders its full report.
/// Each worker thread has its own.
public protocol AuditLineRenderer: AnyObject {
    /// Appends the rendering of `facts`, from line `line` of the input named `name`, to `output`.
    func render(
        _ facts: ECETokenFacts,
        fastPath: ECEFastPath,
        source name: String,
        line: Int,
        into output: inout [UInt8]
    )
}

/// What auditing one block of lines produced.
public struct LineBlockResult: Sendable {
    /// Reports and problems, in input order.
    public var items: [AuditItem] = []
    /// Tokens the fast path rendered, in input order (only when the auditor renders).
    public var output: [UInt8] = []
    /// For each item, where it goes in ``output``: after `output[..<offset]`, before the rest.
    public var itemOffsets: [Int] = []
    /// Tokens the fast path decided, counted instead of reported (when the auditor counts or renders).
    public var tally = AuditVerdictTally()
    /// Whether any line had content (not blank, not a comment).
    public var sawContent = false
}

extension LineBlockResult {
    /// Empties the result, keeping its buffers' capacity.
    mutating func removeAll() {
        items.removeAll(keepingCapacity: true)
        output.removeAll(keepingCapacity: true)
        itemOffsets.removeAll(keepingCapacity: true)
        tally = AuditVerdictTally()
        sawContent = false
    }

    /// Appends an item at the current end of ``output``.
    mutating func add(_ item: AuditItem) {
        items.append(item)
        itemOffsets.append(output.count)
    }
}

/// Audits blocks of whole lines (``LineReader/Block``) on several threads, handling each line as
/// ``TokenInputReader`` does: tokens, one-line API replies, blank lines and comments, over-long lines.
///
/// Each worker has its own ``TokenInspector`` and, when counting, its own ``ECEFastPath``: nothing is
/// shared between threads but the read-only block and each worker's own slot of the output.
public final class LineBlockAuditor {
    /// How many threads audit a block.
    public let jobs: Int
    private let workers: [Worker]
    private var lineStarts: [Int] = []
    /// Each worker's results for the current block.
    private var parts: [LineBlockResult]

    /// Creates an auditor.
    /// - Parameters:
    ///   - key: the secret, or `nil` to decode without verifying.
    ///   - policy: algorithms, weak-key override and leeway.
    ///   - requirements: the policy checks.
    ///   - now: the clock, Unix seconds.
    ///   - jobs: worker threads (at least 1).
    ///   - mode: what becomes of the tokens.
    public init(
        key: SigningKey?,
        policy: VerificationPolicy,
        requirements: PolicyRequirements,
        now: Int64,
        jobs: Int,
        mode: Mode
    ) {
        self.jobs = max(1, jobs)
        parts = [LineBlockResult](repeating: LineBlockResult(), count: max(1, jobs))
        workers = (0..<max(1, jobs)).map { _ in
            var fastPath: ECEFastPath?
            var renderer: (any AuditLineRenderer)?
            switch mode {
            case .reports: break
            case .counts: fastPath = ECEFastPath(key: key, policy: policy, requirements: requirements, now: now)
            case .rendered(let makeRenderer):
                fastPath = ECEFastPath(key: key, policy: policy, requirements: requirements, now: now)
                renderer = makeRenderer()
            }
            return Worker(
                inspector: TokenInspector(key: key, policy: policy, requirements: requirements),
                fastPath: fastPath,
                renderer: renderer,
                now: now
            )
        }
    }

    /// What becomes of the tokens of a block.
    public enum Mode {
        /// Every token gets a full report in ``LineBlockResult/items``.
        case reports
        /// Tokens the fast path decides are only counted in ``LineBlockResult/tally`` (a summary-only
        /// audit); the others get reports.
        case counts
        /// Tokens the fast path decides are counted and rendered into ``LineBlockResult/output`` by a
        /// renderer made for each worker; the others get reports.
        case rendered(makeRenderer: () -> any AuditLineRenderer)
    }

    /// Whether tokens are decided by the fast path when they can be.
    public var usesFastPath: Bool { workers[0].fastPath != nil }

    /// Audits every line of `block`, read from the input named `name`, and hands `body` the results of each
    /// worker's share of the lines, in input order.
    ///
    /// The results' buffers are the auditor's, reused from block to block so that a long audit does not
    /// allocate (and fault in) fresh output memory for every block: `body` must not keep them.
    public func audit(_ block: LineReader.Block, source name: String, _ body: (LineBlockResult) -> Void) {
        findLines(block.bytes)
        let lineCount = lineStarts.count - 1
        let workerCount = lineCount < 256 ? 1 : min(jobs, lineCount)
        let share = (lineCount + workerCount - 1) / max(1, workerCount)
        let context = UnsafeSendable((block, lineStarts, workers, name))
        parts.withUnsafeMutableBufferPointer { output in
            let slots = UnsafeSendable(output)
            let work: @Sendable (Int) -> Void = { index in
                let (block, lineStarts, workers, name) = context.value
                let lines = (index * share)..<min((index + 1) * share, lineCount)
                // Disjoint slots per worker: no two threads write the same one.
                slots.value[index].removeAll()
                workers[index].audit(
                    block,
                    lineStarts: lineStarts,
                    lines: lines,
                    source: name,
                    into: &slots.value[index]
                )
            }
            if workerCount == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workerCount, execute: work)
            }
        }
        for index in 0..<workerCount { body(parts[index]) }
    }

    /// Fills `lineStarts` with the offset of each line and, last, the end of the block plus one.
    private func findLines(_ bytes: UnsafeRawBufferPointer) {
        lineStarts.removeAll(keepingCapacity: true)
        guard let base = bytes.baseAddress else {
            lineStarts.append(1)
            return
        }
        var offset = 0
        while offset < bytes.count {
            lineStarts.append(offset)
            guard let newline = memchr(base + offset, Int32(UInt8(ascii: "\n")), bytes.count - offset) else {
                offset = bytes.count
                break
            }
            offset = base.distance(to: UnsafeRawPointer(newline)) + 1
        }
        // As if the last line ended in a newline, so line i is lineStarts[i] ..< lineStarts[i + 1] - 1.
        lineStarts.append(bytes.last == UInt8(ascii: "\n") ? offset : offset + 1)
    }

    /// One thread's inspector and fast path.
    private final class Worker {
        let inspector: TokenInspector
        let fastPath: ECEFastPath?
        let renderer: (any AuditLineRenderer)?
        let now: Int64

        init(inspector: TokenInspector, fastPath: ECEFastPath?, renderer: (any AuditLineRenderer)?, now: Int64) {
            self.inspector = inspector
            self.fastPath = fastPath
            self.renderer = renderer
            self.now = now
        }

        func audit(
            _ block: LineReader.Block,
            lineStarts: [Int],
            lines: Range<Int>,
            source name: String,
            into result: inout LineBlockResult
        ) {
            for index in lines {
                let number = block.firstLineNumber + index
                let raw = UnsafeRawBufferPointer(
                    rebasing: block.bytes[lineStarts[index]..<min(lineStarts[index + 1] - 1, block.bytes.count)]
                )
                if raw.count > LineReader.defaultMaximumLineLength {
                    result.add(
                        .problem(TokenInputReader.tooLongProblem(source: name, line: number, length: raw.count))
                    )
                    result.sawContent = true
                    continue
                }
                switch TokenInputReader.lineContent(of: raw) {
                case .nothing:
                    continue
                case .jsonObject(let range):
                    result.sawContent = true
                    let location = "\(name):\(number)"
                    for item in TokenInputReader.items(
                        fromJSONLine: Array(raw[range]),
                        location: location,
                        line: number
                    ) {
                        switch item {
                        case .token(let input): result.add(.report(inspector.inspect(input, now: now)))
                        case .problem(let problem): result.add(.problem(problem))
                        }
                    }
                case .token(let range):
                    result.sawContent = true
                    let token = UnsafeRawBufferPointer(rebasing: raw[range])
                    if let fastPath, let renderer, let facts = fastPath.facts(token) {
                        result.tally.add(facts.verdict)
                        renderer.render(facts, fastPath: fastPath, source: name, line: number, into: &result.output)
                        continue
                    }
                    if let fastPath, renderer == nil, let verdict = fastPath.verdict(token) {
                        result.tally.add(verdict)
                        continue
                    }
                    let input = TokenInput(
                        bytes: Array(raw[range]),
                        source: "\(name):\(number)",
                        rawBytes: Array(raw),
                        line: number
                    )
                    result.add(.report(inspector.inspect(input, now: now)))
                }
            }
        }
    }
}
