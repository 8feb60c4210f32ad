import Foundation
import Testing

/// `--system neurotrainer` through the real binary on the tiny network: it runs on hmc-vault
/// vaults by default, appends its columns to the CSV (and only then), rows add up, and the
/// output is deterministic.
@Suite(.serialized) struct NeuroTrainerEndToEndTests {
    @Test func neurotrainerRunWritesItsColumns() throws {
        let dir = BinaryRunner.tempDir()
        var texts: [String] = []
        for i in 0..<2 {
            let csv = dir.appendingPathComponent("nt\(i).csv").path
            let r = try BinaryRunner.run(["--system", "neurotrainer", "--workload", WorkloadEndToEndTests.net, "--batch", "4",
                                          "--set", "neurotrainer.sampleSteps=4", "--csv", csv])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("NeuroTrainer [hmc-vault]") && r.stdout.contains("training (FF + BP + UP + prep)"))
            texts.append(try String(contentsOfFile: csv, encoding: .utf8))
        }
        #expect(texts[0] == texts[1], "same inputs, different CSV")
        let rows = try WorkloadEndToEndTests().rows(dir.appendingPathComponent("nt0.csv").path)
        let header = texts[0].split(separator: "\n")[0]
        #expect(header.hasSuffix("operation,bits,macs,tops,ms_per_image,logic_energy_pJ,mac_energy_pJ,dram_flat_energy_pJ,dram_background_pJ,power_W,nt_simulated_fraction"))
        let parts = rows.filter { $0["layer"] != "TOTAL" }, total = rows.first { $0["layer"] == "TOTAL" }!
        #expect(parts.contains { $0["operation"] == "Conv-FF" } && parts.contains { $0["operation"] == "FC-UP" })
        let sum = parts.reduce(0.0) { $0 + Double($1["time_ns"]!)! }
        #expect(abs(sum - Double(total["time_ns"]!)!) <= 0.01 * sum)
        for r in parts where Double(r["macs"]!)! > 0 {
            let peak = r["bits"] == "16" ? 4.8 : 2.4
            #expect(Double(r["tops"]!)! > 0 && Double(r["tops"]!)! <= peak, "\(r["layer"]!)/\(r["phase"]!) at \(r["tops"]!) TOPS")
        }
        // 32 B transactions: bytes are requests × 32.
        #expect(Double(total["mem_read_bytes"]!)! == 32 * Double(total["read_requests"]!)!)
    }

    @Test func dumpProgramListsEveryPhase() throws {
        let r = try BinaryRunner.run(["--system", "neurotrainer", "--workload", WorkloadEndToEndTests.net, "--batch", "32", "--dump-program"])
        #expect(r.status == 0, "\(r.stderr)")
        for op in ["Conv-FF", "Conv-UP", "FC-FF", "FC-BP", "FC-UP", "Merge", "Partition", "Pad", "SGD"] {
            #expect(r.stdout.contains(": \(op),"), "no \(op) program listed")
        }
        #expect(r.stdout.contains("f(r4,q,p,r5)"))       // Table 2's Conv-FF decoders
        let gpu = try BinaryRunner.run(["--workload", WorkloadEndToEndTests.net, "--dump-program"])
        #expect(gpu.status == 2)
    }

    @Test func unknownNeuroTrainerKeyIsABadInput() throws {
        let r = try BinaryRunner.run(["--system", "neurotrainer", "--workload", "alexnet", "--set", "neurotrainer.pes=0"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("neurotrainer.pes must be > 0"))
    }
}
