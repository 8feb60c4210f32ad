/// One scheduled happening: a small plain value, never an object or a closure.
///
/// The kernel orders events by `(time, priority, rank, sequence)`: earlier time first; at
/// equal time the lower `priority` value first; at equal priority the lower `rank` (a
/// fixed order among components that act at the same instant, independent of when they
/// scheduled themselves; 0 unless the scheduler names one); at equal rank the one scheduled
/// first (insertion sequence). This order is part of the contract: two runs that
/// schedule the same events in the same order dispatch them identically.
public struct Event: Sendable {
    /// When the event fires.
    public var time: Picoseconds
    /// `(priority << 56) | (rank << 40) | sequence`, filled in by the queue; compares the
    /// tie-breakers in one step.
    public var order: UInt64
    /// Index of the handler (component) that receives the event.
    public var target: UInt32
    /// What the handler should do; its meaning belongs to the handler.
    public var kind: UInt32
    /// A small argument (an index, a generation number, …).
    public var payload: UInt64

    @inlinable
    public init(time: Picoseconds, target: UInt32, kind: UInt32 = 0, payload: UInt64 = 0) {
        self.time = time
        self.order = 0
        self.target = target
        self.kind = kind
        self.payload = payload
    }

    /// The priority the event was scheduled with.
    @inlinable public var priority: UInt8 { UInt8(truncatingIfNeeded: order >> Event.priorityShift) }
    /// The rank the event was scheduled with.
    @inlinable public var rank: UInt16 { UInt16(truncatingIfNeeded: order >> Event.sequenceBits) }
    /// The insertion sequence number the queue gave the event.
    @inlinable public var sequence: UInt64 { order & Event.sequenceMask }

    /// Sequence numbers have 40 bits: a queue accepts 2^40 (1.1 × 10^12) events, ~28 times
    /// a full-detail VGG-19 batch-256 iteration (39.5 × 10^9 events).
    @usableFromInline static let sequenceBits: UInt64 = 40
    @usableFromInline static let sequenceMask: UInt64 = (1 << 40) - 1
    @usableFromInline static let priorityShift: UInt64 = 56

    /// Strict "fires before" in the kernel's documented order.
    @inlinable
    public static func firesBefore(_ a: Event, _ b: Event) -> Bool {
        a.time.raw < b.time.raw || (a.time.raw == b.time.raw && a.order < b.order)
    }
}

/// Named priorities for events at the same picosecond. Lower fires first.
public enum EventPriority: UInt8, Sendable {
    /// Completions and data returns: state changes others may react to in the same instant.
    case completion = 16
    /// Ordinary component work.
    case normal = 64
    /// Work that should see everything else of the same instant first (e.g. schedulers
    /// deciding after all arrivals of that instant).
    case late = 128
}
