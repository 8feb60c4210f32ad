/// Options of the Caffe importer.
public struct CaffeImportOptions: Codable, Sendable, Hashable {
    /// Caffe phase to import; layers whose `include`/`exclude` rules reject it are dropped.
    public enum Phase: String, Codable, Sendable, CaseIterable {
        case train = "TRAIN"
        case test = "TEST"
    }

    /// Default `.train`: the simulator models training iterations.
    public var phase: Phase = .train
    /// Image shape (C×H×W) for every data layer, overriding what the file says.
    /// Default nil: `Input`/`MemoryData`/`DummyData` layers and `input_dim`/`input_shape`
    /// declare their shape; `Data`-like layers (LMDB, images, HDF5) take
    /// `3 × crop_size × crop_size` from `transform_param`, else this must be set.
    public var inputShape: BlobShape?

    public init(phase: Phase = .train, inputShape: BlobShape? = nil) {
        self.phase = phase
        self.inputShape = inputShape
    }
}

/// Imports Caffe networks from text prototxt (BVLC Caffe 1.0 `NetParameter`,
/// both the current `layer { type: "Convolution" }` and the V1
/// `layers { type: CONVOLUTION }` styles; `input:` with `input_dim`/`input_shape`).
///
/// Layers that do not take part in training are dropped: those excluded from
/// the chosen phase by `include`/`exclude { phase: … }` (a data layer is kept
/// when no layer of the phase produces its tops, e.g. VGG's TEST-only
/// `MemoryData`), and `Accuracy`/`Silence` layers, which evaluate only.
public enum CaffeImporter {
    /// Imports prototxt text into a validated `Network`.
    /// - Throws: `WorkloadError` with file:line for syntax errors, unsupported
    ///   layer types or fields, missing shapes, and network errors.
    public static func importNetwork(text: String, file: String, options: CaffeImportOptions = .init()) throws(WorkloadError) -> Network {
        var reader = try ProtoReader(text: text, file: file)
        let root = try reader.readAll()
        var specs = try topLevelInputs(root, file: file, options: options)
        let blocks = root.fields.filter { $0.name == "layer" || $0.name == "layers" }
        let selected = try select(blocks, file: file, phase: options.phase)
        for field in selected {
            guard case .message(let message) = field.value else { continue }
            let reader = CaffeLayerReader(message: message, line: field.line, file: file, options: options)
            if let spec = try reader.spec() { specs.append(spec) }
        }
        var name = "network"
        if let field = root.last("name"), case .scalar(let text, _) = field.value { name = text }
        return try Network(name: name, file: file, specs: specs)
    }

    /// `input: "data"` with `input_dim: N C H W` (repeated per input) or `input_shape { dim … }`.
    static func topLevelInputs(_ root: ProtoMessage, file: String, options: CaffeImportOptions) throws(WorkloadError) -> [LayerSpec] {
        let inputs = root.all("input")
        let dims = root.all("input_dim")
        let shapes = root.all("input_shape")
        var specs: [LayerSpec] = []
        for (index, input) in inputs.enumerated() {
            let place = SourcePlace(file: file, line: input.line)
            let name = try ProtoScalar(input, place: place).string()
            var shape: BlobShape
            if index < shapes.count {
                guard case .message(let message) = shapes[index].value else {
                    throw place.error("input_shape must be a block: input_shape { dim: 1 dim: 3 dim: 224 dim: 224 }")
                }
                shape = try ProtoShape.shape(message.all("dim"), place: SourcePlace(file: file, line: shapes[index].line))
            } else if dims.count >= 4 * (index + 1) {
                shape = try ProtoShape.shape(Array(dims[(4 * index)..<(4 * index + 4)]), place: place)
            } else {
                throw place.error("input '\(name)' has no shape; add four 'input_dim:' lines (N, C, H, W) or an 'input_shape { dim: … }' block")
            }
            if let override = options.inputShape { shape = override }
            specs.append(LayerSpec(name: name, kind: .input(shape: shape), bottoms: [], tops: [name], line: input.line))
        }
        return specs
    }

    /// Applies Caffe's phase rules, then keeps data layers whose tops nothing else produces.
    static func select(_ blocks: [ProtoField], file: String, phase: CaffeImportOptions.Phase) throws(WorkloadError) -> [ProtoField] {
        var keep: [Bool] = []
        for block in blocks {
            guard case .message(let message) = block.value else {
                throw WorkloadError(file: file, line: block.line, message: "'\(block.name)' must be a block: \(block.name) { name: … type: … }")
            }
            keep.append(try PhaseRules(message, file: file).admits(phase))
        }
        let produced = Set(zip(blocks, keep).filter { $0.1 }.flatMap { CaffeLayerReader.tops(of: $0.0) })
        for (index, block) in blocks.enumerated() where !keep[index] {
            let tops = CaffeLayerReader.tops(of: block)
            if CaffeLayerReader.isDataLayer(block), !tops.isEmpty, tops.allSatisfy({ !produced.contains($0) }) {
                keep[index] = true
            }
        }
        return zip(blocks, keep).filter { $0.1 }.map { $0.0 }
    }
}

/// Caffe's `NetStateRule` restricted to phases: with `include` rules the layer
/// is kept if one names the phase; with `exclude` rules it is dropped if one does.
struct PhaseRules {
    var include: [String] = []
    var exclude: [String] = []
    var hasInclude = false

    init(_ message: ProtoMessage, file: String) throws(WorkloadError) {
        for field in message.fields where field.name == "include" || field.name == "exclude" {
            guard case .message(let rule) = field.value else {
                throw WorkloadError(file: file, line: field.line, message: "'\(field.name)' must be a block: \(field.name) { phase: TEST }")
            }
            let phases = rule.all("phase").compactMap { if case .scalar(let text, _) = $0.value { text } else { nil } }
            if field.name == "include" {
                hasInclude = true
                include += phases.isEmpty ? ["*"] : phases
            } else {
                exclude += phases
            }
        }
    }

    func admits(_ phase: CaffeImportOptions.Phase) -> Bool {
        if hasInclude { return include.contains(phase.rawValue) || include.contains("*") }
        return !exclude.contains(phase.rawValue)
    }
}
