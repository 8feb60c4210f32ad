import Foundation
import Testing

/// The real binary on a tiny network: rows add up, outputs are deterministic, and every
/// configuration runs.
@Suite(.serialized) struct WorkloadEndToEndTests {
    static let net = BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures/tiny.net").path

    func rows(_ csv: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, f))
        }
    }

    @Test func rowsAddUpAndRunsAreDeterministic() throws {
        let dir = BinaryRunner.tempDir()
        var texts: [String] = []
        // Twice one configuration at a time, once three at a time (--jobs 3): all three
        // CSVs must be byte-identical.
        for i in 0..<3 {
            let csv = dir.appendingPathComponent("w\(i).csv").path
            let r = try BinaryRunner.run(["--workload", Self.net, "--batch", "2", "--memory", "dram,mlc,bitlevel,bitlevel+sparsecode",
                                          "--detail", "full", "--seed", "3", "--csv", csv, "--jobs", i == 2 ? "3" : "1",
                                          // A small L2 so that write-backs reach memory in a tiny run.
                                          "--set", "gpu.l2.totalBytes=360448"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("iteration time") && r.stdout.contains("Against dram"))
            texts.append(try String(contentsOfFile: csv, encoding: .utf8))
        }
        #expect(texts[0] == texts[1], "same seed, different CSV")
        #expect(texts[0] == texts[2], "--jobs 3 wrote a different CSV from --jobs 1")
        let all = try rows(dir.appendingPathComponent("w0.csv").path)
        for config in ["dram", "mlc", "bitlevel", "bitlevel+sparsecode"] {
            let mine = all.filter { $0["config"] == config }
            let total = mine.first { $0["layer"] == "TOTAL" }!
            let parts = mine.filter { $0["layer"] != "TOTAL" }
            #expect(Set(parts.map { $0["phase"]! }) == ["forward", "backward_data", "backward_weight", "update"])
            func sum(_ k: String) -> Double { parts.reduce(0) { $0 + Double($1[k]!)! } }
            #expect(abs(sum("time_ns") - Double(total["time_ns"]!)!) < 0.01 * Double(parts.count), "\(config) time")
            #expect(sum("read_requests") == Double(total["read_requests"]!)!)
            #expect(sum("write_requests") == Double(total["write_requests"]!)!)
            #expect(abs(sum("energy_total_pJ") - Double(total["energy_total_pJ"]!)!) < 1, "\(config) energy")
            for p in parts {
                let t = Double(p["time_ns"]!)!
                let c = Double(p["compute_ns"]!)!, s = Double(p["stall_ns"]!)!
                #expect(c >= 0 && s >= 0 && s <= t + 0.001)
                if t > 0 { #expect(Double(p["read_bw_GBps"]!)! <= 484, "bandwidth above peak") }
            }
            // Data statistics are measured on the bits written to memory with the mechanisms on.
            let hasData = config.hasPrefix("bitlevel")
            #expect(Double(total["write_requests"]!)! > 0)
            #expect((total["bit_similarity"]! != "") == hasData, "\(config): data statistics only with the mechanisms")
        }
    }

    /// Kernels too short to sample run in full: the interval columns stay empty and the
    /// summary shows no ± and no unconverged cut.
    @Test func fullDetailRowsHaveNoInterval() throws {
        let dir = BinaryRunner.tempDir()
        let csv = dir.appendingPathComponent("s.csv").path
        let r = try BinaryRunner.run(["--workload", Self.net, "--batch", "2", "--memory", "dram", "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("±") && !r.stdout.contains("not converged"))
        for row in try rows(csv) {
            #expect(row["simulated_fraction"] == "1.000000", "\(row["layer"]!)/\(row["phase"]!)")
            #expect(row["time_ns_ci95"] == "" && row["energy_total_pJ_ci95"] == "", "\(row["layer"]!)/\(row["phase"]!)")
        }
    }

    /// `--waves`: a row per wave boundary of every kernel of every configuration, whose CTAs
    /// add up to the kernel's; only for GPU runs.
    @Test func waveLogCoversEveryKernel() throws {
        let dir = BinaryRunner.tempDir()
        let csv = dir.appendingPathComponent("s.csv").path, waves = dir.appendingPathComponent("w.csv").path
        var r = try BinaryRunner.run(["--workload", Self.net, "--batch", "2", "--memory", "dram,mlc", "--csv", csv, "--waves", waves])
        #expect(r.status == 0, "\(r.stderr)")
        let log = try rows(waves)
        let ops = try rows(csv).filter { $0["layer"] != "TOTAL" }
        for config in ["dram", "mlc"] {
            let mine = log.filter { $0["config"] == config }
            // The last record of each op: all its CTAs completed (nothing is sampled at this size).
            var last: [String: [String: String]] = [:]
            for w in mine { last[w["op"]!] = w }
            #expect(last.count >= ops.filter { $0["config"] == config }.count, "\(config): a record for every row's kernel")
            for (op, w) in last { #expect(w["completed_ctas"] == w["ctas"] && w["skipped_ctas"] == "0", "\(config) \(op)") }
        }
        r = try BinaryRunner.run(["--trace", dir.appendingPathComponent("none.trc").path, "--waves", waves])
        #expect(r.status == 2 && r.stderr.contains("--waves needs a GPU run"), "\(r.stderr)")
    }

    @Test func footprintModeNeedsNoSimulation() throws {
        let dir = BinaryRunner.tempDir()
        let csv = dir.appendingPathComponent("f.csv").path
        let r = try BinaryRunner.run(["--workload", Self.net, "--batch", "4", "--footprint", "--memory", "dram,bitlevel", "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let all = try rows(csv)
        let totals = all.filter { $0["layer"] == "TOTAL" }
        #expect(totals.count == 2)
        // Same bytes; BitLevel and soft-only remapping change the cells (DRAM: one bit per cell).
        #expect(totals[0]["bytes"] == totals[1]["bytes"])
        #expect(totals[0]["cells"] != totals[1]["cells"])
    }

    @Test func badWorkloadInputs() throws {
        let dir = BinaryRunner.tempDir()
        let broken = BinaryRunner.write("network x\nInput data -> data shape=3x8x8\nConvolution c data -> c num_output=4 kernel=3\nFrobnicate f c -> f\nend\n",
                                        to: "bad.net", in: dir)
        var r = try BinaryRunner.run(["--workload", broken])
        #expect(r.status == 2 && r.stderr.contains("bad.net:4"), "\(r.stderr)")
        r = try BinaryRunner.run(["--workload", "vgg91"])
        #expect(r.status == 2, "\(r.stderr)")
        r = try BinaryRunner.run(["--workload", Self.net, "--input-shape", "3x16"])
        #expect(r.status == 2 && r.stderr.contains("--input-shape"), "\(r.stderr)")
        // A malformed .npy feature map given with --values: exit 2, naming the file.
        let values = dir.appendingPathComponent("values")
        try FileManager.default.createDirectory(at: values, withIntermediateDirectories: true)
        try Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 10, 0]).write(to: values.appendingPathComponent("conv1.npy"))
        r = try BinaryRunner.run(["--workload", Self.net, "--batch", "1", "--values", values.path])
        #expect(r.status == 2 && r.stderr.contains("conv1.npy"), "\(r.stderr)")
        r = try BinaryRunner.run(["--footprint"])
        #expect(r.status == 2 && r.stderr.contains("--footprint needs --workload"))
    }
}

/// Gradient-map recycling changes the footprint, not the traffic.
@Suite(.serialized) struct GradientRecyclingEndToEndTests {
    /// Three same-size conv maps: conv1's diff can take conv3's space once conv3's backward is done.
    static let chain = """
        network chain
        Input           data -> data label shape=3x16x16
        Convolution     conv1 data -> conv1 num_output=8 kernel=3 pad=1
        ReLU            relu1 conv1 -> conv1
        Convolution     conv2 conv1 -> conv2 num_output=8 kernel=3 pad=1
        ReLU            relu2 conv2 -> conv2
        Convolution     conv3 conv2 -> conv3 num_output=8 kernel=3 pad=1
        ReLU            relu3 conv3 -> conv3
        InnerProduct    fc conv3 -> fc num_output=10
        SoftmaxWithLoss loss fc label -> loss
        end

        """

    @Test func recyclingLowersFootprintAndLeavesTrafficUnchanged() throws {
        let dir = BinaryRunner.tempDir()
        let net = BinaryRunner.write(Self.chain, to: "chain.net", in: dir)
        var totals: [[String: String]] = []
        for (i, policy) in ["caffe", "recycled"].enumerated() {
            let csv = dir.appendingPathComponent("g\(i).csv").path
            let r = try BinaryRunner.run(["--workload", net, "--batch", "2", "--memory", "bitlevel",
                                          "--detail", "full", "--seed", "3", "--csv", csv, "--set", "training.gradientMaps=\(policy)",
                                          "--set", "gpu.l2.totalBytes=360448"])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try WorkloadEndToEndTests().rows(csv)
            totals.append(try #require(rows.first { $0["layer"] == "TOTAL" }))
        }
        for k in ["read_requests", "write_requests", "mem_read_bytes", "mem_write_bytes", "energy_total_pJ", "time_ns"] {
            #expect(totals[0][k] == totals[1][k], "\(k)")
        }
        #expect(Int(totals[1]["footprint_bytes"]!)! < Int(totals[0]["footprint_bytes"]!)!)
        let fp = try BinaryRunner.run(["--workload", net, "--batch", "2", "--footprint"])
        #expect(fp.stdout.contains("gradient maps: Caffe-style") && fp.stdout.contains("recycled"))
    }
}
