import Foundation
import Testing

/// `--energy-view full`: DRAMPower-style terms from IDD currents, checked by hand on four requests.
@Suite(.serialized) struct EnergyLedgerTests {
    @Test func fullViewEqualsHandComputation() throws {
        let dir = BinaryRunner.tempDir()
        let t = BinaryRunner.write(AnalyticTests.trace, to: "four.trc", in: dir)
        let csv = dir.appendingPathComponent("e.csv").path
        let r = try BinaryRunner.run(["--trace", t, "--trace-format", "native", "--memory", "dram,mlc", "--energy-view", "full", "--csv", csv,
                                      // 8 controllers at tCK 0.529 ns, as the hand computation below.
                                      "--gpu", "gtx1080ti-paper"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Energy, full view"))
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var rows: [String: [String: Double]] = [:]
        for l in lines.dropFirst() {
            let f = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if f[1] == "TOTAL" { rows[f[0]] = Dictionary(uniqueKeysWithValues: zip(header, f).compactMap { k, v in Double(v).map { (k, $0) } }) }
        }
        let d = try #require(rows["dram"]), m = try #require(rows["mlc"])
        // GDDR5X, V × mA × ns = pJ: VDD 1.35; IDD0 75, IDD2N 45, IDD3N 55, IDD4R 211, IDD4W 198;
        // tRC 53.28, tRAS 37.296, tRP 15.984 ns; a burst is 2 tCK of 0.529 ns.
        let vdd = 1.35, tBurst = 2 * 0.529
        let actPre: Double = vdd * (75 * 53.28 - (55 * 37.296 + 45 * 15.984))
        let acts = d["row_misses"]! + d["row_conflicts"]!
        #expect(acts >= 1)
        #expect(abs(d["energy_full_act_pre_pJ"]! - acts * actPre) < 1e-3)
        #expect(abs(d["energy_full_read_pJ"]! - 2 * vdd * (211 - 55) * tBurst) < 1e-3)
        #expect(abs(d["energy_full_write_pJ"]! - 2 * vdd * (198 - 55) * tBurst) < 1e-3)
        #expect(d["energy_full_refresh_pJ"]! == 0)   // 4 requests end long before the first tREFI
        let bgDRAM: Double = d["time_ns"]! * 8 * vdd * 55
        #expect(abs(d["energy_full_background_pJ"]! - bgDRAM) < 1e-2)
        // MLC: the access energy plus background at the assumed VDD × IDD2N per channel.
        let bgMLC: Double = m["time_ns"]! * 8 * vdd * 45
        #expect(abs(m["energy_full_background_pJ"]! - bgMLC) < 1e-2)
        #expect(abs(m["energy_full_total_pJ"]! - m["energy_total_pJ"]! - bgMLC) < 1e-2)
        #expect(m["energy_full_act_pre_pJ"]! == 0 && m["energy_full_refresh_pJ"]! == 0)
        // The default view is unchanged and has no full-view columns.
        let plain = dir.appendingPathComponent("p.csv").path
        _ = try BinaryRunner.run(["--trace", t, "--trace-format", "native", "--memory", "dram,mlc", "--csv", plain])
        #expect(!(try String(contentsOfFile: plain, encoding: .utf8)).contains("energy_full"))
    }
}
