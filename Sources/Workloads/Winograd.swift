/// Winograd F(2×2, 3×3) as cuDNN's non-fused variant runs it (Lavin & Gray,
/// "Fast Algorithms for Convolutional Neural Networks", CVPR 2016): each 2×2
/// output tile needs a 4×4 input tile; 16 element-wise products (done as 16
/// batched GEMMs over channels) replace 36 multiplies, 2.25× fewer.
/// Transformed inputs U (16·C_in per tile), filters V (16·C_in·C_out) and
/// products M (16·C_out per tile) live in the workspace; the batch is processed
/// in chunks of images so that V + chunk·(U + M) fits `workspaceLimitBytes`.
struct WinogradPlanner: Sendable {
    /// One Winograd convolution (forward, or backward-data seen as a convolution).
    struct Shape: Sendable {
        var inChannels: Int
        var outChannels: Int
        /// 2×2 tiles covering one image's output plane.
        var tiles: Int
        var imagesPerChunk: Int

        var filterBytes: Int { 16 * inChannels * outChannels * TrainingPlan.bytesPerElement }
        var inputBytesPerImage: Int { 16 * inChannels * tiles * TrainingPlan.bytesPerElement }
        var productBytesPerImage: Int { 16 * outChannels * tiles * TrainingPlan.bytesPerElement }
        var workspaceBytes: Int { filterBytes + imagesPerChunk * (inputBytesPerImage + productBytesPerImage) }
    }

    let options: TrainingOptions
    let batch: Int
    let limit: Int
    private(set) var workspaceBytes = 0

    init(network: Network, batch: Int, options: TrainingOptions) {
        self.options = options
        self.batch = batch
        self.limit = options.workspaceLimitBytes
        for layer in network.layers where isEligible(layer) {
            for phase in [Phase.forward, .backwardData] {
                let shape = phase == .forward ? forwardShape(layer) : backwardDataShape(layer)
                switch algorithm(layer, phase) {
                case .implicitGemm: break
                case .winograd: workspaceBytes = max(workspaceBytes, shape.workspaceBytes)
                case .winogradFused2x2, .winogradFused4x4:
                    workspaceBytes = max(workspaceBytes, Self.fusedFilterBytes(shape, algorithm(layer, phase)))
                }
            }
        }
    }

    /// 3×3 kernel, stride 1, one group, pad ≤ 1: the cases cuDNN's Winograd covers here.
    func isEligible(_ layer: Layer) -> Bool {
        guard case .convolution(let p) = layer.kind else { return false }
        return TrainingOptions.winogradApplies(kernelH: p.kernelH, kernelW: p.kernelW, strideH: p.strideH,
                                               strideW: p.strideW, group: p.group, padH: p.padH, padW: p.padW)
    }

    /// The algorithm of the layer's convolution in `phase` (implicit GEMM where Winograd does not apply).
    func algorithm(_ layer: Layer, _ phase: Phase) -> ConvolutionAlgorithm {
        options.algorithm(layer: layer.name, phase: phase, winogradOK: isEligible(layer))
    }

    /// Transformed filters of a fused Winograd F(m×m, 3×3): (m+2)² values per (C_in, C_out) pair.
    static func fusedFilterBytes(_ s: Shape, _ algorithm: ConvolutionAlgorithm) -> Int {
        let t = (algorithm.fusedTile ?? 2) + 2
        return t * t * s.inChannels * s.outChannels * TrainingPlan.bytesPerElement
    }

    func forwardShape(_ layer: Layer) -> Shape {
        shape(inChannels: layer.primaryInputShape.channels, outPlane: layer.outputShapes[0])
    }

    /// Backward-data of a stride-1 3×3 convolution is a 3×3 convolution of the
    /// output gradient (C_out channels) producing the input gradient (C_in channels).
    func backwardDataShape(_ layer: Layer) -> Shape {
        shape(inChannels: layer.outputShapes[0].channels, outPlane: layer.primaryInputShape)
    }

    private func shape(inChannels: Int, outPlane: BlobShape) -> Shape {
        let tiles = ((outPlane.height + 1) / 2) * ((outPlane.width + 1) / 2)
        var result = Shape(inChannels: inChannels, outChannels: outPlane.channels, tiles: tiles, imagesPerChunk: 1)
        let perImage = result.inputBytesPerImage + result.productBytesPerImage
        result.imagesPerChunk = min(batch, max(1, (limit - result.filterBytes) / perImage))
        return result
    }
}

extension PlanBuilder {
    mutating func winogradForward(_ layer: Layer, _ p: ConvolutionParameters) {
        let own = owned(layer)
        let shape = winograd.forwardShape(layer)
        winogradOps(layer, shape, phase: .forward, source: data(layer.bottoms[0]),
                    sourcePerImage: layer.primaryInputShape.count, filter: own.weight, bias: own.bias,
                    destination: data(layer.tops[0]), destinationPerImage: layer.outputShapes[0].count, accumulate: false)
    }

    mutating func winogradBackwardData(_ layer: Layer, _ p: ConvolutionParameters) {
        guard let target = diff(layer.bottoms[0]) else { return }
        let accumulate = !markGradientWritten(target)
        winogradOps(layer, winograd.backwardDataShape(layer), phase: .backwardData, source: diff(layer.tops[0]),
                    sourcePerImage: layer.outputShapes[0].count, filter: owned(layer).weight, bias: nil,
                    destination: target, destinationPerImage: layer.primaryInputShape.count, accumulate: accumulate)
    }

    /// Fused Winograd F(m×m, 3×3) forward: filter transform into the workspace, then one main
    /// kernel reading the input and the transformed filters and writing the output.
    mutating func fusedWinogradForward(_ layer: Layer, _ p: ConvolutionParameters, _ algorithm: ConvolutionAlgorithm) {
        let own = owned(layer)
        let shape = fusedShape(layer, p, phase: .forward, algorithm: algorithm)
        fusedWinogradOps(layer, shape, phase: .forward, source: read(data(layer.bottoms[0])), filter: own.weight,
                         bias: read(own.bias), destination: [write(data(layer.tops[0]))])
    }

    /// Fused Winograd backward-data: the stride-1 3×3 convolution of the output gradient with
    /// the flipped filters (pad 2 − pad), producing the input gradient.
    mutating func fusedWinogradBackwardData(_ layer: Layer, _ p: ConvolutionParameters, _ algorithm: ConvolutionAlgorithm) {
        guard diff(layer.bottoms[0]) != nil else { return }
        let shape = fusedShape(layer, p, phase: .backwardData, algorithm: algorithm)
        let topDiff = read(diff(layer.tops[0]))
        fusedWinogradOps(layer, shape, phase: .backwardData, source: topDiff, filter: owned(layer).weight, bias: nil,
                         destination: writeGradients(bottomsNeedingGradient(layer), reads: [topDiff]))
    }

    /// The main kernel's GEMM view (conventions at `GemmShape`); its convolution geometry is the
    /// convolution the kernel computes: forward as is, backward-data as the convolution of the
    /// output gradient (input: the layer's output plane, output: its input plane, pad 2 − pad).
    private func fusedShape(_ layer: Layer, _ p: ConvolutionParameters, phase: Phase,
                            algorithm: ConvolutionAlgorithm) -> GemmShape {
        let (input, output) = phase == .forward ? (layer.primaryInputShape, layer.outputShapes[0])
                                                : (layer.outputShapes[0], layer.primaryInputShape)
        let (padH, padW) = phase == .forward ? (p.padH, p.padW) : (2 - p.padH, 2 - p.padW)
        let m = algorithm.fusedTile ?? 2
        let tiles = ((output.height + m - 1) / m) * ((output.width + m - 1) / m)
        let geometry = ConvolutionGeometry(batch: batch, input: input, output: output, kernelH: 3, kernelW: 3,
                                           strideH: 1, strideW: 1, padH: padH, padW: padW, group: 1)
        return GemmShape(m: output.channels, n: batch * tiles, k: input.channels, algorithm: algorithm, convolution: geometry)
    }

    /// FLOPs: filter transform 2·(a·3·3 + a·a·3) per filter (G·g·Gᵀ, a = m + 2); main kernel the
    /// a² products per (C_out, tile, C_in) plus the input transform (2·a³ per tile and input
    /// channel, Bᵀ·d·B as dense products: an upper bound) and the output transform (2·(m·a² + m²·a)
    /// per tile and output channel).
    private mutating func fusedWinogradOps(_ layer: Layer, _ g: GemmShape, phase: Phase, source: TensorAccess?,
                                           filter: TensorID?, bias: TensorAccess?, destination: [TensorAccess?]) {
        let m = g.algorithm.fusedTile ?? 2, a = m + 2
        let tiles = g.n
        let filterBytes = a * a * g.m * g.k * TrainingPlan.bytesPerElement
        let ws = table.workspace
        emit(layer, phase, .winogradTransform(.filterTransform), flops: 2 * (a * 9 + a * a * 3) * g.m * g.k,
             [read(filter), ws.map { TensorAccess(tensor: $0, mode: .write, bytes: filterBytes) }], suffix: "/winograd_filter")
        let flops = 2 * g.macs + 2 * a * a * a * tiles * g.k + 2 * (m * a * a + m * m * a) * tiles * g.m
        emit(layer, phase, .gemm(g), flops: flops,
             [source, ws.map { TensorAccess(tensor: $0, mode: .read, bytes: filterBytes) }, bias] + destination)
    }

    /// Filter transform once, then per chunk of images: input transform, 16 batched GEMMs,
    /// output transform. FLOPs per transform: filter 168 per filter (G·g·Gᵀ), input 32 per
    /// tile and channel (Bᵀ·d·B, additions), output 24 per tile and channel (Aᵀ·m·A).
    private mutating func winogradOps(_ layer: Layer, _ s: WinogradPlanner.Shape, phase: Phase,
                                      source: TensorID?, sourcePerImage: Int, filter: TensorID?, bias: TensorID?,
                                      destination: TensorID?, destinationPerImage: Int, accumulate: Bool) {
        let ws = table.workspace
        let (vBytes, element) = (s.filterBytes, TrainingPlan.bytesPerElement)
        let region = { (mode: AccessDirection, offset: Int, bytes: Int) in ws.map { TensorAccess(tensor: $0, mode: mode, offset: offset, bytes: bytes) } }
        emit(layer, phase, .winogradTransform(.filterTransform), flops: 168 * s.inChannels * s.outChannels,
             [read(filter), region(.write, 0, vBytes)], suffix: "/winograd_filter")
        var first = 0
        var chunk = 0
        while first < batch {
            let images = min(s.imagesPerChunk, batch - first)
            let (uBytes, mBytes) = (images * s.inputBytesPerImage, images * s.productBytesPerImage)
            let mOffset = vBytes + s.imagesPerChunk * s.inputBytesPerImage
            let slice = { (id: TensorID?, mode: AccessDirection, perImage: Int) in
                id.map { TensorAccess(tensor: $0, mode: mode, offset: first * perImage * element, bytes: images * perImage * element) }
            }
            emit(layer, phase, .winogradTransform(.inputTransform), flops: 32 * s.inChannels * s.tiles * images,
                 [slice(source, .read, sourcePerImage), region(.write, vBytes, uBytes)], suffix: "/winograd_input#\(chunk)")
            let gemm = GemmShape(m: s.outChannels, n: images * s.tiles, k: s.inChannels, batchCount: 16, algorithm: .winograd)
            emit(layer, phase, .gemm(gemm), flops: 2 * gemm.macs,
                 [region(.read, vBytes, uBytes), region(.read, 0, vBytes), region(.write, mOffset, mBytes)], suffix: "/winograd_gemm#\(chunk)")
            let accumulated = accumulate ? slice(destination, .read, destinationPerImage) : nil
            emit(layer, phase, .winogradTransform(.outputTransform), flops: 24 * s.outChannels * s.tiles * images,
                 [region(.read, mOffset, mBytes), read(bias), accumulated, slice(destination, .write, destinationPerImage)],
                 suffix: "/winograd_output#\(chunk)")
            first += images
            chunk += 1
        }
    }
}
