/// Validates layer specs in order and infers shapes (see `Network.init`).
/// Checks: non-empty, unique layer names, every bottom produced earlier (with
/// a cycle diagnosis when it is produced later), no blob produced twice except
/// by in-place layers, layer arity and shapes (`LayerKind+Math`).
struct NetworkBuilder {
    let file: String
    let specs: [LayerSpec]
    private(set) var shapes: [String: BlobShape] = [:]
    /// Index of the layer that first produced each blob.
    private var producer: [String: Int] = [:]

    init(file: String, specs: [LayerSpec]) {
        self.file = file
        self.specs = specs
    }

    mutating func build() throws(WorkloadError) -> [Layer] {
        guard !specs.isEmpty else {
            throw WorkloadError(file: file, line: 0, message: "the network has no layers; add at least an Input layer")
        }
        try checkNames()
        var layers: [Layer] = []
        for index in specs.indices {
            layers.append(try buildLayer(index))
        }
        guard layers.contains(where: { if case .input = $0.kind { true } else { false } }) else {
            throw error(specs[0], "the network has no input layer; add an Input (or Data) layer with a shape first")
        }
        return layers
    }

    private func error(_ spec: LayerSpec, _ message: String) -> WorkloadError {
        WorkloadError(file: file, line: spec.line, message: "layer '\(spec.name)' (\(spec.kind.typeName)): \(message)")
    }

    private func checkNames() throws(WorkloadError) {
        var seen: [String: Int] = [:]
        for spec in specs {
            guard !spec.name.isEmpty else {
                throw WorkloadError(file: file, line: spec.line, message: "a \(spec.kind.typeName) layer has an empty name; give every layer a unique name")
            }
            if let first = seen[spec.name] {
                throw error(spec, "duplicate layer name, first defined at line \(first); layer names must be unique, rename one of them")
            }
            seen[spec.name] = spec.line
            for blob in spec.bottoms + spec.tops where blob.isEmpty {
                throw error(spec, "empty blob name; every bottom and top needs a name")
            }
        }
    }

    private mutating func buildLayer(_ index: Int) throws(WorkloadError) -> Layer {
        let spec = specs[index]
        var inputs: [BlobShape] = []
        for bottom in spec.bottoms {
            guard let shape = shapes[bottom] else { throw missingBottom(bottom, of: index) }
            inputs.append(shape)
        }
        if Set(spec.tops).count != spec.tops.count {
            throw error(spec, "the same top is listed twice; give each output blob its own name")
        }
        let inPlace = spec.tops.count == 1 && spec.bottoms.count == 1 && spec.tops[0] == spec.bottoms[0]
        if inPlace, !spec.kind.mayRunInPlace {
            throw error(spec, "top '\(spec.tops[0])' equals the bottom, but \(spec.kind.typeName) cannot run in place; give the top a new name (only ReLU, Dropout, BatchNorm and Scale run in place)")
        }
        if !inPlace {
            for top in spec.tops {
                if spec.bottoms.contains(top) {
                    throw error(spec, "top '\(top)' is also a bottom; only a single-input, single-output layer can run in place")
                }
                if let other = producer[top] {
                    throw error(spec, "blob '\(top)' is already produced by layer '\(specs[other].name)' (line \(specs[other].line)); use a new top name (only in-place layers may reuse a blob)")
                }
            }
        }
        let outputs: [BlobShape]
        do {
            outputs = try spec.kind.outputShapes(inputs: inputs, topCount: spec.tops.count)
        } catch {
            throw self.error(spec, error.message)
        }
        try checkMagnitudes(spec, inputs: inputs, outputs: outputs)
        for (top, shape) in zip(spec.tops, outputs) where !inPlace {
            shapes[top] = shape
            producer[top] = index
        }
        return Layer(name: spec.name, kind: spec.kind, bottoms: spec.bottoms, tops: spec.tops,
                     inputShapes: inputs, outputShapes: outputs, line: spec.line)
    }

    /// Values per image per blob (2^32), weights and operations per image (2^44) are
    /// bounded so that later arithmetic (times a batch of up to 65,536) cannot overflow.
    private func checkMagnitudes(_ spec: LayerSpec, inputs: [BlobShape], outputs: [BlobShape]) throws(WorkloadError) {
        for shape in outputs {
            guard checkedProduct([shape.channels, shape.height, shape.width], limit: 1 << 32) != nil else {
                throw error(spec, "output \(shape) is too large (more than 2^32 values per image); check the hyper-parameters")
            }
        }
        let out = outputs[0]
        let work: [[Int]] = switch spec.kind {
        case .convolution(let p):
            [[p.numOutput, inputs[0].channels / p.group, p.kernelH, p.kernelW],
             [out.channels, out.height, out.width, inputs[0].channels / p.group, p.kernelH, p.kernelW],
             // backward-data: input pixels × C_out/g × ⌈k/s⌉² (see `GemmShape`)
             [inputs[0].channels, inputs[0].height, inputs[0].width, p.numOutput / p.group,
              (p.kernelH + p.strideH - 1) / p.strideH, (p.kernelW + p.strideW - 1) / p.strideW]]
        case .pooling(let p): [[out.channels, out.height, out.width, p.kernelH, p.kernelW]]
        case .lrn(let size): [[out.channels, out.height, out.width, size]]
        default: []
        }
        for factors in work where checkedProduct(factors, limit: 1 << 44) == nil {
            throw error(spec, "the layer is too large (over 2^44 weights or operations per image); check the hyper-parameters")
        }
    }

    /// Explains a bottom that is not available: produced later (out of order or a cycle) or never.
    private func missingBottom(_ blob: String, of index: Int) -> WorkloadError {
        let spec = specs[index]
        guard let later = specs.indices.first(where: { $0 > index && specs[$0].tops.contains(blob) }) else {
            return error(spec, "bottom blob '\(blob)' is not produced by any layer; add a layer with top '\(blob)' before this one or fix the name")
        }
        if let path = dependencyPath(from: later, to: index) {
            let names = ([index] + path).map { "'\(specs[$0].name)'" }.joined(separator: " -> ")
            return error(spec, "bottom blob '\(blob)' comes from a cycle (\(names) reads back into it); a network must be acyclic, rename a blob to break the cycle")
        }
        return error(spec, "bottom blob '\(blob)' is produced only later, by layer '\(specs[later].name)' (line \(specs[later].line)); list layers in execution order, producers first")
    }

    /// A chain of layers from `start` back to `target` through bottoms, if one exists.
    private func dependencyPath(from start: Int, to target: Int) -> [Int]? {
        var visited: Set<Int> = []
        var stack: [(Int, [Int])] = [(start, [start])]
        while let (current, path) = stack.popLast() {
            for bottom in specs[current].bottoms {
                for source in specs.indices where source != current && specs[source].tops.contains(bottom) {
                    if source == target { return path.reversed() + [target] }
                    if visited.insert(source).inserted { stack.append((source, path + [source])) }
                }
            }
        }
        return nil
    }
}
