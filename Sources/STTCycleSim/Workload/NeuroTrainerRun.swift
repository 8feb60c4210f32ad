import Foundation
import SimKernel
import MemorySystem
import Workloads
import NeuroTrainer

extension WorkloadRun {
    /// `--dump-program`: the NeuroTrainer programs of one iteration, per (layer, phase), with
    /// the iBuffer they need (22 B each, seed §4).
    public static func neuroTrainerListing(network: Network, batch: Int, config: SystemConfig) throws -> String {
        guard let nt = config.neurotrainer else { throw InputError("--dump-program lists NeuroTrainer programs; add --system neurotrainer") }
        var options = config.training
        options.convolutionAlgorithm = .implicitGemm
        let plan = try TrainingPlan(network: network, batch: batch, options: options)
        let programs = NeuroTrainerCompiler(config: nt, batch: batch).compile(network: network, plan: plan)
        var s = "NeuroTrainer programs: \(network.name), batch \(batch), \(nt.pes) PEs; \(programs.count) programs × \(PhaseProgram.iBufferBytes) B = \(programs.count * PhaseProgram.iBufferBytes) B of the 16 KB iBuffer\n"
        s += "PMAG: R1…R7 ranges (@ start of a tile), f(a,b,c,d) = base + (((a·B + b)·C + c)·D + d) × element bytes\n\n"
        for p in programs { s += p.listing + "\n" }
        return s
    }

    /// Seed 002's NeuroTrainer: the training plan compiled into PMAG/PE programs per layer and
    /// phase (`NeuroTrainerCompiler`), each simulated on PEs, bus and vault controllers
    /// (`NeuroTrainerSimulation`); one report row per program.
    static func runOnNeuroTrainer(network: Network, batch: Int, config: SystemConfig, shouldStop: (@Sendable () -> Bool)?,
                                  progress: ((Int, Int) -> Bool)?) throws -> RunResult {
        guard let nt = config.neurotrainer else { throw InputError("neurotrainer section missing; use --system neurotrainer") }
        var options = config.training
        options.convolutionAlgorithm = .implicitGemm    // the NeuroTrainer has its own dataflow; no cuDNN search
        let plan = try TrainingPlan(network: network, batch: batch, options: options)
        let programs = NeuroTrainerCompiler(config: nt, batch: batch).compile(network: network, plan: plan)
        let start = DispatchTime.now().uptimeNanoseconds
        guard let results = NeuroTrainerSimulation.run(programs: programs, config: nt, memory: config.memory, progress: { done, total in
            !(shouldStop?() ?? false) && (progress?(done, total) ?? true)
        }) else { throw CancellationError() }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let burst = config.memory.device.organization.burstBytes
        var rows: [ReportRow] = []
        var totalMetrics = NeuroTrainerRowMetrics()
        var busy = 0.0, steps = (simulated: 0, total: 0)
        for r in results {
            var row = ReportRow(config: config.name, layer: r.program.layer, phase: r.program.phase.rawValue,
                                time: Picoseconds(r.outcome.timePs), memory: RowCounters(r.outcome.memory))
            row.burstBytes = burst
            var m = NeuroTrainerRowMetrics()
            m.operation = r.program.operation
            m.bits = r.program.bits
            m.macs = r.program.macs
            m.simulatedFraction = Double(r.outcome.simulatedSteps) / Double(max(r.outcome.totalSteps, 1))
            m.finish(timePs: r.outcome.timePs, batch: batch, dramPJ: Double(row.memory.energyTotalFJ) / 1000,
                     bytes: Double(row.readBytes + row.writeBytes), peBusyCycles: r.outcome.peBusyCycles, config: nt)
            row.neurotrainer = m
            rows.append(row)
            totalMetrics = totalMetrics + m
            busy += r.outcome.peBusyCycles
            steps.simulated += r.outcome.simulatedSteps; steps.total += r.outcome.totalSteps
        }
        let totalTime = rows.reduce(Int64(0)) { $0 + $1.time.raw }
        var total = ReportRow(config: config.name, layer: "TOTAL", phase: "all", time: Picoseconds(totalTime),
                              memory: rows.reduce(RowCounters()) { $0 + $1.memory })
        total.burstBytes = burst
        totalMetrics.operation = "all"
        totalMetrics.bits = 0
        totalMetrics.simulatedFraction = Double(steps.simulated) / Double(max(steps.total, 1))
        totalMetrics.finish(timePs: totalTime, batch: batch, dramPJ: Double(total.memory.energyTotalFJ) / 1000,
                            bytes: Double(total.readBytes + total.writeBytes), peBusyCycles: busy, config: nt)
        total.neurotrainer = totalMetrics
        var result = RunResult(config: config, rows: rows, total: total, wallSeconds: wall,
                               events: results.reduce(UInt64(0)) { $0 + $1.outcome.events },
                               requests: results.reduce(UInt64(0)) { $0 + $1.outcome.requests },
                               peakBandwidthGBps: config.memory.peakBandwidthBytesPerSecond / 1e9)
        result.workload = network.name
        result.batch = batch
        let iBuffer = programs.count * PhaseProgram.iBufferBytes
        if iBuffer > 16 * 1024 {
            result.warnings.append("\(programs.count) programs × 22 B = \(iBuffer) B exceed the 16 KB iBuffer (seed §4); the host would reload it")
        }
        return result
    }
}
