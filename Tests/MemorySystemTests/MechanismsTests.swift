import Testing
import SimKernel
import DataValues
@testable import MemorySystem

@Suite struct MechanismsTests {
    // MARK: Table 1 and hints

    @Test func tableOneIsData() {
        #expect(RemapTable.rules.count == DataCategory.count)
        for (i, rule) in RemapTable.rules.enumerated() { #expect(rule.category.index == i) }
        let soft: [DataCategory] = [.fcFeatureMap, .convWeights, .inputImagesAndGradients]
        let bit: [DataCategory] = [.denseConvFeatureMap, .sparseConvFeatureMap, .fcWeights]
        for c in soft { #expect(RemapTable.mode(of: c, .bitLevelOnly) == .softOnly) }
        for c in bit { #expect(RemapTable.mode(of: c, .bitLevelOnly) == .bitLevel) }
        #expect(RemapTable.mode(of: .other, .bitLevelOnly) == .normal)
        // BitLevel off: pairing categories fall back to two consecutive bits per cell.
        for c in bit { #expect(RemapTable.mode(of: c, MechanismSettings(remap: true)) == .normal) }
        #expect(RemapTable.rules.filter(\.sparseCandidate).map(\.category) == [.sparseConvFeatureMap])
    }

    @Test func hintLookupIsExactOnBoundaries() {
        let sim = Simulator()
        let mem = MemorySystem(config: mlcConfig(channels: 2), mechanisms: .bitLevelOnly, sim: sim)
        mem.annotate(region: 4096..<8192, category: .denseConvFeatureMap)
        mem.annotate(region: 8192..<12288, category: .fcFeatureMap)
        let expect: [(UInt64, DataCategory)] = [(0, .other), (4095, .other), (4096, .denseConvFeatureMap),
                                                 (8191, .denseConvFeatureMap), (8192, .fcFeatureMap),
                                                 (12287, .fcFeatureMap), (12288, .other)]
        for (a, c) in expect { #expect(mem.category(of: a) == c, "address \(a)") }
        // A later hint over parts of both replaces exactly those parts.
        mem.annotate(region: 6144..<10240, category: .convWeights)
        let after: [(UInt64, DataCategory)] = [(6143, .denseConvFeatureMap), (6144, .convWeights),
                                                (10239, .convWeights), (10240, .fcFeatureMap), (12288, .other)]
        for (a, c) in after { #expect(mem.category(of: a) == c, "address \(a)") }
    }

    /// Random annotations against a page-granular reference.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func regionTableMatchesReference(seed: UInt64) {
        var table = RegionTable()
        var pages = [Int32?](repeating: nil, count: 256)
        for k in 0..<60 {
            let a = Int(mix(seed &* 100 &+ UInt64(k)) % 256), len = Int(mix(seed &* 1000 &+ UInt64(k)) % 24) + 1
            let b = min(a + len, 256)
            table.insert(UInt64(a * 4096)..<UInt64(b * 4096), id: Int32(k))
            for p in a..<b { pages[p] = Int32(k) }
        }
        for p in 0..<256 {
            for off: UInt64 in [0, 4095] {
                let got = table.interval(containing: UInt64(p * 4096) + off).map { table.ids[$0] }
                #expect(got == pages[p], "page \(p)")
            }
        }
        for i in 1..<table.count { #expect(table.ends[i - 1] <= table.starts[i]) }
    }

    /// Per-channel burst counts and first local indexes agree with decoding every burst.
    @Test(arguments: [8, 11])
    func channelSpansMatchDecoding(channels: Int) {
        let cfg = MemoryConfig(channels: channels, device: DevicePresets.mlcSTTRAM)
        let m = AddressMapper(config: cfg.mapping, channels: channels, organization: cfg.device.organization)
        for k in 0..<20 {
            let start = (mix(UInt64(k)) % 100_000) * 64
            let range = start..<(start + (mix(UInt64(k + 99)) % 30_000 + 1) * 64)
            var count = [Int](repeating: 0, count: channels)
            var first = [UInt64?](repeating: nil, count: channels)
            for a in stride(from: range.lowerBound, to: range.upperBound, by: 64) {
                let c = m.decode(a).channel
                count[c] += 1
                let l = m.localIndex(a)
                if first[c].map({ l < $0 }) ?? true { first[c] = l }
                let d = m.decode(a)
                #expect(m.locate(local: l).bank == d.bank && m.locate(local: l).row == d.row)
            }
            let spans = m.channelSpans(of: range)
            #expect(spans.map(\.count) == count)
            #expect(spans.map(\.first) == first)
        }
    }

    // MARK: Equivalences

    /// Golden counters of seeded synthetic runs, recorded before the mechanisms existed:
    /// with mechanisms off nothing may change. Re-recorded at stop 22, when controllers waking
    /// at the same instant began to decide in channel order rather than in the order they had
    /// scheduled their wake-ups (the in-order front end couples the channels, so the order
    /// shows; `scripts/check_identical.sh` lists the outputs it moved); then the event counts
    /// alone, when controllers stopped looking at cycles where nothing could issue.
    @Test func presetsWithoutMechanismsUnchanged() {
        let golden: [String: String] = [
            "dram random": "38263628 63684 231/600/19169 10990305280 0 [20375, 20324, 14024, 5976, 78]",
            "dram streaming": "6581818 22226 19608/250/142 10993561600 0 [393, 335, 14030, 5970, 12]",
            "mlc random": "34964255 62269 221/64/19715 9161676030 5976 [20123, 20059, 14024, 5976, 0]",
            "mlc streaming": "14030138 22456 19680/64/256 9157248420 5970 [320, 256, 14030, 5970, 0]",
        ]
        // The controller and address map as they were when the golden values were recorded
        // (64-entry queues, 48/16 drain, `bg,co,ba`, no bank hashing).
        func pinned(_ c: MemoryConfig) -> MemoryConfig {
            var c = c
            c.controller.readQueue = 64; c.controller.writeQueue = 64
            c.controller.writeDrainHigh = 48; c.controller.writeDrainLow = 16
            c.mapping = AddressMappingConfig(order: "bg,co,ba", hashBanks: false)
            return c
        }
        for (name, cfg) in [("dram", pinned(MemoryConfig.dram(channels: 4))), ("mlc", pinned(mlcConfig(channels: 4)))] {
            for p in [SyntheticSource.Pattern.random, .streaming] {
                let src = SyntheticSource(pattern: p, count: 20_000, readFraction: 0.7, interval: Picoseconds(200),
                                          footprint: 1 << 26, seed: 7)
                let (d, mem, sim) = run(cfg, src)
                let t = mem.totals
                let got = "\(d.lastDone.raw) \(sim.eventsDispatched) \(t.rowHits)/\(t.rowMisses)/\(t.rowConflicts) \(t.energyTotalFJ) \(t.writesTwoStep) \(t.commands)"
                #expect(got == golden["\(name) \(p)"], "\(name) \(p)")
            }
        }
    }

    /// Remapping off (annotations present) and remapping on with every address `other`
    /// both reproduce the naive MLC run exactly.
    @Test func remapOffOrAllOtherIsNaiveMLC() {
        let cfg = mlcConfig(channels: 2)
        var items: [TimedRequest] = []
        for i in 0..<3000 {
            let a = (mix(UInt64(i)) % 20_000) * 64
            let r = MemoryRequest(id: UInt64(i), address: a, kind: i % 3 == 0 ? .write : .read, data: featureBurst(i, zeroPercent: 40))
            items.append(TimedRequest(time: Picoseconds(Int64(i) * 300), request: r))
        }
        let (d0, m0) = runMech(cfg, .off, hints: [], items)
        let base = outcome(m0, d0)
        let hints: [(Range<UInt64>, DataCategory)] = [(0..<400_000, .fcFeatureMap), (400_000..<1_280_000, .sparseConvFeatureMap)]
        let (d1, m1) = runMech(cfg, .off, hints: hints, items)
        #expect(outcome(m1, d1) == base)
        let (d2, m2) = runMech(cfg, .all(), hints: [(0..<1_280_000, .other)], items)
        #expect(outcome(m2, d2) == base)
        #expect(m2.mechanismTotals.writeBurstsByMode[0] == UInt64(items.count / 3))
    }

    // MARK: BitLevel

    /// Random bits: about half the cells of a BitLevel write need the soft step.
    @Test func randomBitsNeedHalfTheCellsInStepTwo() {
        let n = 2000
        let items = writeThenRead(base: 0, bursts: n, reads: false) { i in
            var d = BurstData(); for k in 0..<8 { d[k] = mix(UInt64(i * 8 + k)) }; return d
        }
        let (_, mem) = runMech(mlcConfig(channels: 2), .bitLevelOnly, hints: [(0..<UInt64(n * 64), .denseConvFeatureMap)], items)
        let t = mem.totals
        #expect(t.writes == UInt64(n) && t.writesTwoStep == UInt64(n))
        let share = Double(t.cellsSoftStep) / Double(n * MLCCells.cellsTwoBit)
        #expect(abs(share - 0.5) < 0.01, "\(share)")
        #expect(mem.mechanismTotals.writeBurstsByMode[Int(AccessMode.bitLevel.rawValue)] == UInt64(n))
        let sim = mem.mechanismTotals.written[DataCategory.denseConvFeatureMap.index].neighbourSimilarity
        #expect(abs(sim - 0.5) < 0.01)
    }

    /// Identical neighbour blocks: no BitLevel write needs step 2 (naive MLC still does).
    @Test(arguments: [32, 64, 128])
    func identicalNeighboursSkipStepTwo(block: Int) {
        let n = 500
        let words = block / 32
        let items = writeThenRead(base: 0, bursts: n, reads: false) { i in
            var w = [UInt32](repeating: 0, count: 16)
            for k in 0..<16 { w[k] = UInt32(truncatingIfNeeded: mix(UInt64(i * 16 + (k / (2 * words)) * words + k % words)) | 1) }
            return BurstData(Burst(w))
        }
        var cfg = mlcConfig(channels: 2)
        cfg.controller.bitLevelBlockBits = block
        let hints: [(Range<UInt64>, DataCategory)] = [(0..<UInt64(n * 64), .fcWeights)]
        let (_, mem) = runMech(cfg, .bitLevelOnly, hints: hints, items)
        #expect(mem.totals.writesTwoStep == 0 && mem.totals.cellsSoftStep == 0)
        #expect(mem.mechanismTotals.written[DataCategory.fcWeights.index].neighbourSimilarity == 1)
        let (_, naive) = runMech(cfg, .off, hints: hints, items)
        #expect(naive.totals.writesTwoStep > UInt64(n * 9 / 10))
    }

    // MARK: Soft-only layout

    /// Soft-only data: twice the cells per byte, twice the rows for a stream, one write step.
    @Test func softOnlyUsesTwiceTheCells() {
        let n = 4096
        let items = writeThenRead(base: 0, bursts: n, interval: 2000) { featureBurst($0, zeroPercent: 0) }
        let region: Range<UInt64> = 0..<UInt64(n * 64)
        let cfg = mlcConfig(channels: 2)
        let (d1, soft) = runMech(cfg, .bitLevelOnly, hints: [(region, .fcFeatureMap)], items, record: true)
        let (d2, pair) = runMech(cfg, .bitLevelOnly, hints: [(region, .denseConvFeatureMap)], items, record: true)
        #expect(d1.finished && d2.finished)
        let cs = soft.capacity()[DataCategory.fcFeatureMap.index], cp = pair.capacity()[DataCategory.denseConvFeatureMap.index]
        #expect(cs.bytes == cp.bytes && cs.bytes == UInt64(n * 64))
        #expect(cs.cells == 2 * cp.cells && cp.cells == UInt64(n * 64 * 4))
        let ms = soft.mechanismTotals, mp = pair.mechanismTotals
        #expect(ms.cellsWritten[DataCategory.fcFeatureMap.index] == UInt64(n * 512))
        #expect(mp.cellsWritten[DataCategory.denseConvFeatureMap.index] == UInt64(n * 256))
        #expect(soft.totals.writesTwoStep == 0 && soft.totals.cellsHardStep == 0)
        // Distinct (bank, row) pairs touched: the soft-only layout needs twice as many.
        func rows(_ m: MemorySystem) -> Int {
            Set(m.controllers.flatMap { c in c.commandLog!.filter { $0.command == .act }.map { "\(c.channel) \($0.bank) \($0.row)" } }).count
        }
        #expect(rows(soft) == 2 * rows(pair), "\(rows(soft)) vs \(rows(pair))")
        #expect(soft.totals.rowMisses + soft.totals.rowConflicts > pair.totals.rowMisses + pair.totals.rowConflicts)
    }

    /// Remap and BitLevel on, mixed categories: the independent checker finds no violation.
    @Test func checkerAcceptsMechanismTraffic() {
        let cfg = mlcConfig(channels: 2)
        let hints: [(Range<UInt64>, DataCategory)] = [(0..<262_144, .sparseConvFeatureMap), (262_144..<393_216, .fcFeatureMap),
                                                       (393_216..<524_288, .denseConvFeatureMap), (524_288..<589_824, .convWeights)]
        var items: [TimedRequest] = []
        for i in 0..<4000 {
            let a = i < 2000 ? UInt64(i % 4096) * 64 : (mix(UInt64(i)) % 9216) * 64
            let r = MemoryRequest(id: UInt64(i), address: a, kind: i < 2000 || i % 4 == 0 ? .write : .read,
                                  data: featureBurst(i, zeroPercent: 70))
            items.append(TimedRequest(time: Picoseconds(Int64(i) * 250), request: r))
        }
        var seen = [Int](repeating: 0, count: items.count)
        let (driver, mem) = runMech(cfg, .all(), hints: hints, items, record: true) { seen[Int($0.request.id)] += 1 }
        #expect(driver.finished)
        #expect(seen.allSatisfy { $0 == 1 })
        #expect(mem.totals.modeSwitches > 0)
        #expect(mem.mechanismTotals.encodedDataBursts > 0)
        let checker = TimingChecker(spec: cfg.device, blockBits: cfg.controller.bitLevelBlockBits)
        for c in mem.controllers {
            let v = checker.check(c.commandLog!, banks: cfg.device.organization.banks)
            #expect(v.isEmpty, "channel \(c.channel): \(v.prefix(3))")
        }
    }
}
