import Foundation
import SimKernel
import MemorySystem
import Workloads
import Systolic

/// A training iteration on the systolic accelerator (`--system systolic`): the plan's GEMMs
/// (convolutions as implicit GEMM) on the array, scratchpad partitions, DRAM spills.
enum SystolicRun {
    static func run(network: Network, batch: Int, config: SystemConfig, shouldStop: (@Sendable () -> Bool)?,
                    progress: ((Int, Int) -> Bool)?) throws -> RunResult {
        guard let acc = config.system.systolic else { throw InputError("system.systolic is missing (start from --system systolic)") }
        var options = config.training
        if options.convolutionAlgorithm == .auto { options.convolutionAlgorithm = .implicitGemm }
        let plan = try TrainingPlan(network: network, batch: batch, options: options)
        let clock = Date()
        let sim = Simulator()
        let memory = MemorySystem(config: config.memory, mechanisms: config.mechanisms, sim: sim)
        let engine = SystolicEngine(config: acc, plan: plan, memory: memory, sim: sim, seed: config.seed)
        let records = engine.run { done, total in
            if shouldStop?() == true { return false }
            return progress?(done, total) ?? true
        }
        guard records.count == plan.ops.count else { throw CancellationError() }
        var order: [String] = []
        var groups: [String: [SystolicOpRecord]] = [:]
        for r in records {
            let op = plan.ops[r.index]
            let key = op.layer + "\u{1}" + op.phase.rawValue
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        var layerBytes: [String: Int64] = [:]
        for t in plan.tensors { layerBytes[t.layer, default: 0] += Int64(t.bytes) }
        func row(_ rs: [SystolicOpRecord], layer: String, phase: String, footprint: Int64) -> ReportRow {
            var s = RowSystolic(arrayPEs: Int64(acc.array.rows * acc.array.cols))
            var dram = MemoryCounters()
            var time: Int64 = 0
            for r in rs { s.add(r); dram = dram + r.dram; time += r.end.raw - r.start.raw }
            var row = ReportRow(config: config.name, layer: layer, phase: phase, time: Picoseconds(time), memory: RowCounters(dram))
            var g = RowGPU()
            g.computePs = s.computePs
            g.stallPs = s.writeStallPs + s.readStallPs + s.dramStallPs
            g.footprintBytes = footprint
            g.algorithm = rs.contains { if case .gemm = plan.ops[$0.index].kind { true } else { false } } ? "gemm" : ""
            row.gpu = g
            row.systolic = s
            return row
        }
        let rows = order.map { key -> ReportRow in
            let parts = key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            return row(groups[key]!, layer: parts[0], phase: parts[1], footprint: layerBytes[parts[0]] ?? 0)
        }
        let total = row(records, layer: "TOTAL", phase: "all", footprint: Int64(plan.footprintBytes))
        let peak = config.memory.peakBandwidthBytesPerSecond / 1e9
        var result = RunResult(config: config, rows: rows, total: total, wallSeconds: Date().timeIntervalSince(clock),
                               events: sim.eventsDispatched, requests: UInt64(total.memory.reads + total.memory.writes),
                               peakBandwidthGBps: peak, workload: network.name, batch: batch)
        result.warnings = []
        return result
    }
}
