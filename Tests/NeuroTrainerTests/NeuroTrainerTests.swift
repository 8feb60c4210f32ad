import Testing
import MemorySystem
@testable import NeuroTrainer

/// The NeuroTrainer's structural claims (seed 002), each a test that fails if the model breaks it.
@Suite struct NeuroTrainerTests {
    let vault = MemoryConfig(channels: 1, device: DevicePresets.hmcVault)

    /// Seed §5.1: 2.5 GHz × 15 PEs × 32 MACs × 2 pairs × 2 ops = 4.8 TOPS at 16 bit; 2.4 at 32 bit.
    @Test func peakTOPS() {
        let c = NeuroTrainerConfig()
        let peak16: Double = 2.5e9 * 15 * 32 * 2 * 2, peak32: Double = 2.5e9 * 15 * 32 * 2
        let hmc2: Double = 2.5e9 * 31 * 32 * 2 * 2
        #expect(c.peakOpsPerSecond(bits: 16) == peak16)
        #expect(peak16 == 4.8e12)
        #expect(c.peakOpsPerSecond(bits: 32) == peak32)
        #expect(NeuroTrainerConfig.hmc2.peakOpsPerSecond(bits: 16) == hmc2)
    }

    /// A PMAG running Table 2's Conv-FF program generates exactly the addresses of the direct
    /// 7-deep loop nest over (kernel, output row, output column, sample, channel, kernel row,
    /// kernel column), with padding elements skipped.
    @Test(arguments: [(1, 1), (2, 0), (1, 0)])
    func convForwardProgramIsTheLoopNest(stride: Int, pad: Int) {
        let (no, d, n, k, inH, inW, eb) = (2, 3, 2, 3, 5, 4, 2)
        let ho = (inH + 2 * pad - k) / stride + 1, wo = (inW + 2 * pad - k) / stride + 1
        let program = PMAGTables.convForward(nOut: no, hOut: ho, wOut: wo, samples: n, depth: d, kernelH: k, kernelW: k,
                                             stride: stride, pad: pad, inH: inH, inW: inW, elementBytes: eb, base: 4096)
        var generated: [UInt64] = []
        program.forEachAddress { generated.append($0) }
        func direct(kernels: Range<Int>, rows: Range<Int>) -> [UInt64] {
            var out: [UInt64] = []
            for _ in kernels { for y in rows { for x in 0..<wo { for s in 0..<n { for c in 0..<d { for ky in 0..<k { for kx in 0..<k {
                let h = y * stride + ky - pad, w = x * stride + kx - pad
                guard h >= 0, h < inH, w >= 0, w < inW else { continue }
                let index: Int = ((s * inW + w) * inH + h) * d + c
                out.append(4096 + UInt64(index * eb))
            } } } } } } }
            return out
        }
        let whole = direct(kernels: 0..<no, rows: 0..<ho)
        #expect(generated == whole)
        #expect(!generated.isEmpty)
        // A tile is the same nest with outer counters fixed: its addresses are a contiguous run of the whole.
        var tile = program
        tile.ranges[0] = 1; tile.origins[0] = 1; tile.ranges[1] = 1; tile.origins[1] = ho - 1
        var sub: [UInt64] = []
        tile.forEachAddress { sub.append($0) }
        #expect(sub == direct(kernels: 1..<2, rows: (ho - 1)..<ho))
    }

    /// Lines are the distinct 32 B lines of the stream, in first-touch order.
    @Test func linesDeduplicate() {
        let p = PMAGTables.matrixBlock(rows: 2, cols: 20, row0: 0, col0: 0, ld: 64, elementBytes: 4, base: 0)
        let expected: [UInt64] = [0, 32, 64, 256, 288, 320]
        #expect(p.lines(lineBytes: 32) == expected)
    }

    /// FC-FF: the batch's samples are the SIMD lanes and every weight word is used once per
    /// batch, so at batch 16 half the lanes idle and throughput halves against batch 32.
    @Test func fcForwardThroughputHalvesAtBatch16() {
        func tops(batch: Int) -> Double {
            var cfg = NeuroTrainerConfig()
            cfg.sampleSteps = 12
            let compiler = NeuroTrainerCompiler(config: cfg, batch: batch)
            let flow = Dataflow.broadcastGemm(compiler.fcGemm(m: 1920, k: 1024, bits: 16))
            let out = NeuroTrainerSimulation.simulate(flow, config: cfg, memory: vault)
            return 2 * Double(1920 * 1024 * batch) / (Double(out.timePs) * 1e-12) / 1e12
        }
        let full = tops(batch: 32), half = tops(batch: 16)
        #expect(abs(half / full - 0.5) < 0.05, "batch 16: \(half) TOPS, batch 32: \(full) TOPS")
        #expect(full > 3.0 && full <= 4.8, "batch 32 FC-FF at \(full) TOPS")
    }

    /// The bus carries one broadcast to every PE at once at its own bandwidth: with the bus made
    /// the bottleneck (2 B/cycle = 5 GB/s), broadcast data flows at 5 GB/s whatever the PE count.
    @Test func busSerialisesBroadcastsAtItsBandwidth() {
        func rate(pes: Int, busBytes: Int) -> Double {
            var cfg = NeuroTrainerConfig()
            cfg.pes = pes; cfg.busBytesPerCycle = busBytes; cfg.sampleSteps = 48
            // One 32-column block of X (4 KiB, contiguous) broadcast once per dY row: the common
            // vault streams it from open rows, so the bus is what limits.
            let t = OuterTiling(outputs: pes * 48, inputs: 32, batch: 32, pes: pes, h: 1, ns: 32)
            let out = NeuroTrainerSimulation.simulate(.outerProduct(t), config: cfg, memory: vault)
            let bytes = Double(t.stepsPerPE * 32 * 32 * 4)          // ns × 32 words per step
            return bytes / Double(out.timePs) * 1000                  // GB/s
        }
        let five = rate(pes: 15, busBytes: 2)
        #expect(abs(five - 5) / 5 < 0.05, "broadcast at \(five) GB/s on a 5 GB/s bus")
        #expect(abs(rate(pes: 3, busBytes: 2) - five) / five < 0.03)
        // At the seed's 4 B/cycle the bus and the common vault both run at 10 GB/s.
        let ten = rate(pes: 15, busBytes: 4)
        #expect(ten <= 10.0 + 1e-6 && ten > 8.5, "broadcast at \(ten) GB/s")
    }

    /// Merges are serialised: 15 PEs each merging the same bytes take 15 × one PE's bus time.
    @Test func mergesShareOneVaultsBandwidth() {
        var cfg = NeuroTrainerConfig()
        cfg.sampleSteps = 8
        let elements = 15 * 8 * 4096
        let t = StreamTiling(kind: .merge, elementsPerPE: elements / 15, elementBytes: 4, reads: 1, writes: 0,
                             cyclesPerElement: 0, chunkElements: 4096, pes: 15)
        let out = NeuroTrainerSimulation.simulate(.stream(t), config: cfg, memory: vault)
        let gbps = Double(elements * 4) / Double(out.timePs) * 1000
        #expect(gbps < 10 && gbps > 9.0, "merges at \(gbps) GB/s (one vault's 10 GB/s less handshakes)")
    }
}
