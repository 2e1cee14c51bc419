/// Carries a value into `concurrentPerform` where the caller guarantees the accesses are safe
/// (each worker uses its own inspector and writes its own slots).
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
