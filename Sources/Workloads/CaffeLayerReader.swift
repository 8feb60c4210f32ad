/// Turns one Caffe `layer { … }` (or V1 `layers { … }`) block into a `LayerSpec`.
/// Fields the simulator does not need (fillers, `param`, `loss_weight`, …) are ignored.
struct CaffeLayerReader {
    let message: ProtoMessage
    let line: Int
    let file: String
    let options: CaffeImportOptions

    /// V1 (`LayerParameter.LayerType`) enum names mapped to current type names.
    static let v1Types: [String: String] = [
        "CONVOLUTION": "Convolution", "INNER_PRODUCT": "InnerProduct", "RELU": "ReLU", "POOLING": "Pooling",
        "LRN": "LRN", "DROPOUT": "Dropout", "CONCAT": "Concat", "ELTWISE": "Eltwise", "SOFTMAX": "Softmax",
        "SOFTMAX_LOSS": "SoftmaxWithLoss", "DATA": "Data", "IMAGE_DATA": "ImageData", "MEMORY_DATA": "MemoryData",
        "HDF5_DATA": "HDF5Data", "WINDOW_DATA": "WindowData", "DUMMY_DATA": "DummyData", "ACCURACY": "Accuracy",
        "SILENCE": "Silence",
    ]
    static let dataTypes: Set<String> = ["Input", "Data", "ImageData", "MemoryData", "HDF5Data", "WindowData", "DummyData"]
    /// Evaluation-only layers: no part of a training iteration's work.
    static let ignoredTypes: Set<String> = ["Accuracy", "Silence"]
    static let computeTypes = LayerType.computing.map(\.rawValue)

    private var place: SourcePlace { SourcePlace(file: file, line: line) }

    static func typeName(_ message: ProtoMessage) -> String? {
        guard let field = message.last("type"), case .scalar(let text, _) = field.value else { return nil }
        return v1Types[text] ?? text
    }

    static func tops(of block: ProtoField) -> [String] {
        guard case .message(let message) = block.value else { return [] }
        return message.all("top").compactMap { if case .scalar(let text, _) = $0.value { text } else { nil } }
    }

    static func isDataLayer(_ block: ProtoField) -> Bool {
        guard case .message(let message) = block.value, let type = typeName(message) else { return false }
        return dataTypes.contains(type)
    }

    private func strings(_ name: String) throws(WorkloadError) -> [String] {
        var result: [String] = []
        for field in message.all(name) { result.append(try ProtoScalar(field, file: file).string()) }
        return result
    }

    /// The layer as a spec, or nil when the layer type is evaluation-only.
    func spec() throws(WorkloadError) -> LayerSpec? {
        guard let nameField = message.last("name") else {
            throw place.error("layer without 'name'; add name: \"…\"")
        }
        let name = try ProtoScalar(nameField, file: file).string()
        guard let type = Self.typeName(message) else {
            throw place.error("layer '\(name)' has no 'type'; add e.g. type: \"Convolution\"")
        }
        if Self.ignoredTypes.contains(type) { return nil }
        let kind: LayerKind
        if Self.dataTypes.contains(type) {
            kind = .input(shape: try dataShape(type: type, name: name))
        } else if let t = LayerType(rawValue: type), t != .input {
            kind = try CaffeParameterReader(message: message, file: file, layer: name, line: line).kind(type: t)
        } else {
            let supported = (Self.computeTypes + Self.dataTypes.sorted() + Self.ignoredTypes.sorted()).joined(separator: ", ")
            throw place.error("layer '\(name)': unsupported layer type '\(type)'; supported: \(supported)")
        }
        return LayerSpec(name: name, kind: kind, bottoms: try strings("bottom"), tops: try strings("top"), line: line)
    }

    /// The image shape of a data layer (see `CaffeImportOptions.inputShape`).
    private func dataShape(type: String, name: String) throws(WorkloadError) -> BlobShape {
        if let shape = options.inputShape { return shape }
        if let shape = try declaredShape(type: type) { return shape }
        if let crop = try param("transform_param", "crop_size") {
            let size = try ProtoScalar(crop, file: file).int()
            return BlobShape(3, size, size)
        }
        throw place.error("\(type) layer '\(name)' does not give its image shape; add transform_param { crop_size: 224 } (read as 3×224×224) or pass an explicit input shape to the importer (--input-shape)")
    }

    /// Shapes stated by `Input`, `MemoryData` and `DummyData` layers.
    private func declaredShape(type: String) throws(WorkloadError) -> BlobShape? {
        switch type {
        case "Input", "DummyData":
            guard let block = try block(type == "Input" ? "input_param" : "dummy_data_param"),
                  let shapeField = block.all("shape").first else { return nil }
            guard case .message(let shape) = shapeField.value else {
                throw SourcePlace(file: file, line: shapeField.line).error("'shape' must be a block: shape { dim: 1 dim: 3 dim: 224 dim: 224 }")
            }
            return try ProtoShape.shape(shape.all("dim"), place: SourcePlace(file: file, line: shapeField.line))
        case "MemoryData":
            guard let block = try block("memory_data_param") else { return nil }
            var values: [Int] = []
            for key in ["channels", "height", "width"] {
                guard let field = block.last(key) else {
                    throw place.error("memory_data_param needs '\(key)'; add \(key): N")
                }
                values.append(try ProtoScalar(field, file: file).int())
            }
            return BlobShape(values[0], values[1], values[2])
        default:
            return nil
        }
    }

    private func block(_ name: String) throws(WorkloadError) -> ProtoMessage? {
        guard let field = message.last(name) else { return nil }
        guard case .message(let inner) = field.value else {
            throw SourcePlace(file: file, line: field.line).error("'\(name)' must be a block: \(name) { … }")
        }
        return inner
    }

    private func param(_ blockName: String, _ field: String) throws(WorkloadError) -> ProtoField? {
        try block(blockName)?.last(field)
    }
}
