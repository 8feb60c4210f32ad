import DataValues

extension BurstData {
    /// The 16 words of a DataValues burst: word 2i in the low half of lane i.
    @inline(__always)
    public init(_ b: Burst) {
        self.init()
        for i in 0..<8 { self[i] = UInt64(b.words[2 * i]) | UInt64(b.words[2 * i + 1]) << 32 }
    }

    /// Word `w` (0…15) of the burst.
    @inline(__always)
    func word(_ w: Int) -> UInt32 { UInt32(truncatingIfNeeded: self[w >> 1] >> UInt64((w & 1) << 5)) }
}

extension Burst {
    /// The 16 words of a memory burst (word 2i is the low half of lane i).
    @inline(__always)
    public init(_ d: BurstData) {
        self.init()
        for w in 0..<16 { words[w] = d.word(w) }
    }
}

/// The SparseCode encoder of one feature map's write stream in one controller
/// (seed 000 §3.2, §4.2), producing the device bursts that hold the encoding.
///
/// Blocks of `blockWords` 32-bit words go through the DataValues `EncodingCounter` (the
/// 4-bit zero-run counter; a 16th zero block in a row is stored as an explicit zero).
/// Each stored entry appends its data block to a data staging burst and its 4-bit index
/// to an index staging burst: indexes are packed with indexes and data with data, so
/// BitLevel pairs neighbour indexes in one set of cells and neighbour data blocks in
/// another (§3.2). A staging burst that fills is emitted as one device write burst;
/// `flush()` emits the partial ones at the end of the map (trailing zero blocks are not
/// stored: the decoder restores them from the map's length).
///
/// A plain value (the staging registers are two bursts), so the caller can try an
/// encode on a copy and commit it only when the remapping buffer has room.
public struct SparseStream: Sendable {
    public let blockWords: Int
    /// Logical bursts written unencoded in this pass (before the sparsity register decided,
    /// or because it decided dense): Option 1.
    public var rawBursts = 0
    /// Logical bursts that went through the encoder in this pass.
    public var encodedBursts = 0
    /// Device bursts emitted in this pass.
    public var dataBurstsOut = 0
    public var indexBurstsOut = 0
    /// Last encoded bursts fetched by a read (the decoder keeps them in the remapping buffer).
    var lastDataFetched: Int?
    var lastIndexFetched: Int?
    var counter = EncodingCounter()
    var dataStage = BurstData()
    var dataStaged = 0
    var indexStage = BurstData()
    var indexStaged = 0

    /// Words of a data burst; 4-bit indexes of an index burst.
    public static let wordsPerBurst = 16
    public static let indexesPerBurst = 128

    public init(blockWords: Int) {
        precondition([1, 2, 4].contains(blockWords), "blocks of 32, 64 or 128 bits")
        self.blockWords = blockWords
    }

    /// Encoded data words and indexes stored so far (emitted and staged; a flushed
    /// partial burst's padding not counted).
    public private(set) var dataWords = 0
    public private(set) var indexes = 0
    /// Encoded bytes: data words × 4 + ⌈indexes / 2⌉.
    public var encodedBytes: Int { dataWords * 4 + (indexes + 1) / 2 }

    /// Device bursts emitted by one call: at most one of each kind.
    public struct Emitted: Sendable {
        public var data: BurstData?
        public var index: BurstData?
        public var count: Int { (data == nil ? 0 : 1) + (index == nil ? 0 : 1) }
    }

    /// Encodes one logical burst.
    public mutating func encode(_ d: BurstData) -> Emitted {
        var out = Emitted()
        encodedBursts += 1
        var w = 0
        while w < 16 {
            var or: UInt32 = 0
            for j in 0..<blockWords { or |= d.word(w + j) }
            if let index = counter.step(isZero: or == 0) {
                for j in 0..<blockWords { stageData(d.word(w + j)) }
                stageIndex(index)
                if dataStaged == Self.wordsPerBurst { out.data = dataStage; dataBurstsOut += 1; dataStage = BurstData(); dataStaged = 0 }
                if indexStaged == Self.indexesPerBurst { out.index = indexStage; indexBurstsOut += 1; indexStage = BurstData(); indexStaged = 0 }
            }
            w += blockWords
        }
        return out
    }

    /// Emits the partial staging bursts (end of the map in this controller).
    public mutating func flush() -> Emitted {
        var out = Emitted()
        if dataStaged > 0 { out.data = dataStage; dataBurstsOut += 1; dataStage = BurstData(); dataStaged = 0 }
        if indexStaged > 0 { out.index = indexStage; indexBurstsOut += 1; indexStage = BurstData(); indexStaged = 0 }
        return out
    }

    @inline(__always)
    mutating func stageData(_ word: UInt32) {
        dataStage[dataStaged >> 1] |= UInt64(word) << UInt64((dataStaged & 1) << 5)
        dataStaged += 1
        dataWords += 1
    }

    /// Index n of a burst sits in bits 4n…4n+3 (the earlier entry in the lower nibble,
    /// as `SparseCodeStream.indexBytes`).
    @inline(__always)
    mutating func stageIndex(_ index: UInt8) {
        indexStage[indexStaged >> 4] |= UInt64(index & 0xF) << UInt64((indexStaged & 15) << 2)
        indexStaged += 1
        indexes += 1
    }

    /// The encoded bursts a read of encoded position `q` (0 ≤ q < `encodedBursts`) needs:
    /// the ratio model. Logical burst q's share of the encoding is taken to be the q-th
    /// W-th of it, with W = `encodedBursts`: data words [⌊q·D/W⌋, ⌈(q+1)·D/W⌉) and indexes
    /// [⌊q·I/W⌋, ⌈(q+1)·I/W⌉). Returns the inclusive burst ranges (nil when empty).
    public func burstsNeeded(encodedPosition q: Int) -> (data: ClosedRange<Int>?, index: ClosedRange<Int>?) {
        let wCount = encodedBursts
        precondition(q >= 0 && q < wCount)
        func span(_ total: Int, _ per: Int) -> ClosedRange<Int>? {
            let lo = q * total / wCount, hi = ((q + 1) * total + wCount - 1) / wCount
            return hi > lo ? (lo / per)...((hi - 1) / per) : nil
        }
        return (span(dataWords, Self.wordsPerBurst), span(indexes, Self.indexesPerBurst))
    }

    /// Fractional data words and indexes credited but not yet a whole burst (`credit`).
    var creditedData = 0.0
    var creditedIndexes = 0.0

    /// Books one more logical burst as encoded without its data (a write a sampled client
    /// skipped): it takes the stream's mean data words and indexes per encoded burst so
    /// far, and whole bursts of them count as emitted (their device writes are part of
    /// the client's extrapolation). Nothing is staged; with no encoded burst yet it adds
    /// an encoded position of size zero.
    public mutating func credit() {
        if encodedBursts > 0 {
            creditedData += Double(dataWords) / Double(encodedBursts)
            creditedIndexes += Double(indexes) / Double(encodedBursts)
        }
        encodedBursts += 1
        while creditedData >= Double(Self.wordsPerBurst) {
            creditedData -= Double(Self.wordsPerBurst); dataWords += Self.wordsPerBurst; dataBurstsOut += 1
        }
        while creditedIndexes >= Double(Self.indexesPerBurst) {
            creditedIndexes -= Double(Self.indexesPerBurst); indexes += Self.indexesPerBurst; indexBurstsOut += 1
        }
    }

    /// A new write pass: the old encoding is dead (the map is being overwritten).
    mutating func reset() { self = SparseStream(blockWords: blockWords) }
}
