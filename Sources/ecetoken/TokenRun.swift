import ArgumentParser
import ECETokenKit

/// The flow shared by `inspect` and `verify`: load the secret, then read each input in order, inspect
/// each token, render it and let it go before the next, and exit with the highest status. Memory does
/// not grow with the number of inputs.
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

    /// Results held back under `--check-active` until the coordinator's list is in, so that a coordinator
    /// that cannot be asked ends the run before any report is written. Past this many, they are written
    /// (none of them needed the list) and a later coordinator failure ends the run where it is.
    static let maximumHeldBack = 1024

    func execute() throws {
        let arguments = try resolvedArguments()
        let now = settings.now
        let secret = try loadSecret(tokenArguments: arguments)
        let client = try activeCheck.map { options in
            try options.client(standardInputTaken: arguments.contains(.standardInput) ? "the tokens" : nil)
        }
        let inspector = TokenInspector(key: secret?.key, policy: settings.policy, requirements: settings.requirements)
        var output = Output(
            mode: mode,
            stream: ResultStream(
                format: settings.format,
                textRenderer: TextRenderer(
                    style: TextStyle(enabled: settings.usesColor),
                    secretDescription: secret?.source.description
                )
            ),
            active: client.map(ActiveCheck.init)
        )
        for (index, argument) in arguments.enumerated() {
            guard !output.stopped else { break }
            switch argument {
            case .literal(let text):
                output.add(.report(inspector.inspect(TokenArgument.input(text, index: index), now: now)))
            case .unrecognized(let text):
                output.add(.problem(TokenArgument.unrecognizedProblem(text, index: index)))
            case .standardInput:
                read(ByteSource(standardInputNamed: "stdin"), inspector: inspector, now: now, into: &output)
            case .file(let path):
                do {
                    read(try ByteSource(path: path), inspector: inspector, now: now, into: &output)
                } catch {
                    output.add(.problem(error))
                }
            }
        }
        try output.finish()
    }

    /// Where results go: the `active` check added under `--check-active`, then the stream; the highest
    /// exit status kept.
    private struct Output {
        let mode: Mode
        var stream: ResultStream
        var active: ActiveCheck?
        var worst = ExitStatus.pass
        /// Whether the coordinator failed: the rest of the input is not read.
        var stopped: Bool { active?.failure != nil }

        mutating func add(_ result: CheckResult) {
            guard var active else { return write(result) }
            self.active = nil
            defer { self.active = active }
            for ready in active.add(result) { write(ready) }
        }

        private mutating func write(_ result: CheckResult) {
            let status = mode == .verify ? result.verifyStatus : result.inspectStatus
            if status.rawValue > worst.rawValue { worst = status }
            stream.write(result)
        }

        /// Ends the output, and the run with the highest status (or the coordinator's failure).
        mutating func finish() throws {
            if var active {
                self.active = nil
                for ready in active.finish() { write(ready) }
                if let failure = active.failure {
                    if active.wroteAny { stream.finish() }
                    throw failure
                }
            }
            stream.finish()
            if worst != .pass { throw ExitCode(worst.rawValue) }
        }
    }

    /// `verify --check-active`: asks the coordinator for its list once, when the first persistent token
    /// needs it, and adds the `active` check to every report it applies to.
    private struct ActiveCheck {
        let client: CoordinatorClient
        var listed: [EnrollmentTokenReplies.Listed]?
        var heldBack: [CheckResult] = []
        var failure: CoordinatorError?
        var wroteAny = false

        init(client: CoordinatorClient) {
            self.client = client
        }

        /// The results ready to be written once `result` is added.
        mutating func add(_ result: CheckResult) -> [CheckResult] {
            guard failure == nil else { return [] }
            if listed == nil, case .report(let report) = result, ActiveTokenCheck.needsListing(report) {
                do {
                    listed = try client.listTokens()
                } catch {
                    failure = error
                    heldBack = []
                    return []
                }
            }
            heldBack.append(result)
            guard listed != nil || heldBack.count > TokenRun.maximumHeldBack else { return [] }
            return finish()
        }

        /// Every result held back, with its `active` check.
        mutating func finish() -> [CheckResult] {
            guard failure == nil else { return [] }
            defer { heldBack = [] }
            wroteAny = wroteAny || !heldBack.isEmpty
            return heldBack.map { result in
                guard case .report(let report) = result,
                    let check = ActiveTokenCheck.check(report, listed: listed ?? [], endpoint: client.endpoint)
                else { return result }
                return .report(report.adding([check]))
            }
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

    private func read(_ source: ByteSource, inspector: TokenInspector, now: Int64, into output: inout Output) {
        TokenInputReader(source).forEachItem { item in
            guard !output.stopped else { return }
            switch item {
            case .token(let input): output.add(.report(inspector.inspect(input, now: now)))
            case .problem(let problem): output.add(.problem(problem))
            }
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
