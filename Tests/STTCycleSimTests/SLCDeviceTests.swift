import Foundation
import Testing

/// The `slc-stt` preset (SLC STT-RAM, one bit per cell, MLC's soft-bit figures of seed 000
/// Table 3) end to end: energies, formula and full view by hand on four requests; a tiny
/// network's footprint in cells; mechanisms refused.
@Suite(.serialized) struct SLCDeviceTests {
    @Test func fourRequestsCostWhatTable3SoftBitFiguresSay() throws {
        let rows = try AnalyticTests().run("dram,slc-stt", ["--energy-view", "full", "--gpu", "gtx1080ti-paper"])
        let s = try #require(rows["slc-stt"])
        let bits = 512.0
        // Two reads at 0.51 pJ/bit, two writes at 1.81 pJ/bit whatever the data and mode.
        #expect(abs(s["energy_read_pJ"]! - 2 * bits * 0.51) < 1e-6)
        #expect(abs(s["energy_write_pJ"]! - 2 * bits * 1.81) < 1e-6)
        #expect(s["energy_write_hard_pJ"]! == 0 && s["energy_write_soft_pJ"]! == 0)
        #expect(s["writes_two_step"]! == 0 && s["writes_one_step"]! == 2)
        #expect(s["mode_switches"]! == 0 && s["refreshes"]! == 0)
        // The formula: every read one 3.2 ns sensing step, every write one 9.3 ns step.
        #expect(abs(s["formula_read_time_ns"]! - 2 * 3.2) < 1e-9)
        #expect(abs(s["formula_write_time_ns"]! - 2 * 9.3) < 1e-9)
        #expect(abs(s["formula_energy_pJ"]! - 2 * bits * (0.51 + 1.81)) < 1e-6)
        // Full view: the access energy plus the assumed STT-RAM background (VDD × IDD2N per channel).
        let bg = s["time_ns"]! * 8 * 1.35 * 45
        #expect(abs(s["energy_full_total_pJ"]! - s["energy_total_pJ"]! - bg) < 1e-2)
        // One sensing step (7 cycles of 0.529 ns) instead of MLC's two: a read completes
        // sooner than on MLC, and not later than the write steps allow.
        let m = try #require(try AnalyticTests().run("mlc,slc-stt", ["--gpu", "gtx1080ti-paper"])["mlc"])
        #expect(s["avg_read_latency_ns"]! < m["avg_read_latency_ns"]!)
    }

    @Test func footprintCellsAreBitsAndMechanismsAreRefused() throws {
        let dir = BinaryRunner.tempDir()
        let csv = dir.appendingPathComponent("s.csv").path
        let net = WorkloadEndToEndTests.net
        let r = try BinaryRunner.run(["--workload", net, "--batch", "2", "--memory", "dram,slc-stt,mlc", "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let total = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            .filter { $0[1] == "TOTAL" }
        let col = { (name: String, row: [String]) in row[header.firstIndex(of: name)!] }
        let slc = try #require(total.first { $0[0] == "slc-stt" }), mlc = try #require(total.first { $0[0] == "mlc" })
        let dram = try #require(total.first { $0[0] == "dram" })
        // The same bytes; one bit per cell as DRAM, twice MLC's cells (two bits per cell).
        #expect(col("footprint_bytes", slc) == col("footprint_bytes", mlc))
        #expect(Int(col("cells_used", slc))! == Int(col("cells_used", dram))!)
        #expect(Int(col("cells_used", slc))! == 2 * Int(col("cells_used", mlc))!)
        #expect(Int(col("refreshes", slc))! == 0)
        // Remapping needs access modes, which SLC cells do not have.
        let bad = try BinaryRunner.run(["--workload", net, "--batch", "2", "--memory", "slc-stt", "--set", "mechanisms.remap=true"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("access modes") && bad.stderr.contains("mlc-stt-ram"), "\(bad.stderr)")
    }
}
