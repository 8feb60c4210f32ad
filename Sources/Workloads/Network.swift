/// One layer of a network, validated: its blobs exist and its shapes are known.
///
/// Blob names connect layers as in Caffe: a layer reads its `bottoms` and writes
/// its `tops`; a layer whose single top equals its single bottom runs in place
/// (ReLU, Dropout, BatchNorm, Scale), sharing the blob's memory.
public struct Layer: Hashable, Sendable, Codable {
    public var name: String
    public var kind: LayerKind
    public var bottoms: [String]
    public var tops: [String]
    /// Per-image shapes of `bottoms`, in order.
    public var inputShapes: [BlobShape]
    /// Per-image shapes of `tops`, in order.
    public var outputShapes: [BlobShape]
    /// 1-based line of the layer in its source file (0 if built in code).
    public var line: Int

    /// The Caffe type name (`Convolution`, `ReLU`, …).
    public var typeName: String { kind.typeName }
    /// True when the layer overwrites its input blob (Caffe in-place computation).
    public var isInPlace: Bool { tops.count == 1 && bottoms.count == 1 && tops[0] == bottoms[0] }
    /// Shape of the first bottom (the data input); `outputShapes[0]` for input layers.
    public var primaryInputShape: BlobShape { inputShapes.first ?? outputShapes[0] }
    /// Learnable weights, not counting biases.
    public var weightCount: Int { kind.weightCount(input: primaryInputShape) }
    /// Learnable biases.
    public var biasCount: Int { kind.biasCount(input: primaryInputShape) }
    /// Learnable parameters (weights + biases), as Caffe counts them.
    public var parameterCount: Int { weightCount + biasCount }
    /// Forward multiply-accumulates per image (conv and FC layers).
    public var forwardMACs: Int { kind.forwardMACs(input: primaryInputShape, output: outputShapes[0]) }
}

/// A layer before validation, as a parser or importer produced it.
public struct LayerSpec: Hashable, Sendable {
    public var name: String
    public var kind: LayerKind
    public var bottoms: [String]
    public var tops: [String]
    public var line: Int

    public init(name: String, kind: LayerKind, bottoms: [String], tops: [String], line: Int = 0) {
        self.name = name
        self.kind = kind
        self.bottoms = bottoms
        self.tops = tops
        self.line = line
    }
}

/// A validated CNN: layers in execution order (Caffe order: every blob is
/// produced before it is read), with every blob's per-image shape.
public struct Network: Hashable, Sendable, Codable {
    /// The network's name (Caffe `name:` or the `.net` `network` line).
    public var name: String
    /// The file it was read from, for messages.
    public var file: String
    public var layers: [Layer]
    /// Per-image shape of every blob, by name.
    public var blobShapes: [String: BlobShape]

    /// Validates `specs` and infers every shape.
    /// - Throws: `WorkloadError` naming `file` and the offending layer's line.
    public init(name: String, file: String, specs: [LayerSpec]) throws(WorkloadError) {
        var builder = NetworkBuilder(file: file, specs: specs)
        let layers = try builder.build()
        self.name = name
        self.file = file
        self.layers = layers
        self.blobShapes = builder.shapes
    }

    /// The layer with this name, if any.
    public func layer(named name: String) -> Layer? { layers.first { $0.name == name } }

    /// Learnable parameters of the whole network.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
    /// Forward multiply-accumulates per image.
    public var forwardMACs: Int { layers.reduce(0) { $0 + $1.forwardMACs } }
    /// Values per image over distinct blobs (in-place layers add none), as in REFERENCE.md §4.
    public var distinctBlobValues: Int { blobShapes.values.reduce(0) { $0 + $1.count } }
    /// The first input layer's image shape.
    public var inputShape: BlobShape? {
        for layer in layers { if case .input(let shape) = layer.kind { return shape } }
        return nil
    }
}
