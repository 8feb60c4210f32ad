import SimKernel
import MemorySystem
import Workloads

/// One simulated (layer, phase): its program and what the engine measured.
public struct PhaseResult: Sendable {
    public var program: PhaseProgram
    public var outcome: PhaseOutcome
}

/// Runs a compiled iteration phase after phase (each on fresh vaults: phases are sequential
/// in the seed's layer-by-layer execution; the row buffers' state between phases is not kept).
public enum NeuroTrainerSimulation {
    /// Simulates every program. `progress(done, total)` returning false stops (returns nil).
    public static func run(programs: [PhaseProgram], config: NeuroTrainerConfig, memory: MemoryConfig,
                           progress: ((Int, Int) -> Bool)? = nil) -> [PhaseResult]? {
        var out: [PhaseResult] = []
        for (k, p) in programs.enumerated() {
            if let progress, !progress(k, programs.count) { return nil }
            out.append(PhaseResult(program: p, outcome: simulate(p.dataflow, config: config, memory: memory)))
        }
        return out
    }

    /// One dataflow: the first `sampleSteps` steps of every PE in detail, the rest at the rate
    /// the second half of those achieved per unit of work. A step's work is its bottleneck
    /// estimate, max(compute cycles, elements moved ÷ bus/vault word): steps differ (edge
    /// tiles, last chunks), so extrapolating per step would follow whichever tiles the sample
    /// happened to hold. Counters scale by moved bytes (memory, bus) and compute cycles (PEs).
    public static func simulate(_ dataflow: Dataflow, config: NeuroTrainerConfig, memory: MemoryConfig) -> PhaseOutcome {
        let total = dataflow.stepsPerPE
        let s = min(total, config.sampleSteps)
        let engine = PhaseEngine(config: config, memory: memory, dataflow: dataflow, steps: s)
        let t = engine.run()
        guard s < total else {
            return PhaseOutcome(timePs: t, simulatedSteps: s, totalSteps: total, memory: engine.memoryTotals,
                                busBroadcastCycles: Double(engine.busBroadcastCycles), busMergeCycles: Double(engine.busMergeCycles),
                                peBusyCycles: Double(engine.peBusyCycles), events: engine.sim.eventsDispatched, requests: engine.requests)
        }
        var work = [Double](repeating: 0, count: total), bytes = work, compute = work
        for i in 0..<total {
            let st = dataflow.step(i)
            var moved = st.localReads.reduce(0) { $0 + $1.count * $1.elementBytes } + st.localWriteBytes + st.mergeBytes
            moved += (st.broadcast.map { $0.count * $0.elementBytes } ?? 0)
            bytes[i] = Double(moved)
            compute[i] = Double(st.computeCycles)
            work[i] = max(compute[i], Double(moved) / Double(config.busBytesPerCycle))
        }
        let h = max(1, s / 2)
        let measured = work[h..<s].reduce(0, +)
        let rate = measured > 0 ? Double(engine.finishedAt[s - 1] - engine.finishedAt[h - 1]) / measured : 0
        let simulatedWork = work[0..<s].reduce(0, +), allWork = work.reduce(0, +)
        let time = t + Int64(((allWork - simulatedWork) * rate).rounded())
        func ratio(_ v: [Double]) -> Double { let a = v[0..<s].reduce(0, +); return a > 0 ? v.reduce(0, +) / a : Double(total) / Double(s) }
        let byteScale = ratio(bytes), computeScale = ratio(compute)
        return PhaseOutcome(timePs: time, simulatedSteps: s, totalSteps: total, memory: engine.memoryTotals.scaled(by: byteScale),
                            busBroadcastCycles: Double(engine.busBroadcastCycles) * byteScale,
                            busMergeCycles: Double(engine.busMergeCycles) * byteScale,
                            peBusyCycles: Double(engine.peBusyCycles) * computeScale,
                            events: engine.sim.eventsDispatched, requests: engine.requests)
    }
}

/// Energy and throughput of a row, from its counters and Table 1/5 figures.
public struct NeuroTrainerRowMetrics: Sendable, Equatable {
    public var operation = ""
    public var bits = 0
    public var macs = 0
    /// Tera-operations per second (2 per MAC; 0 for data movement).
    public var tops = 0.0
    /// The row's time ÷ batch, ms.
    public var msPerImage = 0.0
    /// Logic energy: Table 5 power of every unit × the row's time, pJ.
    public var logicPJ = 0.0
    /// MAC energy inside it: busy MAC-array cycles × k × Table 1's SR-LO energy per MAC-cycle, pJ.
    public var macPJ = 0.0
    /// The seed's DRAM energy: bytes moved × 8 × 3.7 pJ/bit.
    public var dramFlatPJ = 0.0
    /// DRAM background (VDD·IDD3N per vault × time), pJ; the controller's command energy is
    /// the usual `energy_total_pJ`.
    public var dramBackgroundPJ = 0.0
    /// (controller command energy + background + logic) ÷ time, W.
    public var powerW = 0.0
    public var simulatedFraction = 1.0
    public init() {}

    public static func + (a: Self, b: Self) -> Self {
        var r = a
        r.macs += b.macs; r.logicPJ += b.logicPJ; r.macPJ += b.macPJ; r.dramFlatPJ += b.dramFlatPJ
        r.dramBackgroundPJ += b.dramBackgroundPJ
        return r
    }

    /// Fills the derived values for a row of `timePs` with memory energy `dramPJ` and `bytes` moved.
    public mutating func finish(timePs: Int64, batch: Int, dramPJ: Double, bytes: Double, peBusyCycles: Double,
                                config: NeuroTrainerConfig) {
        let seconds = Double(timePs) * 1e-12
        tops = seconds > 0 ? 2 * Double(macs) / seconds / 1e12 : 0
        msPerImage = seconds * 1e3 / Double(batch)
        let pw = config.power
        logicPJ = pw.logicWatts(pes: config.pes) * seconds * 1e12
        if peBusyCycles > 0 { macPJ = peBusyCycles * Double(config.macsPerPE) * pw.macMilliwatts * 1e-3 / (config.clockMHz * 1e6) * 1e12 }
        dramFlatPJ = bytes * 8 * pw.dramFlatPJPerBit
        dramBackgroundPJ = Double(config.pes + 1) * pw.vaultBackgroundMilliwatts * 1e-3 * seconds * 1e12
        powerW = seconds > 0 ? (dramPJ + dramBackgroundPJ + logicPJ) * 1e-12 / seconds : 0
    }
}
