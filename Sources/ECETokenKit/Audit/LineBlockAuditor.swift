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

/// What auditing one block of lines produced.
public struct LineBlockResult: Sendable {
    /// Reports and problems, in input order.
    public var items: [AuditItem] = []
    /// Tokens the fast path decided, counted instead of reported (only when the auditor counts).
    public var tally = AuditVerdictTally()
    /// Whether any line had content (not blank, not a comment).
    public var sawContent = false
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

    /// Creates an auditor.
    /// - Parameters:
    ///   - key: the secret, or `nil` to decode without verifying.
    ///   - policy: algorithms, weak-key override and leeway.
    ///   - requirements: the policy checks.
    ///   - now: the clock, Unix seconds.
    ///   - jobs: worker threads (at least 1).
    ///   - countsOnly: whether tokens may be counted in ``LineBlockResult/tally`` instead of reported,
    ///     for a summary-only audit; the fast path then decides the tokens it can.
    public init(
        key: SigningKey?,
        policy: VerificationPolicy,
        requirements: PolicyRequirements,
        now: Int64,
        jobs: Int,
        countsOnly: Bool
    ) {
        self.jobs = max(1, jobs)
        workers = (0..<max(1, jobs)).map { _ in
            Worker(
                inspector: TokenInspector(key: key, policy: policy, requirements: requirements),
                fastPath: countsOnly
                    ? ECEFastPath(key: key, policy: policy, requirements: requirements, now: now) : nil,
                now: now
            )
        }
    }

    /// Whether tokens are decided by the fast path when they can be.
    public var usesFastPath: Bool { workers[0].fastPath != nil }

    /// Audits every line of `block`, read from the input named `name`.
    public func audit(_ block: LineReader.Block, source name: String) -> LineBlockResult {
        findLines(block.bytes)
        let lineCount = lineStarts.count - 1
        let workerCount = lineCount < 256 ? 1 : min(jobs, lineCount)
        let share = (lineCount + workerCount - 1) / max(1, workerCount)
        let context = UnsafeSendable((block, lineStarts, workers, name))
        var results = [LineBlockResult](repeating: LineBlockResult(), count: workerCount)
        results.withUnsafeMutableBufferPointer { output in
            let slots = UnsafeSendable(output)
            let work: @Sendable (Int) -> Void = { index in
                let (block, lineStarts, workers, name) = context.value
                let lines = (index * share)..<min((index + 1) * share, lineCount)
                // Disjoint slots per worker: no two threads write the same one.
                slots.value[index] = workers[index].audit(block, lineStarts: lineStarts, lines: lines, source: name)
            }
            if workerCount == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workerCount, execute: work)
            }
        }
        var combined = results[0]
        for result in results.dropFirst() {
            combined.items.append(contentsOf: result.items)
            combined.tally.add(result.tally)
            combined.sawContent = combined.sawContent || result.sawContent
        }
        return combined
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
        let now: Int64

        init(inspector: TokenInspector, fastPath: ECEFastPath?, now: Int64) {
            self.inspector = inspector
            self.fastPath = fastPath
            self.now = now
        }

        func audit(
            _ block: LineReader.Block,
            lineStarts: [Int],
            lines: Range<Int>,
            source name: String
        ) -> LineBlockResult {
            var result = LineBlockResult()
            for index in lines {
                let number = block.firstLineNumber + index
                let raw = UnsafeRawBufferPointer(
                    rebasing: block.bytes[lineStarts[index]..<min(lineStarts[index + 1] - 1, block.bytes.count)]
                )
                if raw.count > LineReader.defaultMaximumLineLength {
                    result.items.append(
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
                        case .token(let input): result.items.append(.report(inspector.inspect(input, now: now)))
                        case .problem(let problem): result.items.append(.problem(problem))
                        }
                    }
                case .token(let range):
                    result.sawContent = true
                    if let fastPath, let verdict = fastPath.verdict(UnsafeRawBufferPointer(rebasing: raw[range])) {
                        result.tally.add(verdict)
                        continue
                    }
                    let input = TokenInput(
                        bytes: Array(raw[range]),
                        source: "\(name):\(number)",
                        rawBytes: Array(raw),
                        line: number
                    )
                    result.items.append(.report(inspector.inspect(input, now: now)))
                }
            }
            return result
        }
    }
}
