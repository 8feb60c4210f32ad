import CLIKit
import MemorySystem

/// The `full` energy view (`--energy-view full`), beside the paper's access-only default:
/// DRAMPower-style energies (Chandrasekar et al., DATE 2013 / DRAMPower) from the device's
/// IDD currents for GDDR5X — activate/precharge, read and write bursts, refresh and
/// background — and, for MLC STT-RAM, Table 3's access energies plus a background term.
///
/// Computed from a row's simulated counts and time: ACT = row misses + conflicts (each
/// opened one row, later precharged), bursts, refreshes, `time × channels` of background.
public struct EnergyLedger: Sendable, Equatable {
    /// Per-device currents, mA, and supply, V. Source: DRAMsim3 `configs/GDDR5X_8Gb_x32.ini`
    /// `[power]` (the config our GDDR5X timing comes from); not checked against Micron's
    /// MT58K256M321JA datasheet here (no copy offline).
    public struct Currents: Sendable, Equatable {
        public var vdd = 1.35
        public var idd0 = 75.0
        public var idd2n = 45.0
        public var idd3n = 55.0
        public var idd4r = 211.0
        public var idd4w = 198.0
        public var idd5ab = 286.0
    }
    public static let gddr5x = Currents()

    /// Energies, pJ.
    public struct Values: Sendable, Equatable {
        public var activatePrecharge = 0.0
        public var read = 0.0
        public var write = 0.0
        public var refresh = 0.0
        public var background = 0.0
        public var total: Double { activatePrecharge + read + write + refresh + background }
    }

    /// Background power of one MLC STT-RAM channel, mW: **assumed** equal to GDDR5X's
    /// precharged standby VDD × IDD2N (1.35 V × 45 mA = 60.75 mW): the same interface, DLL,
    /// command decoding and peripheral circuits, but no refresh and no open-row (IDD3N)
    /// array current, the array being non-volatile. No published figure for this device.
    public static var mlcBackgroundMW: Double { gddr5x.vdd * gddr5x.idd2n }

    /// The full view of `m` over `timeNs` on `channels` channels of `device`.
    public static func evaluate(_ m: RowCounters, timeNs: Double, channels: Int, device: DeviceSpec) -> Values {
        var v = Values()
        let c = gddr5x
        let tCKns = Double(device.tCKps) / 1000
        func ns(_ t: TimingValue) -> Double {
            switch t {
            case .ns(let x): return x
            case .ck(let n): return Double(n) * tCKns
            }
        }
        let acts = Double(m.rowMisses + m.rowConflicts)
        // mA × ns × V = pJ.
        switch device.technology {
        case .gddr5x:
            let t = device.timing
            let tBurst = ns(t.tBL)
            let actPre = c.vdd * (c.idd0 * ns(t.tRC) - (c.idd3n * ns(t.tRAS) + c.idd2n * ns(t.tRP)))
            v.activatePrecharge = acts * max(actPre, 0)
            v.read = Double(m.reads) * c.vdd * (c.idd4r - c.idd3n) * tBurst
            v.write = Double(m.writes) * c.vdd * (c.idd4w - c.idd3n) * tBurst
            v.refresh = Double(m.refreshes) * c.vdd * (c.idd5ab - c.idd3n) * ns(t.tRFC)
            // Active standby all the time: with the open-page policy some row is open in
            // nearly every bank between accesses (an upper bound; IDD2N would be the lower).
            v.background = timeNs * Double(channels) * c.vdd * c.idd3n
        case .mlcSTTRAM:
            // Table 3's access energies (what the simulation charges), no refresh, no
            // activation term (sensing is in the per-bit read energy), assumed background.
            v.read = Double(m.energyReadFJ) / 1000
            v.write = Double(m.energyWriteTotalFJ) / 1000
            v.background = timeNs * Double(channels) * mlcBackgroundMW
        }
        return v
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
        var s = "\nEnergy, full view (DRAMPower-style from GDDR5X IDD currents; MLC: Table 3 access + assumed background):\n"
        s += TextReport.pad("config", 22) + TextReport.pad("access view", 14) + TextReport.pad("full view", 14)
            + TextReport.pad("act/pre", 12) + TextReport.pad("refresh", 12) + TextReport.pad("background", 12)
            + TextReport.pad("access/dram", 13) + "full/dram\n"
        func uj(_ pj: Double) -> String { Format.number(pj / 1e6, .significant(5)) + " µJ" }
        let base = results.first { $0.config.memory.device.technology == .gddr5x }
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
