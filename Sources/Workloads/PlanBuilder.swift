/// Builds the ops of one training iteration (see `TrainingPlan`): forward
/// through every layer, loss-gradient seeds for outputs without a loss layer,
/// backward in reverse order for layers that need it, then the SGD updates.
struct PlanBuilder {
    let network: Network
    let batch: Int
    let options: TrainingOptions
    let winograd: WinogradPlanner
    var table: TensorTable
    private(set) var ops: [Op] = []
    /// Gradient maps already written in this backward pass; later writers accumulate (read + write).
    private var gradientWritten: Set<TensorID> = []

    init(network: Network, batch: Int, options: TrainingOptions) {
        self.network = network
        self.batch = batch
        self.options = options
        self.winograd = WinogradPlanner(network: network, batch: batch, options: options)
        self.table = TensorTable(network: network, batch: batch, options: options, workspaceBytes: winograd.workspaceBytes)
    }

    mutating func build() -> [Op] {
        for layer in network.layers { forward(layer) }
        seedTerminalGradients()
        for layer in network.layers.reversed() where table.needsBackward.contains(layer.name) {
            backward(layer)
        }
        for layer in network.layers where layer.kind.isLearnable { update(layer) }
        return ops
    }

    // MARK: - Helpers

    mutating func emit(_ layer: Layer, _ phase: Phase, _ kind: OpKind, flops: Int,
                       _ accesses: [TensorAccess?], suffix: String = "") {
        ops.append(Op(index: ops.count, name: "\(layer.name)/\(phase.rawValue)\(suffix)", layer: layer.name,
                      layerType: layer.typeName, phase: phase, kind: kind, flops: flops,
                      accesses: accesses.compactMap { $0 }))
    }

    func read(_ id: TensorID?) -> TensorAccess? {
        id.map { TensorAccess(tensor: $0, mode: .read, bytes: table[$0].bytes) }
    }

    func write(_ id: TensorID?) -> TensorAccess? {
        id.map { TensorAccess(tensor: $0, mode: .write, bytes: table[$0].bytes) }
    }

    func data(_ blob: String) -> TensorID? { table.data[blob] }
    func diff(_ blob: String) -> TensorID? { table.diff[blob] }
    func owned(_ layer: Layer) -> LayerTensors { table.owned[layer.name] ?? LayerTensors() }

    /// Writes of the gradients of `blobs`; a gradient written before is accumulated
    /// into (read, then write) unless `reads` already reads it.
    mutating func writeGradients(_ blobs: [String], reads: [TensorAccess?]) -> [TensorAccess?] {
        var result: [TensorAccess?] = []
        let alreadyRead = Set(reads.compactMap { $0?.tensor })
        for blob in blobs {
            guard let id = diff(blob) else { continue }
            if !gradientWritten.insert(id).inserted, !alreadyRead.contains(id) { result.append(read(id)) }
            result.append(write(id))
        }
        return result
    }

    /// Records that `id` is written; false if it was written before (so the writer accumulates).
    mutating func markGradientWritten(_ id: TensorID) -> Bool {
        gradientWritten.insert(id).inserted
    }

    /// Bottoms whose gradient the layer must compute.
    func bottomsNeedingGradient(_ layer: Layer) -> [String] {
        layer.bottoms.filter { diff($0) != nil }
    }

    /// Values of the layer's first output over the batch.
    func outputElements(_ layer: Layer) -> Int { batch * layer.outputShapes[0].count }

    // MARK: - Loss seeds and updates

    /// Outputs that need a gradient but feed no other layer (networks without a loss layer,
    /// e.g. a deploy net ending in Softmax): an implicit loss writes their gradient.
    mutating func seedTerminalGradients() {
        let consumed = Set(network.layers.filter { !$0.isInPlace }.flatMap(\.bottoms))
        for layer in network.layers where !layer.isInPlace {
            for top in layer.tops where !consumed.contains(top) {
                guard let id = diff(top) else { continue }
                gradientWritten.insert(id)
                emit(layer, .backwardData, .elementwise, flops: table[id].elementCount,
                     [read(data(top)), write(id)], suffix: "/loss_gradient")
            }
        }
    }

    /// SGD (with momentum when enabled): per parameter tensor, read weight, gradient and
    /// momentum; write momentum and weight. 5 FLOPs per value with momentum, 3 without.
    mutating func update(_ layer: Layer) {
        let own = owned(layer)
        var accesses: [TensorAccess?] = []
        for (value, gradient, momentum) in [(own.weight, own.weightGradient, own.weightMomentum),
                                            (own.bias, own.biasGradient, own.biasMomentum)] where value != nil {
            accesses += [read(value), read(gradient), read(momentum), write(momentum), write(value)]
        }
        emit(layer, .update, .elementwise, flops: (options.momentum ? 5 : 3) * layer.parameterCount, accesses)
    }
}
