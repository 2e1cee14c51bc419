import ECETokenKit

/// `ecetoken verify` in its everyday form, parsed without swift-argument-parser: tokens (or files, or
/// `-`), at most one of `--secret-file`, `--secret-env` and `--bootstrap-secrets`, `--now` and
/// `--format`, each at most once, as `--name value` or `--name=value`.
///
/// Building ArgumentParser's model of the commands costs more than verifying a token, so this keeps a
/// single verification's start-up close to a plain C program's. It recognises only command lines whose
/// meaning is beyond doubt and whose values parse; for anything else it answers `nil` and the command
/// line goes to ArgumentParser, which also gives help and every error message. Every option keeps the
/// default ArgumentParser would give it: the same constants (`SecretOptions.defaultPolicy`, …). `ECETOKEN_NO_FAST_PATH=1` turns it off (tests compare the two).
enum QuickVerify {
    /// The run `arguments` (without the program name) ask for, or `nil` when ArgumentParser must parse them.
    static func run(for arguments: [String]) -> TokenRun? {
        guard arguments.first == "verify", StandardStreams.environment("ECETOKEN_NO_FAST_PATH") != "1" else {
            return nil
        }
        var values = Values()
        var tokens: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument != "-" else {
                // `help` is ArgumentParser's word wherever it stands.
                guard argument != "help" else { return nil }
                tokens.append(argument)
                continue
            }
            // Short options, `--` and options not listed here are ArgumentParser's.
            guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
            var name = String(argument.dropFirst(2))
            let value: String
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else {
                guard index < arguments.count else { return nil }
                value = arguments[index]
                index += 1
            }
            // A value that looks like an option is ArgumentParser's to judge; so is an option given twice.
            guard !value.hasPrefix("-") || value == "-", values.set(name, to: value) else { return nil }
        }
        guard let format = values.format.map(OutputOptions.Format.init(rawValue:)) ?? OutputOptions.defaultFormat,
            let now = try? ClockOptions.parseTime(values.now),
            let secretSource = try? SecretOptions.source(
                file: values.secretFile,
                environment: values.secretEnvironment,
                bootstrapSecrets: values.bootstrapSecrets
            )
        else { return nil }
        return TokenRun(
            mode: .verify,
            tokens: tokens,
            settings: TokenRun.Settings(
                secretSource: secretSource,
                secretEncoding: SecretOptions.defaultEncoding,
                now: now,
                policy: SecretOptions.defaultPolicy,
                requirements: PolicyRequirements(),
                format: format,
                usesColor: OutputOptions.colorEnabled(OutputOptions.defaultColor)
            )
        )
    }

    /// The values of the options taken here. Plain properties rather than a `Set` of names and a
    /// `Dictionary` of values: the first hashed collection of `String`s makes the Swift runtime search
    /// every protocol conformance in the binary for `String: Hashable`, a tenth of this path's own work.
    private struct Values {
        var secretFile: String?
        var secretEnvironment: String?
        var bootstrapSecrets: String?
        var now: String?
        var format: String?

        /// Records `value` for `--name`; `false` for an option not taken here or given twice.
        mutating func set(_ name: String, to value: String) -> Bool {
            switch name {
            case "secret-file": Self.fill(&secretFile, with: value)
            case "secret-env": Self.fill(&secretEnvironment, with: value)
            case "bootstrap-secrets": Self.fill(&bootstrapSecrets, with: value)
            case "now": Self.fill(&now, with: value)
            case "format": Self.fill(&format, with: value)
            default: false
            }
        }

        private static func fill(_ slot: inout String?, with value: String) -> Bool {
            guard slot == nil else { return false }
            slot = value
            return true
        }
    }
}
