import ArgumentParser
import ECETokenKit

/// `ecetoken list`: the persistent tokens the coordinator lists, as a table or JSON.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the coordinator's persistent tokens: ids and roles.",
        discussion: """
            GETs the coordinator's enrollment-tokens API. Only persistent tokens are listed (ECE never lists \
            ephemeral ones) and the API gives no token text and no expiry. Text: a table of token ids and \
            roles on stdout. --format json: {"tokens": [{"token_id": ..., "roles": [...]}]}.

            Examples, one for each job:

            Audit before handing out: which persistent tokens exist right now?
              ecetoken list --coordinator https://ece-1:12443 \\
                --api-key-file api.key --cacert ece-ca.pem

            Gate CI on roles: no persistent token may grant director.
              ecetoken list --coordinator "$ECE_URL" --api-key-env ECE_API_KEY \\
                --cacert ece-ca.pem --format json > tokens.json

            Debug an install: is the persistent token the host used still there?
              ecetoken verify --check-active --coordinator ece-1 \\
                --api-key-file api.key --cacert ece-ca.pem \\
                --bootstrap-secrets bootstrap-secrets.json token.jwt

            Exit codes: 0 listed, 4 coordinator unreachable, 5 TLS failure, 6 error status from the \
            coordinator, 7 unexpected reply, 64 usage, 66 unreadable file.
            """
    )

    @OptionGroup(title: "Coordinator") var coordinator: CoordinatorOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try FailureReporter.reporting(command: "list", json: output.format == .json) {
            let client = try coordinator.client()
            let tokens = try client.listTokens()
            switch output.format {
            case .json:
                StandardStreams.writeOut(TokenListRenderer.json(tokens) + "\n")
            case .text:
                StandardStreams.writeOut(
                    TokenListRenderer(style: TextStyle(enabled: output.usesColor)).table(tokens)
                )
                StandardStreams.writeErrorLine(
                    "ecetoken: the coordinator \(client.endpoint.baseURL) lists \(tokens.count) persistent "
                        + "token\(tokens.count == 1 ? "" : "s") (ephemeral tokens are never listed)"
                )
            }
        }
    }
}
