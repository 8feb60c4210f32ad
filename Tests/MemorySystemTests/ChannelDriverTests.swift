import Testing
import SimKernel
@testable import MemorySystem
import DataValues

/// The per-channel front end (`ChannelDriver`): each channel's result depends on its own
/// requests only, so splitting the channels over simulators changes nothing per channel.
@Suite struct ChannelDriverTests {
    /// Runs `source` with the channels split round-robin over `parts` simulators; returns
    /// per channel its controller counters and command log, and the drivers' totals.
    static func split<S: RequestSource>(_ config: MemoryConfig, _ source: S, parts: Int, handoff: Picoseconds? = nil,
                                        sleepsUntilReady: Bool = true, observe: ((Completion) -> Void)? = nil)
        -> (stats: [ControllerStats], logs: [[CommandRecord]], issued: UInt64, completed: UInt64) {
        var stats = [ControllerStats?](repeating: nil, count: config.channels)
        var logs = [[CommandRecord]?](repeating: nil, count: config.channels)
        var issued: UInt64 = 0, completed: UInt64 = 0
        for p in 0..<parts {
            let owned = Set(stride(from: p, to: config.channels, by: parts))
            let sim = Simulator()
            let mem = MemorySystem(config: config, sim: sim)
            for c in mem.controllers { c.commandLog = [] }
            let driver = ChannelDriver(memory: mem, source: source, owned: owned, handoff: handoff, sim: sim)
            driver.observer = observe
            for c in mem.controllers { c.sleepsUntilReady = sleepsUntilReady }
            sim.run()
            #expect(driver.finished)
            issued += driver.issued
            completed += driver.completed
            for c in owned {
                stats[c] = mem.controllers[c].stats
                logs[c] = mem.controllers[c].commandLog
            }
            // Channels not owned received nothing.
            for c in 0..<config.channels where !owned.contains(c) { #expect(mem.controllers[c].stats.reads + mem.controllers[c].stats.writes == 0) }
        }
        return (stats.map { $0! }, logs.map { $0! }, issued, completed)
    }

    @Test(arguments: ["dram", "mlc"])
    func channelsAreIndependentOfTheSplit(device: String) {
        var small = device == "dram" ? MemoryConfig.dram(channels: 4) : mlcConfig(channels: 4)
        small.controller.readQueue = 16
        small.controller.writeQueue = 16
        let src = SyntheticSource(pattern: .random, count: 6_000, readFraction: 0.7, footprint: 1 << 28, seed: 3)
        let one = Self.split(small, src, parts: 1)
        #expect(one.issued == 6_000 && one.completed == 6_000)
        #expect(one.stats.reduce(0) { $0 + $1.reads + $1.writes } == 6_000)
        for parts in [2, 3, 4] {
            let other = Self.split(small, src, parts: parts)
            #expect(other.completed == 6_000)
            for c in 0..<small.channels {
                #expect(other.stats[c] == one.stats[c], "channel \(c), \(parts) simulators: counters differ")
                #expect(other.logs[c] == one.logs[c], "channel \(c), \(parts) simulators: commands differ")
            }
        }
    }

    /// Sleeping until a ready command could go (`sleepsUntilReady`, which the per-channel
    /// front end sets) issues the same commands at the same cycles as looking again at every
    /// next cycle, and takes fewer decisions (fails if the wake-up bound is ever too late).
    @Test(arguments: ["dram", "mlc"])
    func sleepingUntilReadyIssuesTheSameCommands(device: String) {
        var small = device == "dram" ? MemoryConfig.dram(channels: 3) : mlcConfig(channels: 3)
        small.controller.readQueue = 16
        small.controller.writeQueue = 16
        for pattern in [SyntheticSource.Pattern.random, .streaming] {
            let src = SyntheticSource(pattern: pattern, count: 6_000, readFraction: 0.7, footprint: 1 << 28, seed: 5)
            let looks = Self.split(small, src, parts: 1, sleepsUntilReady: false)
            let sleeps = Self.split(small, src, parts: 1, sleepsUntilReady: true)
            #expect(sleeps.completed == 6_000 && looks.completed == 6_000)
            for c in 0..<small.channels {
                let sameCommands = sleeps.logs[c] == looks.logs[c]
                #expect(sameCommands, "channel \(c), \(pattern): commands differ")
                var a = sleeps.stats[c], b = looks.stats[c]
                #expect(a.decisions < b.decisions, "channel \(c), \(pattern): no decision saved")
                a.decisions = 0
                b.decisions = 0
                #expect(a == b, "channel \(c), \(pattern): counters differ")
            }
        }
    }

    /// The same through the in-order front end, whose full queues couple the channels: every
    /// channel's commands and counters are those of controllers that look at every cycle;
    /// with FR-FCFS and open pages, and with FCFS (no per-bank candidates) and closed pages.
    @Test(arguments: ["dram", "mlc"], [SchedulerKind.frfcfs, .fcfs])
    func sleepingUntilReadyKeepsCoupledChannelsTheSame(device: String, scheduler: SchedulerKind) {
        var small = device == "dram" ? MemoryConfig.dram(channels: 3) : mlcConfig(channels: 3)
        small.controller.scheduler = scheduler
        small.controller.pagePolicy = scheduler == .fcfs ? .closed : .open
        for (pattern, queue) in [(SyntheticSource.Pattern.random, 8), (.streaming, 16)] {
            small.controller.readQueue = queue
            small.controller.writeQueue = queue
            let src = SyntheticSource(pattern: pattern, count: 6_000, readFraction: 0.7, footprint: 1 << 28, seed: 11)
            var runs: [(logs: [[CommandRecord]], stats: [ControllerStats], done: Picoseconds)] = []
            for sleeps in [true, false] {
                let sim = Simulator()
                let mem = MemorySystem(config: small, sim: sim)
                for c in mem.controllers { c.commandLog = []; c.sleepsUntilReady = sleeps }
                let driver = RequestDriver(memory: mem, source: src, sim: sim)
                sim.run()
                #expect(driver.finished)
                runs.append((mem.controllers.map { $0.commandLog! }, mem.controllers.map(\.stats), driver.lastDone))
            }
            #expect(runs[0].done == runs[1].done, "\(pattern)")
            for c in 0..<small.channels {
                let sameCommands = runs[0].logs[c] == runs[1].logs[c]
                #expect(sameCommands, "\(pattern), channel \(c): commands differ")
                var a = runs[0].stats[c], b = runs[1].stats[c]
                // FCFS looks at the next cycle after every issue either way.
                #expect(scheduler == .fcfs ? a.decisions <= b.decisions : a.decisions < b.decisions, "\(pattern), channel \(c)")
                a.decisions = 0
                b.decisions = 0
                #expect(a == b, "\(pattern), channel \(c): counters differ")
            }
        }
    }

    /// `SyntheticSource.next(keeping:)` skips a request without building it (a write's payload
    /// draws are jumped over), yet keeps exactly the requests `next()` would give, payloads
    /// included; the protocol's default does the same by reading everything.
    @Test(arguments: [SyntheticSource.Pattern.random, .streaming])
    func skippingKeepsTheSameRequests(pattern: SyntheticSource.Pattern) throws {
        let keep: (UInt64) -> Bool = { ($0 >> 6) % 3 == 1 }
        var all = SyntheticSource(pattern: pattern, count: 3_000, readFraction: 0.6, footprint: 1 << 30, seed: 9)
        var reference: [TimedRequest] = []
        while let r = all.next() { if keep(r.request.address) { reference.append(r) } }
        #expect(reference.count > 500)
        var fast = SyntheticSource(pattern: pattern, count: 3_000, readFraction: 0.6, footprint: 1 << 30, seed: 9)
        var viaDefault = ListSource(Array(reference))
        for r in reference {
            let next = fast.next(keeping: keep)
            let f = try #require(next)
            #expect(f.request.id == r.request.id && f.request.address == r.request.address && f.request.kind == r.request.kind)
            #expect(f.time == r.time && f.request.data == r.request.data)
            let viaList = try viaDefault.next(keeping: keep)
            #expect(viaList?.request.id == r.request.id)
        }
        let end = fast.next(keeping: keep)
        #expect(end == nil)
    }

    /// The random pattern's address is `SplitMix64` draw mod `footprint / 64`, in bursts,
    /// whether the footprint is a power of two (drawn with a mask) or not.
    @Test(arguments: [UInt64(1) << 30, 3 << 20, 64, 100])
    func randomAddressesAreTheDrawModuloTheFootprint(footprint: UInt64) {
        var src = SyntheticSource(pattern: .random, count: 2_000, readFraction: 1, footprint: footprint, seed: 4)
        var rng = SplitMix64(seed: 4)
        let bursts = max(footprint, 64) / 64
        while let r = src.next() {
            #expect(r.request.address == (rng.next() % bursts) * 64)
            _ = rng.next()   // the read/write draw
            #expect(r.request.address < max(footprint, 64))
        }
    }

    /// A channel whose queue is full holds back only itself: the requests of another
    /// channel behind a burst to the full one enter at once (the in-order driver makes them
    /// wait for room in the full queue).
    @Test func aFullQueueHoldsBackOnlyItsChannel() {
        var config = MemoryConfig.dram(channels: 2)
        config.controller.readQueue = 4
        let mem = MemorySystem(config: config, sim: Simulator())
        // Addresses of channel 0 and of channel 1 (distinct bursts).
        var byChannel: [[UInt64]] = [[], []]
        var a: UInt64 = 0
        while byChannel[0].count < 40 || byChannel[1].count < 4 {
            let c = mem.channel(of: a)
            if byChannel[c].count < (c == 0 ? 40 : 4) { byChannel[c].append(a) }
            a += 64
        }
        var items: [TimedRequest] = []
        for (i, addr) in (byChannel[0] + byChannel[1]).enumerated() {
            items.append(TimedRequest(time: .zero, request: MemoryRequest(id: UInt64(i), address: addr, kind: .read)))
        }
        func latestArrivalOfChannel1(perChannel: Bool) -> Int64 {
            var latest: Int64 = -1
            let observe: (Completion) -> Void = { c in if c.channel == 1 { latest = max(latest, c.arrival.raw) } }
            if perChannel {
                _ = Self.split(config, ListSource(items), parts: 1, observe: observe)
            } else {
                _ = run(config, ListSource(items), observe: observe)
            }
            return latest
        }
        #expect(latestArrivalOfChannel1(perChannel: true) == 0)
        #expect(latestArrivalOfChannel1(perChannel: false) > 0)
    }

    /// Room in a full queue is used `handoff` later: the first request refused enters
    /// exactly that long after the first one leaves the queue (its column command).
    @Test(arguments: [Int64(0), 1_000, 7_500])
    func roomIsUsedAfterTheHandoff(handoffPs: Int64) {
        var config = MemoryConfig.dram(channels: 1)
        config.controller.readQueue = 2
        let table = ConstraintTable(spec: config.device)
        let tCK = config.device.tCKps
        // Five reads to one row: the third waits for the first to leave the queue.
        let items = (0..<5).map { TimedRequest(time: .zero, request: MemoryRequest(id: UInt64($0), address: UInt64($0) * 64 * 11, kind: .read)) }
        var byID: [UInt64: Completion] = [:]
        _ = Self.split(config, ListSource(items), parts: 1, handoff: Picoseconds(handoffPs)) { byID[$0.request.id] = $0 }
        #expect(byID.count == 5)
        let firstColumn = byID[0]!.done.raw - (table.CL + table.tBL) * tCK
        #expect(byID[2]!.arrival.raw == firstColumn + handoffPs)
    }
}
