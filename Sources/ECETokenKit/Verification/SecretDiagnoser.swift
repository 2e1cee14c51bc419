/// ``SecretDiagnosis`` for many tokens with one key: the candidate keys are keyed into OpenSSL contexts
/// once, so diagnosing a token costs a few MACs and no allocation. Same candidates, same order, same
/// answers as ``SecretDiagnosis/diagnose(_:algorithm:key:)``. Not thread-safe: one per thread.
package final class SecretDiagnoser {
    private let candidates: [(SecretDiagnosis.Mistake, HMACContext)]

    /// Prepares the candidates for `key` under `algorithm`.
    package init(key: SigningKey, algorithm: HMACAlgorithm) {
        candidates = SecretDiagnosis.candidates(for: key).compactMap { mistake, candidate in
            guard !candidate.isEmpty, let context = try? HMACContext(algorithm: algorithm, key: candidate) else {
                return nil
            }
            return (mistake, context)
        }
    }

    /// The first mistake under which `signature` is the MAC of `signingInput`, or `nil`.
    package func diagnose(
        signature: UnsafeRawBufferPointer,
        signingInput: UnsafeRawBufferPointer
    ) -> SecretDiagnosis.Mistake? {
        for (mistake, context) in candidates where context.isValid(code: signature, for: signingInput) {
            return mistake
        }
        return nil
    }
}
