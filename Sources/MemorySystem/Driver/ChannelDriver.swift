import SimKernel

/// Feeds a request stream into a memory system through one front-end queue per channel:
/// a request enters its channel's controller at the first instant, no earlier than its
/// stream time, at which every earlier request of that channel has entered and the
/// controller's queue has room. A full queue holds back only its own channel (the
/// in-order `RequestDriver` holds back the whole stream). Room that opens during a
/// controller's step is used `handoff` later (default one command clock: the controller
/// signals room at the end of a cycle, the request crosses in the next).
///
/// What a channel receives, and when, therefore depends on that channel's requests alone,
/// so the channels of one stream may be simulated in separate simulators (`owned`: the
/// channels this driver feeds; requests of other channels are skipped) and on separate
/// threads, with the same result per channel as when one simulator runs them all.
///
/// The front-end queues are unbounded: the stream is read ahead, on demand, only as far as
/// an owned channel that could accept a request needs; the other channels' requests read on
/// the way wait in their queues (`peakBuffered`; it grows as the channels' progress drifts
/// apart: 3,004 requests at most on `--bench`'s 1 M-request random trace).
public final class ChannelDriver<Source: RequestSource>: FrontEnd, MemoryClient {
    public let memory: MemorySystem
    var source: Source
    /// Delay from room in a full queue to the next request entering it, ps.
    public let handoff: Picoseconds
    /// Per channel: fed by this driver.
    let owned: FixedArray<Bool>
    /// Per channel: requests read from the stream and not yet entered.
    let rings: FixedArray<RequestRing>
    /// Per channel: refused by a full queue, waiting to hear of room.
    let blocked: FixedArray<Bool>
    /// Per channel: the time of the wake-up event scheduled for its head (nil: none).
    let wakeAt: FixedArray<Picoseconds?>
    var exhausted = false
    public private(set) var target: UInt32 = 0
    /// The most requests the front-end queues held at once (read-ahead).
    public private(set) var peakBuffered = 0
    var buffered = 0

    /// - Parameters:
    ///   - owned: the channels to feed; nil: all.
    ///   - handoff: delay from room to entry, ps; nil: one command clock of the device.
    public init(memory: MemorySystem, source: Source, owned: Set<Int>? = nil, handoff: Picoseconds? = nil, sim: Simulator) {
        let n = memory.config.channels
        self.memory = memory
        self.source = source
        self.handoff = handoff ?? Picoseconds(memory.config.device.tCKps)
        self.owned = FixedArray((0..<n).map { owned?.contains($0) ?? true })
        self.rings = FixedArray(repeating: RequestRing(), count: n)
        self.blocked = FixedArray(repeating: false, count: n)
        self.wakeAt = FixedArray(repeating: nil, count: n)
        super.init()
        self.target = sim.register(self)
        memory.setClient(self)
        for c in 0..<n where self.owned[c] { schedule(channel: c, at: sim.now, sim) }
    }

    deinit { for c in 0..<rings.count { rings[c].free() } }

    /// True once the stream has been read to its end and every request of an owned
    /// channel has entered and completed.
    public var finished: Bool { exhausted && buffered == 0 && completed == issued }

    func schedule(channel c: Int, at t: Picoseconds, _ sim: Simulator) {
        if let w = wakeAt[c], w <= t { return }
        wakeAt[c] = t
        sim.schedule(at: t, target: target, payload: UInt64(c))
    }

    public override func handle(_ event: Event, _ sim: Simulator) {
        let c = Int(event.payload)
        guard wakeAt[c] == sim.now else { return }   // superseded by an earlier wake-up
        wakeAt[c] = nil
        pump(channel: c, sim)
    }

    /// Reads the stream until channel `c` has a request or the stream ends.
    func refill(channel c: Int, _ sim: Simulator) {
        let memory = memory, owned = owned
        while rings[c].count == 0 && !exhausted {
            let next: TimedRequest?
            var ch = 0
            do { next = try source.next(keeping: { ch = memory.channel(of: $0); return owned[ch] }) } catch {
                failure = error
                exhausted = true
                sim.requestStop()
                return
            }
            guard let r = next else { exhausted = true; return }
            // No other channel needs waking: a channel's pump ends only when it is blocked,
            // its head lies in the future (a wake-up is scheduled), or the stream has ended.
            rings[ch].push(r)
            buffered += 1
            if buffered > peakBuffered { peakBuffered = buffered }
        }
    }

    /// Enters channel `c`'s requests while their time has come and its queue has room.
    func pump(channel c: Int, _ sim: Simulator) {
        while true {
            if rings[c].count == 0 {
                refill(channel: c, sim)
                if rings[c].count == 0 { return }
            }
            let head = rings[c].first
            let t = head.pointee.time
            if t > sim.now {
                schedule(channel: c, at: t, sim)
                return
            }
            guard memory.submit(head.pointee.request, sim) else {
                blocked[c] = true
                return
            }
            rings[c].removeFirst()
            buffered -= 1
            issued += 1
        }
    }

    public func memorySpaceAvailable(channel: Int, _ sim: Simulator) {
        guard blocked[channel] else { return }
        blocked[channel] = false
        schedule(channel: channel, at: sim.now + handoff, sim)
    }
}

/// A FIFO of timed requests in a ring of power-of-two capacity that doubles when full
/// (plain memory: no copy-on-write checks on the hot path). The owner calls `free()` once.
struct RequestRing {
    var base: UnsafeMutablePointer<TimedRequest>?
    var mask = -1
    var head = 0
    var count = 0

    /// The oldest request. - Precondition: `count > 0`.
    @inline(__always)
    var first: UnsafeMutablePointer<TimedRequest> { base.unsafelyUnwrapped + head }

    mutating func push(_ r: TimedRequest) {
        if count == mask &+ 1 { grow() }
        (base.unsafelyUnwrapped + ((head &+ count) & mask)).initialize(to: r)
        count += 1
    }

    /// - Precondition: `count > 0`.
    @inline(__always)
    mutating func removeFirst() {
        head = (head &+ 1) & mask
        count -= 1
    }

    /// Doubles the capacity (at least 16), keeping the order.
    mutating func grow() {
        let capacity = max(16, (mask &+ 1) * 2)
        let new = UnsafeMutablePointer<TimedRequest>.allocate(capacity: capacity)
        if let old = base {
            for k in 0..<count { (new + k).initialize(to: old[(head &+ k) & mask]) }
            old.deallocate()
        }
        base = new
        mask = capacity - 1
        head = 0
    }

    mutating func free() {
        base?.deallocate()
        base = nil
    }
}
