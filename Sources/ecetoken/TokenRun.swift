import ArgumentParser
import ECETokenKit

/// The flow shared by `inspect` and `verify`: load the secret, read every input in order, inspect each
/// token, render, and exit with the highest status.
struct TokenRun {
    /// Which command is running.
    enum Mode {
        case inspect
        case verify
    }

    /// What the command line asks for, resolved from its options.
    struct Settings {
        /// Where the secret comes from, if anywhere.
        var secretSource: SecretSource?
        /// How the secret's text becomes the key.
        var secretEncoding: SecretEncoding
        /// The clock, Unix seconds.
        var now: Int64
        /// Algorithms, weak-key override and leeway.
        var policy: VerificationPolicy
        /// The policy checks.
        var requirements: PolicyRequirements
        /// Text or JSON.
        var format: OutputOptions.Format
        /// Whether text output is coloured.
        var usesColor: Bool
    }

    let mode: Mode
    let tokens: [String]
    let settings: Settings
    /// `verify --check-active`: the coordinator that must still list each persistent token.
    var activeCheck: CoordinatorOptions? = nil

    func execute() throws {
        let arguments = try resolvedArguments()
        let now = settings.now
        let policy = settings.policy
        let secret = try loadSecret(tokenArguments: arguments)
        let client = try activeCheck.map { options in
            try options.client(standardInputTaken: arguments.contains(.standardInput) ? "the tokens" : nil)
        }
        let inspector = TokenInspector(key: secret?.key, policy: policy, requirements: settings.requirements)

        var results: [CheckResult] = []
        for (index, argument) in arguments.enumerated() {
            switch argument {
            case .literal(let text):
                let input = TokenInput(bytes: Array(text.utf8), source: "argument \(index + 1)")
                results.append(.report(inspector.inspect(input, now: now)))
            case .standardInput:
                read(ByteSource(standardInputNamed: "stdin"), inspector: inspector, now: now, into: &results)
            case .file(let path):
                do {
                    read(try ByteSource(path: path), inspector: inspector, now: now, into: &results)
                } catch {
                    results.append(.problem(error))
                }
            }
        }
        if let client { results = try checkActive(results, client: client) }
        render(results, secret: secret)
        let status = results.map { mode == .verify ? $0.verifyStatus : $0.inspectStatus }.max {
            $0.rawValue < $1.rawValue
        }
        if let status, status != .pass {
            throw ExitCode(status.rawValue)
        }
    }

    /// Adds the `active` check to every report it applies to, asking the coordinator for its list once,
    /// and only when a persistent token needs it. A coordinator failure ends the run with its exit code.
    private func checkActive(_ results: [CheckResult], client: CoordinatorClient) throws -> [CheckResult] {
        let needsListing = results.contains { result in
            if case .report(let report) = result { return ActiveTokenCheck.needsListing(report) }
            return false
        }
        var listed: [EnrollmentTokenReplies.Listed] = []
        if needsListing {
            do {
                listed = try client.listTokens()
            } catch {
                throw CoordinatorFailure.report(error)
            }
        }
        return results.map { result in
            guard case .report(let report) = result,
                let check = ActiveTokenCheck.check(report, listed: listed, endpoint: client.endpoint)
            else { return result }
            return .report(report.adding([check]))
        }
    }

    private func resolvedArguments() throws -> [TokenArgument] {
        if tokens.isEmpty {
            if StandardStreams.inputIsTerminal {
                throw ValidationError("give a TOKEN, a file holding tokens, or '-' to read standard input")
            }
            return [.standardInput]
        }
        let arguments = tokens.map { TokenArgument($0) }
        if arguments.filter({ $0 == .standardInput }).count > 1 {
            throw ValidationError("'-' (standard input) can be given only once")
        }
        return arguments
    }

    private func loadSecret(tokenArguments: [TokenArgument]) throws -> LoadedSecret? {
        guard let source = settings.secretSource else {
            if mode == .verify { throw SecretOptions.missingSecret("verify") }
            return nil
        }
        if source == .file(path: "-") && tokenArguments.contains(.standardInput) {
            throw ValidationError("the secret and the tokens cannot both come from standard input")
        }
        return try SecretOptions.load(source, encoding: settings.secretEncoding)
    }

    private func read(_ source: ByteSource, inspector: TokenInspector, now: Int64, into results: inout [CheckResult]) {
        TokenInputReader(source).forEachItem { item in
            switch item {
            case .token(let input): results.append(.report(inspector.inspect(input, now: now)))
            case .problem(let problem): results.append(.problem(problem))
            }
        }
    }

    private func render(_ results: [CheckResult], secret: LoadedSecret?) {
        for result in results {
            switch result {
            case .problem(let problem):
                StandardStreams.writeErrorLine(
                    "ecetoken: error: \(EscapedText.escape(problem.source)): \(problem.reason)"
                )
            case .report(let report):
                if let error = report.decodingError {
                    StandardStreams.writeErrorLine(
                        "ecetoken: error: \(EscapedText.escape(report.source)): \(error.reason)"
                    )
                }
            }
        }
        switch settings.format {
        case .json:
            StandardStreams.writeOut(JSONRenderer().render(results))
        case .text:
            let renderer = TextRenderer(
                style: TextStyle(enabled: settings.usesColor),
                secretDescription: secret?.source.description
            )
            let blocks = results.compactMap { result -> String? in
                guard case .report(let report) = result, report.decodingError == nil else { return nil }
                return renderer.render(report)
            }
            StandardStreams.writeOut(blocks.joined(separator: "\n"))
        }
    }
}

extension TokenRun.Settings {
    /// The settings the parsed options ask for.
    /// - Throws: `ValidationError` for an option value that does not parse.
    init(secret: SecretOptions, clock: ClockOptions, policy: PolicyOptions, output: OutputOptions) throws {
        self.init(
            secretSource: try secret.source(),
            secretEncoding: secret.secretEncoding,
            now: try clock.currentTime(),
            policy: try secret.verificationPolicy(clock: clock),
            requirements: try policy.requirements(),
            format: output.format,
            usesColor: output.usesColor
        )
    }
}
