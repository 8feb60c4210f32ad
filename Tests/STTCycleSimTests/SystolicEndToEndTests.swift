import Foundation
import Testing

/// `--system systolic` through the real binary on the tiny network: the systolic columns are
/// appended, rows add up, runs are deterministic, and bad combinations are refused (exit 2).
@Suite struct SystolicEndToEndTests {
    static let net = BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures/tiny.net").path

    func rows(_ csv: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init))) }
    }

    @Test func systolicRunAppendsItsColumnsAndIsDeterministic() throws {
        let dir = BinaryRunner.tempDir()
        var texts: [String] = []
        for i in 0..<2 {
            let csv = dir.appendingPathComponent("s\(i).csv").path
            let r = try BinaryRunner.run(["--system", "systolic-32", "--workload", Self.net, "--batch", "4",
                                          "--memory", "sram-iso,stt-mram-iso-capacity,stt-mram-iso-area", "--csv", csv])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("energy split") && r.stdout.contains("leakage"))
            texts.append(try String(contentsOfFile: csv, encoding: .utf8))
        }
        #expect(texts[0] == texts[1])
        let all = try rows(dir.appendingPathComponent("s0.csv").path)
        let total = all.filter { $0["layer"] == "TOTAL" }
        #expect(total.count == 3)
        for t in total {
            let parts = ["sys_energy_mac_pJ", "sys_energy_spad_read_pJ", "sys_energy_spad_write_pJ", "sys_energy_leakage_pJ", "sys_energy_dram_pJ"]
            let sum = parts.map { Double(t[$0]!)! }.reduce(0, +)
            #expect(abs(sum - Double(t["sys_energy_total_pJ"]!)!) <= 1e-6 * sum + 1)
            #expect(Double(t["sys_energy_leakage_pJ"]!)! > 0)
        }
        let dram = Dictionary(uniqueKeysWithValues: total.map { ($0["config"]!, Int($0["sys_dram_bytes"]!)!) })
        #expect(dram["stt-mram-iso-area"]! < dram["sram-iso"]!)
        #expect(dram["stt-mram-iso-capacity"]! == dram["sram-iso"]!)
    }

    @Test(arguments: [["--system", "systolic", "--memory", "mlc"], ["--memory", "sram-iso"],
                      ["--system", "systolic", "--set", "system.systolic.array.rows=0"],
                      ["--system", "systolic", "--workload", "stream"], ["--system", "systolic", "--kernel", "gemm:M=64,N=64,K=64"]])
    func badCombinationsAreRefused(args: [String]) throws {
        let run = args.contains("--workload") || args.contains("--kernel") ? [] : ["--workload", Self.net]
        let r = try BinaryRunner.run(args + run + ["--batch", "2"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error:"))
    }
}
