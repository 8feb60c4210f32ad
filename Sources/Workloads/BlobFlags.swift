/// Per-blob facts found by one pass over the layers in order: network stage
/// (see `NetworkStage`), ReLU outputs, and non-negative (sparsity-preserving) values.
struct BlobFlags: Sendable {
    private(set) var stage: [String: NetworkStage] = [:]
    private(set) var relu: Set<String> = []
    private(set) var nonNegative: Set<String> = []

    init(network: Network) {
        for layer in network.layers {
            let fromFC = layer.bottoms.contains { stage[$0] == .fullyConnected }
            let top = layer.tops[0]
            if !layer.isInPlace {
                let isFC: Bool = if case .innerProduct = layer.kind { true } else { fromFC }
                for name in layer.tops { stage[name] = isFC ? .fullyConnected : .convolutional }
            }
            let bottomsNonNegative = !layer.bottoms.isEmpty && layer.bottoms.allSatisfy(nonNegative.contains)
            switch layer.kind {
            case .relu:
                relu.insert(top)
                nonNegative.insert(top)
            case .dropout, .concat, .lrn, .pooling:
                if bottomsNonNegative { nonNegative.insert(top) } else { nonNegative.remove(top) }
                if !layer.isInPlace { relu.remove(top) }
            default:
                for name in layer.tops {
                    relu.remove(name)
                    nonNegative.remove(name)
                }
            }
        }
    }

    /// Stage of a layer: that of its (first) output blob.
    func stage(of layer: Layer) -> NetworkStage { stage[layer.tops[0]] ?? .convolutional }
}
