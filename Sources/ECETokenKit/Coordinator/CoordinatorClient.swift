/// Talks to a coordinator's enrollment-tokens API through a transport: create, list and revoke tokens.
///
/// Each operation is one request; its reply is parsed strictly. Nothing the coordinator returns is
/// trusted: a created token is only text until ``TokenInspector`` has checked it. Every error passes
/// through a redactor made from the transport settings' credentials, so a coordinator that reflects the
/// credentials in its reply does not get them into a message.
public struct CoordinatorClient {
    /// The coordinator.
    public let endpoint: CoordinatorEndpoint
    /// How requests are sent.
    public let transport: any CoordinatorTransport

    /// Creates a client.
    public init(endpoint: CoordinatorEndpoint, transport: any CoordinatorTransport) {
        self.endpoint = endpoint
        self.transport = transport
    }

    /// `POST`: asks the coordinator for a new token.
    /// - Returns: the reply, not yet checked.
    /// - Throws: ``CoordinatorError``.
    public func createToken(
        _ request: EnrollmentTokenRequest
    ) throws(CoordinatorError)
        -> CreatedEnrollmentToken
    {
        let operation = CoordinatorOperation.create(request)
        return try parse(try exchange(operation), of: operation, with: EnrollmentTokenReplies.created)
    }

    /// `GET`: the persistent tokens the coordinator lists (ephemeral tokens are never listed).
    /// - Throws: ``CoordinatorError``.
    public func listTokens() throws(CoordinatorError) -> [ListedEnrollmentToken] {
        try parse(try exchange(.list), of: .list, with: EnrollmentTokenReplies.listed)
    }

    /// `DELETE`: revokes the persistent token with this id. A 2xx reply with an empty body, `{}` or any
    /// other JSON object is a success.
    /// - Throws: ``CoordinatorError``; code `invalidTokenID` when no persistent token has that id.
    public func revokeToken(id: String) throws(CoordinatorError) {
        let operation = CoordinatorOperation.revoke(tokenID: id)
        try parse(try exchange(operation), of: operation, with: EnrollmentTokenReplies.revoked)
    }

    /// Parses a 2xx reply. When it is refused, the problem is described from the body with the
    /// credentials already masked, so a reply excerpt cut short cannot keep part of one.
    private func parse<Result>(
        _ body: [UInt8],
        of operation: CoordinatorOperation,
        with parser: ([UInt8]) throws(ReplyShapeProblem) -> Result
    ) throws(CoordinatorError) -> Result {
        let problem: ReplyShapeProblem
        do {
            return try parser(body)
        } catch {
            problem = error
        }
        let redactor = transport.settings.redactor
        var shown = problem
        do {
            _ = try parser(Array(redactor.redact(String(decoding: body, as: UTF8.self)).utf8))
        } catch {
            shown = error
        }
        throw CoordinatorError(replyProblem: shown, operation: operation, endpoint: endpoint).redacted(with: redactor)
    }

    /// Sends `operation` and returns the body of a 2xx reply.
    private func exchange(_ operation: CoordinatorOperation) throws(CoordinatorError) -> [UInt8] {
        let request = operation.httpRequest
        let response: CoordinatorHTTPResponse
        do {
            response = try transport.perform(request, url: endpoint.url(path: request.path))
        } catch {
            throw CoordinatorError(error, endpoint: endpoint, settings: transport.settings)
                .redacted(with: transport.settings.redactor)
        }
        guard (200..<300).contains(response.status) else {
            let settings = transport.settings
            // Masked before anything is cut short for a message.
            let body = Array(settings.redactor.redact(String(decoding: response.body, as: UTF8.self)).utf8)
            throw CoordinatorError(
                status: response.status,
                body: body,
                operation: operation,
                endpoint: endpoint,
                user: settings.apiKey == nil ? settings.credentials?.user : nil,
                apiKey: settings.apiKey != nil
            ).redacted(with: settings.redactor)
        }
        return response.body
    }
}
