/// The `key=value` fields of one `.net` layer line and their conversion into
/// a `LayerKind`, with Caffe's defaults for omitted fields.
struct NetFields {
    private var values: [String: Substring] = [:]
    private var order: [String] = []

    var isEmpty: Bool { values.isEmpty }

    mutating func add(_ word: Substring, layer: String, at place: SourcePlace) throws(WorkloadError) {
        let fail = place.error
        let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let key = String(parts[0])
        let value = parts.count > 1 ? parts[1] : ""
        guard !key.isEmpty else { throw fail("\(layer): field '\(word)' has no name; write key=value") }
        guard !value.isEmpty else { throw fail("\(layer): field '\(key)' has no value; write \(key)=VALUE") }
        guard values[key] == nil else { throw fail("\(layer): field '\(key)' given twice; keep one") }
        values[key] = value
        order.append(key)
    }

    /// Valid keys per layer type (the first `Data` is an alias of `Input`).
    static let keys: [String: [String]] = [
        "Input": ["shape"], "Data": ["shape"],
        "Convolution": ["num_output", "kernel", "stride", "pad", "group", "bias"],
        "InnerProduct": ["num_output", "bias"],
        "Pooling": ["pool", "kernel", "stride", "pad", "global"],
        "LRN": ["local_size"], "Dropout": ["ratio"], "Concat": ["axis"], "Eltwise": ["operation"],
        "Scale": ["bias"],
    ]

    func kind(type: String, layer: String, at place: SourcePlace) throws(WorkloadError) -> LayerKind {
        let fail = place.error
        let allowed = Self.keys[type] ?? []
        for key in order where !allowed.contains(key) {
            let hint = allowed.isEmpty ? "\(type) takes no fields" : "valid fields: \(allowed.joined(separator: ", "))"
            throw fail("\(layer): unknown field '\(key)'; \(hint)")
        }
        let reader = FieldReader(values: values, layer: layer, place: place)
        guard let layerType = type == "Data" ? .input : LayerType(rawValue: type) else {
            throw fail("\(layer): unknown layer type '\(type)'")
        }
        switch layerType {
        case .input:
            return .input(shape: try reader.shape("shape"))
        case .convolution:
            let (kh, kw) = try reader.pair("kernel", default: Int?.none)
            let (sh, sw) = try reader.pair("stride", default: 1)
            let (ph, pw) = try reader.pair("pad", default: 0, allowZero: true)
            var p = ConvolutionParameters(numOutput: try reader.int("num_output", default: Int?.none), kernel: kh,
                                          group: try reader.int("group", default: 1), bias: try reader.bool("bias", default: true))
            (p.kernelW, p.strideH, p.strideW, p.padH, p.padW) = (kw, sh, sw, ph, pw)
            return .convolution(p)
        case .innerProduct:
            return .innerProduct(numOutput: try reader.int("num_output", default: Int?.none), bias: try reader.bool("bias", default: true))
        case .pooling:
            return .pooling(try poolingParameters(reader))
        case .lrn: return .lrn(localSize: try reader.int("local_size", default: 5))
        case .dropout: return .dropout(ratio: try reader.ratio("ratio", default: 0.5))
        case .concat:
            guard try reader.int("axis", default: 1) == 1 else { throw fail("\(layer): field 'axis': only axis=1 (channels) is supported") }
            return .concat
        case .eltwise:
            return .eltwise(try reader.choice("operation", default: EltwiseOperation.sum))
        case .batchNorm: return .batchNorm
        case .scale: return .scale(bias: try reader.bool("bias", default: false))
        case .softmax: return .softmax
        case .softmaxWithLoss: return .softmaxWithLoss
        case .relu: return .relu
        }
    }

    private func poolingParameters(_ reader: FieldReader) throws(WorkloadError) -> PoolingParameters {
        let global = try reader.bool("global", default: false)
        let (kh, kw) = try reader.pair("kernel", default: global ? 1 : nil)
        let (sh, sw) = try reader.pair("stride", default: 1)
        let (ph, pw) = try reader.pair("pad", default: 0, allowZero: true)
        var p = PoolingParameters(method: try reader.choice("pool", default: PoolMethod.max), kernel: kh, global: global)
        (p.kernelW, p.strideH, p.strideW, p.padH, p.padW) = (kw, sh, sw, ph, pw)
        return p
    }
}

/// A file and line, to build errors that point at them.
struct SourcePlace: Sendable {
    var file: String
    var line: Int

    func error(_ message: String) -> WorkloadError {
        WorkloadError(file: file, line: line, message: message)
    }
}

/// Typed access to field values with messages naming the field and the fix.
struct FieldReader {
    let values: [String: Substring]
    let layer: String
    let place: SourcePlace

    private func fail(_ message: String) -> WorkloadError { place.error(message) }

    private func missing(_ key: String, example: String) -> WorkloadError {
        fail("\(layer): missing field '\(key)'; add e.g. \(key)=\(example)")
    }

    func int(_ key: String, default value: Int?, allowZero: Bool = false) throws(WorkloadError) -> Int {
        guard let text = values[key] else {
            if let value { return value }
            throw missing(key, example: "64")
        }
        guard let parsed = Int(text), parsed >= (allowZero ? 0 : 1), parsed <= maximumHyperParameter else {
            let range = allowZero ? "0" : "1"
            throw fail("\(layer): field '\(key)': expected an integer from \(range) to \(maximumHyperParameter), got '\(text)'")
        }
        return parsed
    }

    /// `N` (square) or `HxW`.
    func pair(_ key: String, default value: Int?, allowZero: Bool = false) throws(WorkloadError) -> (Int, Int) {
        guard let text = values[key] else {
            if let value { return (value, value) }
            throw missing(key, example: "3")
        }
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        let low = allowZero ? 0 : 1
        let numbers = parts.compactMap { Int($0) }.filter { $0 >= low && $0 <= maximumHyperParameter }
        guard parts.count <= 2, numbers.count == parts.count else {
            throw fail("\(layer): field '\(key)': expected an integer from \(low) to \(maximumHyperParameter) or HxW, got '\(text)'")
        }
        return (numbers[0], numbers.count == 2 ? numbers[1] : numbers[0])
    }

    func bool(_ key: String, default value: Bool) throws(WorkloadError) -> Bool {
        guard let text = values[key] else { return value }
        switch text {
        case "true": return true
        case "false": return false
        default: throw fail("\(layer): field '\(key)': expected true or false, got '\(text)'")
        }
    }

    func ratio(_ key: String, default value: Double) throws(WorkloadError) -> Double {
        guard let text = values[key] else { return value }
        guard let parsed = Double(text), parsed >= 0, parsed < 1 else {
            throw fail("\(layer): field '\(key)': expected a number in [0, 1), got '\(text)'")
        }
        return parsed
    }

    func shape(_ key: String) throws(WorkloadError) -> BlobShape {
        guard let text = values[key] else { throw missing(key, example: "3x224x224") }
        guard let shape = BlobShape(parsing: text) else {
            throw fail("\(layer): field '\(key)': expected CxHxW with positive integers, e.g. 3x224x224, got '\(text)'")
        }
        return shape
    }

    func choice<T: RawRepresentable & CaseIterable>(_ key: String, default value: T) throws(WorkloadError) -> T where T.RawValue == String {
        guard let text = values[key] else { return value }
        guard let parsed = T(rawValue: text.lowercased()) else {
            let options = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("\(layer): field '\(key)': expected one of \(options), got '\(text)'")
        }
        return parsed
    }
}
