import CLIKit
import MemorySystem

/// How a statistic's `TOTAL` row relates to the run's other rows.
public enum Aggregation: String, Sendable, CaseIterable {
    /// Names the row (config, layer, phase).
    case key
    /// The TOTAL is the sum of the rows.
    case sum
    /// The TOTAL is the largest of the rows.
    case max
    /// The TOTAL is the square root of the sum of the rows' squares (independent errors).
    case quadrature
    /// A quotient of two sums (bandwidth, averages, fractions), recomputed from the TOTAL's sums.
    case ratio
    /// Measured over the whole run for the TOTAL (e.g. the iteration's whole footprint), not from the rows.
    case whole
    /// The same in every row of a configuration (a parameter echoed).
    case constant
}

/// One statistic of a report row, declared once: its column name (unit in the name),
/// unit, meaning, how it aggregates, how its numbers are written, and how it is read from
/// a row. The CSV writer, the JSON writer, the text summary and the README's column table
/// (checked by a test) all come from `ReportStats.all`.
public struct ReportStat: Sendable {
    public let name: String
    public let unit: String
    public let description: String
    public let aggregation: Aggregation
    public let style: NumberStyle
    let read: @Sendable (ReportRow) -> CSVValue

    init(_ name: String, _ unit: String, _ aggregation: Aggregation, _ description: String,
         _ style: NumberStyle = .significant(9), _ read: @escaping @Sendable (ReportRow) -> CSVValue) {
        self.name = name
        self.unit = unit
        self.description = description
        self.aggregation = aggregation
        self.style = style
        self.read = read
    }

    /// The statistic's value in `row` (`.empty` where it does not apply).
    public func value(_ row: ReportRow) -> CSVValue { read(row) }

    /// The value as a number (nil when empty or text).
    public func number(_ row: ReportRow) -> Double? {
        switch read(row) {
        case .int(let n): Double(n)
        case .uint(let n): Double(n)
        case .double(let x): x
        case .text, .empty: nil
        }
    }

    /// The value as written in the CSV and JSON.
    public func formatted(_ row: ReportRow) -> String {
        switch read(row) {
        case .text(let s): s
        case .int(let n): String(n)
        case .uint(let n): String(n)
        case .double(let x): Format.number(x, style)
        case .empty: ""
        }
    }
}

/// Every column of the CSV and JSON reports, in order.
public enum ReportStats {
    static func pj(_ fj: Int64) -> CSVValue { .double(Double(fj) / 1000) }
    static func n(_ v: Int64) -> CSVValue { .int(Int(v)) }
    static func n(_ v: UInt64) -> CSVValue { .int(Int(v)) }
    /// A number, or an empty field where the quantity does not apply to the row.
    static func opt(_ v: Double?) -> CSVValue { v.map { .double($0) } ?? .empty }

    public static let config = ReportStat("config", "-", .key, "configuration (preset) name") { .text($0.config) }
    public static let layer = ReportStat("layer", "-", .key, "layer name; `TOTAL` for the whole run, `trace` in trace runs") { .text($0.layer) }
    public static let phase = ReportStat("phase", "-", .key, "training phase: `forward`, `backward_data`, `backward_weight`, `update`; `all` for TOTAL and traces") { .text($0.phase) }
    public static let time = ReportStat("time_ns", "ns", .sum, "simulated time of the row", .fixed(3)) { .double($0.timeNs) }
    public static let readRequests = ReportStat("read_requests", "bursts", .sum, "read bursts the controllers completed (64 B; 32 B for hmc-vault)") { n($0.memory.reads) }
    public static let writeRequests = ReportStat("write_requests", "bursts", .sum, "write bursts the controllers completed (64 B; 32 B for hmc-vault)") { n($0.memory.writes) }
    public static let readBytes = ReportStat("mem_read_bytes", "B", .sum, "bytes read from memory (bursts × burst bytes)") { n($0.readBytes) }
    public static let writeBytes = ReportStat("mem_write_bytes", "B", .sum, "bytes written to memory (bursts × burst bytes)") { n($0.writeBytes) }
    public static let readBW = ReportStat("read_bw_GBps", "GB/s", .ratio, "`mem_read_bytes` ÷ `time_ns`", .fixed(3)) { .double($0.readGBps) }
    public static let writeBW = ReportStat("write_bw_GBps", "GB/s", .ratio, "`mem_write_bytes` ÷ `time_ns`", .fixed(3)) { .double($0.writeGBps) }
    public static let avgReadLatency = ReportStat("avg_read_latency_ns", "ns", .ratio, "mean controller arrival → last data beat of reads", .fixed(3)) { .double($0.avgReadLatencyNs) }
    public static let avgWriteLatency = ReportStat("avg_write_latency_ns", "ns", .ratio, "mean controller arrival → end of the array write of writes", .fixed(3)) { .double($0.avgWriteLatencyNs) }
    public static let energyRead = ReportStat("energy_read_pJ", "pJ", .sum, "read energy (bits read × per-bit energy)", .fixed(3)) { pj($0.memory[.energyReadFJ]) }
    public static let energyWrite = ReportStat("energy_write_pJ", "pJ", .sum, "write energy, all terms (DRAM per bit; MLC hard + soft steps)", .fixed(3)) { pj($0.memory.energyWriteTotalFJ) }
    public static let energyTotal = ReportStat("energy_total_pJ", "pJ", .sum, "memory energy: read + write + activate + refresh", .fixed(3)) { pj($0.memory.energyTotalFJ) }
    public static let energyWriteHard = ReportStat("energy_write_hard_pJ", "pJ", .sum, "MLC: cells driven by the hard step × its energy", .fixed(3)) { pj($0.memory[.energyWriteHardFJ]) }
    public static let energyWriteSoft = ReportStat("energy_write_soft_pJ", "pJ", .sum, "MLC: cells driven by the soft step × its energy", .fixed(3)) { pj($0.memory[.energyWriteSoftFJ]) }
    public static let energyActivate = ReportStat("energy_activate_pJ", "pJ", .sum, "activation energy (opt-in parameter, default 0)", .fixed(3)) { pj($0.memory[.energyActivateFJ]) }
    public static let energyRefresh = ReportStat("energy_refresh_pJ", "pJ", .sum, "refresh energy (opt-in parameter, default 0)", .fixed(3)) { pj($0.memory[.energyRefreshFJ]) }
    public static let maxReadLatency = ReportStat("max_read_latency_ns", "ns", .max, "largest read latency (trace runs)", .fixed(3)) { opt($0.memory.maxReadLatencyPs.map { Double($0) / 1000 }) }
    public static let maxWriteLatency = ReportStat("max_write_latency_ns", "ns", .max, "largest write latency (trace runs)", .fixed(3)) { opt($0.memory.maxWriteLatencyPs.map { Double($0) / 1000 }) }
    public static let rowHits = ReportStat("row_hits", "accesses", .sum, "column accesses to an already open row") { n($0.memory[.rowHits]) }
    public static let rowMisses = ReportStat("row_misses", "accesses", .sum, "column accesses that activated a closed bank") { n($0.memory[.rowMisses]) }
    public static let rowConflicts = ReportStat("row_conflicts", "accesses", .sum, "column accesses that closed another row first") { n($0.memory[.rowConflicts]) }
    public static let refreshes = ReportStat("refreshes", "commands", .sum, "all-bank refreshes") { n($0.memory[.refreshes]) }
    public static let modeSwitches = ReportStat("mode_switches", "switches", .sum, "MLC mode-controller switches (full ↔ soft-only)") { n($0.memory[.modeSwitches]) }
    public static let writesOneStep = ReportStat("writes_one_step", "bursts", .sum, "writes that took one write step") { n($0.memory[.writesOneStep]) }
    public static let writesTwoStep = ReportStat("writes_two_step", "bursts", .sum, "MLC writes that also needed the soft step") { n($0.memory[.writesTwoStep]) }
    public static let cellsHardStep = ReportStat("cells_hard_step", "cells", .sum, "cells driven by the hard write step") { n($0.memory[.cellsHardStep]) }
    public static let cellsSoftStep = ReportStat("cells_soft_step", "cells", .sum, "cells driven by the soft write step") { n($0.memory[.cellsSoftStep]) }
    public static let compute = ReportStat("compute_ns", "ns", .sum, "workload runs: time the SMs computed (`GPUModel.OpResult`)", .fixed(3)) { opt($0.gpu.map { Double($0.computePs) / 1000 }) }
    public static let stall = ReportStat("stall_ns", "ns", .sum, "workload runs: time the SMs waited for memory", .fixed(3)) { opt($0.gpu.map { Double($0.stallPs) / 1000 }) }
    public static let footprint = ReportStat("footprint_bytes", "B", .whole, "workload runs: the layer's tensors; TOTAL: the whole iteration") { $0.gpu.map { .int(Int($0.footprintBytes)) } ?? .empty }
    public static let simulatedFraction = ReportStat("simulated_fraction", "1", .ratio, "workload runs: CTAs simulated in detail ÷ CTAs", .fixed(6)) { opt($0.gpu.map(\.simulatedFraction)) }
    public static let timeCI95 = ReportStat("time_ns_ci95", "ns", .quadrature, "workload runs: 95 % confidence half-width of time_ns from wave sampling (spread of the measured waves, Student's t; kernels combined in quadrature); empty when every kernel of the row ran in full", .fixed(3)) { opt($0.gpu?.timeCI95Ps.map { $0 / 1000 }) }
    public static let energyTotalCI95 = ReportStat("energy_total_pJ_ci95", "pJ", .quadrature, "workload runs: 95 % confidence half-width of energy_total_pJ from wave sampling, as time_ns_ci95", .fixed(3)) { opt($0.gpu?.energyCI95FJ.map { $0 / 1000 }) }
    public static let bitSimilarity = ReportStat("bit_similarity", "1", .ratio, "mechanisms on: neighbour-block bit agreement of the data written", .fixed(6)) { opt($0.data.bitSimilarity) }
    public static let zeroFraction = ReportStat("zero_fraction", "1", .ratio, "mechanisms on: fraction of 32-bit values written that are zero", .fixed(6)) { opt($0.data.zeroFraction) }
    public static let compressionRatio = ReportStat("compression_ratio", "1", .ratio, "mechanisms on: SparseCode size ÷ original size of the conv feature maps written (counted whether or not the sparsity register chose to encode them)", .fixed(6)) { opt($0.data.compressionRatio) }
    public static let cellsUsed = ReportStat("cells_used", "cells", .whole, "cells the row's tensors occupy in their access modes; TOTAL: all (with SparseCode's measured savings)") { $0.data.cellsUsed.map { n($0) } ?? .empty }
    public static let blockBits = ReportStat("block_bits", "bits", .constant, "BitLevel / SparseCode block size") { .int($0.data.blockBits) }
    public static let algorithm = ReportStat("algorithm", "name", .whole, "the row's GEMM/convolution algorithm: gemm (fully connected), implicitGemm, winograd, winogradFused2x2, winogradFused4x4 (training.convolutionAlgorithm; auto chooses per layer and phase); empty for other rows and TOTAL") { row in
        guard let a = row.gpu?.algorithm, !a.isEmpty else { return .empty }
        return .text(a)
    }

    /// Every column, in CSV order.
    public static let all: [ReportStat] = [
        config, layer, phase, time, readRequests, writeRequests, readBytes, writeBytes, readBW, writeBW,
        avgReadLatency, avgWriteLatency, energyRead, energyWrite, energyTotal, energyWriteHard, energyWriteSoft,
        energyActivate, energyRefresh, maxReadLatency, maxWriteLatency, rowHits, rowMisses, rowConflicts, refreshes,
        modeSwitches, writesOneStep, writesTwoStep, cellsHardStep, cellsSoftStep, compute, stall, footprint,
        simulatedFraction, timeCI95, energyTotalCI95, bitSimilarity, zeroFraction, compressionRatio, cellsUsed, blockBits, algorithm,
    ]

    /// The README's column table (Markdown), generated from `all`.
    public static var markdownTable: String {
        var s = "| column | unit | TOTAL row | meaning |\n|---|---|---|---|\n"
        for c in all { s += "| `\(c.name)` | \(c.unit) | \(c.aggregation.rawValue) | \(c.description) |\n" }
        return s
    }
}
