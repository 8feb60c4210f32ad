import Foundation
import Testing
@testable import DataValues

/// Measurements for reports, not checks: run with
/// `DATAVALUES_MEASURE=1 swift test -c release -Xswiftc -enable-testing --filter DataValuesTests.MeasurementTests`.
/// CPU time of the calling thread in seconds (robust to other processes on the machine).
private func threadSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

@Suite(.enabled(if: ProcessInfo.processInfo.environment["DATAVALUES_MEASURE"] != nil))
struct MeasurementTests {
    @Test func postReLUStatistics() {
        for p in [0.3, 0.44, 0.5, 0.7, 0.9] {
            let words = synthetic(.postReLU(PostReLUParameters(zeroFraction: p))).words(from: 0, count: 2_000_000)
            let ratios = BlockSize.allCases.map { String(format: "%.3f", SparseCode.size(of: words, block: $0).compressionRatio) }
            let similarity = BlockSize.allCases.map { String(format: "%.3f", BitStatistics.neighbourSimilarity(words, block: $0)) }
            let runs = zeroRuns(words)
            print("postReLU p=\(p): zeros \(String(format: "%.3f", BitStatistics.zeroFraction(words))), mean zero run \(String(format: "%.1f", Double(runs.reduce(0, +)) / Double(max(runs.count, 1)))), SparseCode ratio 32/64/128 \(ratios), similarity 32/64/128 \(similarity)")
        }
        for (name, model) in [("dense", ValueModel.dense(DenseParameters())), ("weights", .weights(WeightParameters())), ("images", .images(ImageParameters()))] {
            let words = synthetic(model).words(from: 0, count: 1_000_000)
            let similarity = BlockSize.allCases.map { String(format: "%.3f", BitStatistics.neighbourSimilarity(words, block: $0)) }
            print("\(name): similarity 32/64/128 \(similarity)")
        }
    }

    @Test(arguments: ["postReLU", "dense", "weights", "random"])
    func generationSpeed(kind: String) {
        let model: ValueModel = switch kind {
        case "postReLU": .postReLU(PostReLUParameters(zeroFraction: 0.5))
        case "dense": .dense(DenseParameters())
        case "weights": .weights(WeightParameters())
        default: .uniformRandomBits
        }
        let values = synthetic(model)
        var checksum: UInt32 = 0
        let bursts = 4_000_000
        let start = threadSeconds()
        for b in 0..<bursts {
            let burst = values.burst(at: (b &* 7919 % 50_000_000) * 16)  // scattered addresses
            checksum ^= burst.words[b & 15]
        }
        let burstSeconds = threadSeconds() - start
        let buffer = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: 1 << 16)
        defer { buffer.deallocate() }
        let fillStart = threadSeconds()
        for chunk in 0..<1000 { values.fill(buffer, from: chunk << 16); checksum ^= buffer[chunk] }
        let fillSeconds = threadSeconds() - fillStart
        print("\(kind): bursts \(String(format: "%.0f", Double(bursts * 16) / burstSeconds / 1e6)) M words/s, fill \(String(format: "%.0f", Double(1000 << 16) / fillSeconds / 1e6)) M words/s per core-second of thread CPU time (checksum \(checksum))")
    }

    @Test func encoderSpeed() {
        let words = synthetic(.postReLU(PostReLUParameters(zeroFraction: 0.5))).words(from: 0, count: 1 << 22)
        var encoder = SparseCodeEncoder(block: .bits32)
        var cells = 0
        let start = threadSeconds()
        for _ in 0..<16 {
            words.withUnsafeBufferPointer { encoder.feed($0); cells &+= BitStatistics.pairDifferences($0, block: .bits64).differingBits }
        }
        let seconds = threadSeconds() - start
        print("SparseCode size + BitLevel cells: \(String(format: "%.0f", Double(16 << 22) / seconds / 1e6)) M words/s (\(encoder.size.entries), \(cells))")
    }
}

extension MeasurementTests {
    @Test func fieldSpeed() {
        let layout = FieldLayout(PlaneGeometry(), key: 42)
        var cursor = FieldCursor(layout, at: 0)
        var sum: Float = 0
        let start = threadSeconds()
        for _ in 0..<50_000_000 { sum += cursor.next() }
        let seconds = threadSeconds() - start
        print("field: \(String(format: "%.0f", 50_000_000 / seconds / 1e6)) M values/s (\(sum))")
    }
}
