/// Talks to a coordinator's enrollment-tokens API through a transport: create, list and revoke tokens.
///
/// Each operation is one request; its reply is parsed strictly. Nothing the coordinator returns is
/// trusted: a created token is only text until ``TokenInspector`` has checked it.
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
        -> EnrollmentTokenReplies.Created
    {
        let operation = CoordinatorOperation.create(request)
        let body = try exchange(operation)
        do {
            return try EnrollmentTokenReplies.created(body)
        } catch {
            throw CoordinatorError(replyProblem: error, operation: operation, endpoint: endpoint)
        }
    }

    /// `GET`: the persistent tokens the coordinator lists (ephemeral tokens are never listed).
    /// - Throws: ``CoordinatorError``.
    public func listTokens() throws(CoordinatorError) -> [EnrollmentTokenReplies.Listed] {
        let body = try exchange(.list)
        do {
            return try EnrollmentTokenReplies.listed(body)
        } catch {
            throw CoordinatorError(replyProblem: error, operation: .list, endpoint: endpoint)
        }
    }

    /// `DELETE`: revokes the persistent token with this id.
    /// - Throws: ``CoordinatorError``; code `invalidTokenID` when no persistent token has that id.
    public func revokeToken(id: String) throws(CoordinatorError) {
        let operation = CoordinatorOperation.revoke(tokenID: id)
        let body = try exchange(operation)
        do {
            try EnrollmentTokenReplies.revoked(body)
        } catch {
            throw CoordinatorError(replyProblem: error, operation: operation, endpoint: endpoint)
        }
    }

    /// Sends `operation` and returns the body of a 2xx reply.
    private func exchange(_ operation: CoordinatorOperation) throws(CoordinatorError) -> [UInt8] {
        let request = operation.httpRequest
        let response: CoordinatorHTTPResponse
        do {
            response = try transport.perform(request, url: endpoint.url(path: request.path))
        } catch {
            throw CoordinatorError(error, endpoint: endpoint, settings: transport.settings)
        }
        guard (200..<300).contains(response.status) else {
            throw CoordinatorError(
                status: response.status,
                body: response.body,
                operation: operation,
                endpoint: endpoint,
                user: transport.settings.credentials?.user
            )
        }
        return response.body
    }
}
