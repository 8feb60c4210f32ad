import CLIKit
import MemorySystem

/// The `full` energy view (`--energy-view full`), beside the paper's access-only default.
/// Each device technology computes it (`DeviceBehavior.fullEnergy`): GDDR5X from its IDD
/// currents, DRAMPower-style (Chandrasekar et al., DATE 2013) — activate/precharge, read
/// and write bursts, refresh and background; STT-RAM from Table 3's access energies plus an
/// assumed background term.
///
/// Computed from a row's simulated counts and time: ACT = row misses + conflicts (each
/// opened one row, later precharged), bursts, refreshes, `time × channels` of background.
public enum EnergyLedger {
    /// Energies, pJ.
    public typealias Values = FullEnergy

    /// The counts of a report row that devices read, over `timeNs` on `channels` channels.
    public static func activity(_ m: RowCounters, timeNs: Double, channels: Int) -> DeviceActivity {
        var a = DeviceActivity()
        a.reads = m.reads; a.readsSoftOnly = m.readsSoftOnly
        a.writes = m.writes; a.writesTwoStep = m.writesTwoStep
        a.cellsHardStep = m.cellsHardStep; a.cellsSoftStep = m.cellsSoftStep
        a.activations = m.rowMisses + m.rowConflicts
        a.refreshes = m.refreshes
        a.energyReadFJ = m.energyReadFJ
        a.energyWriteFJ = m.energyWriteTotalFJ
        a.timeNs = timeNs
        a.channels = channels
        return a
    }

    /// The full view of `m` over `timeNs` on `channels` channels of `device`.
    public static func evaluate(_ m: RowCounters, timeNs: Double, channels: Int, device: DeviceSpec) -> Values {
        device.technology.behavior.fullEnergy(activity(m, timeNs: timeNs, channels: channels), spec: device)
    }

    /// CSV columns appended with `--energy-view full`.
    public static let header = ["energy_full_act_pre_pJ", "energy_full_read_pJ", "energy_full_write_pJ", "energy_full_refresh_pJ",
                                "energy_full_background_pJ", "energy_full_total_pJ"]

    static func cells(_ r: RunResult) -> [[CSVValue]] {
        (r.rows + [r.total]).map { row in
            let v = evaluate(row.memory, timeNs: row.timeNs, channels: r.config.memory.channels, device: r.config.memory.device)
            return [v.activatePrecharge, v.read, v.write, v.refresh, v.background, v.total].map { CSVValue.double($0) }
        }
    }

    /// The summary block: both views per configuration and against DRAM.
    public static func render(_ results: [RunResult]) -> String {
        var s = "\nEnergy, full view (DRAMPower-style from GDDR5X IDD currents; STT-RAM: Table 3 access + assumed background):\n"
        s += TextReport.pad("config", 22) + TextReport.pad("access view", 14) + TextReport.pad("full view", 14)
            + TextReport.pad("act/pre", 12) + TextReport.pad("refresh", 12) + TextReport.pad("background", 12)
            + TextReport.pad("access/dram", 13) + "full/dram\n"
        func uj(_ pj: Double) -> String { Format.number(pj / 1e6, .significant(5)) + " µJ" }
        let base = results.first { $0.config.memory.device.isBaseline }
        func full(_ r: RunResult) -> Values {
            evaluate(r.total.memory, timeNs: r.total.timeNs, channels: r.config.memory.channels, device: r.config.memory.device)
        }
        for r in results {
            let v = full(r), access = Double(r.total.memory.energyTotalFJ) / 1000
            func q(_ a: Double, _ b: Double?) -> String { (b ?? 0) == 0 ? "-" : Format.number(a / b!, .fixed(3)) }
            s += TextReport.pad(r.config.name, 22) + TextReport.pad(uj(access), 14) + TextReport.pad(uj(v.total), 14)
                + TextReport.pad(uj(v.activatePrecharge), 12) + TextReport.pad(uj(v.refresh), 12) + TextReport.pad(uj(v.background), 12)
                + TextReport.pad(q(access, base.map { Double($0.total.memory.energyTotalFJ) / 1000 }), 13)
                + q(v.total, base.map { full($0).total }) + "\n"
        }
        return s
    }
}
