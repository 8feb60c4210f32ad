import Foundation
import Testing
import MemorySystem
import STTCycleSim

/// `--analytic`: the paper's §5.2 formula on the simulated counts, against a hand computation.
@Suite(.serialized) struct AnalyticTests {
    /// Two reads (full-MLC, soft-only) and two writes (a normal write whose cell 0 has soft
    /// bit 1 over hard bit 0, so it needs step 2 in exactly one cell; a soft-only write).
    static let trace = """
        0 R 0x0 normal
        0 R 0x40000 soft
        0 W 0x80000 normal 02\(String(repeating: "00", count: 63))
        0 W 0xc0000 soft 00\(String(repeating: "ff", count: 63))

        """

    func run(_ memory: String = "dram,mlc", _ extra: [String] = []) throws -> [String: [String: Double]] {
        let dir = BinaryRunner.tempDir()
        let t = BinaryRunner.write(Self.trace, to: "four.trc", in: dir)
        let csv = dir.appendingPathComponent("a.csv").path
        let r = try BinaryRunner.run(["--trace", t, "--trace-format", "native", "--memory", memory, "--analytic", "--csv", csv] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("The paper's formula on this traffic"))
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var out: [String: [String: Double]] = [:]
        for l in lines.dropFirst() {
            let f = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f[1] == "TOTAL" else { continue }
            var row: [String: Double] = [:]
            for (k, v) in zip(header, f) { if let d = Double(v) { row[k] = d } }
            out[f[0]] = row
        }
        return out
    }

    @Test func formulaEqualsHandComputationOnFourRequests() throws {
        let rows = try run()
        let d = try #require(rows["dram"]), m = try #require(rows["mlc"])
        let dramEnergy: Double = 2 * 512 * 1.39 + 2 * 512 * 0.33
        // DRAM: every access 7.1 ns; 2 reads × 512 bits × 1.39 pJ + 2 writes × 512 × 0.33 pJ.
        #expect(abs(d["formula_access_time_ns"]! - 28.4) < 1e-9)
        #expect(abs(d["formula_energy_pJ"]! - dramEnergy) < 1e-6)
        // MLC: read 2 × 3.2 + 3.2 ns; writes (19.2 + 9.3) + 9.3 ns.
        #expect(m["reads_two_bit"] == 1 && m["reads_soft_only"] == 1)
        #expect(m["writes_two_bit_one_step"] == 0 && m["writes_two_bit_two_step"] == 1 && m["writes_soft_only"] == 1)
        #expect(abs(m["formula_read_time_ns"]! - 9.6) < 1e-9)
        #expect(abs(m["formula_write_time_ns"]! - 37.8) < 1e-9)
        #expect(abs(m["formula_access_time_ns"]! - 47.4) < 1e-9)
        // Energy: 2 × 512 × 0.51 + 256 × 2.69 + (1 + 512) × 1.81 pJ, the simulation's access energy too.
        let reads: Double = 2 * 512 * 0.51, hard: Double = 256 * 2.69, soft: Double = 513 * 1.81
        let e = reads + hard + soft
        #expect(abs(m["formula_energy_pJ"]! - e) < 1e-6)
        #expect(abs(m["energy_total_pJ"]! - e) < 1e-3)
    }

    @Test func formulaFollowsTheReadings() throws {
        let rows = try run("mlc", ["--set", "memory.device.mlc.softStepPolicy=allCells", "--set", "memory.device.mlc.hardEnergyAccounting=perDataBit",
                            "--set", "memory.device.mlc.readLatencyReading=wholeRead"])
        let m = try #require(rows["mlc"])
        #expect(abs(m["formula_read_time_ns"]! - (3.2 + 1.6)) < 1e-9)
        #expect(abs(m["formula_write_time_ns"]! - 37.8) < 1e-9)
        let reads: Double = 2 * 512 * 0.51, hard: Double = 2 * 256 * 2.69, soft: Double = 768 * 1.81
        let e = reads + hard + soft
        #expect(abs(m["formula_energy_pJ"]! - e) < 1e-6)
        #expect(abs(m["energy_total_pJ"]! - e) < 1e-3)
    }

    @Test func defaultCSVHasNoFormulaColumns() throws {
        let dir = BinaryRunner.tempDir()
        let t = BinaryRunner.write(Self.trace, to: "four.trc", in: dir)
        let csv = dir.appendingPathComponent("a.csv").path
        let r = try BinaryRunner.run(["--trace", t, "--trace-format", "native", "--memory", "mlc", "--csv", csv])
        #expect(r.status == 0)
        #expect(!(try String(contentsOfFile: csv, encoding: .utf8)).contains("formula_"))
        #expect(!r.stdout.contains("paper's formula"))
    }

    /// Sampled runs extrapolate counters separately: derived counts round and never underflow.
    @Test func extrapolatedCountersDoNotUnderflow() {
        var c = MemoryCounters()
        c[.reads] = 3; c[.readsSoftOnly] = 3
        c[.writes] = 2; c[.writesTwoStep] = 2; c[.cellsHardStep] = 2 * 256 - 3; c[.cellsSoftStep] = 10
        let m = RowCounters(c)
        let v = PaperFormula(device: DevicePresets.mlcSTTRAM).evaluate(m)
        #expect(v.writesTwoStep == 2 && v.writesOneStep == 0 && v.writesSoftOnly == 0)
        #expect(v.readsTwoBit == 0 && v.readsSoftOnly == 3)
        #expect(abs(v.writeTimeNs - 2 * 28.5) < 1e-9 && abs(v.readTimeNs - 3 * 3.2) < 1e-9)
    }
}
