@testable import DataValues

/// A seeded generator for test inputs (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Mix.mix(state)
    }
}

/// `count` words, each zero with probability `p` independently, otherwise a random
/// non-zero word.
func independentZeros(_ p: Double, count: Int, seed: UInt64) -> [UInt32] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
        Double.random(in: 0..<1, using: &rng) < p ? 0 : UInt32.random(in: 1...UInt32.max, using: &rng)
    }
}

/// Words with zero runs and non-zero runs of random lengths (0…maxRun), sprinkled with
/// adversarial bit patterns.
func adversarialWords(count: Int, maxRun: Int, seed: UInt64) -> [UInt32] {
    var rng = SeededGenerator(seed: seed)
    let specials: [UInt32] = [0x8000_0000, 0x7FC0_0000, 0xFFFF_FFFF, 0x0000_0001, 0x7F80_0000, 0xFF80_0000, 0x007F_FFFF]
    var words: [UInt32] = []
    while words.count < count {
        words += Array(repeating: 0, count: Int.random(in: 0...maxRun, using: &rng))
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            words.append(Bool.random(using: &rng) ? specials.randomElement(using: &rng)! : UInt32.random(in: 1...UInt32.max, using: &rng))
        }
    }
    return Array(words.prefix(count))
}

/// Lengths of the maximal runs of zero words.
func zeroRuns(_ words: [UInt32]) -> [Int] {
    var runs: [Int] = []
    var run = 0
    for word in words {
        if word == 0 { run += 1 } else if run > 0 { runs.append(run); run = 0 }
    }
    if run > 0 { runs.append(run) }
    return runs
}

func synthetic(_ model: ValueModel, seed: UInt64 = 1, tensor: UInt64 = 7) -> SyntheticValues {
    try! SyntheticValues(model: model, seed: seed, tensorID: tensor)
}
