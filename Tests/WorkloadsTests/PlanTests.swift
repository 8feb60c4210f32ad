import Foundation
import Testing
@testable import Workloads

/// Loads a public Caffe file by base name.
func caffeNetwork(_ name: String) throws -> Network {
    let url = try TestPaths.caffe("\(name).prototxt")
    return try CaffeImporter.importNetwork(text: try TestPaths.read(url), file: url.lastPathComponent)
}

/// Structural invariants of a plan; returns the violations found.
func planViolations(_ plan: TrainingPlan) -> [String] {
    var problems: [String] = []
    var written: Set<TensorID> = []
    var lastPhase = Phase.forward
    let order: [Phase: Int] = [.forward: 0, .backwardData: 1, .backwardWeight: 1, .update: 2]
    for (index, op) in plan.ops.enumerated() {
        if op.index != index { problems.append("\(op.name): index \(op.index) at \(index)") }
        if (order[op.phase] ?? 0) < (order[lastPhase] ?? 0) { problems.append("\(op.name): phase out of order") }
        lastPhase = op.phase
        if op.flops < 0 { problems.append("\(op.name): negative flops") }
        for access in op.accesses {
            guard access.tensor.rawValue >= 0, access.tensor.rawValue < plan.tensors.count else {
                problems.append("\(op.name): unknown tensor \(access.tensor)")
                continue
            }
            let tensor = plan.tensor(access.tensor)
            if access.bytes <= 0 || access.offset < 0 || access.offset + access.bytes > tensor.bytes {
                problems.append("\(op.name): access outside \(tensor.name)")
            }
            if access.mode == .read, !tensor.persistent, !written.contains(tensor.id) {
                problems.append("\(op.name): reads \(tensor.name) before any write")
            }
            if access.mode == .write { written.insert(tensor.id) }
        }
    }
    for tensor in plan.tensors where !written.contains(tensor.id) && !tensor.persistent {
        problems.append("\(tensor.name) is never written")
    }
    return problems
}

@Suite struct PlanTests {
    static let networks = ["VGG_ILSVRC_19_layers_deploy", "bvlc_alexnet_train_val", "bvlc_googlenet_train_val", "ResNet-50-deploy"]

    @Test(arguments: networks)
    func conservation(name: String) throws {
        let network = try caffeNetwork(name)
        for options in [TrainingOptions(), { var o = TrainingOptions(); o.convolutionAlgorithm = .winograd; o.momentum = false; o.layerBuffers = false; return o }()] {
            let plan = try TrainingPlan(network: network, batch: 8, options: options)
            let problems = planViolations(plan)
            #expect(problems.isEmpty, "\(name): \(problems.prefix(5))")
            #expect(plan.tensors.enumerated().allSatisfy { $0.offset == $0.element.id.rawValue })
        }
    }

    @Test(arguments: networks)
    func forwardGemmsMatchLayerMath(name: String) throws {
        let network = try caffeNetwork(name)
        let batch = 4
        let plan = try TrainingPlan(network: network, batch: batch)
        for layer in network.layers where layer.forwardMACs > 0 {
            let gemms = plan.ops.filter { $0.layer == layer.name && $0.phase == .forward }
            #expect(gemms.count == 1, "\(layer.name)")
            guard case .gemm(let shape) = gemms.first?.kind else { Issue.record("\(layer.name): no gemm"); continue }
            #expect(shape.macs == batch * layer.forwardMACs, "\(layer.name)")
            // Traffic covers at least input, weights and output.
            let need = (layer.primaryInputShape.count + layer.outputShapes[0].count) * batch * 4 + layer.weightCount * 4
            #expect((gemms.first?.readBytes ?? 0) + (gemms.first?.writeBytes ?? 0) >= need, "\(layer.name)")
        }
        #expect(plan.gemmMACs(phase: .forward) == batch * network.forwardMACs)
    }

    @Test func vgg19ForwardMACs() throws {
        let plan = try TrainingPlan(network: try caffeNetwork("VGG_ILSVRC_19_layers_deploy"), batch: 2)
        #expect(plan.gemmMACs(phase: .forward) / 2 == 19_632_062_464)
        // Backward-weight MACs equal forward MACs (same products, transposed).
        #expect(plan.gemmMACs(phase: .backwardWeight) == plan.gemmMACs(phase: .forward))
    }
}
