/// Tensors a layer owns besides its output blob.
struct LayerTensors: Sendable {
    var weight: TensorID?
    var bias: TensorID?
    var weightGradient: TensorID?
    var biasGradient: TensorID?
    var weightMomentum: TensorID?
    var biasMomentum: TensorID?
    /// Dropout mask (Caffe `rand_vec_`, one value per element).
    var mask: TensorID?
    /// SoftmaxWithLoss probabilities (Caffe `prob_`).
    var probabilities: TensorID?
    /// BatchNorm normalized input (Caffe `x_norm_`).
    var normalized: TensorID?
    /// Copy of an in-place Scale's input (Caffe `temp_`).
    var bottomCopy: TensorID?
    /// BatchNorm running mean, variance and factor (Caffe's three BatchNorm blobs).
    var statistics: TensorID?
}

/// Every tensor of a training iteration and how layers and blobs map to them.
/// Creation order (= id order): per layer in forward order its output blobs,
/// parameters, gradients, momenta and buffers; then the gradient maps; then
/// the workspace.
struct TensorTable: Sendable {
    private(set) var tensors: [Tensor] = []
    /// Blob name → tensor holding its data (input or feature map, or loss).
    private(set) var data: [String: TensorID] = [:]
    /// Blob name → tensor holding its gradient, for blobs that need one.
    private(set) var diff: [String: TensorID] = [:]
    private(set) var owned: [String: LayerTensors] = [:]
    /// Layers that run a backward pass (Caffe's `layer_need_backward_`).
    private(set) var needsBackward: Set<String> = []
    private(set) var workspace: TensorID?

    init(network: Network, batch: Int, options: TrainingOptions, workspaceBytes: Int) {
        let flags = BlobFlags(network: network)
        for layer in network.layers {
            addOutputs(layer, batch: batch, flags: flags)
            addOwned(layer, batch: batch, options: options, stage: flags.stage(of: layer))
        }
        addGradientMaps(network, batch: batch, flags: flags)
        if workspaceBytes > 0 {
            let elements = (workspaceBytes + TrainingPlan.bytesPerElement - 1) / TrainingPlan.bytesPerElement
            workspace = add(name: "workspace", role: .workspace, layer: "(shared)", type: "Convolution",
                            elements: elements, stage: .convolutional)
        }
    }

    subscript(id: TensorID) -> Tensor { tensors[id.rawValue] }

    private mutating func add(name: String, role: TensorRole, layer: String, type: String, blob: String? = nil,
                              elements: Int, stage: NetworkStage) -> TensorID {
        let id = TensorID(tensors.count)
        tensors.append(Tensor(id: id, name: name, role: role, layer: layer, layerType: type, blob: blob,
                              elementCount: elements, stage: stage))
        return id
    }

    private mutating func addOutputs(_ layer: Layer, batch: Int, flags: BlobFlags) {
        guard !layer.isInPlace else { return }
        for (top, shape) in zip(layer.tops, layer.outputShapes) {
            let role: TensorRole = switch layer.kind {
            case .input: .inputImage
            case .softmaxWithLoss: .other
            default: .featureMap
            }
            let elements = layer.kind.isLoss ? 1 : batch * shape.count
            let id = add(name: top, role: role, layer: layer.name, type: layer.typeName, blob: top,
                         elements: elements, stage: flags.stage[top] ?? .convolutional)
            tensors[id.rawValue].isReLUOutput = flags.relu.contains(top)
            tensors[id.rawValue].isNonNegative = flags.nonNegative.contains(top)
            data[top] = id
        }
    }

    private mutating func addOwned(_ layer: Layer, batch: Int, options: TrainingOptions, stage: NetworkStage) {
        var own = LayerTensors()
        let name = layer.name
        let type = layer.typeName
        let perBatch = batch * layer.primaryInputShape.count
        func tensor(_ suffix: String, _ role: TensorRole, _ elements: Int, bias: Bool = false, persistent: Bool = false) -> TensorID {
            let id = add(name: "\(name).\(suffix)", role: role, layer: name, type: type, elements: elements, stage: stage)
            tensors[id.rawValue].isBias = bias
            tensors[id.rawValue].persistent = persistent
            return id
        }
        if layer.weightCount > 0 {
            own.weight = tensor("weight", .weight, layer.weightCount, persistent: true)
            own.weightGradient = tensor("weight.grad", .weightGradient, layer.weightCount)
            if options.momentum { own.weightMomentum = tensor("weight.momentum", .momentum, layer.weightCount, persistent: true) }
        }
        if layer.biasCount > 0 {
            own.bias = tensor("bias", .weight, layer.biasCount, bias: true, persistent: true)
            own.biasGradient = tensor("bias.grad", .weightGradient, layer.biasCount, bias: true)
            if options.momentum { own.biasMomentum = tensor("bias.momentum", .momentum, layer.biasCount, bias: true, persistent: true) }
        }
        switch layer.kind {
        case .dropout: own.mask = tensor("mask", .other, perBatch)
        case .softmaxWithLoss: own.probabilities = tensor("prob", .other, perBatch)
        case .batchNorm:
            own.statistics = tensor("stats", .other, 2 * layer.primaryInputShape.channels + 1, persistent: true)
            if options.layerBuffers { own.normalized = tensor("x_norm", .other, perBatch) }
        case .scale where layer.isInPlace && options.layerBuffers:
            own.bottomCopy = tensor("temp", .other, perBatch)
        default: break
        }
        owned[name] = own
    }

    /// Caffe's rule: a layer needs backward if it has parameters or any bottom
    /// needs a gradient; its tops then need gradients (loss outputs excepted).
    private mutating func addGradientMaps(_ network: Network, batch: Int, flags: BlobFlags) {
        var needsGradient: Set<String> = []
        var order: [String] = []
        for layer in network.layers {
            if case .input = layer.kind { continue }
            guard layer.kind.isLearnable || layer.bottoms.contains(where: needsGradient.contains) else { continue }
            needsBackward.insert(layer.name)
            guard !layer.kind.isLoss else { continue }
            for top in layer.tops where needsGradient.insert(top).inserted { order.append(top) }
        }
        for blob in order {
            guard let dataID = data[blob] else { continue }
            let source = tensors[dataID.rawValue]
            diff[blob] = add(name: "\(blob).diff", role: .gradientMap, layer: source.layer, type: source.layerType,
                             blob: blob, elements: source.elementCount, stage: source.stage)
        }
    }
}
