import Testing
import SimKernel
import DataValues
@testable import MemorySystem

@Suite struct MechanismsSparseCodeTests {
    /// The controller's burst encoder produces exactly the DataValues codec's data words
    /// and packed indexes, split into data bursts and index bursts.
    @Test(arguments: [1, 2, 4])
    func encoderMatchesCodec(blockWords: Int) {
        for zero: UInt64 in [0, 50, 90, 100] {
            let bursts = (0..<300).map { featureBurst($0, zeroPercent: zero, seed: 5) }
            var stream = SparseStream(blockWords: blockWords)
            var dataOut: [UInt32] = [], indexOut: [UInt8] = []
            func take(_ e: SparseStream.Emitted) {
                if let d = e.data { dataOut += Burst(d).array }
                if let x = e.index { for n in 0..<128 { indexOut.append(UInt8((x[n >> 4] >> UInt64((n & 15) * 4)) & 0xF)) } }
            }
            for b in bursts { take(stream.encode(b)) }
            let staged = (stream.dataWords, stream.indexes)
            take(stream.flush())
            let words = bursts.flatMap { Burst($0).array }
            let ref = SparseCode.encode(words, block: BlockSize(rawValue: blockWords * 32)!)
            #expect(staged.0 == ref.dataWords.count && staged.1 == ref.entryCount)
            #expect(Array(dataOut.prefix(ref.dataWords.count)) == ref.dataWords, "zero \(zero)%")
            #expect(dataOut.dropFirst(ref.dataWords.count).allSatisfy { $0 == 0 })
            #expect((0..<ref.entryCount).map { ref.index($0) } == Array(indexOut.prefix(ref.entryCount)))
            #expect(stream.encodedBytes == ref.size.encodedBytes)
        }
    }

    /// An all-zero feature map compresses maximally: one filler entry per 16 zero blocks.
    @Test func allZeroMapCompressesMaximally() {
        let n = 4096   // 256 KiB
        let items = writeThenRead(base: 0, bursts: n) { _ in BurstData() }
        let settings = MechanismSettings.all(sample: 1024)
        let (driver, mem) = runMech(mlcConfig(channels: 2), settings, hints: [(0..<UInt64(n * 64), .sparseConvFeatureMap)], items)
        #expect(driver.finished)
        let m = mem.mechanismTotals
        #expect(m.decisionsSparse == 1 && m.decisionsDense == 0)
        // The first 1,024 values (64 bursts) went raw before the register decided.
        #expect(m.sparseRawBytes == 64 * 64)
        #expect(m.sparseOriginalBytes == UInt64((n - 64) * 64))
        // 128-bit blocks, 4 per burst: one 132-bit entry per 16 zero blocks, per channel stream.
        let perStream = mem.mechanisms.streams
        for s in perStream {
            let blocks = s.encodedBursts * 4
            #expect(s.dataWords == blocks / 16 * 4 && s.indexes == blocks / 16)
        }
        #expect(m.compressionRatio < 0.07 && m.compressionRatio > 0.06, "\(m.compressionRatio)")
        #expect(m.encodedDataBursts + m.encodedIndexBursts < UInt64(n / 10))
        let cap = mem.capacity()[DataCategory.sparseConvFeatureMap.index]
        #expect(cap.cells < cap.bytes * 4 / 10)
        // A sequential scan fetches every encoded burst once, and no more.
        let enc = perStream.reduce(0) { $0 + $1.dataBurstsOut + $1.indexBurstsOut }
        #expect(m.encodedDeviceReads == UInt64(enc), "\(m.encodedDeviceReads) device reads for \(enc) encoded bursts")
        #expect(mem.totals.reads == UInt64(64 + enc))
    }

    /// SparseCode off (or a dense map): no encoding and the same BitLevel counters as the
    /// `bitlevel` configuration.
    @Test func sparseCodeOffChangesOnlyEncoding() {
        let n = 2048
        let hints: [(Range<UInt64>, DataCategory)] = [(0..<UInt64(n * 64), .sparseConvFeatureMap)]
        let dense = writeThenRead(base: 0, bursts: n) { featureBurst($0, zeroPercent: 5) }
        let (d1, a) = runMech(mlcConfig(channels: 2), .bitLevelOnly, hints: hints, dense)
        let (d2, b) = runMech(mlcConfig(channels: 2), .all(), hints: hints, dense)
        #expect(outcome(a, d1) == outcome(b, d2))
        #expect(b.mechanismTotals.decisionsDense == 1 && b.mechanismTotals.sparseOriginalBytes == 0)
        let sparse = writeThenRead(base: 0, bursts: n) { featureBurst($0, zeroPercent: 80) }
        let (_, c) = runMech(mlcConfig(channels: 2), .bitLevelOnly, hints: hints, sparse)
        let (_, e) = runMech(mlcConfig(channels: 2), .all(), hints: hints, sparse)
        #expect(c.mechanismTotals.encodedDataBursts == 0 && c.mechanismTotals.sparseOriginalBytes == 0)
        #expect(c.totals.writes == UInt64(n))
        #expect(e.mechanismTotals.decisionsSparse == 1)
        #expect(e.totals.writes < c.totals.writes / 2 && e.totals.reads < c.totals.reads / 2)
        #expect(e.totals.cellsHardStep < c.totals.cellsHardStep / 2)
        let ratio = e.mechanismTotals.compressionRatio
        #expect(ratio > 0.1 && ratio < 0.4, "\(ratio)")
    }

    /// All requests offered at once against a small buffer: back-pressure happens, the
    /// buffer never holds more than its entries, every request completes exactly once,
    /// and the checker finds no violation.
    @Test(arguments: [4, 16])
    func remapBufferBackPressure(entries: Int) {
        let n = 3000
        var items: [TimedRequest] = []
        for i in 0..<n {
            items.append(TimedRequest(time: .zero, request: MemoryRequest(id: UInt64(i), address: UInt64(i) * 64, kind: .write,
                                                                          data: featureBurst(i, zeroPercent: 85))))
        }
        for i in 0..<n {
            let a = UInt64(i % 2 == 0 ? i : (i * 7) % n) * 64
            items.append(TimedRequest(time: Picoseconds(1), request: MemoryRequest(id: UInt64(n + i), address: a, kind: .read)))
        }
        var settings = MechanismSettings.all(sample: 256)
        settings.remapBufferEntries = entries
        var cfg = mlcConfig(channels: 2)
        cfg.controller.readQueue = 8
        cfg.controller.writeQueue = 8
        cfg.controller.writeDrainHigh = 6
        cfg.controller.writeDrainLow = 2
        cfg.mapping = AddressMappingConfig(order: "bg,co,ba", hashBanks: false)  // the map the access pattern was built for
        var seen = [Int](repeating: 0, count: 2 * n)
        let (driver, mem) = runMech(cfg, settings, hints: [(0..<UInt64(n * 64), .sparseConvFeatureMap)], items,
                                    record: true) { seen[Int($0.request.id)] += 1 }
        #expect(driver.finished)
        #expect(seen.allSatisfy { $0 == 1 })
        let m = mem.mechanismTotals
        #expect(m.bufferMaxOccupancy <= entries && m.bufferMaxOccupancy > 0)
        #expect(m.bufferRefusals > 0)
        #expect(mem.mechanisms.used.allSatisfy { $0 == 0 })
        #expect(m.encodedLogicalReads > 0 && m.readsMerged + m.readsFromBuffer > 0)
        let checker = TimingChecker(spec: cfg.device, blockBits: cfg.controller.bitLevelBlockBits)
        for c in mem.controllers {
            let v = checker.check(c.commandLog!, banks: cfg.device.organization.banks)
            #expect(v.isEmpty, "channel \(c.channel): \(v.prefix(3))")
        }
    }

    /// The hint before a writer starts a new pass: the register decides afresh and the
    /// encoding is replaced, not appended to.
    @Test func aHintStartsANewPass() {
        let n = 1024
        let map: Range<UInt64> = 0..<UInt64(n * 64)
        let first = writeThenRead(base: 0, bursts: n, reads: false) { featureBurst($0, zeroPercent: 80) }
        let second = writeThenRead(base: 0, bursts: n, reads: false) { featureBurst($0, zeroPercent: 0) }.map {
            var t = $0
            t.time = Picoseconds(t.time.raw + 10_000_000)
            t.request.id += UInt64(n)
            return t
        }
        let (mem, finished) = runMechPhases(mlcConfig(channels: 2), .all(sample: 512), [
            MechPhase(before: { $0.annotate(region: map, category: .sparseConvFeatureMap) }, items: first),
            MechPhase(before: { $0.annotate(region: map, category: .sparseConvFeatureMap) }, items: second),
        ])
        #expect(finished)
        let m = mem.mechanismTotals
        #expect(m.decisionsSparse == 1 && m.decisionsDense == 1)
        #expect(m.passOverflowWrites == 0)
        #expect(mem.mechanisms.streams.allSatisfy { $0.encodedBursts == 0 })
        let cap = mem.capacity()[DataCategory.sparseConvFeatureMap.index]
        #expect(cap.storedBytes == cap.bytes)
    }

    /// Without a hint a pass never ends (stop 26: it used to end after as many writes as the
    /// map holds). Writes after a channel's part of the map is complete — a previous
    /// writer's late write-backs took positions first — are stored unencoded at their
    /// address; the stream keeps every position, so later reads of the whole map are
    /// served encoded past the raw prefix, and the register decided once.
    @Test func lateWritesDoNotStartAPass() {
        let n = 2048, late = 700
        let map: Range<UInt64> = 0..<UInt64(n * 64)
        // The previous writer's last `late` bursts arrive first, then the whole map.
        var items = (0..<late).map { k in
            TimedRequest(time: Picoseconds(Int64(k) * 400),
                         request: MemoryRequest(id: UInt64(k), address: UInt64(n - late + k) * 64, kind: .write,
                                                data: featureBurst(n - late + k, zeroPercent: 80)))
        }
        items += writeThenRead(base: 0, bursts: n, reads: false) { featureBurst($0, zeroPercent: 80) }.map {
            var t = $0
            t.time = Picoseconds(t.time.raw + Int64(late) * 400)
            t.request.id += UInt64(late)
            return t
        }
        let readsOfMap = reads(0..<n, start: 20_000_000, firstID: UInt64(n + late))
        let (mem, finished) = runMechPhases(mlcConfig(channels: 2), .all(sample: 512), [
            MechPhase(before: { $0.annotate(region: map, category: .sparseConvFeatureMap) }, items: items),
            MechPhase(items: readsOfMap),
        ])
        #expect(finished)
        let m = mem.mechanismTotals
        #expect(m.decisionsSparse == 1 && m.decisionsDense == 0, "one pass, one decision")
        #expect(m.passOverflowWrites == UInt64(late))
        #expect(m.logicalWrites[DataCategory.sparseConvFeatureMap.index] == UInt64(n + late))
        let e = mem.mechanisms
        for s in e.streams.indices { #expect(e.streams[s].rawBursts + e.streams[s].encodedBursts == e.streamSlots[s]) }
        let raw = e.streams.reduce(0) { $0 + $1.rawBursts }
        #expect(m.encodedLogicalReads == UInt64(n - raw), "every read past the raw prefix is served encoded")
        #expect(m.sparseRawBytes == UInt64((raw + late) * 64))
    }

    /// A write a sampled client skipped and credits (`creditSkippedWrite`) takes a stream
    /// position like a written burst — encoded at the pass's mean size after a sparse
    /// decision — but makes no request: device writes are those of the written half alone,
    /// and the credited half's later reads are served encoded. Each channel's last slot is
    /// left to a write. Without SparseCode a credit changes nothing.
    @Test func creditedWritesTakePositionsWithoutTraffic() {
        let n = 4096, half = n / 2
        let map: Range<UInt64> = 0..<UInt64(n * 64)
        let written = writeThenRead(base: 0, bursts: half, reads: false) { featureBurst($0, zeroPercent: 85) }
        let readsOfMap = reads(0..<n, start: 20_000_000, firstID: UInt64(n))
        func run(_ settings: MechanismSettings, credit: Bool) -> MemorySystem {
            let (mem, finished) = runMechPhases(mlcConfig(channels: 2), settings, [
                MechPhase(before: { $0.annotate(region: map, category: .sparseConvFeatureMap) }, items: written),
                MechPhase(before: { mem in
                    guard credit else { return }
                    for i in half..<n { mem.creditSkippedWrite(address: UInt64(i) * 64) { featureBurst(i, zeroPercent: 85) } }
                }),
                MechPhase(items: readsOfMap),
            ])
            #expect(finished)
            return mem
        }
        let plain = run(.all(sample: 256), credit: false), credited = run(.all(sample: 256), credit: true)
        #expect(credited.wantsSkippedWrites)
        let (p, c) = (plain.mechanismTotals, credited.mechanismTotals)
        let channels = credited.controllers.count
        #expect(c.creditedWrites == UInt64(half - channels), "all but each channel's last slot")
        let e = credited.mechanisms
        for s in e.streams.indices { #expect(e.streams[s].rawBursts + e.streams[s].encodedBursts == e.streamSlots[s] - 1) }
        #expect(c.encodedDataBursts == p.encodedDataBursts && c.encodedIndexBursts == p.encodedIndexBursts)
        #expect(credited.totals.writes == plain.totals.writes && credited.totals.energyWriteFJ == plain.totals.energyWriteFJ)
        #expect(c.encodedLogicalReads >= p.encodedLogicalReads + UInt64(half - channels))
        #expect(credited.totals.reads < plain.totals.reads, "credited positions are read encoded, not raw")
        // BitLevel alone keeps no per-write state: nothing to credit, nothing changes.
        let a = run(.bitLevelOnly, credit: false), b = run(.bitLevelOnly, credit: true)
        #expect(!b.wantsSkippedWrites && b.mechanismTotals.creditedWrites == 0)
        #expect(outcomeCounters(a) == outcomeCounters(b))
    }

    /// Same inputs, same outcome (controller and mechanism counters), with every
    /// mechanism on; per-channel counters add up to the totals.
    @Test func deterministic() {
        let items = writeThenRead(base: 0, bursts: 1500, interval: 100) { featureBurst($0, zeroPercent: 75) }
        let hints: [(Range<UInt64>, DataCategory)] = [(0..<64_000, .sparseConvFeatureMap), (64_000..<96_000, .fcFeatureMap)]
        let (d1, a) = runMech(mlcConfig(channels: 2), .all(sample: 256), hints: hints, items)
        let (d2, b) = runMech(mlcConfig(channels: 2), .all(sample: 256), hints: hints, items)
        #expect(outcome(a, d1) == outcome(b, d2))
        let (x, y) = (a.mechanismTotals, b.mechanismTotals)
        #expect(x.writeBurstsByMode == y.writeBurstsByMode && x.readBurstsByMode == y.readBurstsByMode)
        #expect(x.sparseEncodedBytes == y.sparseEncodedBytes && x.written == y.written)
        let sum = a.mechanisms.stats(channel: 0).encodedDataBursts + a.mechanisms.stats(channel: 1).encodedDataBursts
        #expect(sum == x.encodedDataBursts && sum > 0)
        #expect(x.readBurstsByMode.reduce(0, +) == a.totals.reads && x.writeBurstsByMode.reduce(0, +) == a.totals.writes)
    }
}
