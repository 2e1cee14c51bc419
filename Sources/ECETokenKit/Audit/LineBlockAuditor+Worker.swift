extension LineBlockAuditor {
    /// One thread's inspector, fast path and renderer, and how it handles each line of a part: the fast
    /// path where it decides the token, else a report or a problem, as ``TokenInputReader`` reads the line.
    final class Worker {
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

        /// The offset of each line of the last range given to ``findLines(in:)`` and, last, the range's end
        /// plus one (as if the last line ended in a newline).
        var lineStarts: [Int] = []

        /// Audits the lines ``findLines(in:)`` found in `bytes`, which come right after the whole lines of
        /// `before`, the first of which is line `firstLineNumber`, stopping after the line that makes
        /// `maximumItems` items (``LineBlockResult/resume`` says where).
        ///
        /// Line numbers are worked out only when something needs one (a rendered line, a report, a problem):
        /// a counting audit of tokens the fast path decides never counts the lines before its part, so its
        /// workers start at once, with no hand-off to learn each other's line counts first.
        func audit(
            _ bytes: UnsafeRawBufferPointer,
            after before: UnsafeRawBufferPointer,
            firstLineNumber: Int,
            source name: String,
            maximumItems: Int,
            into result: inout LineBlockResult
        ) {
            var partFirstLine: Int?
            func lineNumber(_ index: Int) -> Int {
                if let partFirstLine { return partFirstLine + index }
                let first = firstLineNumber + LineBlockAuditor.newlineCount(in: before)
                partFirstLine = first
                return first + index
            }
            for index in 0..<lineCount {
                let raw = UnsafeRawBufferPointer(
                    rebasing: bytes[lineStarts[index]..<min(lineStarts[index + 1] - 1, bytes.count)]
                )
                if raw.count > LineReader.defaultMaximumLineLength {
                    result.add(
                        .problem(
                            TokenInputReader.tooLongProblem(source: name, line: lineNumber(index), length: raw.count)
                        )
                    )
                    result.sawContent = true
                    continue
                }
                let content = TokenInputReader.lineContent(of: raw)
                guard content != .nothing else { continue }
                result.sawContent = true
                if case .token(let range) = content, let fastPath {
                    let token = UnsafeRawBufferPointer(rebasing: raw[range])
                    if let renderer {
                        if let facts = fastPath.facts(token) {
                            result.tally.add(facts.verdict)
                            renderer.render(
                                facts,
                                fastPath: fastPath,
                                source: name,
                                line: lineNumber(index),
                                into: &result.output
                            )
                            continue
                        }
                    } else if let verdict = fastPath.verdict(token) {
                        result.tally.add(verdict)
                        continue
                    }
                }
                // Everything the fast path does not decide: exactly as TokenInputReader reads the line.
                for item in TokenInputReader.items(of: content, in: raw, source: name, line: lineNumber(index)) {
                    switch item {
                    case .token(let input): result.add(.report(inspector.inspect(input, now: now)))
                    case .problem(let problem): result.add(.problem(problem))
                    }
                }
                if result.items.count >= maximumItems, index + 1 < lineCount {
                    result.resume = (offset: lineStarts[index + 1], line: lineNumber(index + 1))
                    return
                }
            }
        }
    }
}
