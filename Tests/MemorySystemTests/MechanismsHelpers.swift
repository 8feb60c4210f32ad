import SimKernel
import DataValues
@testable import MemorySystem

/// Runs `items` through a memory system with `settings` and the annotations `hints`.
func runMech(_ config: MemoryConfig, _ settings: MechanismSettings, hints: [(Range<UInt64>, DataCategory)],
             _ items: [TimedRequest], record: Bool = false,
             observe: ((Completion) -> Void)? = nil) -> (RequestDriver<ListSource>, MemorySystem) {
    let sim = Simulator()
    let mem = MemorySystem(config: config, mechanisms: settings, sim: sim)
    for (r, c) in hints { mem.annotate(region: r, category: c) }
    if record { for c in mem.controllers { c.commandLog = [] } }
    let driver = RequestDriver(memory: mem, source: ListSource(items), sim: sim)
    driver.observer = observe
    sim.run()
    return (driver, mem)
}

/// A small deterministic hash (splitmix64).
func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Burst `i` of a feature map: runs of 8 words are zero with probability `zeroPercent`,
/// the others hold random positive floats.
func featureBurst(_ i: Int, zeroPercent: UInt64, seed: UInt64 = 1) -> BurstData {
    var d = BurstData()
    for k in 0..<16 {
        let w = UInt64(i * 16 + k)
        if mix(seed &* 977 &+ w / 8) % 100 < zeroPercent { continue }
        let v = 0x3F00_0000 | (mix(seed &+ w) & 0x7F_FFFF)
        d[k >> 1] |= v << UInt64((k & 1) * 32)
    }
    return d
}

/// Writes of `bursts` consecutive bursts from `base` (data from `data`), then reads of
/// them `gap` ps after the last write, one request every `interval` ps.
func writeThenRead(base: UInt64, bursts: Int, interval: Int64 = 400, gap: Int64 = 2_000_000, reads: Bool = true,
                   data: (Int) -> BurstData) -> [TimedRequest] {
    var items: [TimedRequest] = []
    for i in 0..<bursts {
        let r = MemoryRequest(id: UInt64(i), address: base + UInt64(i) * 64, kind: .write, data: data(i))
        items.append(TimedRequest(time: Picoseconds(Int64(i) * interval), request: r))
    }
    guard reads else { return items }
    let t0 = Int64(bursts) * interval + gap
    for i in 0..<bursts {
        let r = MemoryRequest(id: UInt64(bursts + i), address: base + UInt64(i) * 64, kind: .read)
        items.append(TimedRequest(time: Picoseconds(t0 + Int64(i) * interval), request: r))
    }
    return items
}

extension MechanismSettings {
    static let bitLevelOnly = MechanismSettings(remap: true, bitLevel: true)
    /// All mechanisms, with a sparsity register that decides after `sample` values.
    static func all(sample: Int = 1024) -> MechanismSettings {
        MechanismSettings(remap: true, bitLevel: true, sparseCode: true,
                          sparsity: SparsityDetector.Parameters(sampleBlocks: sample, registerThreshold: sample / 2))
    }
}

/// The controller counters that define a run's outcome.
func outcome(_ mem: MemorySystem, _ driver: RequestDriver<ListSource>) -> [String] {
    ["lastDone \(driver.lastDone.raw)"] + outcomeCounters(mem)
}

/// One step of `runMechPhases`: what to do to the memory system first (hints, credits),
/// then requests fed by a fresh driver once the previous step's have all completed.
struct MechPhase {
    var before: (MemorySystem) -> Void = { _ in }
    var items: [TimedRequest] = []
}

/// Runs `phases` one after another on one memory system (each phase's request times are
/// absolute; a time already past enters at once). Returns the system and whether every
/// phase's requests completed.
func runMechPhases(_ config: MemoryConfig, _ settings: MechanismSettings, _ phases: [MechPhase]) -> (MemorySystem, Bool) {
    let sim = Simulator()
    let mem = MemorySystem(config: config, mechanisms: settings, sim: sim)
    var finished = true
    for p in phases {
        p.before(mem)
        let driver = RequestDriver(memory: mem, source: ListSource(p.items), sim: sim)
        sim.run()
        finished = finished && driver.finished
    }
    return (mem, finished)
}

/// Reads of bursts `range` from `base`, one every `interval` ps from `start`, ids from `firstID`.
func reads(base: UInt64 = 0, _ range: Range<Int>, start: Int64, interval: Int64 = 400, firstID: UInt64) -> [TimedRequest] {
    range.enumerated().map { k, i in
        TimedRequest(time: Picoseconds(start + Int64(k) * interval),
                     request: MemoryRequest(id: firstID + UInt64(k), address: base + UInt64(i) * 64, kind: .read))
    }
}

/// The controller counters that define a driverless run's outcome (`outcome` without the
/// driver's last completion).
func outcomeCounters(_ mem: MemorySystem) -> [String] {
    let t = mem.totals
    return ["reads \(t.reads) writes \(t.writes)",
            "rows \(t.rowHits)/\(t.rowMisses)/\(t.rowConflicts)", "cmds \(t.commands)",
            "steps \(t.writesOneStep)/\(t.writesTwoStep) cells \(t.cellsHardStep)/\(t.cellsSoftStep)",
            "energy \(t.energyTotalFJ)", "latency \(t.readLatency.sum) \(t.writeLatency.sum)", "switches \(t.modeSwitches)"]
}
