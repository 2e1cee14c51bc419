/// One result of an audit, in input order.
package enum AuditItem: Sendable {
    /// A token's full report.
    case report(TokenReport)
    /// An input that yielded no token.
    case problem(InputProblem)
}

/// Renders a token the fast path decided exactly as the caller's output format renders its full report.
/// Each worker thread has its own.
package protocol AuditLineRenderer: AnyObject {
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
package struct LineBlockResult: Sendable {
    /// Reports and problems, in input order.
    package var items: [AuditItem] = []
    /// Tokens the fast path rendered, in input order (only when the auditor renders).
    package var output: [UInt8] = []
    /// For each item, where it goes in ``output``: after `output[..<offset]`, before the rest.
    package var itemOffsets: [Int] = []
    /// Tokens the fast path decided, counted instead of reported (when the auditor counts or renders).
    package var tally = AuditVerdictTally()
    /// Whether any line had content (not blank, not a comment).
    package var sawContent = false
    /// How many lines the part had.
    var lineCount = 0
    /// Where the part's audit stopped once it held ``LineBlockAuditor/maximumItems`` items (an offset in the
    /// part, and that line's number), so that items held at once stay bounded; `nil` when it finished.
    var resume: (offset: Int, line: Int)?
}

extension LineBlockResult {
    /// Empties the result, keeping its buffers' capacity.
    mutating func removeAll() {
        items.removeAll(keepingCapacity: true)
        output.removeAll(keepingCapacity: true)
        itemOffsets.removeAll(keepingCapacity: true)
        tally = AuditVerdictTally()
        sawContent = false
        lineCount = 0
        resume = nil
    }

    /// Appends an item at the current end of ``output``.
    mutating func add(_ item: AuditItem) {
        items.append(item)
        itemOffsets.append(output.count)
    }
}
