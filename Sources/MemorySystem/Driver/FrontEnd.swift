import SimKernel

/// What the trace front ends (`RequestDriver`, `ChannelDriver`) share: the counts of the
/// requests they feed, the error their source threw, and a completion observer.
public class FrontEnd: EventHandler {
    /// Requests handed to the memory system / completed.
    public internal(set) var issued: UInt64 = 0
    public internal(set) var completed: UInt64 = 0
    /// The latest completion time.
    public internal(set) var lastDone: Picoseconds = .zero
    /// The error the source threw, if any (the run stops at it).
    public internal(set) var failure: (any Error)?
    /// Called for every completion (tests use it to check each request completes once, and
    /// when requests entered).
    public var observer: ((Completion) -> Void)?

    public final func memoryCompleted(_ completion: Completion, _ sim: Simulator) {
        completed += 1
        if completion.done > lastDone { lastDone = completion.done }
        observer?(completion)
    }
}
