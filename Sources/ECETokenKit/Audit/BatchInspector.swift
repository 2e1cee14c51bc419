import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Inspects batches of tokens on several threads and returns the reports in input order.
///
/// Each worker owns its own ``TokenInspector`` (and so its own keyed OpenSSL contexts): nothing is
/// shared between threads but the read-only inputs and disjoint slots of the output.
package final class BatchInspector {
    /// How many threads inspect a batch.
    package let jobs: Int
    private let inspectors: [TokenInspector]

    /// Creates a batch inspector.
    /// - Parameters:
    ///   - key: the secret, or `nil` to decode without verifying.
    ///   - policy: algorithms, weak-key override and leeway.
    ///   - requirements: the policy checks.
    ///   - jobs: worker threads (at least 1).
    package init(
        key: SigningKey?,
        policy: VerificationPolicy,
        requirements: PolicyRequirements,
        jobs: Int
    ) {
        self.jobs = max(1, jobs)
        inspectors = (0..<max(1, jobs)).map { _ in TokenInspector(key: key, policy: policy, requirements: requirements)
        }
    }

    /// Inspects `inputs` at time `now`; the reports come back in the same order.
    package func inspect(_ inputs: [TokenInput], now: Int64) -> [TokenReport] {
        if jobs == 1 || inputs.count < 64 {
            return inputs.map { inspectors[0].inspect($0, now: now) }
        }
        let workers = min(jobs, inputs.count)
        let sliceSize = (inputs.count + workers - 1) / workers
        var results = [TokenReport?](repeating: nil, count: inputs.count)
        results.withUnsafeMutableBufferPointer { output in
            let slots = UnsafeSendable(output)
            let shared = UnsafeSendable((inspectors, inputs))
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let (inspectors, inputs) = shared.value
                let start = worker * sliceSize
                let end = min(start + sliceSize, inputs.count)
                guard start < end else { return }
                let inspector = inspectors[worker]
                for index in start..<end {
                    // Disjoint indices per worker: no two threads write the same slot.
                    slots.value[index] = inspector.inspect(inputs[index], now: now)
                }
            }
        }
        return results.map { $0! }
    }

    /// The number of processors online, the default for `jobs`.
    package static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
