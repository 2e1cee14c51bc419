/// The members of a token's JSON report, in order (schema in the README): the one definition
/// ``JSONRenderer`` builds its objects from and ``FastJSONLineRenderer`` writes its lines from.
package enum ReportField: String, CaseIterable {
    case source
    case verdict
    case outcome
    case error
    case signature
    case algorithm
    case kind
    case roles
    case subject
    case issuer
    case tokenID = "token_id"
    case expiresAt = "expires_at"
    case exp
    case expiresInSeconds = "expires_in_seconds"
    case installTimeShape = "install_time_shape"
    case checks
    case claimsChecked = "claims_checked"
    case header
    case claims
    case now
    case leewaySeconds = "leeway_seconds"
}
