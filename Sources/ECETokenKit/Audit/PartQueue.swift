#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out the numbers `0..<count` one at a time to whichever thread asks first: the workers of a
/// block take its parts from one queue, so that a worker whose thread was held up does less of the block
/// instead of holding every other worker up at the end of it.
final class PartQueue: @unchecked Sendable {
    private let count: Int
    private var next = 0
    private let lock: UnsafeMutablePointer<pthread_mutex_t>

    /// A queue of the numbers `0..<count`.
    init(count: Int) {
        self.count = count
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// The next number, or `nil` when all have been handed out.
    func take() -> Int? {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
