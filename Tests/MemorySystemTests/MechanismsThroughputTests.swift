import Foundation
import Testing
import SimKernel
import DataValues
@testable import MemorySystem

/// Opt-in release measurement of the remap logic's cost per request:
/// `MECHANISMS_MEASURE=1 swift test -c release --filter MechanismsThroughput`.
/// Same random trace (70 % reads, 8 channels, every request offered at once) through the
/// naive MLC path and through the remap logic with every byte annotated.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MECHANISMS_MEASURE"] != nil))
struct MechanismsThroughputTests {
    /// A random trace whose write data comes from a sparse feature-map model.
    struct Trace: RequestSource {
        var inner: SyntheticSource
        mutating func next() -> TimedRequest? {
            guard var t = inner.next() else { return nil }
            if t.request.kind == .write { t.request.data = featureBurst(Int(t.request.id), zeroPercent: 60) }
            return t
        }
    }

    @Test func measure() {
        let n: UInt64 = 1_000_000
        let footprint: UInt64 = 1 << 30
        // 16 regions of 64 MiB, categories in turn.
        let cats: [DataCategory] = [.sparseConvFeatureMap, .denseConvFeatureMap, .fcFeatureMap, .fcWeights,
                                    .convWeights, .inputImagesAndGradients, .other, .sparseConvFeatureMap]
        let hints = (0..<16).map { i in (UInt64(i) << 26..<UInt64(i + 1) << 26, cats[i % cats.count]) }
        for (name, settings, annotate) in [("mlc", MechanismSettings.off, false), ("bitlevel", .bitLevelOnly, true),
                                           ("bitlevel+sparsecode", MechanismSettings(remap: true, bitLevel: true, sparseCode: true), true),
                                           ("mlc", MechanismSettings.off, false)] {
            let sim = Simulator()
            let mem = MemorySystem(config: mlcConfig(channels: 8), mechanisms: settings, sim: sim)
            if annotate { for (r, c) in hints { mem.annotate(region: r, category: c) } }
            let src = Trace(inner: SyntheticSource(pattern: .random, count: n, readFraction: 0.7, footprint: footprint, seed: 1))
            let start = DispatchTime.now().uptimeNanoseconds
            let driver = RequestDriver(memory: mem, source: src, sim: sim)
            sim.run()
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            #expect(driver.finished)
            print("MEASURE \(name): \(String(format: "%.3f", Double(driver.completed) / wall / 1e6)) M requests/s (\(driver.completed) requests, \(String(format: "%.2f", wall)) s)")
        }
    }
}
