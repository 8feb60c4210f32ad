import Testing
@testable import SimKernel

/// A tiny deterministic RNG for tests (SplitMix64).
struct TestRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct EventQueueTests {
    /// Pops everything and checks the order equals a reference sort by (time, priority, rank,
    /// sequence); the event keeps the priority and rank it was scheduled with.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func staticScheduleMatchesReferenceSort(seed: UInt64) {
        var rng = TestRNG(seed: seed)
        let q = EventQueue(slotShift: 4, slotCount: 64)
        var reference: [(Int64, UInt8, UInt16, Int)] = []
        let priorities: [EventPriority] = [.completion, .normal, .late]
        for i in 0..<5000 {
            // Mix near (inside the wheel), far (heap) and equal times.
            let t: Int64
            switch rng.next() % 4 {
            case 0: t = Int64(rng.next() % 64)
            case 1: t = Int64(rng.next() % 2000)
            case 2: t = Int64(rng.next() % 1_000_000)
            default: t = Int64(rng.next() % 8) * 16
            }
            let p = priorities[Int(rng.next() % 3)]
            // Half the events unranked (0), the others in 4 ranks up to the largest.
            let rank: UInt16 = rng.next() % 2 == 0 ? 0 : [1, 2, 700, UInt16.max][Int(rng.next() % 4)]
            q.schedule(Event(time: Picoseconds(t), target: 0, payload: UInt64(i)), priority: p, rank: rank)
            reference.append((t, p.rawValue, rank, i))
        }
        reference.sort { ($0.0, $0.1, $0.2, $0.3) < ($1.0, $1.1, $1.2, $1.3) }
        var byIndex = [(UInt8, UInt16)](repeating: (0, 0), count: reference.count)
        for r in reference { byIndex[r.3] = (r.1, r.2) }
        var got: [Int] = []
        while let e = q.pop() {
            got.append(Int(e.payload))
            #expect(e.sequence == e.payload, "sequence")
            let want = byIndex[Int(e.payload)]
            #expect(e.priority == want.0 && e.rank == want.1, "priority or rank of event \(e.payload)")
        }
        #expect(got == reference.map { $0.3 })
        #expect(q.isEmpty)
    }

    /// Events scheduled while running (always at or after now) still come out in order,
    /// and time never runs backwards.
    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func dynamicScheduleKeepsOrder(seed: UInt64) {
        var rng = TestRNG(seed: seed)
        let q = EventQueue(slotShift: 3, slotCount: 64)
        var pending: [(Int64, UInt8, UInt64)] = []
        var seq: UInt64 = 0
        func add(_ t: Int64, _ p: EventPriority) {
            q.schedule(Event(time: Picoseconds(t), target: 0, payload: seq), priority: p)
            pending.append((t, p.rawValue, seq))
            seq += 1
        }
        for _ in 0..<100 { add(Int64(rng.next() % 5000), .normal) }
        var last: Int64 = -1
        var popped = 0
        while let e = q.pop() {
            // Time never runs backwards (an event added at `now` with a more urgent
            // priority legitimately fires after the one that added it).
            #expect(e.time.raw >= last, "time ran backwards")
            // The popped event must be the minimum of what the reference holds.
            let m = pending.min { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }!
            #expect(m.2 == e.payload)
            pending.removeAll { $0.2 == e.payload }
            last = e.time.raw
            popped += 1
            if popped < 3000 {
                let k = Int(rng.next() % 3)
                for _ in 0..<k {
                    let dt: Int64 = [0, 1, 7, 100, 4000, 100_000][Int(rng.next() % 6)]
                    add(e.time.raw + dt, [.completion, .normal, .late][Int(rng.next() % 3)])
                }
            }
        }
        #expect(pending.isEmpty)
    }

    /// The current slot's sorted run: a slot crowded past the insertion-sort limit (300
    /// events at random times and priorities inside one 256 ps slot, the O(k log k) path),
    /// then events added into the slot being drained at random offsets (the walk from the
    /// back), come out in the reference order. A wrong walk or sort fails it.
    @Test(arguments: [21, 22, 23] as [UInt64])
    func crowdedSlotAndInsertsIntoTheCurrentSlotKeepOrder(seed: UInt64) {
        var rng = TestRNG(seed: seed)
        let q = EventQueue(slotShift: 8, slotCount: 64)
        var pending: [(Int64, UInt8, UInt64)] = []
        var seq: UInt64 = 0
        let priorities: [EventPriority] = [.completion, .normal, .late]
        func add(_ t: Int64) {
            let p = priorities[Int(rng.next() % 3)]
            q.schedule(Event(time: Picoseconds(t), target: 0, payload: seq), priority: p)
            pending.append((t, p.rawValue, seq))
            seq += 1
        }
        for _ in 0..<300 { add(1024 + Int64(rng.next() % 256)) }
        for _ in 0..<20 { add(1024 + Int64(rng.next() % 64)) }   // a second, small slot's worth mixed in
        var popped = 0
        while let e = q.pop() {
            let m = pending.min { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }!
            #expect(m.2 == e.payload)
            pending.removeAll { $0.2 == e.payload }
            popped += 1
            if popped < 400 {
                // Into the current slot (up to its end at 1280 ps) or just past it.
                for _ in 0..<Int(rng.next() % 3) { add(min(e.time.raw + Int64(rng.next() % 40), 1300)) }
            }
        }
        #expect(pending.isEmpty)
        #expect(popped >= 320)
    }

    /// A crowded slot that is nearly in order (12 runs scheduled round-robin, each in time
    /// order, as SMs and controllers schedule them: the insertion path past 64 events) and one in
    /// reverse order (past the move budget: the O(k log k) fallback after a partial
    /// insertion sort) both come out in the reference order.
    @Test(arguments: [false, true])
    func crowdedSlotNearlySortedOrReversedKeepsOrder(reversed: Bool) {
        let q = EventQueue(slotShift: 10, slotCount: 64)
        var reference: [(Int64, UInt8, UInt64)] = []
        var seq: UInt64 = 0
        let runs = 12, perRun = 40
        for k in 0..<perRun {
            for r in 0..<runs {
                let base = Int64(2048 + (reversed ? (perRun - k) * 20 : k * 20))
                let t = base + Int64(r % 3)
                let p: EventPriority = r % 2 == 0 ? .normal : .completion
                q.schedule(Event(time: Picoseconds(t), target: 0, payload: seq), priority: p)
                reference.append((t, p.rawValue, seq))
                seq += 1
            }
        }
        reference.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var got: [UInt64] = []
        while let e = q.pop() { got.append(e.payload) }
        #expect(got == reference.map { $0.2 })
    }

    /// A slot that keeps receiving events while it is drained (each taken event schedules
    /// the next one 1 ps later inside the same 1.024 ns slot, 3 pending at a time) keeps
    /// its order and does not grow its buffer beyond a few times the pending count.
    @Test func aSlotRefilledWhileDrainedStaysSmall() {
        let q = EventQueue(slotShift: 10, slotCount: 64)
        for i in 0..<3 { q.schedule(Event(time: Picoseconds(Int64(i)), target: 0, payload: UInt64(i))) }
        var next: UInt64 = 3
        var expected: UInt64 = 0
        while let e = q.pop() {
            #expect(e.payload == expected)
            expected += 1
            if next < 1000 {
                q.schedule(Event(time: Picoseconds(Int64(next)), target: 0, payload: next))
                next += 1
            }
        }
        #expect(expected == 1000)
        #expect(q.ready.items.capacity <= 64, "capacity \(q.ready.items.capacity)")
    }

    @Test func emptyQueuePopsNil() {
        let q = EventQueue()
        #expect(q.pop() == nil)
        #expect(q.peekTime() == nil)
        q.schedule(Event(time: Picoseconds(5_000_000_000), target: 1))
        #expect(q.pop()?.time.raw == 5_000_000_000)
        #expect(q.now.raw == 5_000_000_000)
    }
}

@Suite struct ClockTests {
    @Test func edgesAndCycles() {
        let c = ClockDomain(period: Picoseconds(529))
        #expect(c.nextEdge(atOrAfter: Picoseconds(0)).raw == 0)
        #expect(c.nextEdge(atOrAfter: Picoseconds(1)).raw == 529)
        #expect(c.nextEdge(atOrAfter: Picoseconds(529)).raw == 529)
        #expect(c.cycle(at: Picoseconds(1057)) == 1)
        #expect(c.cycle(at: Picoseconds(1058)) == 2)
        #expect(ClockDomain(megahertz: 1500).period.raw == 667)
    }

    @Test func runningStatSummarises() {
        var s = RunningStat()
        for v in [10, 20, 30] as [Int64] { s.add(v) }
        #expect(s.count == 3 && s.mean == 20 && s.minimum == 10 && s.maximum == 30)
        var t = RunningStat()
        t.add(100)
        s.merge(t)
        #expect(s.count == 4 && s.maximum == 100 && s.sum == 160)
    }
}

/// A handler that records what it receives and reschedules itself.
final class Recorder: EventHandler {
    var seen: [(Int64, UInt64)] = []
    var target: UInt32 = 0
    override func handle(_ event: Event, _ sim: Simulator) {
        seen.append((event.time.raw, event.payload))
        if event.payload < 5 {
            sim.schedule(at: event.time + Picoseconds(1000), target: target, payload: event.payload + 1)
        }
    }
}

@Suite struct SimulatorTests {
    @Test func runDispatchesToHandlersAndDrains() {
        let sim = Simulator()
        let r = Recorder()
        r.target = sim.register(r)
        sim.schedule(at: Picoseconds(10), target: r.target, payload: 0)
        #expect(sim.run())
        #expect(r.seen.map(\.1) == [0, 1, 2, 3, 4, 5])
        #expect(r.seen.last?.0 == 5010)
        #expect(sim.eventsDispatched == 6)
    }

    @Test func runStopsAtLimitAndResumes() {
        let sim = Simulator()
        let r = Recorder()
        r.target = sim.register(r)
        sim.schedule(at: Picoseconds(0), target: r.target, payload: 0)
        #expect(!sim.run(until: Picoseconds(2500)))
        #expect(r.seen.count == 3)
        #expect(sim.run())
        #expect(r.seen.count == 6)
    }
}
