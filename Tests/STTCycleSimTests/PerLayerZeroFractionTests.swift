import Testing
import MemorySystem
import Workloads
@testable import STTCycleSim

/// `values.reluZeroFractions`: VGG blobs take their measured zero fractions; others the constant.
@Suite struct PerLayerZeroFractionTests {
    func zeroFraction(network name: String?, blob: String) throws -> Double {
        var net = try WorkloadLibrary().load("vgg16")
        if let name { net.name = name }
        let plan = try TrainingPlan(network: net.withTrainingLoss(), batch: 1)
        let values = try WorkloadValues(plan: plan, network: net, config: ValuesConfig(), seed: 1)
        let t = try #require(plan.tensors.first { $0.role == .featureMap && $0.blob == blob && $0.isReLUOutput })
        let r = plan.allocation.region(of: t.id)
        var zeros = 0, words = 0
        var a = UInt64(r.start)
        while a + 64 <= UInt64(r.end) {
            let d = values.data(forBurstAt: a)
            for k in 0..<8 {
                let w = d[k]
                if w & 0xFFFF_FFFF == 0 { zeros += 1 }
                if w >> 32 == 0 { zeros += 1 }
            }
            words += 16
            a += 64 * 7   // every 7th burst over the whole tensor
        }
        return Double(zeros) / Double(words)
    }

    @Test func vggBlobsUseTheirMeasuredZeroFraction() throws {
        #expect(ValuesConfig.vgg16Measured["conv2_2"] == 0.9392)
        let measured = try zeroFraction(network: nil, blob: "conv2_2")
        #expect(abs(measured - 0.9392) < 0.03, "\(measured)")
        let other = try zeroFraction(network: "not-vgg", blob: "conv2_2")
        #expect(abs(other - 0.44) < 0.05, "\(other)")
    }
}
