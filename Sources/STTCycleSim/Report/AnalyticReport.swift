import CLIKit
import MemorySystem

/// The paper's own method (seed 000 §5.2) applied to *our* simulated traffic: access
/// counts × Table 3 per-access latency for "memory access time", and per-bit energies.
/// No queueing, no overlap with compute, no row-buffer hits, no bank parallelism: every
/// access costs its Table 3 latency, one after another. Set beside the simulation it shows
/// where formula and simulation part ways (`--analytic`). Each device technology states
/// its access classes and constants (`DeviceBehavior.formula`).
public struct PaperFormula: Sendable, Equatable {
    /// The formula's result for one row's counts.
    public typealias Values = FormulaValues

    public var device: DeviceSpec

    /// The formula for `device`, under its readings of Table 3.
    public init(device: DeviceSpec) { self.device = device }

    public func evaluate(_ m: RowCounters) -> Values {
        device.technology.behavior.formula(EnergyLedger.activity(m, timeNs: 0, channels: 1), spec: device)
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
        let base = results.first { $0.config.memory.device.isBaseline }
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
