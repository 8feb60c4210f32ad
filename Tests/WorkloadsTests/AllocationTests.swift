import Foundation
import Testing
@testable import Workloads

@Suite struct AllocationTests {
    static let mib = Double(1 << 20)

    /// Seed 000 Fig. 1(a): VGG-19 at batch 128 does not fit an 11 GB GTX 1080 Ti;
    /// REFERENCE.md §4: ≈ 126 MB (MiB) per image (data + gradient per blob).
    @Test func vgg19Footprint() throws {
        let network = try caffeNetwork("VGG_ILSVRC_19_layers_deploy")
        let plan128 = try TrainingPlan(network: network, batch: 128)
        let plan64 = try TrainingPlan(network: network, batch: 64)
        let perImage = Double(plan128.footprintBytes - plan64.footprintBytes) / 64 / Self.mib
        print("VGG-19 footprint batch 128: \(plan128.footprintBytes) B = \(Double(plan128.footprintBytes) / 1e9) GB; per image \(perImage) MiB")
        #expect(plan128.footprintBytes > 11_000_000_000)
        #expect(abs(perImage - 126) / 126 < 0.05, "per image \(perImage) MiB")
        // Parameters: weights, gradients, momenta = 3 × 143,667,240 × 4 B (plus alignment).
        let parameters = plan128.bytes(of: .weight) + plan128.bytes(of: .weightGradient) + plan128.bytes(of: .momentum)
        #expect(parameters == 3 * 143_667_240 * 4)
    }

    @Test func alexNetIsMuchSmaller() throws {
        let alex = try TrainingPlan(network: try caffeNetwork("bvlc_alexnet_train_val"), batch: 128)
        let vgg = try TrainingPlan(network: try caffeNetwork("VGG_ILSVRC_19_layers_deploy"), batch: 128)
        print("AlexNet footprint batch 128: \(alex.footprintBytes) B = \(Double(alex.footprintBytes) / 1e9) GB")
        #expect(alex.footprintBytes * 5 < vgg.footprintBytes)
        #expect(alex.footprintBytes < 11_000_000_000)
    }

    @Test(arguments: PlanTests.networks)
    func footprintMonotoneInBatch(name: String) throws {
        let network = try caffeNetwork(name)
        var previous = 0
        for batch in [1, 2, 3, 8, 32, 128] {
            let footprint = try TrainingPlan(network: network, batch: batch).footprintBytes
            #expect(footprint > previous, "\(name) batch \(batch)")
            previous = footprint
        }
    }

    @Test func regionsAlignedDisjointAndFindable() throws {
        var options = TrainingOptions()
        options.baseAddress = 1 << 20
        options.convolutionAlgorithm = .winograd
        let plan = try TrainingPlan(network: try caffeNetwork("bvlc_googlenet_train_val"), batch: 3, options: options)
        let regions = plan.allocation.regions
        #expect(regions.count == plan.tensors.count)
        #expect(regions.first?.start == 1 << 20)
        for (index, region) in regions.enumerated() {
            #expect(region.tensor.rawValue == index)
            #expect(region.start % 4096 == 0)
            #expect(region.length == plan.tensors[index].bytes)
            if index > 0 { #expect(regions[index - 1].end <= region.start) }
            #expect(plan.allocation.tensor(at: region.start) == region.tensor)
            #expect(plan.allocation.tensor(at: region.end - 1) == region.tensor)
        }
        #expect(plan.allocation.tensor(at: 0) == nil)
        let last = regions[regions.count - 1]
        #expect(plan.footprintBytes == Allocation.alignUp(last.end, to: 4096) - (1 << 20))
        #expect(plan.tensors.contains { $0.role == .workspace })
    }
}
