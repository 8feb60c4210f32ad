/// The kernel's pending-event set: a timing wheel for the near future plus a heap for far events.
///
/// Time is cut into slots of `2^slotShift` ps. The wheel covers the `slotCount` slots
/// from the current one (the *horizon*); an event beyond it waits in the far heap and
/// moves into the wheel when the horizon reaches it. Events of the current slot live in
/// a sorted run (`ready`, `SortedEvents`) and leave in the full `(time, priority,
/// sequence)` order; the other slots are unsorted buckets, sorted only when they become
/// current. A bitmap of non-empty slots finds the next busy slot in a few word scans.
///
/// Order contract: `pop()` returns events in `Event.firesBefore` order, exactly as a
/// full sort of everything scheduled would (tested against a reference sort).
/// - Complexity: `schedule` O(1) into the wheel, O(log n) into the far heap, O(k) into the
///   current slot's k events (usually O(1): most land at its end); `pop` O(1) after the
///   slot's one sort (insertion for k ≤ 64, else O(k log k)).
public final class EventQueue {
    @usableFromInline let slotShift: Int64
    @usableFromInline let slotMask: Int
    @usableFromInline let slots: FixedArray<EventBuffer>
    @usableFromInline let occupied: FixedArray<UInt64>
    /// Start time of the current slot (a multiple of the slot width).
    @usableFromInline var slotStart: Int64 = 0
    /// Index in `slots` of the current slot.
    @usableFromInline var current: Int = 0
    @usableFromInline var wheelCount: Int = 0
    @usableFromInline var ready = SortedEvents()
    @usableFromInline var far = EventHeap()
    @usableFromInline var nextSequence: UInt64 = 0
    /// Time of the last event popped: scheduling earlier than this is a causality error.
    @usableFromInline var nowRaw: Int64 = 0
    /// Time of the last event popped.
    @inlinable public var now: Picoseconds { Picoseconds(nowRaw) }

    /// Creates an empty queue.
    /// - Parameters:
    ///   - slotShift: log2 of the slot width in ps (default 9: 512 ps). Stop 15 measured
    ///     256-ps slots (4.9 % fewer instructions than 1.024-ns ones on a memory-bound GEMM
    ///     kernel) running no faster in wall-clock time. Stop 17, after crowded slots were
    ///     insertion-sorted (`SortedEvents.take`): 512-ps slots took 3.6 % fewer instructions
    ///     than 1.024-ns ones on a full-detail fused-Winograd kernel under callgrind (2.048-ns
    ///     ones 7.5 % more) and ran AlexNet b32 in full detail in 23.81 / 24.15 / 24.06 s
    ///     against 24.73 / 24.46 / 25.11 s, alternating on an idle machine.
    ///   - slotCount: slots in the wheel, a power of two (default 2048: horizon ≈ 1 µs).
    public init(slotShift: Int = 9, slotCount: Int = 2048) {
        precondition(slotShift >= 0 && slotShift < 40, "slotShift out of range")
        precondition(slotCount >= 64 && slotCount & (slotCount - 1) == 0, "slotCount must be a power of two ≥ 64")
        self.slotShift = Int64(slotShift)
        self.slotMask = slotCount - 1
        self.slots = FixedArray(repeating: EventBuffer(), count: slotCount)
        self.occupied = FixedArray(repeating: 0, count: slotCount / 64)
    }

    deinit {
        for i in 0..<slots.count { slots[i].free() }
        ready.free()
        far.free()
    }

    /// Number of events pending.
    @inlinable public var count: Int { ready.count + wheelCount + far.count }
    @inlinable public var isEmpty: Bool { count == 0 }

    /// Schedules `event` (its `order` is overwritten with `priority`, `rank` and a fresh
    /// sequence number).
    /// - Precondition: `event.time >= now` (time never runs backwards); fewer than 2^40
    ///   events scheduled so far.
    @inlinable
    public func schedule(_ event: Event, priority: EventPriority = .normal, rank: UInt16 = 0) {
        precondition(event.time.raw >= nowRaw, "event scheduled in the past: \(event.time) < now \(now)")
        precondition(nextSequence <= Event.sequenceMask, "more than 2^40 events scheduled in one queue")
        var e = event
        e.order = (UInt64(priority.rawValue) << Event.priorityShift) | (UInt64(rank) << Event.sequenceBits) | nextSequence
        nextSequence &+= 1
        insert(e)
    }

    @inlinable
    func insert(_ e: Event) {
        let offset = (e.time.raw - slotStart) &>> slotShift   // slotShift < 40 (init)
        if offset == 0 {
            ready.insert(e)
        } else if offset <= Int64(slotMask) {
            let idx = (current + Int(offset)) & slotMask
            slots[idx].append(e)
            occupied[idx >> 6] |= 1 << UInt64(idx & 63)
            wheelCount += 1
        } else {
            far.push(e)
        }
    }

    /// Removes and returns the next event in order, or nil when none is pending.
    @inlinable
    public func pop() -> Event? { pop(notAfter: .max) }

    /// Removes and returns the next event if it fires no later than `limit` (ps); nil when
    /// none is pending or the next one is later (it stays queued). One look at the queue
    /// where `peekTime` then `pop` took two.
    @inlinable
    public func pop(notAfter limit: Int64) -> Event? {
        if ready.isEmpty && !advance() { return nil }
        guard ready.first.time.raw <= limit else { return nil }
        let e = ready.removeFirst()
        nowRaw = e.time.raw
        return e
    }

    /// The time of the next event without removing it.
    public func peekTime() -> Picoseconds? {
        if ready.isEmpty && !advance() { return nil }
        return ready.first.time
    }

    /// Moves the wheel to the next non-empty slot (or to the far heap's first event) and
    /// fills `ready` from it. Returns false when nothing is pending.
    @usableFromInline
    func advance() -> Bool {
        while ready.isEmpty {
            if wheelCount > 0 {
                let step = distanceToNextOccupied()
                moveHorizon(bySlots: step)
                let idx = current
                occupied[idx >> 6] &= ~(1 << UInt64(idx & 63))
                let n = slots[idx].count
                wheelCount -= n
                ready.take(&slots[idx])
            } else if let first = far.min {
                let target = (first.time.raw &>> slotShift) &<< slotShift
                slotStart = target
                migrateFar()
            } else {
                return false
            }
        }
        return true
    }

    /// Slots from `current` to the next occupied slot (1…slotCount-1).
    @usableFromInline
    func distanceToNextOccupied() -> Int {
        let n = slotMask + 1
        var i = (current + 1) & slotMask
        var scanned = 0
        while scanned < n {
            let word = occupied[i >> 6] >> UInt64(i & 63)
            if word != 0 {
                let hop = word.trailingZeroBitCount
                let dist = (i + hop - current) & slotMask
                return dist == 0 ? n : dist
            }
            let skip = 64 - (i & 63)
            scanned += skip
            i = (i + skip) & slotMask
        }
        preconditionFailure("wheelCount > 0 but no occupied slot")
    }

    @usableFromInline
    func moveHorizon(bySlots step: Int) {
        current = (current + step) & slotMask
        slotStart += Int64(step) &<< slotShift
        migrateFar()
    }

    /// Moves far events that the horizon now covers into the wheel.
    @usableFromInline
    func migrateFar() {
        let horizonEnd = slotStart + (Int64(slotMask + 1) &<< slotShift)
        while let f = far.min, f.time.raw < horizonEnd {
            _ = far.popMin()
            insert(f)
        }
    }
}
