import CLIKit
import GPUModel

/// One kernel's wave boundaries (`WaveRecord`) with the op it ran.
public struct KernelWaves: Sendable {
    public var op: String
    public var layer: String
    public var phase: String
    public var ctas: Int
    public var waves: [WaveRecord]
}

/// `--waves FILE`: every kernel's wave boundaries as simulated, one CSV row each, per
/// configuration: how a kernel evolves along its waves (cold start, steady state, a change of
/// regime) and which waves the sampler simulated and skipped (`skipped_ctas` grows at a jump).
/// Counter columns are the simulated deltas since the previous boundary.
public enum WaveReport {
    public static let header = ["config", "op", "layer", "phase", "ctas", "wave", "time_ns", "wave_ns", "completed_ctas",
                                "next_cta", "skipped_ctas", "line_reads", "line_writes", "fill_bursts", "writeback_bursts",
                                "l2_read_hits", "l2_read_misses", "memory_energy_pJ", "compute_busy_ns"]

    public static func render(_ results: [RunResult]) throws -> String {
        let writer = CSVWriter(columns: header.map { CSVColumn($0, doubles: .fixed(3)) })
        var rows: [[CSVValue]] = []
        for r in results {
            for k in r.kernelWaves {
                for w in k.waves {
                    rows.append([.text(r.config.name), .text(k.op), .text(k.layer), .text(k.phase), .int(k.ctas), .int(w.wave),
                                 .double(Double(w.timePs) / 1e3), .double(Double(w.durationPs) / 1e3), .int(w.completedCTAs),
                                 .int(w.nextCTA), .int(w.skippedCTAs), .int(Int(w.lineReads)), .int(Int(w.lineWrites)),
                                 .int(Int(w.fillBursts)), .int(Int(w.writebackBursts)), .int(Int(w.l2ReadHits)),
                                 .int(Int(w.l2ReadMisses)), .double(Double(w.memoryEnergyFJ) / 1e3),
                                 .double(Double(w.computeBusyPs) / 1e3)])
                }
            }
        }
        return try writer.render(rows)
    }
}
