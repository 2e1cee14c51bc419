/// One thing asked of the enrollment-tokens API.
package enum CoordinatorOperation: Sendable, Equatable {
    /// `POST`: create a token.
    case create(EnrollmentTokenRequest)
    /// `GET`: list the persistent tokens.
    case list
    /// `DELETE`: revoke the persistent token with this id.
    case revoke(tokenID: String)

    /// The HTTP request for it.
    package var httpRequest: CoordinatorHTTPRequest {
        switch self {
        case .create(let request):
            return CoordinatorHTTPRequest(method: .post, path: EnrollmentTokensAPI.collectionPath, body: request.body)
        case .list:
            return CoordinatorHTTPRequest(method: .get, path: EnrollmentTokensAPI.collectionPath)
        case .revoke(let id):
            return CoordinatorHTTPRequest(method: .delete, path: EnrollmentTokensAPI.tokenPath(id: id))
        }
    }

    /// What it does, for messages: `creating a token`, `listing tokens`, `revoking token id "…"`.
    package var summary: String {
        switch self {
        case .create(let request): return "creating \(request.kind == .ephemeral ? "an" : "a") \(request.kind) token"
        case .list: return "listing the persistent tokens"
        case .revoke(let id): return "revoking token id \(EscapedText.quoted(id, limit: 80))"
        }
    }
}
