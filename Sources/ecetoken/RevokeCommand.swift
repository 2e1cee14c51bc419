import ArgumentParser
import ECETokenKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `ecetoken revoke`: revoke a persistent token by its text or its id.
struct RevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a persistent token, given the token itself or its id.",
        discussion: """
            DELETEs the token on the coordinator, by id. A whole token is decoded to find its id (sub), \
            and an ephemeral token is refused before anything is sent: ECE cannot revoke ephemeral tokens \
            (they stop working when they expire). '-' reads the token or id from stdin.

            Examples, one for each job:

            Audit before handing out: a token that failed its checks must not stay valid.
              ecetoken revoke --coordinator https://ece-1:12443 \\
                --api-key-file api.key --cacert ece-ca.pem \\
                4c8990df-1fb7-4820-b868-6bc9e8860814

            Gate CI on roles: revoke the token the job requested, whatever happens.
              ecetoken revoke --coordinator "$ECE_URL" --api-key-env ECE_API_KEY \\
                --cacert ece-ca.pem - < token.jwt

            Debug an install: after the host joined, revoke its persistent token.
              ecetoken revoke --coordinator ece-1 --api-key-file api.key \\
                --cacert ece-ca.pem "$TOKEN"

            Exit codes: 0 revoked, 1 refused (an ephemeral token), 3 a token that does not decode, \
            4 coordinator unreachable, 5 TLS failure, 6 error status (404: no such token id), \
            7 unexpected reply, 64 usage, 66 unreadable file.
            """
    )

    @Argument(
        help: ArgumentHelp(
            "The persistent token, its token id, or '-' to read either from stdin.",
            valueName: "token-or-id"
        )
    )
    var tokenOrID: String

    @OptionGroup(title: "Coordinator") var coordinator: CoordinatorOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try FailureReporter.reporting(command: "revoke", json: output.format == .json) { try execute() }
    }

    private func execute() throws {
        var text = tokenOrID
        if tokenOrID == "-" {
            if coordinator.readsCredentialFromStandardInput {
                throw ValidationError("the credential and the token cannot both come from standard input")
            }
            let bytes: [UInt8]
            do {
                bytes = try ByteSource(standardInputNamed: "stdin").readAll(limit: 65_536)
            } catch {
                throw NamedFileError("stdin", error)
            }
            text = String(decoding: Self.trimmed(bytes), as: UTF8.self)
        }
        let target = try RevocationTarget(text, now: Int64(time(nil)))
        let client = try coordinator.client()
        try client.revokeToken(id: target.tokenID)
        switch output.format {
        case .json:
            var members: [JSONObject.Member] = [
                .init(name: "revoked", value: .bool(true)),
                .init(name: "token_id", value: .string(target.tokenID)),
            ]
            members.append(.init(name: "roles", value: target.roles.map { .array($0.map(JSONValue.string)) } ?? .null))
            members.append(.init(name: "coordinator", value: .string(client.endpoint.baseURL)))
            StandardStreams.writeOut(JSONValue.object(JSONObject(members)).serializedPretty() + "\n")
        case .text:
            var line = "revoked persistent token id \(EscapedText.escape(target.tokenID, limit: 80))"
            if let roles = target.roles { line += " (roles \(RequestRendering.roles(roles)))" }
            StandardStreams.writeOut(line + " on \(client.endpoint.baseURL)\n")
        }
    }

    /// `bytes` without surrounding spaces, tabs, carriage returns and newlines.
    private static func trimmed(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        let blank: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
        var slice = bytes[...]
        while let first = slice.first, blank.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, blank.contains(last) { slice = slice.dropLast() }
        return slice
    }
}
