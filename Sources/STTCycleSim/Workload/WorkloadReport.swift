import SimKernel
import MemorySystem
import GPUModel
import Workloads

/// Turns a GPU run into report rows: one per (layer, phase) in execution order, plus TOTAL.
enum WorkloadReport {
    static func counters(_ c: OpCounters) -> RowCounters { RowCounters(c.memory) }

    /// Bit statistics of what was written between two mechanism snapshots.
    static func data(_ a: MechanismStats, _ b: MechanismStats, blockBits: Int) -> RowData {
        var d = RowData()
        d.blockBits = blockBits
        var words = 0, zeros = 0, compared = 0, differing = 0, encoded = 0, original = 0
        for k in 0..<DataCategory.count {
            let x = b.written[k], y = a.written[k]
            words += x.words - y.words; zeros += x.zeroWords - y.zeroWords
            compared += x.comparedBits - y.comparedBits; differing += x.differingBits - y.differingBits
            if k == DataCategory.sparseConvFeatureMap.index || k == DataCategory.denseConvFeatureMap.index {
                encoded += x.encodedBits - y.encodedBits; original += x.originalBits - y.originalBits
            }
        }
        if words > 0 { d.zeroFraction = Double(zeros) / Double(words) }
        if compared > 0 { d.bitSimilarity = 1 - Double(differing) / Double(compared) }
        if original > 0 { d.compressionRatio = Double(encoded) / Double(original) }
        return d
    }

    /// Cells a tensor occupies under the configuration (SparseCode savings not counted).
    static func cells(bytes: Int, category: DataCategory, config: SystemConfig) -> UInt64 {
        let mode = config.mechanisms.remap ? RemapTable.mode(of: category, config.mechanisms) : .normal
        return UInt64(bytes) * 8 / UInt64(config.memory.device.technology.behavior.bitsPerCell(mode))
    }

    static func build(plan: TrainingPlan, network: Network, batch: Int, config: SystemConfig, result: GPURunResult,
                      snapshots: [MechanismStats], memory: MemorySystem, categories: [DataCategory]) -> RunResult {
        let blockBits = config.memory.controller.bitLevelBlockBits
        var layerBytes: [String: Int64] = [:], layerCells: [String: UInt64] = [:]
        for t in plan.tensors {
            layerBytes[t.layer, default: 0] += Int64(t.bytes)
            layerCells[t.layer, default: 0] += cells(bytes: t.bytes, category: categories[t.id.rawValue], config: config)
        }
        struct Group { var time: Int64 = 0; var compute: Int64 = 0; var stall: Int64 = 0; var ctas = 0; var simulated = 0
                       var counters = OpCounters(); var first = 0; var last = 0; var algorithm = ""
                       var sampled = false; var timeVar = 0.0; var energyVar = 0.0 }
        var order: [String] = []
        var groups: [String: Group] = [:]
        var keyParts: [String: (String, String)] = [:]
        for (i, op) in result.ops.enumerated() {
            let key = op.layer + "\u{1}" + op.phase.rawValue
            if groups[key] == nil { order.append(key); keyParts[key] = (op.layer, op.phase.rawValue); groups[key] = Group(first: i) }
            groups[key]!.time += op.duration.raw
            groups[key]!.compute += op.computeTime.raw
            groups[key]!.stall += op.stallTime.raw
            groups[key]!.ctas += op.ctas
            groups[key]!.simulated += op.simulatedCTAs
            groups[key]!.counters = groups[key]!.counters + op.counters
            groups[key]!.last = i
            if op.sampled {
                groups[key]!.sampled = true
                groups[key]!.timeVar += op.timeCI95Ps * op.timeCI95Ps
                groups[key]!.energyVar += op.energyCI95FJ * op.energyCI95FJ
            }
            if case .gemm(let shape) = plan.ops[op.index].kind, groups[key]!.algorithm.isEmpty {
                groups[key]!.algorithm = shape.convolution == nil && shape.algorithm == .implicitGemm ? "gemm" : shape.algorithm.rawValue
            }
        }
        var rows: [ReportRow] = []
        for key in order {
            let g = groups[key]!, (layer, phase) = keyParts[key]!
            var gpu = RowGPU()
            gpu.computePs = g.compute; gpu.stallPs = g.stall
            gpu.footprintBytes = layerBytes[layer] ?? 0
            gpu.simulatedFraction = g.ctas == 0 ? 1 : Double(g.simulated) / Double(g.ctas)
            gpu.algorithm = g.algorithm
            if g.sampled { gpu.timeCI95Ps = g.timeVar.squareRoot(); gpu.energyCI95FJ = g.energyVar.squareRoot() }
            var d = RowData()
            d.blockBits = blockBits
            // Ops of a (layer, phase) are contiguous in the plan, so the snapshots around them bound their writes.
            if snapshots.count > g.last + 1 { d = data(snapshots[g.first], snapshots[g.last + 1], blockBits: blockBits) }
            d.cellsUsed = layerCells[layer]
            rows.append(ReportRow(config: config.name, layer: layer, phase: phase, time: Picoseconds(g.time),
                                  memory: counters(g.counters), gpu: gpu, data: d))
        }
        var totalGPU = RowGPU()
        totalGPU.computePs = rows.reduce(0) { $0 + ($1.gpu?.computePs ?? 0) }
        totalGPU.stallPs = rows.reduce(0) { $0 + ($1.gpu?.stallPs ?? 0) }
        totalGPU.footprintBytes = Int64(plan.footprintBytes)
        let allCTAs = result.ops.reduce(0) { $0 + $1.ctas }, simCTAs = result.ops.reduce(0) { $0 + $1.simulatedCTAs }
        totalGPU.simulatedFraction = allCTAs == 0 ? 1 : Double(simCTAs) / Double(allCTAs)
        let sampledOps = result.ops.filter(\.sampled)
        if !sampledOps.isEmpty {
            totalGPU.timeCI95Ps = sampledOps.reduce(0) { $0 + $1.timeCI95Ps * $1.timeCI95Ps }.squareRoot()
            totalGPU.energyCI95FJ = sampledOps.reduce(0) { $0 + $1.energyCI95FJ * $1.energyCI95FJ }.squareRoot()
        }
        var totalData = snapshots.count >= 2 ? data(snapshots[0], snapshots[snapshots.count - 1], blockBits: blockBits) : RowData()
        totalData.blockBits = blockBits
        totalData.cellsUsed = plan.tensors.reduce(UInt64(0)) { $0 + cells(bytes: $1.bytes, category: categories[$1.id.rawValue], config: config) }
        if config.mechanisms.sparseCode {
            // SparseCode's measured savings on the maps it encoded.
            let cap = memory.capacity()
            totalData.cellsUsed = cap.reduce(UInt64(0)) { $0 + $1.cells }
        }
        let total = ReportRow(config: config.name, layer: "TOTAL", phase: "all", time: result.iterationTime,
                              memory: counters(result.totals), gpu: totalGPU, data: totalData)
        var r = RunResult(config: config, rows: rows, total: total, wallSeconds: result.wallSeconds,
                          events: result.eventsDispatched, requests: UInt64(result.simulatedBursts),
                          peakBandwidthGBps: config.memory.peakBandwidthBytesPerSecond / 1e9)
        r.workload = network.name
        r.batch = batch
        r.sampledOps = sampledOps.count
        r.unconvergedCuts = sampledOps.filter { !$0.converged }.map { "\($0.layer)/\($0.phase.rawValue) (\($0.name))" }
        r.kernelWaves = result.ops.map { KernelWaves(op: $0.name, layer: $0.layer, phase: $0.phase.rawValue, ctas: $0.ctas, waves: $0.waves) }
        return r
    }
}
