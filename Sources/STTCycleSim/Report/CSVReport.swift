import CLIKit
import MemorySystem

/// The CSV schema: one column per entry, with its unit in the name. Rows are
/// (config, layer, phase) plus a `TOTAL` row per configuration.
public enum CSVReport {
    struct Column: Sendable {
        let name: String
        let style: NumberStyle
        let value: @Sendable (ReportRow) -> CSVValue
        init(_ name: String, _ style: NumberStyle = .significant(9), _ value: @escaping @Sendable (ReportRow) -> CSVValue) {
            self.name = name
            self.style = style
            self.value = value
        }
    }

    static func pj(_ fj: Int64) -> CSVValue { .double(Double(fj) / 1000) }
    static func n(_ v: UInt64) -> CSVValue { .int(Int(v)) }

    static let columns: [Column] = [
        Column("config") { .text($0.config) },
        Column("layer") { .text($0.layer) },
        Column("phase") { .text($0.phase) },
        Column("time_ns", .fixed(3)) { .double($0.timeNs) },
        Column("read_requests") { n($0.memory.reads) },
        Column("write_requests") { n($0.memory.writes) },
        Column("mem_read_bytes") { n($0.readBytes) },
        Column("mem_write_bytes") { n($0.writeBytes) },
        Column("read_bw_GBps", .fixed(3)) { .double($0.readGBps) },
        Column("write_bw_GBps", .fixed(3)) { .double($0.writeGBps) },
        Column("avg_read_latency_ns", .fixed(3)) { .double($0.avgReadLatencyNs) },
        Column("avg_write_latency_ns", .fixed(3)) { .double($0.avgWriteLatencyNs) },
        Column("energy_read_pJ", .fixed(3)) { pj($0.memory.energyReadFJ) },
        Column("energy_write_pJ", .fixed(3)) { pj($0.memory.energyWriteTotalFJ) },
        Column("energy_total_pJ", .fixed(3)) { pj($0.memory.energyTotalFJ) },
        Column("energy_write_hard_pJ", .fixed(3)) { pj($0.memory.energyWriteHardFJ) },
        Column("energy_write_soft_pJ", .fixed(3)) { pj($0.memory.energyWriteSoftFJ) },
        Column("energy_activate_pJ", .fixed(3)) { pj($0.memory.energyActivateFJ) },
        Column("energy_refresh_pJ", .fixed(3)) { pj($0.memory.energyRefreshFJ) },
        Column("max_read_latency_ns", .fixed(3)) { opt($0.memory.maxReadLatencyPs.map { Double($0) / 1000 }) },
        Column("max_write_latency_ns", .fixed(3)) { opt($0.memory.maxWriteLatencyPs.map { Double($0) / 1000 }) },
        Column("row_hits") { n($0.memory.rowHits) },
        Column("row_misses") { n($0.memory.rowMisses) },
        Column("row_conflicts") { n($0.memory.rowConflicts) },
        Column("refreshes") { n($0.memory.refreshes) },
        Column("mode_switches") { n($0.memory.modeSwitches) },
        Column("writes_one_step") { n($0.memory.writesOneStep) },
        Column("writes_two_step") { n($0.memory.writesTwoStep) },
        Column("cells_hard_step") { n($0.memory.cellsHardStep) },
        Column("cells_soft_step") { n($0.memory.cellsSoftStep) },
        Column("compute_ns", .fixed(3)) { opt($0.gpu.map { Double($0.computePs) / 1000 }) },
        Column("stall_ns", .fixed(3)) { opt($0.gpu.map { Double($0.stallPs) / 1000 }) },
        Column("footprint_bytes") { $0.gpu.map { .int(Int($0.footprintBytes)) } ?? .text("") },
        Column("simulated_fraction", .fixed(6)) { opt($0.gpu.map(\.simulatedFraction)) },
        Column("bit_similarity", .fixed(6)) { opt($0.data.bitSimilarity) },
        Column("zero_fraction", .fixed(6)) { opt($0.data.zeroFraction) },
        Column("compression_ratio", .fixed(6)) { opt($0.data.compressionRatio) },
        Column("cells_used") { $0.data.cellsUsed.map { n($0) } ?? .text("") },
        Column("block_bits") { .int($0.data.blockBits) },
    ]

    /// A number, or an empty field where the quantity does not apply to the row.
    static func opt(_ v: Double?) -> CSVValue { v.map { .double($0) } ?? .text("") }

    /// Header names in order.
    public static var header: [String] { columns.map(\.name) }

    /// The CSV text for `results` (each result's rows, then its TOTAL row); with
    /// `analytic`, the paper's formula's columns (`AnalyticReport.header`) follow.
    /// With `fullEnergy`, the full energy view's columns (`EnergyLedger.header`) follow.
    public static func render(_ results: [RunResult], analytic: Bool = false, fullEnergy: Bool = false) throws -> String {
        var cols = columns.map { CSVColumn($0.name, doubles: $0.style) }
        if analytic { cols += zip(AnalyticReport.header, AnalyticReport.styles).map { CSVColumn($0, doubles: $1) } }
        if fullEnergy { cols += EnergyLedger.header.map { CSVColumn($0, doubles: .fixed(3)) } }
        let writer = CSVWriter(columns: cols)
        var rows: [[CSVValue]] = []
        for r in results {
            let extra = analytic ? AnalyticReport.cells(r) : []
            let ledger = fullEnergy ? EnergyLedger.cells(r) : []
            for (i, row) in (r.rows + [r.total]).enumerated() {
                rows.append(columns.map { $0.value(row) } + (analytic ? extra[i] : []) + (fullEnergy ? ledger[i] : []))
            }
        }
        return try writer.render(rows)
    }

    /// Writes the CSV atomically (temporary file, then rename).
    public static func write(_ results: [RunResult], to path: String, analytic: Bool = false, fullEnergy: Bool = false) throws {
        try AtomicFileWriter(path: path).write(try render(results, analytic: analytic, fullEnergy: fullEnergy))
    }
}
