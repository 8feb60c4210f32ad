extension Network {
    /// True when some layer computes a loss.
    public var hasLoss: Bool { layers.contains { $0.kind.isLoss } }

    /// The network as trained: a deploy network (no loss layer) gets a `label`
    /// top on its first input layer and each final Softmax (an output no other
    /// layer reads) becomes a `SoftmaxWithLoss` against `label`, named `loss`
    /// (`loss2`, … when there are several) — what Caffe's train_val files do.
    /// Networks with a loss are returned unchanged.
    /// - Throws: `WorkloadError` if the result does not validate (e.g. no input layer).
    public func withTrainingLoss() throws(WorkloadError) -> Network {
        guard !hasLoss else { return self }
        let consumed = Set(layers.filter { !$0.isInPlace }.flatMap(\.bottoms))
        var specs: [LayerSpec] = []
        var label: String?
        var losses = 0
        for layer in layers {
            var spec = LayerSpec(name: layer.name, kind: layer.kind, bottoms: layer.bottoms, tops: layer.tops, line: layer.line)
            if case .input = layer.kind, label == nil {
                if layer.tops.count == 1 { spec.tops.append(blobShapes["label"] == nil ? "label" : "\(layer.name)_label") }
                label = spec.tops[1]
            }
            if layer.kind == .softmax, !consumed.contains(layer.tops[0]), let label {
                losses += 1
                let name = losses == 1 ? "loss" : "loss\(losses)"
                spec = LayerSpec(name: name, kind: .softmaxWithLoss, bottoms: [layer.bottoms[0], label], tops: [name], line: layer.line)
            }
            specs.append(spec)
        }
        return try Network(name: name, file: file, specs: specs)
    }
}
