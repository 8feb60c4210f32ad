import Foundation
import Testing
@testable import Workloads

/// Roles and Table 1 flags, op structure, options, Winograd and determinism.
@Suite struct PlanDetailTests {
    static func vgg19(batch: Int = 2, _ options: TrainingOptions = TrainingOptions()) throws -> TrainingPlan {
        try TrainingPlan(network: try caffeNetwork("VGG_ILSVRC_19_layers_deploy").withTrainingLoss(), batch: batch, options: options)
    }

    static func named(_ plan: TrainingPlan, _ name: String) throws -> Tensor {
        try #require(plan.tensors.first { $0.name == name }, "no tensor \(name)")
    }

    @Test func rolesAndFlags() throws {
        let plan = try Self.vgg19()
        let conv = try Self.named(plan, "conv1_1")
        #expect(conv.role == .featureMap && conv.stage == .convolutional && conv.isReLUOutput)
        #expect(conv.elementCount == 2 * 64 * 224 * 224)
        let pool = try Self.named(plan, "pool1")
        #expect(pool.isNonNegative && !pool.isReLUOutput && pool.stage == .convolutional)
        #expect(try Self.named(plan, "fc6").stage == .fullyConnected)
        #expect(try Self.named(plan, "fc6.weight").stage == .fullyConnected)
        #expect(try Self.named(plan, "conv5_4.weight").stage == .convolutional)
        #expect(try Self.named(plan, "conv5_4.bias").isBias)
        #expect(try Self.named(plan, "data").role == .inputImage)
        #expect(try Self.named(plan, "label").role == .inputImage)
        #expect(try Self.named(plan, "fc7.diff").role == .gradientMap)
        #expect(try Self.named(plan, "drop7.mask").role == .other)
        #expect(try Self.named(plan, "fc8.weight.momentum").role == .momentum)
        #expect(!plan.tensors.contains { $0.name == "data.diff" || $0.name == "label.diff" }, "inputs need no gradient")
        // In-place ReLU shares the blob: one feature map and one gradient map per distinct blob.
        #expect(plan.tensors.filter { $0.blob == "conv1_1" }.count == 2)
    }

    @Test func googLeNetAuxiliaryClassifiersDoNotMakeLaterConvsFC() throws {
        let plan = try TrainingPlan(network: try caffeNetwork("bvlc_googlenet_train_val"), batch: 1)
        #expect(try Self.named(plan, "loss1/fc").stage == .fullyConnected)
        #expect(try Self.named(plan, "inception_4b/1x1").stage == .convolutional)
        #expect(try Self.named(plan, "loss3/classifier").stage == .fullyConnected)
    }

    @Test func opStructure() throws {
        let plan = try Self.vgg19()
        let ops = { (layer: String) in plan.ops.filter { $0.layer == layer } }
        #expect(ops("conv1_1").map(\.phase) == [.forward, .backwardWeight, .backwardWeight, .update], "no data gradient into the images")
        #expect(ops("conv2_1").map(\.phase) == [.forward, .backwardWeight, .backwardWeight, .backwardData, .update])
        let update = try #require(ops("fc6").last)
        let modes = update.accesses.map { "\(plan.tensor($0.tensor).name):\($0.mode.rawValue)" }
        #expect(modes == ["fc6.weight:read", "fc6.weight.grad:read", "fc6.weight.momentum:read", "fc6.weight.momentum:write", "fc6.weight:write",
                          "fc6.bias:read", "fc6.bias.grad:read", "fc6.bias.momentum:read", "fc6.bias.momentum:write", "fc6.bias:write"])
        let relu = try #require(ops("relu1_1").first)
        #expect(relu.accesses.map(\.tensor) == [relu.accesses[0].tensor, relu.accesses[0].tensor], "ReLU in place")
        #expect(plan.ops.first?.kind == .dataTransfer)
        #expect(Set(plan.ops.map(\.name)).count == plan.ops.count, "op names are unique")
    }

    @Test func conservationCheckerCatchesBrokenPlans() throws {
        var plan = try Self.vgg19()
        plan.ops.removeFirst()
        #expect(!planViolations(plan).isEmpty)
        var other = try Self.vgg19()
        other.ops[3].accesses.append(TensorAccess(tensor: TensorID(other.tensors.count), mode: .read, bytes: 4))
        #expect(!planViolations(other).isEmpty)
    }

    @Test func winogradCutsMainProductMultiplies() throws {
        var options = TrainingOptions()
        options.convolutionAlgorithm = .winograd
        let direct = try Self.vgg19()
        let winograd = try Self.vgg19(options)
        #expect(planViolations(winograd).isEmpty)
        // All VGG convolutions are 3×3 stride 1 on even planes: 36/16 = 2.25× fewer MACs.
        let convMACs = { (plan: TrainingPlan) in
            plan.ops.filter { $0.phase == .forward && $0.layerType == "Convolution" }.reduce(0) { total, op in
                if case .gemm(let shape) = op.kind { total + shape.macs } else { total }
            }
        }
        #expect(convMACs(direct) * 4 == convMACs(winograd) * 9)
        let workspace = try #require(winograd.tensors.first { $0.role == .workspace })
        let traffic = winograd.ops.flatMap(\.accesses).filter { $0.tensor == workspace.id }.reduce(0) { $0 + $1.bytes }
        #expect(traffic > 0 && workspace.bytes <= options.workspaceLimitBytes)
        #expect(winograd.ops.contains { $0.kind == .winogradTransform(.inputTransform) && $0.phase == .backwardData })
        #expect(winograd.footprintBytes > direct.footprintBytes)
    }

    @Test func optionsDecodeWithDefaultsAndValidate() throws {
        let decoded = try JSONDecoder().decode(TrainingOptions.self, from: Data(#"{"momentum": false}"#.utf8))
        var expected = TrainingOptions()
        expected.momentum = false
        #expect(decoded == expected)
        let roundTrip = try JSONDecoder().decode(TrainingOptions.self, from: try JSONEncoder().encode(expected))
        #expect(roundTrip == expected)
        let plan = try Self.vgg19(decoded)
        #expect(!plan.tensors.contains { $0.role == .momentum })
        var bad = TrainingOptions()
        bad.alignment = 3000
        #expect(bad.validate().first?.contains("training.alignment") == true)
        #expect(throws: WorkloadError.self) { try Self.vgg19(bad) }
        #expect(throws: WorkloadError.self) { try Self.vgg19(batch: 0) }
    }

    @Test func plansAreDeterministic() throws {
        let a = try TrainingPlan(network: try caffeNetwork("ResNet-50-deploy"), batch: 4)
        let b = try TrainingPlan(network: try caffeNetwork("ResNet-50-deploy"), batch: 4)
        #expect(a == b)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(a) == encoder.encode(b))
    }

    @Test func residualGradientsAccumulate() throws {
        let plan = try TrainingPlan(network: try caffeNetwork("ResNet-50-deploy"), batch: 1)
        let pool1Diff = try Self.named(plan, "pool1.diff")
        let writers = plan.ops.filter { op in op.accesses.contains { $0.tensor == pool1Diff.id && $0.mode == .write } }
        #expect(writers.count >= 2, "pool1 feeds two branches")
        #expect(writers.dropFirst().allSatisfy { op in op.accesses.contains { $0.tensor == pool1Diff.id && $0.mode == .read } })
    }
}
