import ECETokenKit

/// Writes the results of `inspect` and `verify` one at a time, as they come, so that nothing but the
/// result being written is held: an error line on stderr for an input that did not decode, then the
/// report on stdout (a text block, or a member of the JSON document).
///
/// The output is byte for byte what rendering all the results at once made: text blocks separated by
/// a blank line; in JSON one object for one result, else an array written element by element (the
/// first held back until a second shows there is an array).
struct ResultStream {
    let format: OutputOptions.Format
    let textRenderer: TextRenderer
    /// How many results went to the JSON document, or text blocks to stdout.
    private var written = 0
    /// The first JSON result, until a second comes or the output ends.
    private var heldBack: JSONValue?

    init(format: OutputOptions.Format, textRenderer: TextRenderer) {
        self.format = format
        self.textRenderer = textRenderer
    }

    /// Writes one result.
    mutating func write(_ result: CheckResult) {
        switch result {
        case .problem(let problem):
            StandardStreams.writeErrorLine("ecetoken: error: \(EscapedText.escape(problem.source)): \(problem.reason)")
        case .report(let report):
            if let error = report.decodingError {
                StandardStreams.writeErrorLine("ecetoken: error: \(EscapedText.escape(report.source)): \(error.reason)")
            }
        }
        switch format {
        case .json:
            let value = JSONRenderer().value(for: result)
            if written == 0 {
                heldBack = value
            } else if let first = heldBack {
                StandardStreams.writeOut("[" + Self.element(first) + "," + Self.element(value))
                heldBack = nil
            } else {
                StandardStreams.writeOut("," + Self.element(value))
            }
            written += 1
        case .text:
            guard case .report(let report) = result, report.decodingError == nil else { return }
            StandardStreams.writeOut((written > 0 ? "\n" : "") + textRenderer.render(report))
            written += 1
        }
    }

    /// Ends the output: closes the JSON array, or writes the one JSON result held back.
    mutating func finish() {
        guard format == .json else { return }
        if let first = heldBack {
            StandardStreams.writeOut(first.serializedPretty() + "\n")
        } else {
            StandardStreams.writeOut(written == 0 ? "[]\n" : "\n]\n")
        }
        heldBack = nil
    }

    /// `value` as an element of a pretty-printed top-level array: on a new line, indented one level.
    /// Every line break in pretty JSON is structural (strings escape theirs), so indenting after each
    /// one indents the whole value.
    private static func element(_ value: JSONValue) -> String {
        let pretty = value.serializedPretty()
        var bytes: [UInt8] = [0x0A, 0x20, 0x20]
        bytes.reserveCapacity(pretty.utf8.count + 256)
        for byte in pretty.utf8 {
            bytes.append(byte)
            if byte == 0x0A {
                bytes.append(0x20)
                bytes.append(0x20)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
