import Foundation
import Testing
@testable import DataValues

@Suite struct SparseCodeTests {
    private func indexes(_ stream: SparseCodeStream) -> [UInt8] { (0..<stream.entryCount).map { stream.index($0) } }

    @Test func handComputedExample() throws {
        let stream = SparseCode.encode([5, 0, 0, 7])
        #expect(stream.dataWords == [5, 7])
        #expect(indexes(stream) == [0, 2])
        #expect(stream.indexBytes == [0x20])
        #expect(stream.size.encodedBits == 72)
        #expect(stream.size.dataBytes == 8 && stream.size.indexBytes == 1)
        #expect(try SparseCode.decode(stream, count: 4) == [5, 0, 0, 7])
    }

    /// A zero run of length r between two non-zeros: ⌊r/16⌋ filler zeros with index 15,
    /// then the second non-zero with index r mod 16.
    @Test(arguments: [0, 1, 14, 15, 16, 17, 30, 31, 32, 33, 47, 48, 100])
    func runBoundaries(run: Int) throws {
        let words: [UInt32] = [1] + Array(repeating: 0, count: run) + [2]
        let stream = SparseCode.encode(words)
        let expected: [UInt8] = [0] + Array(repeating: 15, count: run / 16) + [UInt8(run % 16)]
        #expect(indexes(stream) == expected)
        #expect(stream.dataWords == [1] + Array(repeating: 0, count: run / 16) + [2])
        #expect(stream.size.encodedBits == 36 * (2 + run / 16))
        #expect(try SparseCode.decode(stream, count: words.count) == words)
    }

    /// Trailing zeros: ⌊t/16⌋ fillers are stored, the rest restored from the length.
    @Test(arguments: [0, 1, 15, 16, 17, 31, 32, 33])
    func trailingZeros(run: Int) throws {
        let words: [UInt32] = [9] + Array(repeating: 0, count: run)
        let stream = SparseCode.encode(words)
        #expect(stream.entryCount == 1 + run / 16)
        #expect(try SparseCode.decode(stream, count: words.count) == words)
        #expect(SparseCode.size(of: words).entries == stream.entryCount)
    }

    @Test func degenerateInputs() throws {
        for words: [UInt32] in [[], [0], [1], Array(repeating: 0, count: 100), Array(1...100)] {
            let stream = SparseCode.encode(words)
            #expect(try SparseCode.decode(stream, count: words.count) == words)
        }
        #expect(SparseCode.encode([]).entryCount == 0)
        #expect(SparseCode.encode([0]).entryCount == 0)
        #expect(SparseCode.encode(Array(repeating: 0, count: 100)).entryCount == 6)
        #expect(SparseCode.encode(Array(1...100)).entryCount == 100)
        #expect(SparseCode.size(of: Array(1...100)).compressionRatio == 1.125)
    }

    /// Only all-zero bits are zero: −0.0, NaNs and denormals are stored as data.
    @Test func specialBitPatternsAreData() throws {
        let words: [UInt32] = [0x8000_0000, 0, 0x7FC0_0000, 0xFFFF_FFFF, 0, 0, 0x0000_0001, 0x7F80_0001]
        let stream = SparseCode.encode(words)
        #expect(stream.dataWords == [0x8000_0000, 0x7FC0_0000, 0xFFFF_FFFF, 0x0000_0001, 0x7F80_0001])
        #expect(indexes(stream) == [0, 1, 0, 2, 0])
        #expect(try SparseCode.decode(stream, count: words.count) == words)
    }

    @Test func blocksAreZeroOnlyWhenAllWordsAre() throws {
        let words: [UInt32] = [1, 0, 0, 0, 0, 2]
        let stream = SparseCode.encode(words, block: .bits64)
        #expect(stream.dataWords == [1, 0, 0, 2])
        #expect(indexes(stream) == [0, 1])
        #expect(stream.size.encodedBits == 2 * 68)
        #expect(stream.size.dataBytes == 16)
        // 5 words in 128-bit blocks: the last block is zero-padded, then cut on decode.
        let odd: [UInt32] = [0, 0, 0, 0, 3]
        let packed = SparseCode.encode(odd, block: .bits128)
        #expect(packed.dataWords == [3, 0, 0, 0] && indexes(packed) == [1])
        #expect(try SparseCode.decode(packed, count: 5) == odd)
    }

    @Test(arguments: BlockSize.allCases)
    func seededRoundTrips(block: BlockSize) throws {
        var rng = SeededGenerator(seed: UInt64(block.bits))
        for trial in 0..<300 {
            let count = Int.random(in: 0...400, using: &rng)
            let words = adversarialWords(count: count, maxRun: [3, 20, 70][trial % 3], seed: UInt64(trial))
            let stream = SparseCode.encode(words, block: block)
            #expect(try SparseCode.decode(stream, count: count) == words)
            #expect(SparseCode.size(of: words, block: block).entries == stream.entryCount)
            var encoder = SparseCodeEncoder(block: block)
            words.forEach { encoder.feed($0) }
            #expect(encoder.size == SparseCodeSize(block: block, originalWords: count, entries: stream.entryCount))
        }
    }

    /// REFERENCE.md §5: independent zeros with fraction p give 1.125·(1−p)/(1−p^16).
    @Test(arguments: [0.3, 0.5, 0.7, 0.9])
    func independentZerosMatchClosedForm(p: Double) {
        let ratio = SparseCode.size(of: independentZeros(p, count: 200_000, seed: 3)).compressionRatio
        let expected = 1.125 * (1 - p) / (1 - pow(p, 16))
        #expect(abs(ratio - expected) < 0.01, "p = \(p): \(ratio) vs \(expected)")
    }

    /// Seed 000 Fig. 12: with long zero runs, larger blocks compress better.
    @Test func largerBlocksCompressLongZeroRunsBetter() {
        // 16 non-zeros then 64 zeros: per period 16 + 4 fillers × 36 bits (32-bit
        // blocks), 8 + 2 × 68 bits (64-bit), 4 + 1 × 132 bits (128-bit).
        let period: [UInt32] = Array(1...16) + Array(repeating: 0, count: 64)
        let words = Array(repeating: period, count: 100).flatMap { $0 }
        let bits = BlockSize.allCases.map { SparseCode.size(of: words, block: $0).encodedBits }
        #expect(bits == [100 * 720, 100 * 680, 100 * 660])
        // Strongly clustered synthetic maps (whole zero planes, smooth fields).
        var params = PostReLUParameters(zeroFraction: 0.7, zeroClustering: 0.995, planeVariation: 0.9)
        params.geometry.correlationLength = 16
        let sparse = synthetic(.postReLU(params)).words(from: 0, count: 200_000)
        let ratios = BlockSize.allCases.map { SparseCode.size(of: sparse, block: $0).compressionRatio }
        #expect(ratios[0] > ratios[1] && ratios[1] > ratios[2], "\(ratios)")
    }

    @Test func corruptStreamsAreErrors() throws {
        let stream = SparseCode.encode([1, 0, 0, 2])
        #expect(throws: ValueError.self) { try SparseCode.decode(stream, count: 3) }
        #expect(throws: ValueError.self) { try SparseCode.decode(stream, count: -1) }
        #expect(throws: ValueError.self) {
            try SparseCodeStream(block: .bits32, dataWords: [1], indexBytes: [], entryCount: 1)
        }
        let rebuilt = try SparseCodeStream(block: .bits32, dataWords: stream.dataWords, indexBytes: stream.indexBytes, entryCount: 2)
        #expect(rebuilt == stream)
        #expect(stream.indexWords == [0x20])
    }
}
