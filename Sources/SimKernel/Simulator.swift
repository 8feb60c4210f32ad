/// A component that receives events: a subclass overriding `handle`. Components are owned
/// by the assembly that built them; the kernel only keeps an unretained table of them by
/// index.
///
/// A base class rather than a protocol so that dispatch can borrow the handler
/// (`Unmanaged` needs a class type): an `unowned(unsafe)` existential is copied into a strong
/// reference, a retain and a release around every event (3.4 % of a memory-bound run's
/// instructions under callgrind, and two atomic operations per event).
open class EventHandler {
    public init() {}

    /// Reacts to `event` at `event.time` (= `sim.now`). May schedule further events.
    /// Every subclass overrides it.
    open func handle(_ event: Event, _ sim: Simulator) {
        preconditionFailure("\(type(of: self)) receives events but does not override handle(_:_:)")
    }
}

/// The discrete-event kernel: one queue, a table of handlers, and a run loop.
///
/// Handlers are registered once and addressed by the index `register` returns, so an
/// event is a plain value with an integer target. The kernel knows nothing about what
/// the handlers model.
public final class Simulator {
    /// Pending events.
    public let queue: EventQueue
    /// Handlers by target index. Held unowned: the assembly that built the components keeps
    /// them alive for the run, and dispatch then costs no reference counting.
    @usableFromInline var handlerTable: ContiguousArray<HandlerRef> = []
    /// Events dispatched so far.
    public private(set) var eventsDispatched: UInt64 = 0
    /// Set by `requestStop()`; the run loop returns at the next event boundary.
    public private(set) var stopRequested = false

    public init(queue: EventQueue = EventQueue()) { self.queue = queue }

    /// Current simulated time (the time of the event being handled, or of the last one).
    @inlinable public var now: Picoseconds { queue.now }

    /// Adds a handler and returns its target index. The caller keeps the handler alive.
    @discardableResult
    public func register(_ handler: EventHandler) -> UInt32 {
        handlerTable.append(HandlerRef(handler: handler))
        return UInt32(handlerTable.count - 1)
    }

    /// Schedules an event (see `EventQueue.schedule`).
    @inlinable
    public func schedule(_ event: Event, priority: EventPriority = .normal, rank: UInt16 = 0) {
        queue.schedule(event, priority: priority, rank: rank)
    }

    /// Schedules `kind`/`payload` for `target` at `time`.
    @inlinable
    public func schedule(at time: Picoseconds, target: UInt32, kind: UInt32 = 0, payload: UInt64 = 0,
                         priority: EventPriority = .normal, rank: UInt16 = 0) {
        queue.schedule(Event(time: time, target: target, kind: kind, payload: payload), priority: priority, rank: rank)
    }

    /// Asks the run loop to return after the current event.
    public func requestStop() { stopRequested = true }

    /// Dispatches events in order until none is left, `limit` is passed (events after
    /// it stay queued), or a stop is requested. `poll` is called every `pollEvery`
    /// events (progress reports, interrupt checks); returning false stops the run.
    /// - Returns: true when the queue drained.
    @discardableResult
    public func run(until limit: Picoseconds = .max, pollEvery: UInt64 = 1 << 20,
                    poll: ((Simulator) -> Bool)? = nil) -> Bool {
        stopRequested = false
        var sincePoll: UInt64 = 0
        while !stopRequested {
            guard let e = queue.pop(notAfter: limit.raw) else { return queue.isEmpty }
            eventsDispatched &+= 1
            handlerTable[Int(e.target)].deliver(e, self)
            sincePoll &+= 1
            if sincePoll >= pollEvery, let poll {
                sincePoll = 0
                if !poll(self) { return false }
            }
        }
        return queue.isEmpty
    }
}

/// An unretained reference to a handler (see `Simulator.handlerTable`), borrowed for each
/// event without reference counting.
@usableFromInline
struct HandlerRef {
    @usableFromInline let handler: Unmanaged<EventHandler>

    init(handler: EventHandler) { self.handler = .passUnretained(handler) }

    /// Delivers `event` to the handler.
    @inlinable @inline(__always)
    func deliver(_ event: Event, _ sim: Simulator) {
        handler._withUnsafeGuaranteedRef { $0.handle(event, sim) }
    }
}
