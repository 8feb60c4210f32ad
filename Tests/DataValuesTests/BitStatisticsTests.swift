import Testing
@testable import DataValues

@Suite struct BitStatisticsTests {
    @Test(arguments: BlockSize.allCases)
    func identicalNeighboursNeedNoSoftStep(block: BlockSize) {
        let burst = Burst(Array(repeating: 0xDEAD_BEEF, count: 16))
        #expect(BitStatistics.softStepCells(in: burst, block: block) == 0)
        #expect(BitStatistics.neighbourSimilarity(burst.array, block: block) == 1)
    }

    @Test(arguments: BlockSize.allCases)
    func complementaryNeighboursDifferEverywhere(block: BlockSize) {
        // Block A then block B = ~A, for each pair.
        let k = block.words
        var words: [UInt32] = []
        for pair in 0..<(8 / k) {
            let a = (0..<k).map { UInt32(truncatingIfNeeded: 0x1234_5678 &* (pair * k + $0 + 1)) }
            words += a + a.map { ~$0 }
        }
        #expect(BitStatistics.softStepCells(in: Burst(words), block: block) == 256)
        #expect(BitStatistics.neighbourSimilarity(words, block: block) == 0)
    }

    @Test(arguments: BlockSize.allCases)
    func randomBitsAreHalfSimilar(block: BlockSize) {
        let words = synthetic(.uniformRandomBits).words(from: 0, count: 64_000)
        #expect(abs(BitStatistics.neighbourSimilarity(words, block: block) - 0.5) < 0.005)
    }

    @Test func handMadeBurst() {
        var words = Array(repeating: UInt32(0), count: 16)
        words[0] = 0b1011
        words[1] = 0b0001
        let burst = Burst(words)
        // 32-bit pairs (w0, w1): 1011 ^ 0001 = 1010 → 2 cells.
        #expect(BitStatistics.softStepCells(in: burst, block: .bits32) == 2)
        // 64-bit pairs (w0w1, w2w3): all of w0 and w1 differ from zero → 3 + 1.
        #expect(BitStatistics.softStepCells(in: burst, block: .bits64) == 4)
        #expect(BitStatistics.softStepCells(in: burst, block: .bits128) == 4)
        #expect(BitStatistics.softStepCells(UInt64(0xF0), UInt64(0x0F)) == 8)
        #expect(BitStatistics.softStepCells(UInt32.max, 0) == 32)
        #expect(BitStatistics.neighbourSimilarity(words, block: .bits32) == 1 - 2.0 / 256)
    }

    @Test func incompletePairsAreIgnored() {
        #expect(BitStatistics.neighbourSimilarity([], block: .bits32) == 1)
        #expect(BitStatistics.neighbourSimilarity([1, 1, 5], block: .bits32) == 1)
        #expect(BitStatistics.neighbourSimilarity([1, 2, 3], block: .bits64) == 1)
    }

    @Test func zeroFractionAndCompression() {
        #expect(BitStatistics.zeroFraction([]) == 0)
        #expect(BitStatistics.zeroFraction([0, 0x8000_0000, 0, 5]) == 0.5)
        #expect(BitStatistics.compressionRatio([5, 0, 0, 7], block: .bits32) == 72.0 / 128)
    }

    @Test(arguments: BlockSize.allCases)
    func accumulatorAgreesWithTheFunctions(block: BlockSize) {
        let values = synthetic(.postReLU(PostReLUParameters(zeroFraction: 0.5)))
        let words = values.words(from: 160, count: 16 * 500)
        var accumulator = BitStatisticsAccumulator(block: block)
        for b in 0..<500 { accumulator.add(values.burst(at: 160 + 16 * b)) }
        #expect(accumulator.words == words.count)
        #expect(accumulator.zeroFraction == BitStatistics.zeroFraction(words))
        #expect(accumulator.neighbourSimilarity == BitStatistics.neighbourSimilarity(words, block: block))
        #expect(accumulator.compressionRatio == BitStatistics.compressionRatio(words, block: block))
    }
}
