import Testing
@testable import DataValues

@Suite struct SparsityDetectorTests {
    private func decide(_ words: [UInt32], _ parameters: SparsityDetector.Parameters = .init()) -> SparsityDetector {
        var detector = SparsityDetector(parameters: parameters)
        detector.feed(words)
        detector.finish()
        return detector
    }

    @Test func allZerosIsSparse() {
        var detector = SparsityDetector()
        detector.feed(repeatElement(UInt32(0), count: 65_536))
        #expect(detector.decision == .sparse)
        #expect(detector.register == 0)
    }

    /// 65,536 dense values would overflow a 16-bit counter: it saturates at 65,535.
    @Test func noZerosIsDenseAndTheRegisterSaturates() {
        var detector = SparsityDetector()
        detector.feed(repeatElement(UInt32(0x3F80_0000), count: 65_535))
        #expect(detector.decision == nil)
        #expect(detector.register == 65_535)
        detector.feed(0x3F80_0000)
        #expect(detector.decision == .dense)
        #expect(detector.register == 65_535)
        #expect(detector.blocksSeen == 65_536)
        detector.feed(repeatElement(UInt32(0), count: 1_000))  // ignored after the decision
        #expect(detector.blocksSeen == 65_536 && detector.finish() == .dense)
    }

    /// Index 7 (< 8) counts, index 8 does not; filler zeros never count.
    @Test func onlyNonZerosWithShortPrecedingRunsCount() {
        let seven = Array(repeating: [0, 0, 0, 0, 0, 0, 0, 1] as [UInt32], count: 10).flatMap { $0 }
        #expect(decide(seven).register == 10)
        let eight = Array(repeating: [0, 0, 0, 0, 0, 0, 0, 0, 1] as [UInt32], count: 10).flatMap { $0 }
        #expect(decide(eight).register == 0)
        // 16 zeros: the 16th is a filler (index 15), the next non-zero has index 0.
        let filler: [UInt32] = Array(repeating: 0, count: 16) + [1]
        #expect(decide(filler).register == 1)
    }

    /// Dense iff register > 32,768.
    @Test(arguments: [(32_768, SparsityDetector.Decision.sparse), (32_769, .dense)])
    func registerThresholdIsStrict(nonZeros: Int, expected: SparsityDetector.Decision) {
        var detector = SparsityDetector()
        detector.feed(repeatElement(UInt32(1), count: nonZeros))
        detector.feed(repeatElement(UInt32(0), count: 65_536 - nonZeros))
        #expect(detector.register == UInt16(nonZeros))
        #expect(detector.decision == expected)
    }

    /// Short maps are decided at the end against the threshold scaled to their length.
    @Test func shortMapsAreDecidedAtTheEnd() {
        #expect(decide(Array(repeating: 1, count: 100)).decision == .dense)
        #expect(decide(Array(repeating: 0, count: 100)).decision == .sparse)
        #expect(decide([1, 0, 1, 0]).decision == .sparse)  // 2 · 65,536 > 32,768 · 4 is false
        #expect(decide([1, 1, 1, 0]).decision == .dense)
        #expect(decide([]).decision == .dense)
        var detector = SparsityDetector()
        detector.feed([1, 2, 3])
        #expect(detector.decision == nil)
    }

    @Test func blocksOfSeveralWords() {
        // Blocks (1,0) (0,0) (0,0) (0,2): non-zero blocks with index 0 and 2 → 2 counted.
        let words: [UInt32] = [1, 0, 0, 0, 0, 0, 0, 2]
        let low = decide(words, .init(sampleBlocks: 4, registerThreshold: 1, block: .bits64))
        #expect(low.register == 2 && low.blocksSeen == 4 && low.decision == .dense)
        let high = decide(words, .init(sampleBlocks: 4, registerThreshold: 2, block: .bits64))
        #expect(high.decision == .sparse)
    }

    @Test func parametersValidate() {
        #expect(SparsityDetector.Parameters().validate().isEmpty)
        let bad = SparsityDetector.Parameters(sampleBlocks: 0, indexThreshold: 17, registerThreshold: 70_000)
        let problems = bad.validate()
        #expect(problems.count == 3)
        #expect(problems[0].hasPrefix("sparsity.sampleBlocks"))
    }

    @Test func syntheticMapsAreClassifiedByTheirSparsity() {
        let sparse = synthetic(.postReLU(PostReLUParameters(zeroFraction: 0.7))).words(from: 0, count: 65_536)
        #expect(decide(sparse).decision == .sparse)
        let dense = synthetic(.dense(DenseParameters())).words(from: 0, count: 65_536)
        #expect(decide(dense).decision == .dense)
    }
}
