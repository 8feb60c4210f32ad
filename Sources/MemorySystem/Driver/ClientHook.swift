import SimKernel

/// Calls a `MemoryClient` without retaining it around each call.
///
/// A protocol existential held `unowned(unsafe)` is retained and released around every
/// method call (the compiler cannot tell the field will not change during it): on AlexNet
/// b32 in full detail those two atomic operations per completion and per room notice were
/// 4.7 % of the samples (`perf`). A hook is a small object made once per client, specialised
/// for its concrete type, which a component reaches through its `ClientPort` (owning the hook
/// and holding it as `Unmanaged` too): the call dispatches through the hook's class without
/// any reference counting, and the hook reaches its client through an `Unmanaged` of the
/// concrete type. Like the `unowned(unsafe)` references it replaces, a
/// hook does not keep its client alive: whoever built the system keeps it for the run.
class ClientHook {
    /// The client, as the protocol type (for reports and tests; not the hot path).
    var client: any MemoryClient { preconditionFailure("abstract") }
    /// Reports `completion` to the client.
    func completed(_ completion: Completion, _ sim: Simulator) { preconditionFailure("abstract") }
    /// Tells the client that `channel`'s full queue has room again.
    func spaceAvailable(channel: Int, _ sim: Simulator) { preconditionFailure("abstract") }

    /// A hook for `client`'s concrete type.
    static func make(_ client: any MemoryClient) -> ClientHook { typed(client) }

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

/// A component's connection to its client: a `let` constant of the component (a strong `let`
/// reference is not retained around calls through it), holding the client's hook. Both in one
/// struct stored in the component would not do: reading the struct out copies the owning
/// reference, which is a retain again.
public final class ClientPort {
    private var hook: ClientHook?
    private var handle: Unmanaged<ClientHook>?

    public init() {}

    /// The client (nil: none). Setting it makes the hook; the client is not retained.
    public var client: (any MemoryClient)? {
        get { hook?.client }
        set {
            hook = newValue.map(ClientHook.make)
            handle = hook.map { Unmanaged.passUnretained($0) }
        }
    }

    /// Reports `completion` to the client, if any.
    @inline(__always)
    func completed(_ completion: Completion, _ sim: Simulator) {
        handle?._withUnsafeGuaranteedRef { $0.completed(completion, sim) }
    }

    /// Tells the client, if any, that `channel`'s full queue has room again.
    @inline(__always)
    func spaceAvailable(channel: Int, _ sim: Simulator) {
        handle?._withUnsafeGuaranteedRef { $0.spaceAvailable(channel: channel, sim) }
    }
}
