/// Writes a `Network` as `.net` text that `NetworkParser` reads back into an
/// equal network (layer names, kinds, blobs; source lines differ).
public enum NetworkWriter {
    /// The `.net` text of `network`, preceded by `header` lines as `#` comments.
    public static func text(of network: Network, header: [String] = []) -> String {
        var lines = header.map { $0.isEmpty ? "#" : "# \($0)" }
        lines.append("network \(network.name)")
        let typeWidth = network.layers.map(\.typeName.count).max() ?? 0
        for layer in network.layers {
            var words = [layer.typeName + String(repeating: " ", count: typeWidth - layer.typeName.count), layer.name]
            words += layer.bottoms
            words.append("->")
            words += layer.tops
            words += fields(of: layer.kind)
            lines.append(words.joined(separator: " "))
        }
        lines.append("end")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `N` when both values agree, else `HxW`.
    private static func pair(_ h: Int, _ w: Int) -> String { h == w ? "\(h)" : "\(h)x\(w)" }

    static func fields(of kind: LayerKind) -> [String] {
        switch kind {
        case .input(let shape):
            return ["shape=\(shape)"]
        case .convolution(let p):
            var result = ["num_output=\(p.numOutput)", "kernel=\(pair(p.kernelH, p.kernelW))",
                          "stride=\(pair(p.strideH, p.strideW))", "pad=\(pair(p.padH, p.padW))"]
            if p.group != 1 { result.append("group=\(p.group)") }
            if !p.bias { result.append("bias=false") }
            return result
        case .innerProduct(let numOutput, let bias):
            return ["num_output=\(numOutput)"] + (bias ? [] : ["bias=false"])
        case .pooling(let p):
            if p.global { return ["pool=\(p.method.rawValue)", "global=true"] }
            return ["pool=\(p.method.rawValue)", "kernel=\(pair(p.kernelH, p.kernelW))",
                    "stride=\(pair(p.strideH, p.strideW))", "pad=\(pair(p.padH, p.padW))"]
        case .lrn(let size):
            return ["local_size=\(size)"]
        case .dropout(let ratio):
            return ["ratio=\(ratio)"]
        case .eltwise(let operation):
            return ["operation=\(operation.rawValue)"]
        case .scale(let bias):
            return bias ? ["bias=true"] : []
        case .relu, .concat, .batchNorm, .softmax, .softmaxWithLoss:
            return []
        }
    }
}
