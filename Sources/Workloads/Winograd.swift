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

    let enabled: Bool
    let batch: Int
    let limit: Int
    private(set) var workspaceBytes = 0

    init(network: Network, batch: Int, options: TrainingOptions) {
        self.enabled = options.convolutionAlgorithm == .winograd
        self.batch = batch
        self.limit = options.workspaceLimitBytes
        for layer in network.layers where isEligible(layer) {
            workspaceBytes = max(workspaceBytes, forwardShape(layer).workspaceBytes, backwardDataShape(layer).workspaceBytes)
        }
    }

    /// 3×3 kernel, stride 1, one group, pad ≤ 1: the cases cuDNN's Winograd covers here.
    func isEligible(_ layer: Layer) -> Bool {
        guard enabled, case .convolution(let p) = layer.kind else { return false }
        return p.kernelH == 3 && p.kernelW == 3 && p.strideH == 1 && p.strideW == 1
            && p.group == 1 && p.padH <= 1 && p.padW <= 1
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
