import Foundation
import Testing

@Suite(.serialized) struct TraceEndToEndTests {
    static let required = ["config", "layer", "phase", "time_ns", "read_requests", "write_requests", "mem_read_bytes",
                           "mem_write_bytes", "read_bw_GBps", "write_bw_GBps", "avg_read_latency_ns", "avg_write_latency_ns",
                           "energy_read_pJ", "energy_write_pJ", "energy_total_pJ"]

    @Test func traceRunWritesSummaryAndCSV() throws {
        let dir = BinaryRunner.tempDir()
        let trace = BinaryRunner.write(sampleTrace(400), to: "t.trc", in: dir)
        let csv = dir.appendingPathComponent("out.csv").path
        let r = try BinaryRunner.run(["--trace", trace, "--memory", "dram,mlc", "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[dram]") && r.stdout.contains("[mlc]") && r.stdout.contains("Against dram"))
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        for col in Self.required { #expect(header.contains(col), "missing column \(col)") }
        #expect(lines.count == 5)
        let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
        func v(_ row: [String], _ col: String) -> Double { Double(row[header.firstIndex(of: col)!])! }
        #expect(rows.map { $0[1] } == ["trace", "TOTAL", "trace", "TOTAL"])
        for row in rows {
            #expect(v(row, "read_requests") + v(row, "write_requests") == 400)
            let bw = v(row, "mem_read_bytes") / v(row, "time_ns")
            #expect(abs(bw - v(row, "read_bw_GBps")) < 0.001)
            #expect(abs(v(row, "energy_total_pJ") - v(row, "energy_read_pJ") - v(row, "energy_write_pJ")) < 0.01)
            // Read energy is exactly bits × per-bit energy (DRAM 1.39, MLC 0.51 pJ/bit).
            let perBit = row[0] == "dram" ? 1.39 : 0.51
            #expect(abs(v(row, "energy_read_pJ") - v(row, "mem_read_bytes") * 8 * perBit) < 0.01)
        }
    }

    @Test func sameSeedGivesByteIdenticalCSV() throws {
        let dir = BinaryRunner.tempDir()
        let trace = BinaryRunner.write(sampleTrace(300), to: "t.trc", in: dir)
        var outputs: [String] = []
        for i in 0..<2 {
            let csv = dir.appendingPathComponent("r\(i).csv").path
            let r = try BinaryRunner.run(["--trace", trace, "--memory", "mlc", "--seed", "5", "--csv", csv])
            #expect(r.status == 0)
            outputs.append(try String(contentsOfFile: csv, encoding: .utf8))
        }
        #expect(outputs[0] == outputs[1])
        // The seed drives the default write payload, hence MLC write steps and energy.
        let other = dir.appendingPathComponent("r2.csv").path
        _ = try BinaryRunner.run(["--trace", trace, "--memory", "mlc", "--seed", "6", "--csv", other])
        #expect(try String(contentsOfFile: other, encoding: .utf8) != outputs[0])
    }

    /// The golden CSV pins the whole model's output for a fixed trace: any change to
    /// timing, scheduling or energy shows up here (regenerate with UPDATE_GOLDEN=1 after a
    /// deliberate model change, and say why in the commit).
    @Test(arguments: ["dramsim3", "ramulator", "native"])
    func goldenCSV(format: String) throws {
        let fixtures = BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures")
        let trace = fixtures.appendingPathComponent("golden_\(format).trc").path
        let golden = fixtures.appendingPathComponent("golden_\(format).csv").path
        let dir = BinaryRunner.tempDir()
        let csv = dir.appendingPathComponent("g.csv").path
        let r = try BinaryRunner.run(["--trace", trace, "--trace-format", format, "--memory", "dram,mlc", "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let got = try String(contentsOfFile: csv, encoding: .utf8)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try got.write(toFile: golden, atomically: true, encoding: .utf8)
        }
        let want = try String(contentsOfFile: golden, encoding: .utf8)
        #expect(got == want, "output differs from \(golden)")
    }
}

@Suite struct Ramulator2FormatTests {
    /// The golden Ramulator trace rewritten as Ramulator 2 LoadStoreTrace lines (`LD`/`ST`,
    /// every third address in decimal) gives the same CSV byte for byte.
    @Test func ramulator2MatchesRamulator() throws {
        let fixtures = BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures")
        let src = try String(contentsOf: fixtures.appendingPathComponent("golden_ramulator.trc"), encoding: .utf8)
        var lines: [String] = [], n = 0
        // Comment lines stay, so line numbers (which seed the default write payloads) match.
        for line in src.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let f = line.split(separator: " ")
            guard f.count == 2, !line.hasPrefix("#") else { lines.append(String(line)); continue }
            n += 1
            let addr = n % 3 == 0 ? String(UInt64(f[0].dropFirst(2), radix: 16)!) : String(f[0])
            lines.append("\(f[1] == "R" ? "LD" : "ST") \(addr)")
        }
        #expect(lines.count > 100 && n > 100)
        let dir = BinaryRunner.tempDir()
        let t2 = BinaryRunner.write(lines.joined(separator: "\n") + "\n", to: "t2.trc", in: dir)
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        let r1 = try BinaryRunner.run(["--trace", fixtures.appendingPathComponent("golden_ramulator.trc").path,
                                       "--trace-format", "ramulator", "--memory", "dram,mlc", "--csv", a])
        let r2 = try BinaryRunner.run(["--trace", t2, "--trace-format", "ramulator2", "--memory", "dram,mlc", "--csv", b])
        #expect(r1.status == 0 && r2.status == 0, "\(r1.stderr) \(r2.stderr)")
        #expect(try String(contentsOfFile: a, encoding: .utf8) == String(contentsOfFile: b, encoding: .utf8))
    }
}

@Suite struct InvariantCheckTests {
    /// `--check` replays every command of every preset and page policy against the spec.
    @Test(arguments: ["dramsim3", "ramulator", "native"], [[], ["--set", "memory.controller.pagePolicy=closed"]])
    func checkPassesOnGoldenTraces(format: String, extra: [String]) throws {
        let trace = BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures/golden_\(format).trc").path
        let r = try BinaryRunner.run(["--trace", trace, "--trace-format", format, "--memory", "dram,mlc", "--check"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
    }
}
