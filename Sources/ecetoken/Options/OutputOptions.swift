import ArgumentParser

/// Output format and colour.
struct OutputOptions: ParsableArguments {
    /// The output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    /// When to colour text output.
    enum ColorMode: String, ExpressibleByArgument, CaseIterable {
        case auto
        case always
        case never
    }

    /// The defaults, shared with the quick `verify` path (``QuickVerify``).
    static let defaultFormat = Format.text
    static let defaultColor = ColorMode.auto

    @Option(name: .customLong("format"), help: "Output format: text or json.")
    var format: Format = Self.defaultFormat

    @Option(
        name: .customLong("color"),
        help: "Colour text output: auto (only on a terminal, unless NO_COLOR is set), always or never."
    )
    var color: ColorMode = Self.defaultColor

    /// Whether to use ANSI colours.
    var usesColor: Bool { Self.colorEnabled(color) }

    /// Whether `mode` means colour here: `auto` is on only for a terminal without `NO_COLOR`.
    /// - Parameter terminal: whether the stream written to is a terminal (stdout unless told otherwise),
    ///   asked only for `auto`.
    static func colorEnabled(
        _ mode: ColorMode,
        terminal: @autoclosure () -> Bool = StandardStreams.outputIsTerminal
    ) -> Bool {
        switch mode {
        case .always: return true
        case .never: return false
        case .auto:
            let noColor = StandardStreams.environment("NO_COLOR").map { !$0.isEmpty } ?? false
            return !noColor && terminal()
        }
    }
}
