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

    /// Writing the map again starts a new pass: the register decides afresh and the
    /// encoding is replaced, not appended to.
    @Test func rewriteStartsANewPass() {
        let n = 1024
        var items = writeThenRead(base: 0, bursts: n, reads: false) { featureBurst($0, zeroPercent: 80) }
        items += writeThenRead(base: 0, bursts: n, reads: false) { featureBurst($0, zeroPercent: 0) }.enumerated().map {
            var t = $0.element
            t.time = Picoseconds(t.time.raw + 10_000_000)
            t.request.id += UInt64(n)
            return t
        }
        let (driver, mem) = runMech(mlcConfig(channels: 2), .all(sample: 512), hints: [(0..<UInt64(n * 64), .sparseConvFeatureMap)], items)
        #expect(driver.finished)
        let m = mem.mechanismTotals
        #expect(m.decisionsSparse == 1 && m.decisionsDense == 1)
        #expect(mem.mechanisms.streams.allSatisfy { $0.encodedBursts == 0 })
        let cap = mem.capacity()[DataCategory.sparseConvFeatureMap.index]
        #expect(cap.storedBytes == cap.bytes)
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
