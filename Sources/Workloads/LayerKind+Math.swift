/// Layer math with Caffe's rounding rules (BVLC Caffe 1.0):
/// convolution output `floor((x + 2p − k) / s) + 1` (`conv_layer.cpp`),
/// pooling output `ceil((x + 2p − k) / s) + 1`, minus one when the last window
/// would start inside the padding (`pooling_layer.cpp`, "pad correction").
/// All counts are per image; multiply by the batch size for a whole batch.

/// Largest accepted value of any integer hyper-parameter or shape dimension
/// (2^20); keeps every product the layer math forms far from `Int` overflow.
public let maximumHyperParameter = 1 << 20

/// Why a layer's shapes do not work out. The network builder adds file and line.
struct LayerMathError: Error, Sendable {
    var message: String
}

extension LayerKind {
    /// The output shapes for the given input shapes, one per top.
    /// - Throws: `LayerMathError` when the inputs do not fit the layer.
    func outputShapes(inputs: [BlobShape], topCount: Int) throws(LayerMathError) -> [BlobShape] {
        try checkArity(bottoms: inputs.count, tops: topCount)
        switch self {
        case .input(let shape):
            guard [shape.channels, shape.height, shape.width].allSatisfy({ $0 > 0 && $0 <= maximumHyperParameter }) else {
                throw LayerMathError(message: "input shape \(shape) needs dimensions between 1 and \(maximumHyperParameter)")
            }
            return topCount == 2 ? [shape, .scalar] : [shape]
        case .convolution(let p):
            return [try Self.convolutionOutput(p, input: inputs[0])]
        case .innerProduct(let numOutput, _):
            guard numOutput > 0, numOutput <= maximumHyperParameter else {
                throw LayerMathError(message: "num_output must be between 1 and \(maximumHyperParameter)")
            }
            return [BlobShape(numOutput, 1, 1)]
        case .relu, .dropout, .batchNorm, .scale, .softmax, .lrn:
            return [inputs[0]]
        case .pooling(let p):
            return [try Self.poolingOutput(p, input: inputs[0])]
        case .concat:
            return [try Self.concatOutput(inputs)]
        case .eltwise:
            for other in inputs.dropFirst() where other != inputs[0] {
                throw LayerMathError(message: "Eltwise inputs must all have the same shape, got \(inputs[0]) and \(other)")
            }
            return [inputs[0]]
        case .softmaxWithLoss:
            guard inputs[1].count == 1 else {
                throw LayerMathError(message: "the second input of SoftmaxWithLoss is the label and must hold one value per image, got \(inputs[1])")
            }
            return [.scalar]
        }
    }

    /// Checks the number of bottoms and tops the layer type takes.
    private func checkArity(bottoms: Int, tops: Int) throws(LayerMathError) {
        let (bottomRange, topRange): (ClosedRange<Int>, ClosedRange<Int>) = switch self {
        case .input: (0...0, 1...2)
        case .concat, .eltwise: (2...64, 1...1)
        case .softmaxWithLoss: (2...2, 1...1)
        default: (1...1, 1...1)
        }
        guard bottomRange.contains(bottoms) else {
            throw LayerMathError(message: "\(typeName) takes \(Self.describe(bottomRange)) input blob(s) (bottoms), got \(bottoms)")
        }
        guard topRange.contains(tops) else {
            throw LayerMathError(message: "\(typeName) produces \(Self.describe(topRange)) output blob(s) (tops), got \(tops)")
        }
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)"
            : range.upperBound >= 64 ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
    }

    static func convolutionOutput(_ p: ConvolutionParameters, input: BlobShape) throws(LayerMathError) -> BlobShape {
        guard p.numOutput > 0, p.kernelH > 0, p.kernelW > 0, p.strideH > 0, p.strideW > 0,
              p.padH >= 0, p.padW >= 0, p.group > 0 else {
            throw LayerMathError(message: "num_output, kernel, stride and group must be positive and pad non-negative")
        }
        guard [p.numOutput, p.kernelH, p.kernelW, p.strideH, p.strideW, p.padH, p.padW, p.group]
            .allSatisfy({ $0 <= maximumHyperParameter }) else {
            throw LayerMathError(message: "hyper-parameters must be at most \(maximumHyperParameter)")
        }
        guard input.channels % p.group == 0, p.numOutput % p.group == 0 else {
            throw LayerMathError(message: "group \(p.group) must divide both the input channels (\(input.channels)) and num_output (\(p.numOutput))")
        }
        let h = input.height + 2 * p.padH - p.kernelH
        let w = input.width + 2 * p.padW - p.kernelW
        guard h >= 0, w >= 0 else {
            throw LayerMathError(message: "kernel \(p.kernelH)x\(p.kernelW) is larger than the padded input \(input)")
        }
        return BlobShape(p.numOutput, h / p.strideH + 1, w / p.strideW + 1)
    }

    static func poolingOutput(_ p: PoolingParameters, input: BlobShape) throws(LayerMathError) -> BlobShape {
        if p.global { return BlobShape(input.channels, 1, 1) }
        guard p.kernelH > 0, p.kernelW > 0, p.strideH > 0, p.strideW > 0, p.padH >= 0, p.padW >= 0 else {
            throw LayerMathError(message: "kernel and stride must be positive and pad non-negative")
        }
        guard [p.kernelH, p.kernelW, p.strideH, p.strideW, p.padH, p.padW]
            .allSatisfy({ $0 <= maximumHyperParameter }) else {
            throw LayerMathError(message: "hyper-parameters must be at most \(maximumHyperParameter)")
        }
        guard p.padH < p.kernelH, p.padW < p.kernelW else {
            throw LayerMathError(message: "pad must be smaller than the kernel (Caffe requires it)")
        }
        guard input.height + 2 * p.padH >= p.kernelH, input.width + 2 * p.padW >= p.kernelW else {
            throw LayerMathError(message: "kernel \(p.kernelH)x\(p.kernelW) is larger than the padded input \(input)")
        }
        let h = pooledSize(input.height, kernel: p.kernelH, stride: p.strideH, pad: p.padH)
        let w = pooledSize(input.width, kernel: p.kernelW, stride: p.strideW, pad: p.padW)
        return BlobShape(input.channels, h, w)
    }

    /// Caffe's pooled size: ceil rounding, then drop a last window that starts in the padding.
    static func pooledSize(_ x: Int, kernel: Int, stride: Int, pad: Int) -> Int {
        let span = x + 2 * pad - kernel
        var pooled = (span + stride - 1) / stride + 1
        if pad > 0, (pooled - 1) * stride >= x + pad { pooled -= 1 }
        return pooled
    }

    static func concatOutput(_ inputs: [BlobShape]) throws(LayerMathError) -> BlobShape {
        var channels = 0
        for shape in inputs {
            guard shape.height == inputs[0].height, shape.width == inputs[0].width else {
                throw LayerMathError(message: "Concat (along channels) needs equal height and width in every input, got \(inputs[0]) and \(shape)")
            }
            channels += shape.channels
        }
        return BlobShape(channels, inputs[0].height, inputs[0].width)
    }

    /// Learnable weights (not counting the bias) for the given first input shape.
    public func weightCount(input: BlobShape) -> Int {
        switch self {
        case .convolution(let p): p.numOutput * (input.channels / max(p.group, 1)) * p.kernelH * p.kernelW
        case .innerProduct(let n, _): n * input.count
        case .scale: input.channels
        default: 0
        }
    }

    /// Learnable bias values.
    public func biasCount(input: BlobShape) -> Int {
        switch self {
        case .convolution(let p): p.bias ? p.numOutput : 0
        case .innerProduct(let n, let bias): bias ? n : 0
        case .scale(let bias): bias ? input.channels : 0
        default: 0
        }
    }

    /// Multiply-accumulates of the forward pass per image (conv and FC only;
    /// other layers are counted as FLOPs by the training plan, not as MACs).
    public func forwardMACs(input: BlobShape, output: BlobShape) -> Int {
        switch self {
        case .convolution(let p): output.count * (input.channels / max(p.group, 1)) * p.kernelH * p.kernelW
        case .innerProduct: output.count * input.count
        default: 0
        }
    }
}

/// The product of `factors`, or nil if it exceeds `limit` or overflows `Int`.
func checkedProduct(_ factors: [Int], limit: Int) -> Int? {
    var result = 1
    for factor in factors {
        guard factor >= 0 else { return nil }
        let (product, overflow) = result.multipliedReportingOverflow(by: factor)
        guard !overflow, product <= limit else { return nil }
        result = product
    }
    return result
}
