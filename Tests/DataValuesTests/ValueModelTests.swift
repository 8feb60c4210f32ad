import Foundation
import Testing
@testable import DataValues

@Suite struct ValueModelTests {
    static let models: [ValueModel] = [
        .postReLU(PostReLUParameters()),
        .postReLU(PostReLUParameters(geometry: PlaneGeometry(width: 7, height: 5, correlationLength: 3))),
        .dense(DenseParameters(geometry: PlaneGeometry(width: 13, height: 3, correlationLength: 1))),
        .weights(WeightParameters()),
        .images(ImageParameters()),
        .constant(bits: 0x3F80_0000),
        .uniformRandomBits,
    ]

    @Test(arguments: models)
    func deterministicPerSeedAndTensor(model: ValueModel) {
        let a = synthetic(model, seed: 1, tensor: 2).words(from: 1000, count: 512)
        #expect(a == synthetic(model, seed: 1, tensor: 2).words(from: 1000, count: 512))
        if case .constant = model { return }
        #expect(a != synthetic(model, seed: 3, tensor: 2).words(from: 1000, count: 512))
        #expect(a != synthetic(model, seed: 1, tensor: 4).words(from: 1000, count: 512))
    }

    /// Any range equals the slice of a longer range, across row and plane boundaries;
    /// bursts and single words agree with ranges.
    @Test(arguments: models)
    func randomAccessIsConsistent(model: ValueModel) {
        let values = synthetic(model)
        let long = values.words(from: 0, count: 20_000)
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let start = Int.random(in: 0..<19_900, using: &rng)
            let count = Int.random(in: 0...100, using: &rng)
            #expect(values.words(from: start, count: count) == Array(long[start..<start + count]))
            #expect(values.word(at: start) == long[start])
            if start + 16 <= long.count {
                #expect(values.burst(at: start).array == Array(long[start..<start + 16]))
            }
        }
        let source = ValueSource.synthetic(values)
        #expect(source.words(from: 123, count: 50) == Array(long[123..<173]))
        #expect(source.burst(at: 5).array == Array(long[5..<21]))
        #expect(source.word(at: 9) == long[9])
        // Far indexes (a ~15 GB tensor) are as cheap and consistent.
        let far = 3_900_000_000
        #expect(values.words(from: far, count: 32) == (far..<far + 32).map { values.word(at: $0) })
    }

    /// Small planes so that many planes (the unit of per-plane variation) are sampled.
    private func postReLU(_ p: Double, clustering: Double = 0.95, plane: Double = 0.5) -> [UInt32] {
        let params = PostReLUParameters(zeroFraction: p, geometry: PlaneGeometry(width: 16, height: 16, correlationLength: 8),
                                        zeroClustering: clustering, planeVariation: plane)
        return synthetic(.postReLU(params)).words(from: 0, count: 400_000)
    }

    @Test(arguments: [0.0, 0.1, 0.3, 0.44, 0.5, 0.7, 0.9, 1.0])
    func postReLUZeroFractionMatches(p: Double) {
        let zeros = BitStatistics.zeroFraction(postReLU(p))
        #expect(abs(zeros - p) < 0.02, "p = \(p): realized \(zeros)")
        let independent = BitStatistics.zeroFraction(postReLU(p, clustering: 0, plane: 0))
        #expect(abs(independent - p) < 0.01, "p = \(p) without clustering: realized \(independent)")
    }

    /// Independent zeros give mean runs of 1/(1−p); the default model's are longer.
    @Test(arguments: [0.3, 0.5, 0.7])
    func postReLUZerosAreClustered(p: Double) {
        let runs = zeroRuns(postReLU(p))
        let mean = Double(runs.reduce(0, +)) / Double(runs.count)
        #expect(mean > 2 / (1 - p), "mean zero run \(mean)")
        let independentRuns = zeroRuns(postReLU(p, clustering: 0, plane: 0))
        let independentMean = Double(independentRuns.reduce(0, +)) / Double(independentRuns.count)
        #expect(abs(independentMean * (1 - p) - 1) < 0.05, "independent mean zero run \(independentMean)")
    }

    @Test func postReLUMagnitudes() {
        let words = synthetic(.postReLU(PostReLUParameters(zeroFraction: 0.3))).words(from: 0, count: 100_000)
        let values = words.filter { $0 != 0 }.map { Float(bitPattern: $0) }
        #expect(values.allSatisfy { $0.isFinite && $0 > 0 })
        let median = values.sorted()[values.count / 2]
        #expect(median > 0.5 && median < 2.5, "median \(median)")
        // Neighbouring non-zeros share exponents more often than random pairs do.
        let exponents = words.map { Int($0 >> 23) }
        var adjacent = 0, adjacentSame = 0, distant = 0, distantSame = 0
        for i in 0..<(words.count - 5000) where words[i] != 0 {
            if words[i + 1] != 0 { adjacent += 1; adjacentSame += exponents[i] == exponents[i + 1] ? 1 : 0 }
            if words[i + 4999] != 0 { distant += 1; distantSame += exponents[i] == exponents[i + 4999] ? 1 : 0 }
        }
        let near = Double(adjacentSame) / Double(adjacent), far = Double(distantSame) / Double(distant)
        #expect(near > far + 0.1, "same exponent: adjacent \(near), distant \(far)")
    }

    private func moments(_ words: [UInt32]) -> (mean: Double, std: Double, lag1: Double) {
        let x = words.map { Double(Float(bitPattern: $0)) }
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
        var covariance = 0.0
        for i in 1..<x.count { covariance += (x[i] - mean) * (x[i - 1] - mean) }
        return (mean, variance.squareRoot(), covariance / Double(x.count - 1) / variance)
    }

    @Test func denseMaps() {
        let words = synthetic(.dense(DenseParameters(sigma: 2))).words(from: 0, count: 100_000)
        #expect(BitStatistics.zeroFraction(words) < 0.001)
        let negative = Double(words.filter { $0 >> 31 == 1 }.count) / Double(words.count)
        #expect(abs(negative - 0.5) < 0.05)
        let m = moments(words)
        #expect(abs(m.std - 2) < 0.2 && abs(m.mean) < 0.2 && m.lag1 > 0.3, "\(m)")
        let white = moments(synthetic(.dense(DenseParameters(correlation: 0))).words(from: 0, count: 100_000))
        #expect(abs(white.lag1) < 0.02 && abs(white.std - 1) < 0.05, "\(white)")
    }

    @Test func weights() {
        let m = moments(synthetic(.weights(WeightParameters())).words(from: 0, count: 100_000))
        #expect(abs(m.std - 0.01) < 0.0005 && abs(m.mean) < 0.0002 && abs(m.lag1) < 0.02, "\(m)")
        #expect(abs(WeightParameters.he(fanIn: 200).sigma - 0.1) < 1e-12)
    }

    @Test func images() {
        let words = synthetic(.images(ImageParameters())).words(from: 0, count: 100_000)
        let pixels = words.map { Float(bitPattern: $0) }
        #expect(pixels.allSatisfy { $0 >= 0 && $0 <= 255 && $0 == $0.rounded() })
        let m = moments(words)
        #expect(abs(m.mean - 114.8) < 10 && abs(m.std - 57.6) < 10 && m.lag1 > 0.7, "\(m)")
        let normalised = ImageParameters(offset: 114.8, scale: 1.0 / 255)
        let scaled = synthetic(.images(normalised)).words(from: 0, count: 1000).map { Float(bitPattern: $0) }
        #expect(scaled.allSatisfy { abs($0) <= 0.56 })
    }

    @Test func constantAndRandomBits() {
        #expect(synthetic(.constant(bits: 0x8000_0000)).words(from: 99, count: 40).allSatisfy { $0 == 0x8000_0000 })
        let ones = synthetic(.uniformRandomBits).words(from: 0, count: 10_000).reduce(0) { $0 + $1.nonzeroBitCount }
        #expect(abs(Double(ones) / 320_000 - 0.5) < 0.01)
    }

    @Test func invalidParametersAreReported() {
        var bad = PostReLUParameters(zeroFraction: 1.5)
        bad.geometry.width = 0
        bad.log2Spread = .nan
        #expect(ValueModel.postReLU(bad).validate().count == 3)
        do {
            _ = try SyntheticValues(model: .postReLU(bad), seed: 0, tensorID: 0)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidParameters)
            #expect(error.description.contains("postReLU.zeroFraction must be in 0.0...1.0"))
            #expect(error.description.contains("postReLU.geometry.width"))
        }
        for model in Self.models { #expect(model.validate().isEmpty) }
    }

    @Test func modelsRoundTripThroughJSON() throws {
        let data = try JSONEncoder().encode(Self.models)
        #expect(try JSONDecoder().decode([ValueModel].self, from: data) == Self.models)
    }

    /// The approximate Gaussian used everywhere has unit variance and a CDF close to Φ.
    @Test func approximateGaussian() {
        var rng = SeededGenerator(seed: 5)
        let samples = (0..<200_000).map { _ in Double(Mix.gaussian(rng.next())) }
        let below = samples.filter { $0 < inverseNormalCDF(0.1) }.count
        #expect(abs(Double(below) / 200_000 - 0.1) < 0.005)
        let variance = samples.reduce(0) { $0 + $1 * $1 } / 200_000
        #expect(abs(variance - 1) < 0.01)
        #expect(abs(inverseNormalCDF(0.975) - 1.959964) < 1e-5)
    }
}
