import CLIKit
import MemorySystem
import Systolic

/// What the systolic accelerator did in a row's stretch: sums over the row's ops.
public struct RowSystolic: Sendable {
    /// PEs of the array (R·C), for utilisation.
    public var arrayPEs: Int64
    public var computePs: Int64 = 0
    public var writeStallPs: Int64 = 0
    public var readStallPs: Int64 = 0
    public var dramStallPs: Int64 = 0
    public var macs: Int64 = 0
    public var arrayCycles: Int64 = 0
    public var folds: Int64 = 0
    public var macFJ: Int64 = 0
    public var dramFJ: Int64 = 0
    /// Per partition, `TensorClass.allCases` order.
    public var partitions = Array(repeating: PartitionCounters(), count: TensorClass.allCases.count)

    public init(arrayPEs: Int64) { self.arrayPEs = arrayPEs }

    mutating func add(_ r: SystolicOpRecord) {
        computePs += r.computePs; writeStallPs += r.writeStallPs; readStallPs += r.readStallPs; dramStallPs += r.dramStallPs
        macs += r.macs; arrayCycles += r.arrayCycles; folds += r.folds; macFJ += r.macFJ
        dramFJ += r.dram.energyTotalFJ
        for i in partitions.indices { partitions[i] = partitions[i] + r.partitions[i] }
    }

    public var readFJ: Int64 { partitions.reduce(0) { $0 + $1.readFJ } }
    public var writeFJ: Int64 { partitions.reduce(0) { $0 + $1.writeFJ } }
    public var leakageFJ: Int64 { partitions.reduce(0) { $0 + $1.leakageFJ } }
    /// MAC + scratchpad read + write + leakage + DRAM, fJ.
    public var totalFJ: Int64 { macFJ + readFJ + writeFJ + leakageFJ + dramFJ }
    public var dramBytes: Int64 { partitions.reduce(0) { $0 + $1.dramReadBytes + $1.dramWriteBytes } }
    /// MACs ÷ (array cycles × PEs).
    public var utilization: Double? { arrayCycles > 0 ? Double(macs) / (Double(arrayCycles) * Double(arrayPEs)) : nil }
}

/// The CSV columns appended for systolic runs only (GPU output stays byte-identical).
/// Energies in pJ like the shared `energy_*` columns (which, for a systolic run, hold DRAM only).
public enum SystolicColumns {
    static let shared: [(String, @Sendable (RowSystolic) -> CSVValue)] = [
        ("sys_macs", { .int(Int($0.macs)) }),
        ("sys_folds", { .int(Int($0.folds)) }),
        ("sys_array_cycles", { .int(Int($0.arrayCycles)) }),
        ("sys_utilization", { $0.utilization.map { CSVValue.double($0) } ?? .empty }),
        ("sys_compute_ns", { .double(Double($0.computePs) / 1000) }),
        ("sys_stall_write_buffer_ns", { .double(Double($0.writeStallPs) / 1000) }),
        ("sys_stall_read_ns", { .double(Double($0.readStallPs) / 1000) }),
        ("sys_stall_dram_ns", { .double(Double($0.dramStallPs) / 1000) }),
        ("sys_dram_bytes", { .int(Int($0.dramBytes)) }),
        ("sys_energy_mac_pJ", { .double(Double($0.macFJ) / 1000) }),
        ("sys_energy_spad_read_pJ", { .double(Double($0.readFJ) / 1000) }),
        ("sys_energy_spad_write_pJ", { .double(Double($0.writeFJ) / 1000) }),
        ("sys_energy_leakage_pJ", { .double(Double($0.leakageFJ) / 1000) }),
        ("sys_energy_dram_pJ", { .double(Double($0.dramFJ) / 1000) }),
        ("sys_energy_total_pJ", { .double(Double($0.totalFJ) / 1000) }),
    ]
    static let perPartition: [(String, @Sendable (PartitionCounters) -> CSVValue)] = [
        ("reads", { .int(Int($0.readWords)) }),
        ("writes", { .int(Int($0.writeWords)) }),
        ("bits_written", { .int(Int($0.bitsWritten)) }),
        ("bits_switched", { .int(Int($0.bitsSwitched)) }),
        ("bits_failed", { .int(Int($0.bitsFailed)) }),
        ("dram_bytes", { .int(Int($0.dramReadBytes + $0.dramWriteBytes)) }),
    ]

    /// Column names, in order.
    public static var header: [String] {
        shared.map(\.0) + TensorClass.allCases.flatMap { c in perPartition.map { "sys_\(c.rawValue)_\($0.0)" } }
    }

    /// The cells of a row (all empty for a row without systolic data).
    static func cells(_ row: ReportRow) -> [CSVValue] {
        guard let s = row.systolic else { return Array(repeating: .empty, count: header.count) }
        return shared.map { $0.1(s) } + s.partitions.flatMap { p in perPartition.map { $0.1(p) } }
    }

    /// The summary block of a systolic run.
    static func summary(_ r: RunResult) -> String {
        guard let s = r.total.systolic, let acc = r.config.system.systolic else { return "" }
        func uj(_ fj: Int64) -> String { Format.number(Double(fj) / 1e9, .fixed(3)) + " µJ" }
        func share(_ fj: Int64) -> String { Format.percent(s.totalFJ > 0 ? Double(fj) / Double(s.totalFJ) : 0) }
        func ns(_ ps: Int64) -> String { Format.duration(seconds: Double(ps) * 1e-12) }
        var t = "  accelerator       \(acc.array.rows)×\(acc.array.cols) \(acc.array.dataflow.rawValue), \(Format.number(acc.array.clockMHz, .fixed(0))) MHz; "
        t += acc.partitions.map { "\($0.tensorClass.rawValue) \(acc.effectiveCapacityKB($0)) KB \($0.technology.name)" }.joined(separator: ", ") + "\n"
        t += "  iteration time    \(Format.duration(seconds: r.total.time.nanoseconds * 1e-9)) (\(r.rows.count) layer-phase rows); array busy \(ns(s.computePs)), utilisation \(s.utilization.map { Format.percent($0) } ?? "-")\n"
        t += "  stalls            write buffer \(ns(s.writeStallPs)), bank reads \(ns(s.readStallPs)), DRAM \(ns(s.dramStallPs))\n"
        t += "  DRAM traffic      \(Format.bytes(s.dramBytes)) (" + TensorClass.allCases.map { c in
            "\(c.rawValue) \(Format.bytes(s.partitions[c.index].dramReadBytes + s.partitions[c.index].dramWriteBytes))" }.joined(separator: ", ") + ")\n"
        t += "  energy split      MAC \(uj(s.macFJ)) (\(share(s.macFJ))), spad read \(uj(s.readFJ)) (\(share(s.readFJ))), spad write \(uj(s.writeFJ)) (\(share(s.writeFJ))), leakage \(uj(s.leakageFJ)) (\(share(s.leakageFJ))), DRAM \(uj(s.dramFJ)) (\(share(s.dramFJ)))\n"
        t += "  energy total      \(uj(s.totalFJ))\n"
        for c in TensorClass.allCases {
            let p = s.partitions[c.index]
            t += "  \(TextReport.pad(c.rawValue, 16))\(Format.grouped(p.bitsWritten)) bits written, \(Format.grouped(p.bitsSwitched)) switched, \(Format.grouped(p.bitsFailed)) failed\n"
        }
        return t
    }

    /// Energy and DRAM bytes of each systolic run against the first (several --memory values).
    static func comparison(_ results: [RunResult]) -> String {
        guard results.count > 1, let base = results.first?.total.systolic else { return "" }
        var t = "\nAgainst \(results[0].config.name) (ratio of totals; > 1 is more):\n"
        t += TextReport.pad("config", 24) + TextReport.pad("energy", 10) + TextReport.pad("leakage", 10) + TextReport.pad("spad wr", 10)
            + TextReport.pad("DRAM B", 10) + "time\n"
        for r in results {
            guard let s = r.total.systolic else { continue }
            func q(_ a: Int64, _ b: Int64) -> String { b == 0 ? "-" : Format.number(Double(a) / Double(b), .fixed(3)) }
            t += TextReport.pad(r.config.name, 24) + TextReport.pad(q(s.totalFJ, base.totalFJ), 10) + TextReport.pad(q(s.leakageFJ, base.leakageFJ), 10)
                + TextReport.pad(q(s.writeFJ, base.writeFJ), 10) + TextReport.pad(q(s.dramBytes, base.dramBytes), 10)
                + q(r.total.time.raw, results[0].total.time.raw) + "\n"
        }
        return t
    }
}
