import Testing
import SimKernel
@testable import MemorySystem

@Suite struct ControllerBehaviourTests {
    static let presets: [(String, MemoryConfig)] = {
        var closed = MemoryConfig.dram(channels: 2)
        closed.controller.pagePolicy = .closed
        var mlcClosed = mlcConfig(channels: 2)
        mlcClosed.controller.pagePolicy = .closed
        return [("dram", .dram(channels: 2)), ("mlc", mlcConfig(channels: 2)), ("dram-closed", closed), ("mlc-closed", mlcClosed)]
    }()

    /// The independent checker finds no violation in random and streaming traffic, for
    /// every preset and page policy, and every request completes exactly once.
    @Test(arguments: [0, 1, 2, 3], [SyntheticSource.Pattern.random, .streaming])
    func checkerFindsNoViolation(preset: Int, pattern: SyntheticSource.Pattern) {
        let (name, config) = Self.presets[preset]
        let n: UInt64 = 3000
        var seen = [Int](repeating: 0, count: Int(n))
        let src = SyntheticSource(pattern: pattern, count: n, readFraction: 0.7, interval: Picoseconds(300),
                                  footprint: 1 << 24, seed: 42)
        let (driver, mem, _) = run(config, src, record: true) { seen[Int($0.request.id)] += 1 }
        #expect(driver.finished, "\(name): run did not drain")
        #expect(seen.allSatisfy { $0 == 1 }, "\(name): a request completed other than once")
        let checker = TimingChecker(spec: config.device, blockBits: config.controller.bitLevelBlockBits)
        for c in mem.controllers {
            let v = checker.check(c.commandLog!, banks: config.device.organization.banks)
            #expect(v.isEmpty, "\(name) \(pattern) channel \(c.channel): \(v.prefix(3))")
            #expect(!c.commandLog!.isEmpty)
        }
        let t = mem.totals
        #expect(t.reads + t.writes == n)
        #expect(t.rowHits + t.rowMisses + t.rowConflicts == n)
    }

    /// Mixed access modes on MLC (mode switches) also obey the spec.
    @Test func mlcModeSwitchesObeySpec() {
        var items: [TimedRequest] = []
        for i in 0..<2000 {
            let mode: AccessMode = [.normal, .softOnly, .bitLevel][i % 3]
            var d = BurstData()
            for k in 0..<8 { d[k] = UInt64(i &* 2_654_435_761 &+ k) }
            let r = MemoryRequest(id: UInt64(i), address: UInt64((i * 7919) % 100_000) * 64,
                                  kind: i % 4 == 0 ? .write : .read, mode: mode, data: d)
            items.append(TimedRequest(time: Picoseconds(Int64(i) * 500), request: r))
        }
        let cfg = mlcConfig(channels: 2)
        let (driver, mem, _) = run(cfg, ListSource(items), record: true)
        #expect(driver.finished)
        #expect(mem.totals.modeSwitches > 0)
        let checker = TimingChecker(spec: cfg.device)
        for c in mem.controllers {
            let v = checker.check(c.commandLog!, banks: 16)
            #expect(v.isEmpty, "\(v.prefix(3))")
        }
    }

    /// One read to a closed bank: latency = tRCD + CL + tBL (within one command cycle for
    /// edge alignment).
    @Test func unloadedReadLatencyIsTheSpecSum() {
        for cfg in [MemoryConfig.dram(), mlcConfig()] {
            let src = ListSource([TimedRequest(time: Picoseconds(123_456), request: MemoryRequest(id: 0, address: 0x4000, kind: .read))])
            var latency: Int64 = 0
            _ = run(cfg, src) { latency = $0.done.raw - $0.arrival.raw }
            let t = ConstraintTable(spec: cfg.device)
            let rcd = cfg.device.technology == .gddr5x ? t.tRCDRD : 2 * t.senseStep
            let spec = (rcd + t.CL + t.tBL) * cfg.device.tCKps
            #expect(latency >= spec && latency < spec + cfg.device.tCKps, "\(cfg.device.name): \(latency) ps vs \(spec) ps")
        }
    }

    /// Streaming reads reach ≥ 85 % of peak and never exceed it.
    @Test func streamingReadsNearPeak() {
        let cfg = MemoryConfig.dram()
        let n: UInt64 = 40_000
        let (driver, mem, _) = run(cfg, SyntheticSource(pattern: .streaming, count: n, readFraction: 1))
        let seconds = Double(driver.lastDone.raw) * 1e-12
        let bw = Double(n * 64) / seconds
        let peak = cfg.peakBandwidthBytesPerSecond
        #expect(abs(peak - 484e9) / 484e9 < 0.005, "peak \(peak)")
        #expect(bw <= peak)
        #expect(bw >= 0.85 * peak, "streaming read bandwidth \(bw / 1e9) GB/s")
        #expect(mem.totals.rowHits > mem.totals.rowMisses * 10)
    }

    /// Latency rises with load: the same random reads arriving faster wait longer.
    @Test func latencyRisesUnderLoad() {
        func avg(_ interval: Int64) -> Double {
            let src = SyntheticSource(pattern: .random, count: 4000, readFraction: 1, interval: Picoseconds(interval), seed: 3)
            return run(.dram(), src).1.totals.readLatency.mean
        }
        let light = avg(20_000), heavy = avg(100)
        #expect(heavy > light * 1.5, "light \(light) heavy \(heavy)")
    }

    /// MLC reads faster, writes slower than DRAM on random traffic; energies exact.
    /// (Light load, one request per 5 ns: at around one per ns DRAM's row cycle tRC,
    /// which MLC STT-RAM does not have, makes DRAM's random writes queue longer.)
    @Test func mlcAgainstDram() {
        func go(_ cfg: MemoryConfig, reads: Double) -> ControllerStats {
            run(cfg, SyntheticSource(pattern: .random, count: 6000, readFraction: reads, interval: Picoseconds(5000), seed: 9)).1.totals
        }
        let dr = go(.dram(), reads: 1), mr = go(mlcConfig(), reads: 1)
        #expect(mr.readLatency.mean < dr.readLatency.mean)
        #expect(mr.energyReadFJ == Int64(mr.reads) * 64 * 8 * 510)
        #expect(dr.energyReadFJ == Int64(dr.reads) * 64 * 8 * 1390)
        let dw = go(.dram(), reads: 0), mw = go(mlcConfig(), reads: 0)
        #expect(mw.writeLatency.mean > dw.writeLatency.mean)
        #expect(dw.energyWriteFJ == Int64(dw.writes) * 512 * 330)
        // MLC write energy = Σ cells × energy of each step they took.
        #expect(mw.energyWriteHardFJ == Int64(mw.cellsHardStep) * 2690)
        #expect(mw.energyWriteSoftFJ == Int64(mw.cellsSoftStep) * 1810)
        #expect(mw.writesOneStep + mw.writesTwoStep == mw.writes)
    }
}
