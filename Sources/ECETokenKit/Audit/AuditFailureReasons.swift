/// Why a token failed, as an audit counts it: the one rule that both a full ``TokenReport`` and a fast-path
/// ``AuditVerdict`` give their failure reasons by.
package enum AuditFailureReasons {
    /// A token's decoding error code, else its signature error code, else the names of its failed checks.
    package static func of(
        decodingError: TokenError.Code?,
        signatureError: TokenError.Code?,
        failedChecks: some Sequence<Check.Name>
    ) -> [String] {
        if let decodingError { return [decodingError.description] }
        if let signatureError { return [signatureError.description] }
        return failedChecks.map(\.rawValue)
    }

    /// Why `report` failed; empty when it passed.
    package static func of(_ report: TokenReport) -> [String] {
        var signatureError: TokenError.Code?
        if case .invalid(let error) = report.signature { signatureError = error.code }
        return of(
            decodingError: report.decodingError?.code,
            signatureError: signatureError,
            failedChecks: report.checks.lazy.filter { $0.status == .fail }.map(\.name)
        )
    }
}
