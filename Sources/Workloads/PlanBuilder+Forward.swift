/// Forward ops. FLOPs of non-GEMM layers are per-value estimates stated next
/// to each case (a multiply-accumulate counts 2); bytes are whole tensors.
extension PlanBuilder {
    mutating func forward(_ layer: Layer) {
        let own = owned(layer)
        let bottoms = layer.bottoms.map { read(data($0)) }
        let top = write(data(layer.tops[0]))
        let values = outputElements(layer)
        switch layer.kind {
        case .input:
            emit(layer, .forward, .dataTransfer, flops: 0, layer.tops.map { write(data($0)) })
        case .convolution(let p):
            switch winograd.algorithm(layer, .forward) {
            case .winograd: winogradForward(layer, p)
            case let fused where fused.fusedTile != nil: fusedWinogradForward(layer, p, fused)
            default:
                let shape = convolutionGemm(layer, p, phase: .forward)
                emit(layer, .forward, .gemm(shape), flops: 2 * shape.macs + (p.bias ? values : 0),
                     bottoms + [read(own.weight), read(own.bias), top])
            }
        case .innerProduct(let n, let bias):
            let shape = GemmShape(m: n, n: batch, k: layer.primaryInputShape.count)
            emit(layer, .forward, .gemm(shape), flops: 2 * shape.macs + (bias ? values : 0),
                 bottoms + [read(own.weight), read(own.bias), top])
        case .relu:  // max(x, 0): 1 per value
            emit(layer, .forward, .elementwise, flops: values, bottoms + [top])
        case .pooling(let p):  // one compare or add per window value
            let window = p.global ? layer.primaryInputShape.height * layer.primaryInputShape.width : p.kernelH * p.kernelW
            emit(layer, .forward, .pooling(window: window), flops: window * values, bottoms + [top])
        case .lrn(let size):  // sum of squares over the window, then scale and power: ≈ 2·size + 3
            emit(layer, .forward, .lrn(size: size), flops: (2 * size + 3) * values, bottoms + [top])
        case .dropout:  // draw, compare, scale: ≈ 2 per value (random generation not counted)
            emit(layer, .forward, .elementwise, flops: 2 * values, [write(own.mask)] + bottoms + [top])
        case .concat:
            emit(layer, .forward, .copy, flops: 0, bottoms + [top])
        case .eltwise:  // n − 1 operations per value
            emit(layer, .forward, .elementwise, flops: (layer.bottoms.count - 1) * values, bottoms + [top])
        case .batchNorm:  // mean and variance (≈ 4), normalize (≈ 3), running averages: ≈ 8 per value
            emit(layer, .forward, .reduction, flops: 8 * values,
                 bottoms + [read(own.statistics), write(own.statistics), write(own.normalized), top])
        case .scale(let bias):  // multiply (and add): 1 or 2 per value
            emit(layer, .forward, .elementwise, flops: (bias ? 2 : 1) * values,
                 bottoms + [write(own.bottomCopy), read(own.weight), read(own.bias), top])
        case .softmax:  // max, subtract, exp, sum, divide: ≈ 5 per value
            emit(layer, .forward, .softmax, flops: 5 * values, bottoms + [top])
        case .softmaxWithLoss:  // softmax (≈ 5 per value) and −log p of the label per image
            let inputs = batch * layer.primaryInputShape.count
            emit(layer, .forward, .softmax, flops: 5 * inputs + batch,
                 [bottoms[0], write(own.probabilities), read(data(layer.bottoms[1])), top])
        }
    }

    /// The implicit-GEMM shape of a convolution in `phase` (conventions at `GemmShape`).
    func convolutionGemm(_ layer: Layer, _ p: ConvolutionParameters, phase: Phase) -> GemmShape {
        let input = layer.primaryInputShape
        let output = layer.outputShapes[0]
        let cIn = input.channels / p.group
        let cOut = output.channels / p.group
        let geometry = ConvolutionGeometry(batch: batch, input: input, output: output, kernelH: p.kernelH, kernelW: p.kernelW,
                                           strideH: p.strideH, strideW: p.strideW, padH: p.padH, padW: p.padW, group: p.group)
        let outputPixels = batch * output.height * output.width
        var shape = switch phase {
        case .backwardData:
            GemmShape(m: cIn, n: batch * input.height * input.width,
                      k: cOut * Self.ceilDiv(p.kernelH, p.strideH) * Self.ceilDiv(p.kernelW, p.strideW))
        case .backwardWeight:
            GemmShape(m: cOut, n: cIn * p.kernelH * p.kernelW, k: outputPixels)
        case .forward, .update:
            GemmShape(m: cOut, n: outputPixels, k: cIn * p.kernelH * p.kernelW)
        }
        shape.groups = p.group
        shape.convolution = geometry
        return shape
    }

    static func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
}
