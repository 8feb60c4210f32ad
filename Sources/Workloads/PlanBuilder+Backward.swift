/// Backward ops, in Caffe's order within a layer: parameter gradients first
/// (they read the output gradient an in-place layer then overwrites), then the
/// gradient of each bottom that needs one (accumulated when a blob feeds
/// several layers). Pooling and LRN follow cuDNN: they re-read input and output
/// instead of keeping index or scale buffers.
extension PlanBuilder {
    mutating func backward(_ layer: Layer) {
        let own = owned(layer)
        let values = outputElements(layer)
        let topDiff = read(diff(layer.tops[0]))
        switch layer.kind {
        case .input:
            return
        case .convolution(let p):
            let wgrad = convolutionGemm(layer, p, phase: .backwardWeight)
            emit(layer, .backwardWeight, .gemm(wgrad), flops: 2 * wgrad.macs,
                 [topDiff, read(data(layer.bottoms[0])), write(own.weightGradient)])
            biasGradient(layer, own: own, values: values)
            guard !bottomsNeedingGradient(layer).isEmpty else { return }
            switch winograd.algorithm(layer, .backwardData) {
            case .winograd: winogradBackwardData(layer, p)
            case let fused where fused.fusedTile != nil: fusedWinogradBackwardData(layer, p, fused)
            default:
                let dgrad = convolutionGemm(layer, p, phase: .backwardData)
                backwardData(layer, .gemm(dgrad), flops: 2 * dgrad.macs, reads: [topDiff, read(own.weight)])
            }
        case .innerProduct(let n, _):
            let inputs = layer.primaryInputShape.count
            let wgrad = GemmShape(m: n, n: inputs, k: batch)
            emit(layer, .backwardWeight, .gemm(wgrad), flops: 2 * wgrad.macs,
                 [topDiff, read(data(layer.bottoms[0])), write(own.weightGradient)])
            biasGradient(layer, own: own, values: values)
            let dgrad = GemmShape(m: inputs, n: batch, k: n)
            backwardData(layer, .gemm(dgrad), flops: 2 * dgrad.macs, reads: [topDiff, read(own.weight)])
        case .scale:  // gradient of scale (and bias): multiply and reduce; then scale the gradient
            let input = own.bottomCopy ?? data(layer.bottoms[0])
            emit(layer, .backwardWeight, .reduction, flops: 2 * values + (own.bias == nil ? 0 : values),
                 [topDiff, read(input), write(own.weightGradient), write(own.biasGradient)])
            backwardData(layer, .elementwise, flops: values, reads: [topDiff, read(own.weight)])
        default:
            let (kind, flops, reads) = dataGradientWork(layer, own: own, values: values, topDiff: topDiff)
            backwardData(layer, kind, flops: flops, reads: reads)
        }
    }

    /// Bias gradient: sum of the output gradient over batch and plane (1 add per value).
    private mutating func biasGradient(_ layer: Layer, own: LayerTensors, values: Int) {
        guard own.biasGradient != nil else { return }
        emit(layer, .backwardWeight, .reduction, flops: values,
             [read(diff(layer.tops[0])), write(own.biasGradient)], suffix: "/bias")
    }

    /// One backward-data op reading `reads` and writing the gradients of the bottoms that need one.
    private mutating func backwardData(_ layer: Layer, _ kind: OpKind, flops: Int, reads: [TensorAccess?]) {
        let targets = bottomsNeedingGradient(layer)
        guard !targets.isEmpty else { return }
        emit(layer, .backwardData, kind, flops: flops, reads + writeGradients(targets, reads: reads))
    }

    /// Kind, FLOPs (per-value estimates) and reads of the data gradient of parameter-free layers.
    private func dataGradientWork(_ layer: Layer, own: LayerTensors, values: Int,
                                  topDiff: TensorAccess?) -> (OpKind, Int, [TensorAccess?]) {
        let bottom = read(data(layer.bottoms[0]))
        let top = read(data(layer.tops[0]))
        switch layer.kind {
        case .relu:  // pass where the output is positive: 1 per value
            return (.elementwise, values, [top, topDiff])
        case .pooling(let p):
            let window = p.global ? layer.primaryInputShape.height * layer.primaryInputShape.width : p.kernelH * p.kernelW
            let reads = p.method == .max ? [bottom, top, topDiff] : [topDiff]
            return (.pooling(window: window), window * values, reads)
        case .lrn(let size):  // ≈ 2·size + 5 per value
            return (.lrn(size: size), (2 * size + 5) * values, [bottom, top, topDiff])
        case .dropout:  // multiply by the mask: 1 per value
            return (.elementwise, values, [read(own.mask), topDiff])
        case .concat:
            return (.copy, 0, [topDiff])
        case .eltwise(let operation):
            let inputs = operation == .sum ? [] : layer.bottoms.map { read(data($0)) } + [top]
            return (.elementwise, operation == .sum ? 0 : layer.bottoms.count * values, inputs + [topDiff])
        case .batchNorm:  // two reductions and the normalization: ≈ 10 per value
            return (.reduction, 10 * values, [read(own.normalized ?? data(layer.tops[0])), read(own.statistics), topDiff])
        case .softmax:  // dot product per image, subtract, multiply: ≈ 3 per value
            return (.softmax, 3 * values, [top, topDiff])
        case .softmaxWithLoss:  // probability minus one-hot label: ≈ 2 per value
            let inputs = batch * layer.primaryInputShape.count
            return (.softmax, 2 * inputs, [read(own.probabilities), read(data(layer.bottoms[1]))])
        case .input, .convolution, .innerProduct, .scale:
            return (.elementwise, 0, [])
        }
    }
}
