import ArgumentParser

/// The `TOKEN…` arguments shared by `inspect` and `verify`.
struct TokenArguments: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Tokens, files of tokens (one per line, API replies, bootstrap-secrets.json), or '-' for stdin.",
            valueName: "token"
        ),
        completion: .file()
    )
    var tokens: [String] = []
}
