@testable import GPUModel
import MemorySystem
import SimKernel
import Testing
import Workloads

/// Whole-GPU runs on tiny networks (full detail unless stated).
@Suite struct SystemTests {
    static let smallPlan = try! Nets.plan(Nets.small, batch: 2)

    @Test func requestsAreConservedAndOpTimesAddUp() throws {
        let plan = Self.smallPlan
        let (r, gpu) = Harness().run(plan)
        let l2 = gpu.l2Counters
        let memory = gpu.memory.totals
        #expect(l2.fillsSubmitted > 0 && l2.writebacksSubmitted > 0)
        #expect(l2.fillsSubmitted == l2.fillsCompleted)
        #expect(l2.writebacksSubmitted == l2.writebacksCompleted)
        #expect(UInt64(l2.fillsSubmitted) == memory.reads)
        #expect(UInt64(l2.writebacksSubmitted) == memory.writes)
        #expect(l2.unexpectedFills == 0)
        #expect(gpu.memory.isIdle)
        // Per-op counters add up to the system's.
        #expect(r.totals.memory[.reads] == Int64(memory.reads) && r.totals.memory[.writes] == Int64(memory.writes))
        #expect(r.totals.memoryEnergyFJ == memory.energyTotalFJ)
        // Op times tile the iteration.
        var t = Picoseconds.zero
        for op in r.ops {
            #expect(op.start == t)
            #expect(op.end >= op.start)
            t = op.end
        }
        #expect(t == r.iterationTime && r.ops.count == plan.ops.count)
    }

    /// Controllers that sleep until a command could go (the default) give the GPU exactly
    /// the results of controllers that also look at every cycle after an issue and at every
    /// arrival, with fewer decisions; on GDDR5X and on MLC STT-RAM, and with FCFS (which keeps
    /// no per-bank candidates) and closed pages. Fails if a skipped look
    /// would have issued something, or if controllers deciding at one instant were ordered by
    /// when they scheduled their wake-ups rather than in a fixed order.
    @Test(arguments: ["dram", "mlc", "mlc, FCFS, closed pages"])
    func fewerLooksSameResults(setup: String) throws {
        var sleeping = Harness()
        if setup.hasPrefix("mlc") { sleeping.memory.device = DevicePresets.mlcSTTRAM }
        if setup.contains("FCFS") {
            sleeping.memory.controller.scheduler = .fcfs
            sleeping.memory.controller.pagePolicy = .closed
        }
        var looking = sleeping
        looking.looksEveryCycle = true
        // The forward ops up to the first fully connected layer.
        let (a, ga) = sleeping.run(Self.smallPlan, ops: 0..<7)
        let (b, gb) = looking.run(Self.smallPlan, ops: 0..<7)
        #expect(a.iterationTime == b.iterationTime)
        let sameOps = a.ops == b.ops
        #expect(sameOps, "per-op results differ")
        var sa = ga.memory.totals, sb = gb.memory.totals
        #expect(sa.decisions < sb.decisions)
        sa.decisions = 0
        sb.decisions = 0
        #expect(sa == sb)
    }

    @Test func trafficCoversEveryTensorTheOpTouches() throws {
        let plan = Self.smallPlan
        let (r, _) = Harness().run(plan)
        for (op, result) in zip(plan.ops, r.ops) {
            #expect(result.counters[.requestedReadBytes] >= Int64(op.readBytes), "\(op.name) reads")
            #expect(result.counters[.requestedWriteBytes] >= Int64(op.writeBytes), "\(op.name) writes")
        }
    }

    @Test func everyRequestedLineLiesInATensorOfTheOp() throws {
        let plan = Self.smallPlan
        let config = GPUConfig()
        for op in plan.ops {
            let kernel = KernelPlan(plan: plan, op: op.index, config: config)
            let regions = op.accesses.map { a -> Range<UInt64> in
                let start = UInt64(plan.allocation.regions[a.tensor.rawValue].start + a.offset)
                return (start & ~127)..<((start + UInt64(a.bytes) + 127) & ~127)
            }
            var buf = LineBuffer()
            for cta in 0..<kernel.ctas {
                for chunk in 0..<kernel.chunks(of: cta) { kernel.emitLoads(cta: cta, chunk: chunk, into: &buf) }
                kernel.emitStores(cta: cta, into: &buf)
            }
            let outside = buf.entries.filter { e in !regions.contains { $0.contains(e & LineBuffer.lineMask) } }
            #expect(outside.isEmpty, "\(op.name): \(outside.count) lines outside its tensors")
        }
    }

    @Test func deterministic() throws {
        let plan = try Nets.plan(Nets.contrast, batch: 2)
        let (a, _) = Harness().run(plan, ops: 0..<4)
        let (b, _) = Harness().run(plan, ops: 0..<4)
        #expect(a.ops == b.ops)
    }

    // The ReLU of this net runs from the L2 (its 1.6 MB feature map stays resident), so it
    // is bandwidth-bound on the L2, not on memory.
    @Test func convolutionIsComputeBoundFullyConnectedAndElementwiseAreMemoryBound() throws {
        let plan = try Nets.plan(Nets.contrast, batch: 16)
        let (r, _) = Harness().run(plan, ops: 0..<4)
        let conv = try #require(r.op("conv/forward"))
        let relu = try #require(r.op("relu/forward"))
        let fc = try #require(r.op("fc/forward"))
        print("conv stall \(conv.stallShare) relu \(relu.stallShare) fc \(fc.stallShare)")
        #expect(conv.stallShare < 0.3)
        #expect(fc.stallShare > 0.5)
        #expect(relu.stallShare > 0.8)
    }

    @Test func moreMemoryBandwidthHelpsMemoryBoundOpsMost() throws {
        let plan = try Nets.plan(Nets.contrast, batch: 16)
        // The FC GEMM split over K so that it fills the GPU (cuBLAS 8 would not split it and
        // run latency-bound on a few SMs, see `GemmConfig.blasSplitK`).
        var narrow = Harness()
        narrow.gpu.gemm.blasSplitK = true
        let (base, _) = narrow.run(plan, ops: 0..<4)
        var wide = narrow
        wide.memory.channels = 16
        let (fast, _) = wide.run(plan, ops: 0..<4)
        func speedup(_ name: String) -> Double {
            Double(base.op(name)!.duration.raw) / Double(fast.op(name)!.duration.raw)
        }
        print("2x channels: conv \(speedup("conv/forward")) fc \(speedup("fc/forward")) relu \(speedup("relu/forward"))")
        #expect(speedup("fc/forward") > 1.4)
        #expect(speedup("conv/forward") < 1.25)
        #expect(speedup("fc/forward") > speedup("conv/forward") + 0.3)
    }

    @Test func doublingTheBatchRoughlyDoublesTime() throws {
        let small = try Nets.plan(Nets.long, batch: 4)
        let large = try Nets.plan(Nets.long, batch: 8)
        // A small L2 so that both batches overflow it (else the smaller one runs from the L2).
        var h = Harness()
        h.gpu.l2.totalBytes = 256 << 10
        let (a, _) = h.run(small, ops: 0..<3)
        let (b, _) = h.run(large, ops: 0..<3)
        let ratio = Double(b.iterationTime.raw) / Double(a.iterationTime.raw)
        print("batch 8 / batch 4 time: \(ratio)")
        #expect(ratio > 1.6 && ratio < 2.4)
    }

    @Test func validationNamesFullPaths() {
        var c = GPUConfig()
        c.l2.ways = 3
        c.gemm.efficiency = 1.5
        c.sampling.window = 0
        let e = c.validate(path: "gpu", channels: 8)
        #expect(e.contains { $0.hasPrefix("gpu.l2.ways") })
        #expect(e.contains { $0.hasPrefix("gpu.gemm.efficiency") })
        #expect(e.contains { $0.hasPrefix("gpu.sampling.window") })
        #expect(GPUConfig().validate(path: "gpu", channels: 8).isEmpty)
        #expect(GPUConfig().validate(path: "gpu", channels: 11).contains { $0.hasPrefix("gpu.l2.totalBytes") })
    }
}

/// `GemmConfig.winogradCTAOrder`: the order of a fused Winograd kernel's CTAs.
@Suite struct WinogradCTAOrderTests {
    /// Both orders dispatch the same CTAs (a permutation): the same loads, stores and FLOPs
    /// reach the L2 and the SMs; only when each panel is needed, and so what the L2 keeps,
    /// changes.
    @Test func eitherOrderRunsTheSameWork() throws {
        var options = TrainingOptions()
        options.convolutionAlgorithm = .winogradFused4x4
        let plan = try Nets.plan(Nets.contrast, batch: 8, options: options)   // 128 output channels: 4 M tiles
        let conv = try #require(plan.ops.firstIndex { $0.layer == "conv" && $0.phase == .forward && $0.name == "conv/forward" })
        var results: [CTAOrder: GPURunResult] = [:]
        for order in [CTAOrder.mTileFastest, .nTileFastest] {
            var h = Harness(detail: .full)
            h.gpu.gemm.winogradCTAOrder = order
            results[order] = h.run(plan, ops: conv..<conv + 1).0
        }
        let m = try #require(results[.mTileFastest]), n = try #require(results[.nTileFastest])
        let convM = try #require(m.op("conv/forward")), convN = try #require(n.op("conv/forward"))
        guard case .gemm(let shape) = plan.ops[conv].kind else { Issue.record("conv/forward is not a GEMM"); return }
        #expect(shape.algorithm == .winogradFused4x4)
        for name in [OpCounters.Name.lineReads, .lineWrites, .requestedReadBytes, .requestedWriteBytes, .computeBusyPs] {
            #expect(convM.counters[name] == convN.counters[name], "\(name): \(convM.counters[name]) vs \(convN.counters[name])")
        }
        #expect(convM.counters[.fillBursts] != convN.counters[.fillBursts] || convM.duration != convN.duration,
                "the order changes when panels are needed, so the L2's behaviour")
    }

    /// The order is a permutation of the same tiles: with `nTileFastest` consecutive CTAs walk
    /// the N tiles of one M tile (so the CTAs resident at once share its filter panel), and
    /// every (M tile, N tile, split, batch) appears once, as with `mTileFastest`.
    @Test func nTileFastestWalksTheTilesOfOneFilterPanel() throws {
        var options = TrainingOptions()
        options.convolutionAlgorithm = .winogradFused4x4
        let plan = try Nets.plan(Nets.contrast, batch: 8, options: options)
        let conv = try #require(plan.ops.firstIndex { $0.name == "conv/forward" })
        var tiles: [CTAOrder: [[Int]]] = [:]
        for order in [CTAOrder.mTileFastest, .nTileFastest] {
            var config = GPUConfig()
            config.gemm.winogradCTAOrder = order
            let k = KernelPlan(plan: plan, op: conv, config: config)
            guard case .gemm(let g) = k.body else { Issue.record("not a GEMM"); return }
            #expect(g.mTiles > 1 && g.nTiles > 1, "both orders must differ here")
            let p = (0..<k.ctas).map { g.position(of: $0) }
            tiles[order] = p.map { [$0.batch, $0.split, $0.mTile, $0.nTile] }
            if order == .nTileFastest {
                for i in 1..<min(g.nTiles, k.ctas) {
                    #expect(p[i].mTile == p[0].mTile && p[i].nTile == i, "CTA \(i): \(p[i])")
                }
            } else {
                #expect(p[1].mTile == 1 && p[1].nTile == 0)
            }
        }
        let m = try #require(tiles[.mTileFastest]), n = try #require(tiles[.nTileFastest])
        #expect(Set(m).count == m.count && Set(n) == Set(m), "a permutation of the same tiles")
    }
}
