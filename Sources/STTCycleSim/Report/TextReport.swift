import CLIKit
import MemorySystem

/// The human summary printed on stdout.
public enum TextReport {
    static func ns(_ v: Double) -> String { Format.number(v, .fixed(1)) + " ns" }
    static func uj(_ fj: Int64) -> String { Format.number(Double(fj) / 1e9, .fixed(3)) + " µJ" }

    /// One block per configuration, then (with several) ratios against the first `dram` run.
    public static func render(_ results: [RunResult], title: String) -> String {
        var s = "\(title)\n"
        for r in results {
            let t = r.total
            let m = t.memory
            s += "\n[\(r.config.name)] \(r.config.memory.channels) × \(r.config.memory.device.name)\n"
            if t.systolic != nil {
                s += SystolicColumns.summary(r)
            } else if let g = t.gpu {
                let share = t.time.raw > 0 ? Double(g.stallPs) / Double(t.time.raw) : 0
                let ci = g.timeCI95Ps.map { " ± \(Format.duration(seconds: $0 * 1e-12)) (95 %)" } ?? ""
                s += "  iteration time    \(Format.duration(seconds: t.time.nanoseconds * 1e-9))\(ci) (\(r.rows.count) layer-phase rows, \(r.sampledOps) kernels sampled; \(Format.percent(g.simulatedFraction)) of CTAs simulated)\n"
                if !r.unconvergedCuts.isEmpty {
                    s += "  not converged     \(r.unconvergedCuts.count) sampled kernel(s) whose wave times (cut at gpu.sampling.maxWaves) or K-loop windows did not agree within gpu.sampling.tolerance: \(r.unconvergedCuts.prefix(8).joined(separator: ", "))\(r.unconvergedCuts.count > 8 ? ", …" : "")\n"
                }
                s += "  GPU               compute \(Format.duration(seconds: Double(g.computePs) * 1e-12)), memory stall \(Format.duration(seconds: Double(g.stallPs) * 1e-12)) (\(Format.percent(share)) of the time)\n"
                s += "  footprint         \(Format.bytes(g.footprintBytes))\(t.data.cellsUsed.map { ", \(Format.grouped($0)) cells" } ?? "")\n"
                if let d = r.offload { s += OffloadReport.summary(d) }
            } else {
                s += "  time              \(Format.duration(seconds: t.time.nanoseconds * 1e-9)) (all requests drained)\n"
            }
            s += "  requests          \(Format.grouped(m.reads)) reads, \(Format.grouped(m.writes)) writes\n"
            s += "  bandwidth         read \(Format.number(t.readGBps, .fixed(1))) GB/s, write \(Format.number(t.writeGBps, .fixed(1))) GB/s (peak \(Format.number(r.peakBandwidthGBps, .fixed(1))) GB/s)\n"
            s += "  latency           read avg \(ns(t.avgReadLatencyNs)), write avg \(ns(t.avgWriteLatencyNs))\n"
            s += "  row buffer        \(Format.grouped(m[.rowHits])) hits, \(Format.grouped(m[.rowMisses])) misses, \(Format.grouped(m[.rowConflicts])) conflicts\n"
            if m[.writesTwoStep] + m[.modeSwitches] > 0 || r.config.memory.device.technology.behavior.hasAccessModes {
                s += "  MLC writes        \(Format.grouped(m[.writesOneStep])) one-step, \(Format.grouped(m[.writesTwoStep])) two-step; \(Format.grouped(m[.modeSwitches])) mode switches\n"
            }
            if let sim = t.data.bitSimilarity, let z = t.data.zeroFraction {
                s += "  data written      neighbour bit similarity \(Format.percent(sim)), zeros \(Format.percent(z))\(t.data.compressionRatio.map { ", SparseCode size \(Format.percent($0)) of original (\(t.data.blockBits)-bit blocks)" } ?? "")\n"
            }
            let eci = t.gpu?.energyCI95FJ.map { " ± " + Format.number($0 / 1e9, .fixed(3)) + " µJ (95 %)" } ?? ""
            s += "  energy            read \(uj(m[.energyReadFJ])), write \(uj(m.energyWriteTotalFJ)), total \(uj(m.energyTotalFJ))\(eci)\n"
            let rate = Double(r.requests) / max(r.wallSeconds, 1e-9)
            s += "  simulated         \(Format.grouped(r.requests)) requests, \(Format.grouped(r.events)) events in \(Format.number(r.wallSeconds, .fixed(2))) s: \(Format.si(rate, unit: "requests/s")), \(Format.si(Double(r.events) / max(r.wallSeconds, 1e-9), unit: "events/s"))\n"
        }
        if results.first?.total.systolic != nil {
            s += SystolicColumns.comparison(results)
        } else if results.count > 1, let base = results.first(where: { $0.config.name == "dram" }) ?? results.first(where: { $0.config.memory.device.isBaseline }) {
            s += "\nAgainst \(base.config.name) (ratio; < 1 is less):\n"
            // Ratios of declared statistics (`ReportStats`), TOTAL row against TOTAL row.
            let columns: [(String, ReportStat)] = [
                ("time", ReportStats.time), ("energy", ReportStats.energyTotal), ("E read", ReportStats.energyRead),
                ("E write", ReportStats.energyWrite), ("read BW", ReportStats.readBW), ("write BW", ReportStats.writeBW),
                ("cells", ReportStats.cellsUsed),
            ]
            s += pad("config", 22) + columns.map { pad($0.0, 10) }.joined().trimmingSuffixSpaces() + "\n"
            for r in results {
                func q(_ a: Double, _ b: Double) -> String { b == 0 ? "-" : Format.number(a / b, .fixed(3)) }
                let fields = columns.map { _, stat in q(stat.number(r.total) ?? 0, stat.number(base.total) ?? 0) }
                s += pad(r.config.name, 22) + fields.dropLast().map { pad($0, 10) }.joined() + fields.last! + "\n"
            }
        }
        return s
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
}

extension String {
    /// The string without trailing spaces.
    func trimmingSuffixSpaces() -> String {
        var t = self
        while t.last == " " { t.removeLast() }
        return t
    }
}
