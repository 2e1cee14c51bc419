import Dispatch

/// Audits blocks of whole lines (``LineReader/Block``) on several threads, handling each line as
/// ``TokenInputReader`` does: tokens, one-line API replies, blank lines and comments, over-long lines.
///
/// Each worker has its own ``TokenInspector`` and, when counting or rendering, its own ``ECEFastPath``:
/// nothing is shared between threads but the read-only block, the queue of its parts, and the result
/// slots of the parts each worker took.
package final class LineBlockAuditor {
    /// How many threads audit a block.
    package let jobs: Int
    private let workers: [Worker]
    /// The results of each part of the current block.
    private var parts: [LineBlockResult]
    /// How many parts each worker's share of a block is cut into. Counting audits cut it finer, so that
    /// the workers share a block out as they go and a worker whose thread is held up (another process,
    /// the hypervisor) leaves fewer of its parts for the others to wait on. The other modes need every
    /// part's first line number, which a part works out by counting the lines before it; they keep one
    /// part per worker.
    private let partsPerWorker: Int
    /// Whether the workers render tokens into output (and so take blocks a chunk at a time).
    private let rendersOutput: Bool

    /// Creates an auditor.
    /// - Parameters:
    ///   - key: the secret, or `nil` to decode without verifying.
    ///   - policy: algorithms, weak-key override and leeway.
    ///   - requirements: the policy checks.
    ///   - now: the clock, Unix seconds.
    ///   - jobs: worker threads (at least 1).
    ///   - mode: what becomes of the tokens.
    package init(
        key: SigningKey?,
        policy: VerificationPolicy,
        requirements: PolicyRequirements,
        now: Int64,
        jobs: Int,
        mode: Mode
    ) {
        self.jobs = max(1, jobs)
        parts = []
        if case .rendered = mode { rendersOutput = true } else { rendersOutput = false }
        if case .counts = mode { partsPerWorker = 4 } else { partsPerWorker = 1 }
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
    package enum Mode {
        /// Every token gets a full report in ``LineBlockResult/items``.
        case reports
        /// Tokens the fast path decides are only counted in ``LineBlockResult/tally`` (a summary-only
        /// audit); the others get reports.
        case counts
        /// Tokens the fast path decides are counted and rendered into ``LineBlockResult/output`` by a
        /// renderer made for each worker; the others get reports.
        case rendered(makeRenderer: () -> any AuditLineRenderer)
    }

    /// Audits every line of `block`, read from the input named `name`, and hands `body` the results of each
    /// part of the lines, in input order.
    ///
    /// The block is cut at newlines into parts (one per worker, or a few per worker when counting). Each
    /// worker takes parts until none is left, finds the lines of each and audits them, counting the lines
    /// before a part only when it needs a line number: the only work on the calling thread alone is finding
    /// the cut points, and the workers are handed work once. When the auditor renders, this is done for one
    /// chunk of about ``renderedChunkSize`` bytes of the block at a time.
    ///
    /// The results' buffers are the auditor's, reused from block to block so that a long audit does not
    /// allocate (and fault in) fresh output memory for every block: `body` must not keep them.
    package func audit(_ block: LineReader.Block, source name: String, _ body: (LineBlockResult) -> Void) {
        let bytes = block.bytes
        var start = 0
        var firstLineNumber = block.firstLineNumber
        while start < bytes.count {
            let end = rendersOutput ? Self.lineEnd(in: bytes, from: start + Self.renderedChunkSize) : bytes.count
            let chunk = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            firstLineNumber += audit(chunk, firstLineNumber: firstLineNumber, source: name, body)
            start = end
        }
    }

    /// How many bytes of input a rendering audit takes at a time. JSONL output is about five times its
    /// input; 128 KiB of input keeps each worker's output small enough to stay in its core's cache until
    /// it is written out, instead of writing megabytes of memory per block that no cache holds. Counting
    /// audits take whole blocks: they write no output, and each chunk costs a hand-off to the other workers.
    static let renderedChunkSize = 128 * 1024

    /// Audits the lines of `bytes`, the first of which is line `firstLineNumber`, hands `body` each part's
    /// results in input order, and returns how many lines there were.
    private func audit(
        _ bytes: UnsafeRawBufferPointer,
        firstLineNumber: Int,
        source name: String,
        _ body: (LineBlockResult) -> Void
    ) -> Int {
        // Small chunks (a short input, the tail of one) are not worth waking other threads for.
        let workerCount = bytes.count < 64 * 1024 ? 1 : jobs
        let partCount = workerCount == 1 ? 1 : workerCount * partsPerWorker
        var bounds = [0]
        for index in 1..<partCount {
            let cut = max(bytes.count / partCount * index, bounds[index - 1])
            bounds.append(Self.lineEnd(in: bytes, from: cut))
        }
        bounds.append(bytes.count)
        if parts.count < partCount { parts += Array(repeating: LineBlockResult(), count: partCount - parts.count) }
        let queue = PartQueue(count: partCount)
        let maximumItems = max(256, Self.maximumItems / partCount)
        parts.withUnsafeMutableBufferPointer { output in
            let slots = UnsafeSendable(output)
            let context = UnsafeSendable((bytes, bounds, workers, name, queue))
            Self.run(workerCount) { worker in
                let (bytes, bounds, workers, name, queue) = context.value
                // Each worker takes parts until none is left, and writes only the slots of the parts it took.
                // It fills a local copy of a slot (taking over the slot's buffers, so nothing is copied) and
                // puts it back once: neighbouring slots share cache lines, and writing them token by token
                // would make the workers contend.
                while let index = queue.take() {
                    var result = slots.value[index]
                    slots.value[index] = LineBlockResult()
                    result.removeAll()
                    let part = UnsafeRawBufferPointer(rebasing: bytes[bounds[index]..<bounds[index + 1]])
                    workers[worker].findLines(in: part)
                    workers[worker].audit(
                        part,
                        after: UnsafeRawBufferPointer(rebasing: bytes[..<bounds[index]]),
                        firstLineNumber: firstLineNumber,
                        source: name,
                        maximumItems: maximumItems,
                        into: &result
                    )
                    result.lineCount = workers[worker].lineCount
                    slots.value[index] = result
                }
            }
        }
        var total = 0
        for index in 0..<partCount {
            body(parts[index])
            total += parts[index].lineCount
            // A part that stopped at its item limit goes on here, on this thread, a piece at a time: inputs
            // that make an item of every line (garbage, text output) are the slow path anyway.
            var resume = parts[index].resume.map { (offset: bounds[index] + $0.offset, line: $0.line) }
            while let (offset, line) = resume {
                let rest = UnsafeRawBufferPointer(rebasing: bytes[offset..<bounds[index + 1]])
                continuation.removeAll()
                workers[0].findLines(in: rest)
                workers[0].audit(
                    rest,
                    after: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset]),
                    firstLineNumber: line,
                    source: name,
                    maximumItems: maximumItems,
                    into: &continuation
                )
                body(continuation)
                resume = continuation.resume.map { (offset: offset + $0.offset, line: $0.line) }
            }
        }
        return total
    }

    /// About the most items (reports and problems) the parts of a chunk hold at once, whatever the input:
    /// a block of one-character lines would otherwise make half a million reports at a time.
    package static let maximumItems = 16_384

    /// The results of a part that goes on past its item limit.
    private var continuation = LineBlockResult()

    /// Runs `work` for `0..<count`, on this thread alone when `count` is 1.
    private static func run(_ count: Int, _ work: @escaping @Sendable (Int) -> Void) {
        if count == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: work)
        }
    }
}
