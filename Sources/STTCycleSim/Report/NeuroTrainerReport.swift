import CLIKit
import MemorySystem
import NeuroTrainer

/// The NeuroTrainer's extra CSV columns (appended only for `--system neurotrainer` runs, so
/// every GPU output keeps its columns) and its summary block: per (layer, phase) operation,
/// precision, TOPS, ms per image, energy terms and power; totals for inference and training.
public enum NeuroTrainerReport {
    /// Column names, units in the name.
    public static let header = ["operation", "bits", "macs", "tops", "ms_per_image", "logic_energy_pJ", "mac_energy_pJ",
                                "dram_flat_energy_pJ", "dram_background_pJ", "power_W", "nt_simulated_fraction"]
    static let styles: [NumberStyle] = [.fixed(0), .fixed(0), .fixed(0), .fixed(4), .fixed(5), .fixed(1), .fixed(1),
                                           .fixed(1), .fixed(1), .fixed(3), .fixed(4)]

    static func columns() -> [CSVColumn] { zip(header, styles).map { CSVColumn($0, doubles: $1) } }

    static func cells(_ row: ReportRow) -> [CSVValue] {
        guard let m = row.neurotrainer else { return header.map { _ in .empty } }
        return [.text(m.operation), m.bits > 0 ? .int(m.bits) : .empty, .int(m.macs), .double(m.tops),
                .double(m.msPerImage), .double(m.logicPJ), .double(m.macPJ), .double(m.dramFlatPJ), .double(m.dramBackgroundPJ),
                .double(m.powerW), .double(m.simulatedFraction)]
    }

    /// Sums of a set of rows: time (ps), MACs, controller + background + logic energy (pJ), flat DRAM energy (pJ).
    struct Sums { var ps: Int64 = 0; var macs = 0; var energyPJ = 0.0; var flatPJ = 0.0; var dramPJ = 0.0; var logicPJ = 0.0 }
    static func sums(_ rows: [ReportRow]) -> Sums {
        var s = Sums()
        for r in rows {
            guard let m = r.neurotrainer else { continue }
            s.ps += r.time.raw; s.macs += m.macs
            let dram = Double(r.memory.energyTotalFJ) / 1000 + m.dramBackgroundPJ
            s.dramPJ += dram; s.logicPJ += m.logicPJ; s.energyPJ += dram + m.logicPJ; s.flatPJ += m.dramFlatPJ + m.logicPJ
        }
        return s
    }

    /// The summary block for NeuroTrainer runs ("" for others).
    public static func render(_ results: [RunResult]) -> String {
        var s = ""
        for r in results where r.config.system.kind == .neurotrainer {
            let batch = r.batch ?? 1
            let nt = r.config.neurotrainer ?? NeuroTrainerConfig()
            s += "\nNeuroTrainer [\(r.config.name)]: \(nt.pes) PEs × \(nt.macsPerPE) MACs at \(Format.number(nt.clockMHz, .fixed(0))) MHz, "
            s += "\(nt.pes + 1) vaults of \(r.config.memory.device.name), peak \(Format.number(nt.peakOpsPerSecond(bits: 16) / 1e12, .fixed(2))) TOPS (16-bit) / "
            s += "\(Format.number(nt.peakOpsPerSecond(bits: 32) / 1e12, .fixed(2))) TOPS (32-bit)\n"
            s += pad("layer", 24) + pad("phase", 16) + pad("op", 10) + pad("bits", 5) + pad("TOPS", 8) + pad("ms/image", 10) + "power W\n"
            for row in r.rows {
                guard let m = row.neurotrainer else { continue }
                s += pad(row.layer, 24) + pad(row.phase, 16) + pad(m.operation, 10) + pad("\(m.bits)", 5)
                s += pad(m.macs > 0 ? Format.number(m.tops, .fixed(2)) : "-", 8) + pad(Format.number(m.msPerImage, .fixed(4)), 10)
                s += Format.number(m.powerW, .fixed(2)) + "\n"
            }
            let forward = sums(r.rows.filter { $0.phase == "forward" })
            let training = sums(r.rows.filter { $0.phase != "update" })
            let all = sums(r.rows)
            func line(_ name: String, _ x: Sums) -> String {
                let sec = Double(x.ps) * 1e-12
                let tops = sec > 0 ? 2 * Double(x.macs) / sec / 1e12 : 0
                let watts = sec > 0 ? x.energyPJ * 1e-12 / sec : 0
                let gflopsW = x.energyPJ > 0 ? 2 * Double(x.macs) / (x.energyPJ * 1e-12) / 1e9 : 0
                let flatW = sec > 0 ? x.flatPJ * 1e-12 / sec : 0
                return pad(name, 34) + "\(Format.number(sec * 1e3 / Double(batch), .fixed(4))) ms/image, \(Format.number(tops, .fixed(2))) TOPS, "
                    + "\(Format.number(watts, .fixed(2))) W (DRAM \(Format.number(sec > 0 ? x.dramPJ * 1e-12 / sec : 0, .fixed(2))) W + logic \(Format.number(sec > 0 ? x.logicPJ * 1e-12 / sec : 0, .fixed(2))) W), "
                    + "\(Format.number(gflopsW, .fixed(0))) GFLOPS/W; with the seed's flat 3.7 pJ/bit DRAM: \(Format.number(flatW, .fixed(2))) W\n"
            }
            s += "\n" + line("inference (forward + prep)", forward) + line("training (FF + BP + UP + prep)", training)
                + line("training + SGD update", all)
        }
        return s
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
}
