/// Reads the `*_param` block of a compute layer into a `LayerKind`, with
/// `caffe.proto` defaults (stride 1, pad 0, group 1, bias on for conv/FC and off
/// for Scale, pool MAX, LRN local_size 5, dropout 0.5, eltwise SUM).
struct CaffeParameterReader {
    let message: ProtoMessage
    let file: String
    let layer: String
    /// Line of the layer block, for errors about missing fields.
    let line: Int

    private func fail(_ line: Int, _ text: String) -> WorkloadError {
        WorkloadError(file: file, line: line, message: "layer '\(layer)': \(text)")
    }

    private func block(_ name: String) throws(WorkloadError) -> ProtoMessage {
        guard let field = message.last(name) else { return ProtoMessage() }
        guard case .message(let inner) = field.value else { throw fail(field.line, "'\(name)' must be a block: \(name) { … }") }
        return inner
    }

    /// The kind of a computing layer of type `type` (the caller handles data layers).
    func kind(type: LayerType) throws(WorkloadError) -> LayerKind {
        switch type {
        case .input: throw fail(line, "'Input' is a data layer, not a computing layer")
        case .convolution: return .convolution(try convolution())
        case .innerProduct:
            let p = try block("inner_product_param")
            try requireAxisOne(p, field: "axis")
            return .innerProduct(numOutput: try required(p, "num_output", block: "inner_product_param"),
                                 bias: try bool(p, "bias_term", default: true))
        case .pooling: return .pooling(try pooling())
        case .lrn: return .lrn(localSize: try int(try block("lrn_param"), "local_size", default: 5))
        case .dropout:
            let p = try block("dropout_param")
            guard let field = p.last("dropout_ratio") else { return .dropout(ratio: 0.5) }
            let ratio = try ProtoScalar(field, file: file).double()
            guard ratio >= 0, ratio < 1 else { throw fail(field.line, "dropout_ratio must be in [0, 1), got \(ratio)") }
            return .dropout(ratio: ratio)
        case .concat:
            let p = try block("concat_param")
            try requireAxisOne(p, field: "axis")
            try requireAxisOne(p, field: "concat_dim")
            return .concat
        case .eltwise:
            guard let field = try block("eltwise_param").last("operation") else { return .eltwise(.sum) }
            let name = try ProtoScalar(field, file: file).identifier(["SUM", "PROD", "MAX"])
            return .eltwise(EltwiseOperation(rawValue: name.lowercased()) ?? .sum)
        case .batchNorm: return .batchNorm
        case .scale: return .scale(bias: try bool(try block("scale_param"), "bias_term", default: false))
        case .softmax: return .softmax
        case .softmaxWithLoss: return .softmaxWithLoss
        case .relu: return .relu
        }
    }

    private func convolution() throws(WorkloadError) -> ConvolutionParameters {
        let p = try block("convolution_param")
        for field in p.all("dilation") where try ProtoScalar(field, file: file).int(0...maximumHyperParameter) > 1 {
            throw fail(field.line, "dilated convolutions are not supported; remove 'dilation'")
        }
        let (kh, kw) = try pair(p, "kernel_size", "kernel_h", "kernel_w", default: nil, block: "convolution_param")
        let (sh, sw) = try pair(p, "stride", "stride_h", "stride_w", default: 1, block: "convolution_param")
        let (ph, pw) = try pair(p, "pad", "pad_h", "pad_w", default: 0, block: "convolution_param")
        var result = ConvolutionParameters(numOutput: try required(p, "num_output", block: "convolution_param"), kernel: kh,
                                           group: try int(p, "group", default: 1), bias: try bool(p, "bias_term", default: true))
        (result.kernelW, result.strideH, result.strideW, result.padH, result.padW) = (kw, sh, sw, ph, pw)
        return result
    }

    private func pooling() throws(WorkloadError) -> PoolingParameters {
        let p = try block("pooling_param")
        var method = PoolMethod.max
        if let field = p.last("pool") {
            method = try ProtoScalar(field, file: file).identifier(["MAX", "AVE"]) == "MAX" ? .max : .ave
        }
        let global = try bool(p, "global_pooling", default: false)
        let (kh, kw) = try pair(p, "kernel_size", "kernel_h", "kernel_w", default: global ? 1 : nil, block: "pooling_param")
        let (sh, sw) = try pair(p, "stride", "stride_h", "stride_w", default: 1, block: "pooling_param")
        let (ph, pw) = try pair(p, "pad", "pad_h", "pad_w", default: 0, block: "pooling_param")
        var result = PoolingParameters(method: method, kernel: kh, global: global)
        (result.kernelW, result.strideH, result.strideW, result.padH, result.padW) = (kw, sh, sw, ph, pw)
        return result
    }

    /// A square value (`kernel_size: 3`, or two repeated values for H and W) or `_h`/`_w` fields.
    private func pair(_ p: ProtoMessage, _ key: String, _ keyH: String, _ keyW: String,
                      default value: Int?, block: String) throws(WorkloadError) -> (Int, Int) {
        let low = key == "pad" ? 0 : 1
        let fields = p.all(key)
        if let h = p.last(keyH), let w = p.last(keyW) {
            return (try ProtoScalar(h, file: file).int(low...maximumHyperParameter),
                    try ProtoScalar(w, file: file).int(low...maximumHyperParameter))
        }
        if fields.count > 2 { throw fail(fields[2].line, "'\(key)' given \(fields.count) times; only 2-D layers are supported") }
        var values: [Int] = []
        for field in fields { values.append(try ProtoScalar(field, file: file).int(low...maximumHyperParameter)) }
        if let first = values.first { return (first, values.last ?? first) }
        if let value { return (value, value) }
        throw fail(line, "missing \(block) { \(key): N } (or \(keyH) and \(keyW))")
    }

    private func required(_ p: ProtoMessage, _ key: String, block: String) throws(WorkloadError) -> Int {
        guard let field = p.last(key) else { throw fail(line, "missing \(block) { \(key): N }") }
        return try ProtoScalar(field, file: file).int()
    }

    private func int(_ p: ProtoMessage, _ key: String, default value: Int) throws(WorkloadError) -> Int {
        guard let field = p.last(key) else { return value }
        return try ProtoScalar(field, file: file).int()
    }

    private func bool(_ p: ProtoMessage, _ key: String, default value: Bool) throws(WorkloadError) -> Bool {
        guard let field = p.last(key) else { return value }
        return try ProtoScalar(field, file: file).bool()
    }

    private func requireAxisOne(_ p: ProtoMessage, field key: String) throws(WorkloadError) {
        guard let field = p.last(key) else { return }
        guard try ProtoScalar(field, file: file).int(-8...8) == 1 else {
            throw fail(field.line, "only \(key): 1 (channels) is supported")
        }
    }
}
