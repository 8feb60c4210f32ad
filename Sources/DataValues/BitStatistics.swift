/// Bit-level statistics of write data, measured from the bits (DESIGN.md "Data values").
///
/// BitLevel (seed 000 §3.2) stores neighbour blocks A (hard bits) and B (soft bits) in the
/// same cells: the pairs are blocks (0, 1), (2, 3), … of the stream. The hard-bit write
/// step writes A and copies A[i] into the soft bit; a second (soft) step is needed only
/// in the cells where B[i] ≠ A[i]: popcount(A xor B) cells.
public enum BitStatistics {
    /// Cells of one pair of 32-bit blocks that need the soft write step.
    @inlinable @inline(__always)
    public static func softStepCells(_ a: UInt32, _ b: UInt32) -> Int { (a ^ b).nonzeroBitCount }

    /// Cells of one pair of 64-bit blocks that need the soft write step.
    @inlinable @inline(__always)
    public static func softStepCells(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// Cells of a 64-byte burst (256 cells) that need the soft write step under BitLevel
    /// pairing with `block`-sized blocks.
    @inlinable
    public static func softStepCells(in burst: Burst, block: BlockSize) -> Int {
        let k = block.words
        var cells = 0
        var pairStart = 0
        while pairStart < Burst.wordCount {
            for j in 0..<k {
                cells &+= (burst.words[pairStart + j] ^ burst.words[pairStart + k + j]).nonzeroBitCount
            }
            pairStart &+= 2 * k
        }
        return cells
    }

    /// Differing bits between paired blocks of `words` (pairs (0,1), (2,3), … of
    /// `block`-sized blocks; an incomplete last pair is ignored), and the number of pairs.
    @inlinable
    public static func pairDifferences(_ words: UnsafeBufferPointer<UInt32>, block: BlockSize) -> (differingBits: Int, pairs: Int) {
        let k = block.words
        let pairs = words.count / (2 * k)
        var differing = 0
        for pair in 0..<pairs {
            let a = pair * 2 * k
            for j in 0..<k { differing &+= (words[a + j] ^ words[a + k + j]).nonzeroBitCount }
        }
        return (differing, pairs)
    }

    /// Neighbour bit-level similarity (seed 000 Fig. 11): the fraction of bit positions i
    /// where paired blocks agree, A[i] == B[i]. 1 for identical neighbours, ≈ 0.5 for
    /// random bits, 0 for complementary neighbours; 1 when there is no complete pair.
    public static func neighbourSimilarity(_ words: [UInt32], block: BlockSize) -> Double {
        let (differing, pairs) = words.withUnsafeBufferPointer { pairDifferences($0, block: block) }
        return pairs == 0 ? 1 : 1 - Double(differing) / Double(pairs * block.bits)
    }

    /// Fraction of words that are zero (all 32 bits 0); 0 for an empty stream.
    public static func zeroFraction(_ words: [UInt32]) -> Double {
        words.isEmpty ? 0 : Double(words.lazy.filter { $0 == 0 }.count) / Double(words.count)
    }

    /// SparseCode encoded ÷ original size of `words` with `block`-sized blocks.
    public static func compressionRatio(_ words: [UInt32], block: BlockSize) -> Double {
        SparseCode.size(of: words, block: block).compressionRatio
    }
}

/// Accumulates the bit statistics of a write stream burst by burst (hot path: plain
/// counters, no allocation).
public struct BitStatisticsAccumulator: Sendable, Hashable {
    public let block: BlockSize
    /// Words seen.
    public private(set) var words = 0
    /// Words that were zero.
    public private(set) var zeroWords = 0
    /// Bits compared between paired blocks, and how many of them differed.
    public private(set) var comparedBits = 0
    public private(set) var differingBits = 0
    /// SparseCode size of the stream so far.
    public private(set) var encoder: SparseCodeEncoder

    public init(block: BlockSize = .bits32) {
        self.block = block
        encoder = SparseCodeEncoder(block: block)
    }

    /// Adds one 64-byte burst (a burst holds whole pairs for every block size).
    public mutating func add(_ burst: Burst) {
        words += Burst.wordCount
        for k in 0..<Burst.wordCount where burst.words[k] == 0 { zeroWords += 1 }
        differingBits += BitStatistics.softStepCells(in: burst, block: block)
        comparedBits += Burst.wordCount * 16
        encoder.feed(burst)
    }

    /// Fraction of paired bits that agree (see `BitStatistics.neighbourSimilarity`).
    public var neighbourSimilarity: Double {
        comparedBits == 0 ? 1 : 1 - Double(differingBits) / Double(comparedBits)
    }
    /// Fraction of zero words.
    public var zeroFraction: Double { words == 0 ? 0 : Double(zeroWords) / Double(words) }
    /// SparseCode encoded ÷ original size.
    public var compressionRatio: Double { encoder.size.compressionRatio }
}
