import Foundation
import SimKernel
import MemorySystem
import Workloads

/// The GPU: SMs, crossbar and L2 slices in front of a `MemorySystem`, running a
/// `TrainingPlan` one kernel (op) at a time. Build it on the simulator that drives the
/// memory system, then call `run(plan:)`.
///
/// ```swift
/// let sim = Simulator()
/// let memory = MemorySystem(config: MemoryConfig(), sim: sim)
/// let gpu = GPU(config: GPUConfig(), memory: memory, sim: sim)   // or with modes/data hooks
/// let result = gpu.run(plan: try TrainingPlan(network: net, batch: 128))
/// ```
/// The hooks (`AccessModeMap`, `WriteDataSource`) are called once per memory burst
/// through their protocol witness (no allocation); the line-request path does not touch them.
public final class GPU: CounterSource {
    public let config: GPUConfig
    public let memory: MemorySystem
    public let sim: Simulator
    let sms: SMArray
    let l2: L2Cache
    var dispatcher: Dispatcher!

    /// `config` must validate (`config.validate(path:channels:)` is checked here).
    /// `modes` chooses each burst's access mode (default: all `.normal`); `data` supplies
    /// the bytes of each write burst (default: SplitMix64 of the address, seed 1).
    public init(config: GPUConfig, memory: MemorySystem, sim: Simulator,
                modes: any AccessModeMap = UniformAccessMode(), data: any WriteDataSource = SplitMixWriteData()) {
        var problems = config.validate(path: "gpu", channels: memory.config.channels)
        if memory.config.mapping.interleaveBytes < L2Config.lineBytes {
            problems.append("memory.mapping.interleaveBytes must be ≥ \(L2Config.lineBytes) (one L2 line) for the GPU model (is \(memory.config.mapping.interleaveBytes))")
        }
        precondition(problems.isEmpty, "invalid GPU configuration: \(problems.joined(separator: "; "))")
        self.config = config
        self.memory = memory
        self.sim = sim
        sms = SMArray(config: config, mapper: memory.mapper, sim: sim)
        l2 = L2Cache(config: config, memory: memory, pool: sms.pool, modes: modes, data: data, sim: sim)
        sms.l2Target = l2.target
        l2.smTarget = sms.target
        memory.setClient(l2)
        dispatcher = Dispatcher(sms: sms, sampling: config.sampling, l2Lines: config.l2.totalBytes / L2Config.lineBytes, source: self)
        sms.dispatcher = dispatcher
        if memory.wantsSkippedWrites {
            dispatcher.onSkip = { [unowned self] kernel, ctas in self.creditSkippedStores(kernel, ctas) }
        }
    }

    /// Books the stores of the CTAs a cut skips to the memory system's per-write state
    /// (SparseCode passes; `MemorySystem.creditSkippedWrite`): each 64-byte burst once,
    /// in CTA order (fused-Winograd tiles share lines). Requests, time and energy of the
    /// skipped CTAs are the extrapolation's.
    func creditSkippedStores(_ kernel: KernelPlan, _ ctas: Range<Int>) {
        var buf = LineBuffer()
        var seen = Set<UInt64>()
        let data = l2.data
        for cta in ctas {
            buf.removeAll()
            kernel.emitStores(cta: cta, into: &buf)
            for e in buf.entries {
                for half in 0..<2 where e & (1 << UInt64(half)) != 0 {
                    let a = (e & LineBuffer.lineMask) + UInt64(64 * half)
                    guard seen.insert(a).inserted else { continue }
                    memory.creditSkippedWrite(address: a) { data.data(forBurstAt: a) }
                }
            }
        }
    }

    /// Cumulative counters of the whole system now.
    func snapshot() -> OpCounters { OpCounters(busyPs: sms.busyPs, l2: l2.counters, memory: memory.totals) }
    var writebackBacklog: Int { l2.pendingWritebacks }

    /// Cumulative L2 counters (conservation checks: submitted = completed after a run).
    public var l2Counters: L2Counters { l2.counters }
    /// The L2 tag arrays (tests).
    public var l2Tags: L2Tags { l2.tags }

    /// Runs `ops` (default: all) of `plan` in order, then lets the memory system finish
    /// the write-backs in flight (their counters go to the last op). `progress` is called
    /// after each op with (ops done, ops total); returning false stops the run there.
    /// `willStart` is called with each op's index just before it is dispatched (the layer
    /// above gives the memory system its software hints there).
    /// `shouldStop` is polled every 2^18 events inside a kernel (an interrupt); when it
    /// returns true the run ends at once with the ops finished so far.
    /// `gate`, when given, may hold each op before and after it (`OpGate`); held time
    /// is part of the op's time (`OpResult.heldPs`).
    public func run(plan: TrainingPlan, ops: Range<Int>? = nil, willStart: ((Int) -> Void)? = nil,
                    gate: (any OpGate)? = nil, shouldStop: (@Sendable () -> Bool)? = nil,
                    progress: ((Int, Int) -> Bool)? = nil) -> GPURunResult {
        let range = ops ?? plan.ops.indices
        let wallStart = DispatchTime.now().uptimeNanoseconds
        let eventsStart = sim.eventsDispatched
        var results: [OpResult] = []
        results.reserveCapacity(range.count)
        var clock = Picoseconds.zero
        var stopped = false
        var previous = snapshot()
        for index in range {
            let heldBefore = gate?.beforeOp(index) ?? 0
            willStart?(index)
            let kernel = KernelPlan(plan: plan, op: index, config: config)
            let simStart = sim.now
            dispatcher.begin(kernel, start: previous, sim)
            if !dispatcher.done {
                if let shouldStop {
                    sim.run(pollEvery: 1 << 18) { _ in !shouldStop() }
                    if !dispatcher.done && shouldStop() { stopped = true; break }
                } else {
                    sim.run()
                }
                precondition(dispatcher.done, "op \(plan.ops[index].name): the event queue drained before the kernel ended")
            }
            var end = snapshot()
            var simulated = end - previous
            let estimate = dispatcher.extrapolation
            let extra = estimate.counters
            let extraTime = estimate.timePs
            var duration = (sim.now - simStart).raw + extraTime
            var held = heldBefore
            if let gate {
                gate.catchUp(index, extrapolatedPs: extraTime)
                let caughtUp = snapshot()
                held += gate.afterOp(index)
                end = snapshot()
                simulated = simulated + (end - caughtUp)
            }
            duration += held
            let counters = simulated + extra
            let op = plan.ops[index]
            results.append(OpResult(
                index: index, name: op.name, layer: op.layer, layerType: op.layerType, phase: op.phase,
                kernel: kernel.summary, start: clock, end: clock + Picoseconds(duration),
                computeTime: Picoseconds(counters[.computeBusyPs] / Int64(config.sms)),
                ctas: kernel.ctas, simulatedCTAs: dispatcher.simulatedCTAEquivalent, sampled: estimate.sampled,
                converged: estimate.converged, counters: counters,
                simulatedLineRequests: simulated[.lineReads] + simulated[.lineWrites],
                simulatedBursts: simulated[.fillBursts] + simulated[.writebackBursts],
                timeCI95Ps: estimate.timeCI95Ps, energyCI95FJ: estimate.energyCI95FJ, heldPs: held,
                waves: dispatcher.waveLog))
            clock = clock + Picoseconds(duration)
            previous = end
            if let progress, !progress(results.count, range.count) { break }
        }
        if !stopped { sim.run() }
        if !stopped && !results.isEmpty {
            let tail = snapshot() - previous
            results[results.count - 1].counters = results[results.count - 1].counters + tail
            results[results.count - 1].simulatedBursts += tail[.fillBursts] + tail[.writebackBursts]
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) * 1e-9
        return GPURunResult(ops: results, iterationTime: clock,
                            simulatedLineRequests: results.reduce(0) { $0 + $1.simulatedLineRequests },
                            simulatedBursts: results.reduce(0) { $0 + $1.simulatedBursts },
                            eventsDispatched: sim.eventsDispatched - eventsStart, wallSeconds: wall)
    }
}
