import SimKernel
import DataValues

/// A request and the time it becomes available to the memory system.
public struct TimedRequest: Sendable {
    public var time: Picoseconds
    public var request: MemoryRequest
    public init(time: Picoseconds, request: MemoryRequest) {
        self.time = time
        self.request = request
    }
}

/// A stream of requests in non-decreasing time order (a trace file, a generator).
/// Pulled one at a time so that no request history is kept.
public protocol RequestSource {
    /// The next request, or nil at the end. Throws on malformed input.
    mutating func next() throws -> TimedRequest?
    /// The next request whose address `keep` accepts, skipping the others, or nil at the end.
    /// The default reads every request; a source that knows an address before building the
    /// rest of its request skips the rest (`SyntheticSource`).
    mutating func next(keeping keep: (UInt64) -> Bool) throws -> TimedRequest?
}

extension RequestSource {
    public mutating func next(keeping keep: (UInt64) -> Bool) throws -> TimedRequest? {
        while let r = try next() { if keep(r.request.address) { return r } }
        return nil
    }
}

/// Feeds a request stream into a memory system: each request enters when its time has
/// come and its channel's queue has room; requests enter in stream order (a full queue
/// holds back the ones behind it, as a trace-driven front end does).
public final class RequestDriver<Source: RequestSource>: FrontEnd, MemoryClient {
    public let memory: MemorySystem
    var source: Source
    var pending: TimedRequest?
    var blocked = false
    var wakeScheduled = false
    var exhausted = false
    public private(set) var target: UInt32 = 0

    public init(memory: MemorySystem, source: Source, sim: Simulator) {
        self.memory = memory
        self.source = source
        super.init()
        self.target = sim.register(self)
        memory.setClient(self)
        sim.schedule(at: sim.now, target: target)
        wakeScheduled = true
    }

    /// True once every request of the stream has entered the memory system and completed.
    public var finished: Bool { exhausted && pending == nil && completed == issued }

    public override func handle(_ event: Event, _ sim: Simulator) {
        wakeScheduled = false
        pump(sim)
    }

    func pump(_ sim: Simulator) {
        while true {
            if pending == nil {
                if exhausted { return }
                do { pending = try source.next() } catch {
                    failure = error
                    sim.requestStop()
                    return
                }
                if pending == nil { exhausted = true; return }
            }
            let p = pending!
            if p.time > sim.now {
                sim.schedule(at: p.time, target: target)
                wakeScheduled = true
                return
            }
            guard memory.submit(p.request, sim) else {
                blocked = true
                return
            }
            issued += 1
            pending = nil
        }
    }

    /// Called by a controller at the end of its step, when its state is settled, so the
    /// driver submits right away instead of scheduling an event for the same instant.
    public func memorySpaceAvailable(channel: Int, _ sim: Simulator) {
        guard blocked, !wakeScheduled else { return }
        blocked = false
        pump(sim)
    }
}

/// Requests generated in memory: sequential streaming or uniformly random bursts, with
/// a read share and seeded random write data. Used by tests and the benchmark.
public struct SyntheticSource: RequestSource {
    public enum Pattern: String, Sendable, CaseIterable { case streaming, random }
    let pattern: Pattern
    let count: UInt64
    let readPercent: UInt64
    let interval: Int64
    let footprint: UInt64
    /// `footprint / 64` − 1 when that is a power of two (the draw is then a mask), else 0.
    let burstMask: UInt64
    var rng: SplitMix64
    var index: UInt64 = 0

    /// - Parameters:
    ///   - count: requests to generate.
    ///   - readFraction: share of reads (0…1).
    ///   - interval: time between request arrivals (0: all available at once).
    ///   - footprint: bytes the random pattern spans.
    public init(pattern: Pattern, count: UInt64, readFraction: Double, interval: Picoseconds = .zero,
                footprint: UInt64 = 1 << 32, seed: UInt64 = 1) {
        self.pattern = pattern
        self.count = count
        self.readPercent = UInt64((readFraction * 100).rounded())
        self.interval = interval.raw
        self.footprint = max(footprint, 64)
        let bursts = self.footprint / 64
        self.burstMask = bursts & (bursts &- 1) == 0 ? bursts &- 1 : 0
        self.rng = SplitMix64(seed: seed)
    }

    @inline(__always)
    mutating func random() -> UInt64 { rng.next() }

    /// A uniform draw of a burst index below `footprint / 64` (`random() % (footprint / 64)`,
    /// a mask when that is a power of two).
    @inline(__always)
    mutating func randomBurst() -> UInt64 {
        let r = random()
        return burstMask != 0 ? r & burstMask : r % (footprint / 64)
    }

    public mutating func next() -> TimedRequest? { next(keeping: { _ in true }) }

    /// Skipping a request costs its address and its read/write draw: a skipped write's eight
    /// payload draws are jumped over (SplitMix64's state is a counter), so the requests kept
    /// are exactly those `next()` would return.
    public mutating func next(keeping keep: (UInt64) -> Bool) -> TimedRequest? {
        while index < count {
            let i = index
            index += 1
            let address = pattern == .streaming ? i &* 64 : randomBurst() &* 64
            let isRead = random() % 100 < readPercent
            guard keep(address) else {
                if !isRead { rng.state &+= 8 &* SplitMix64.increment }
                continue
            }
            var data = BurstData()
            if !isRead { for k in 0..<8 { data[k] = random() } }
            let r = MemoryRequest(id: i, address: address, kind: isRead ? .read : .write, data: data)
            return TimedRequest(time: Picoseconds(Int64(i) &* interval), request: r)
        }
        return nil
    }
}
