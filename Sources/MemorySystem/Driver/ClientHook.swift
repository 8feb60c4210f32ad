import SimKernel

/// Calls a `MemoryClient` without retaining it around each call.
///
/// A protocol existential held `unowned(unsafe)` is retained and released around every
/// method call (the compiler cannot tell the field will not change during it): on AlexNet
/// b32 in full detail those two atomic operations per completion and per room notice were
/// 4.7 % of the samples (`perf`). A hook is a small object made once per client, specialised
/// for its concrete type, which a component holds both strongly (owning the hook) and as an
/// `Unmanaged` reference in a field of its own: `handle?._withUnsafeGuaranteedRef {
/// $0.completed(…) }` then dispatches through the hook's class without any reference
/// counting, and the hook reaches its client through an `Unmanaged` of the concrete type.
/// (Both in one struct does not do: reading the struct out of its class copies the owning
/// reference, which is a retain again.) Like the `unowned(unsafe)` references it replaces, a
/// hook does not keep its client alive: whoever built the system keeps it for the run.
public class ClientHook {
    /// The client, as the protocol type (for reports and tests; not the hot path).
    public var client: any MemoryClient { preconditionFailure("abstract") }
    /// Reports `completion` to the client.
    func completed(_ completion: Completion, _ sim: Simulator) { preconditionFailure("abstract") }
    /// Tells the client that `channel`'s full queue has room again.
    func spaceAvailable(channel: Int, _ sim: Simulator) { preconditionFailure("abstract") }

    /// A hook for `client`'s concrete type.
    public static func make(_ client: any MemoryClient) -> ClientHook { typed(client) }

    private static func typed<C: MemoryClient>(_ client: C) -> ClientHook { TypedClientHook(client) }
}

private final class TypedClientHook<C: MemoryClient>: ClientHook {
    let target: Unmanaged<C>
    init(_ client: C) { target = .passUnretained(client) }
    override var client: any MemoryClient { target.takeUnretainedValue() }
    override func completed(_ completion: Completion, _ sim: Simulator) {
        target._withUnsafeGuaranteedRef { $0.memoryCompleted(completion, sim) }
    }
    override func spaceAvailable(channel: Int, _ sim: Simulator) {
        target._withUnsafeGuaranteedRef { $0.memorySpaceAvailable(channel: channel, sim) }
    }
}
