import CLIKit
import MemorySystem

/// The paper's own method (seed 000 §5.2) applied to *our* simulated traffic: access
/// counts × Table 3 per-access latency for "memory access time", and per-bit energies.
/// No queueing, no overlap with compute, no row-buffer hits, no bank parallelism: every
/// access costs its Table 3 latency, one after another. Set beside the simulation it shows
/// where formula and simulation part ways (`--analytic`).
///
/// Counts by mode come from the simulation: two-bit writes are the writes whose cells the
/// hard step drove (`cellsHardStep` / 256), the rest of the MLC writes are soft-only;
/// soft-only reads are counted by the controllers.
public struct PaperFormula: Sendable, Equatable {
    /// Table 3 gives DRAM one "read speed" and one "write speed", both 7.1 ns: charged per
    /// access (seed 000 Table 3).
    public static let dramAccessNs = 7.1

    public var isMLC: Bool
    /// Per-access latencies, ns: a read in full-MLC mode, a soft-only read, a two-bit write
    /// of one step, of two steps, a soft-only write (DRAM: 7.1 ns each).
    public var readTwoBitNs: Double
    public var readSoftOnlyNs: Double
    public var writeOneStepNs: Double
    public var writeTwoStepNs: Double
    public var writeSoftOnlyNs: Double
    /// Energies, pJ: per bit read, per DRAM bit written, per hard-driven cell (× 2 under
    /// `perDataBit`), per soft-driven cell.
    public var readPJPerBit: Double
    public var writePJPerBit: Double
    public var hardPJPerCell: Double
    public var softPJPerCell: Double

    /// The formula's constants for `device`, under its readings of Table 3.
    public init(device: DeviceSpec) {
        let tCKns = Double(device.tCKps) / 1000
        func ns(_ v: TimingValue) -> Double {
            switch v {
            case .ns(let x): return x
            case .ck(let n): return Double(n) * tCKns
            }
        }
        isMLC = device.technology == .mlcSTTRAM
        readPJPerBit = device.energy.readPJPerBit
        writePJPerBit = device.energy.writePJPerBit
        if let m = device.mlc, isMLC {
            let step = ns(m.readStep)
            switch m.readLatencyReading {
            case .sensingStep: readTwoBitNs = 2 * step; readSoftOnlyNs = step
            case .wholeRead: readTwoBitNs = step; readSoftOnlyNs = step / 2
            }
            writeOneStepNs = ns(m.hardStep)
            writeTwoStepNs = ns(m.hardStep) + ns(m.softStep)
            writeSoftOnlyNs = ns(m.softStep)
            hardPJPerCell = device.energy.hardStepPJPerBit * (m.hardEnergyAccounting == .perDataBit ? 2 : 1)
            softPJPerCell = device.energy.softStepPJPerBit
        } else {
            readTwoBitNs = Self.dramAccessNs; readSoftOnlyNs = Self.dramAccessNs
            writeOneStepNs = Self.dramAccessNs; writeTwoStepNs = Self.dramAccessNs; writeSoftOnlyNs = Self.dramAccessNs
            hardPJPerCell = 0; softPJPerCell = 0
        }
    }

    /// The formula's result for one row's counts.
    public struct Values: Sendable, Equatable {
        public var readsTwoBit: UInt64 = 0
        public var readsSoftOnly: UInt64 = 0
        public var writesOneStep: UInt64 = 0
        public var writesTwoStep: UInt64 = 0
        public var writesSoftOnly: UInt64 = 0
        /// Σ accesses × per-access latency, ns.
        public var readTimeNs: Double = 0
        public var writeTimeNs: Double = 0
        public var accessTimeNs: Double { readTimeNs + writeTimeNs }
        /// Σ bits (cells) × per-bit (per-cell) energy, pJ.
        public var energyReadPJ: Double = 0
        public var energyWritePJ: Double = 0
        public var energyPJ: Double { energyReadPJ + energyWritePJ }
    }

    public func evaluate(_ m: RowCounters) -> Values {
        var v = Values()
        let bits = Double(MemoryRequest.burstBytes * 8)
        if isMLC {
            // Sampled runs extrapolate each counter separately, so derived counts may be off
            // by a rounding step: round, and never go below zero.
            func minus(_ a: UInt64, _ b: UInt64) -> UInt64 { a > b ? a - b : 0 }
            let cells = UInt64(MLCCells.cellsTwoBit)
            let twoBit = (m.cellsHardStep + cells / 2) / cells
            v.readsSoftOnly = min(m.readsSoftOnly, m.reads)
            v.readsTwoBit = minus(m.reads, m.readsSoftOnly)
            v.writesTwoStep = m.writesTwoStep
            v.writesOneStep = minus(twoBit, m.writesTwoStep)
            v.writesSoftOnly = minus(m.writes, max(twoBit, m.writesTwoStep))
            v.energyWritePJ = Double(m.cellsHardStep) * hardPJPerCell + Double(m.cellsSoftStep) * softPJPerCell
        } else {
            v.readsTwoBit = m.reads
            v.writesOneStep = m.writes
            v.energyWritePJ = Double(m.writes) * bits * writePJPerBit
        }
        v.readTimeNs = Double(v.readsTwoBit) * readTwoBitNs + Double(v.readsSoftOnly) * readSoftOnlyNs
        v.writeTimeNs = Double(v.writesOneStep) * writeOneStepNs + Double(v.writesTwoStep) * writeTwoStepNs
            + Double(v.writesSoftOnly) * writeSoftOnlyNs
        v.energyReadPJ = Double(m.reads) * bits * readPJPerBit
        return v
    }
}

/// `--analytic`: the formula's columns for the CSV and its block for the summary.
public enum AnalyticReport {
    /// Column names appended to the CSV, in order.
    public static let header = ["reads_two_bit", "reads_soft_only", "writes_two_bit_one_step", "writes_two_bit_two_step",
                                "writes_soft_only", "formula_read_time_ns", "formula_write_time_ns",
                                "formula_access_time_ns", "formula_energy_pJ"]

    static func values(_ v: PaperFormula.Values) -> [CSVValue] {
        [.int(Int(v.readsTwoBit)), .int(Int(v.readsSoftOnly)), .int(Int(v.writesOneStep)), .int(Int(v.writesTwoStep)),
         .int(Int(v.writesSoftOnly)), .double(v.readTimeNs), .double(v.writeTimeNs), .double(v.accessTimeNs), .double(v.energyPJ)]
    }

    static let styles: [NumberStyle] = [.significant(9), .significant(9), .significant(9), .significant(9), .significant(9),
                                        .fixed(3), .fixed(3), .fixed(3), .fixed(3)]

    /// The extra cells of every row of `r`, in CSV row order (rows, then TOTAL).
    static func cells(_ r: RunResult) -> [[CSVValue]] {
        let f = PaperFormula(device: r.config.memory.device)
        return (r.rows + [r.total]).map { values(f.evaluate($0.memory)) }
    }

    /// The summary block: the formula's access time and energy per configuration, and its
    /// ratios against the first DRAM run beside the simulation's.
    public static func render(_ results: [RunResult]) -> String {
        var s = "\nThe paper's formula on this traffic (seed 000 §5.2: Σ accesses × Table 3 latency, Σ bits × pJ/bit):\n"
        s += TextReport.pad("config", 22) + TextReport.pad("access time", 16) + TextReport.pad("energy", 14)
            + TextReport.pad("time/dram", 11) + TextReport.pad("sim lat/dram", 14) + "energy/dram\n"
        let base = results.first { $0.config.memory.device.technology == .gddr5x }
        let b = base.map { PaperFormula(device: $0.config.memory.device).evaluate($0.total.memory) }
        func meanLatency(_ r: ReportRow) -> Double {
            let n = Double(r.memory.reads + r.memory.writes)
            return n == 0 ? 0 : (r.memory.readLatencySumPs + r.memory.writeLatencySumPs) / n
        }
        for r in results {
            let v = PaperFormula(device: r.config.memory.device).evaluate(r.total.memory)
            func q(_ a: Double, _ d: Double?) -> String { (d ?? 0) == 0 ? "-" : Format.number(a / d!, .fixed(3)) }
            s += TextReport.pad(r.config.name, 22)
                + TextReport.pad(Format.duration(seconds: v.accessTimeNs * 1e-9), 16)
                + TextReport.pad(Format.number(v.energyPJ / 1e6, .significant(6)) + " µJ", 14)
                + TextReport.pad(q(v.accessTimeNs, b?.accessTimeNs), 11)
                + TextReport.pad(q(meanLatency(r.total), base.map { meanLatency($0.total) }), 14)
                + q(v.energyPJ, b?.energyPJ) + "\n"
        }
        return s
    }
}
