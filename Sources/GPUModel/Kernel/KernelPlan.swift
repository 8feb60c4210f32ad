import Workloads

/// The CTAs of one op's kernel: how many, how many fit an SM, and for each CTA its
/// chunks (load, compute) and final stores, with real addresses from the plan's allocation.
public struct KernelPlan: Sendable {
    enum Body: Sendable {
        case gemm(GemmKernel)
        case stream(StreamKernel)
    }
    let body: Body
    /// CTAs of the kernel.
    public let ctas: Int
    /// CTAs resident on one SM at a time.
    public let ctasPerSM: Int

    /// Builds the kernel of `plan.ops[index]`.
    public init(plan: TrainingPlan, op index: Int, config: GPUConfig) {
        let op = plan.ops[index]
        if case .gemm(let shape) = op.kind {
            let g = GemmBuilder(plan: plan, op: op, shape: shape, config: config).build()
            body = .gemm(g)
            ctas = g.ctas
            ctasPerSM = config.gemm.ctasPerSM
        } else {
            func ranges(_ mode: AccessDirection) -> [(start: Int, bytes: Int)] {
                op.accesses.filter { $0.mode == mode }.map {
                    (plan.allocation.regions[$0.tensor.rawValue].start + $0.offset, $0.bytes)
                }
            }
            let s = StreamKernel(reads: ranges(.read), writes: ranges(.write), flops: op.flops, config: config)
            body = .stream(s)
            ctas = s.ctas
            ctasPerSM = config.elementwise.ctasPerSM
        }
    }

    /// Chunks of a CTA's main loop (1 for stream kernels).
    @inline(__always)
    public func chunks(of cta: Int) -> Int {
        switch body {
        case .gemm(let g): g.chunks(of: cta)
        case .stream: 1
        }
    }

    /// Compute time of a chunk, ps.
    @inline(__always)
    public func computePs(cta: Int, chunk: Int) -> Int64 {
        switch body {
        case .gemm(let g): g.computePs(cta: cta, chunk: chunk)
        case .stream(let s): s.ctaPs
        }
    }

    /// Appends the line requests of chunk `chunk` of `cta` to `buf`.
    public func emitLoads(cta: Int, chunk: Int, into buf: inout LineBuffer) {
        switch body {
        case .gemm(let g): g.emitLoads(cta: cta, chunk: chunk, into: &buf)
        case .stream(let s): s.emitLoads(cta: cta, into: &buf)
        }
    }

    /// Appends the store requests of `cta` to `buf`.
    public func emitStores(cta: Int, into buf: inout LineBuffer) {
        switch body {
        case .gemm(let g): g.emitStores(cta: cta, into: &buf)
        case .stream(let s): s.emitStores(cta: cta, into: &buf)
        }
    }

    /// A short description (tiles, splits, chunks) for reports and tests.
    public var summary: String {
        switch body {
        case .gemm(let g):
            "gemm \(g.m)x\(g.n)x\(g.k)·\(g.batches) tile \(g.tileM)x\(g.tileN) splits \(g.splits) chunks/CTA \(g.chunksPerSplit) CTAs \(ctas)"
        case .stream(let s):
            "stream \(s.reads.count)r/\(s.writes.count)w CTAs \(ctas)"
        }
    }
}

/// Chooses the operand layouts of a GEMM op from its shape, phase and tensors.
struct GemmBuilder {
    let plan: TrainingPlan
    let op: Op
    let shape: GemmShape
    let config: GPUConfig

    func base(_ a: TensorAccess) -> Int { plan.allocation.regions[a.tensor.rawValue].start + a.offset }
    func isWeight(_ a: TensorAccess) -> Bool { plan.tensors[a.tensor.rawValue].role == .weight }
    func isBias(_ a: TensorAccess) -> Bool { plan.tensors[a.tensor.rawValue].isBias }

    var reads: [TensorAccess] { op.accesses.filter { $0.mode == .read } }
    var output: TensorAccess? { op.accesses.last { $0.mode == .write } }
    /// The op reads its output before writing it (gradient accumulation).
    var accumulates: Bool { output.map { o in reads.contains { $0.tensor == o.tensor } } ?? false }
    var weight: TensorAccess? { reads.first { isWeight($0) && !isBias($0) } }
    var biasRead: TensorAccess? { reads.first { isWeight($0) && isBias($0) } }
    /// Reads that are neither parameters nor the accumulated output, in op order.
    var dataReads: [TensorAccess] { reads.filter { r in !isWeight(r) && r.tensor != output?.tensor } }

    func build() -> GemmKernel {
        if let conv = shape.convolution, shape.algorithm.fusedTile != nil, let k = fusedWinograd(conv) { return k }
        if let conv = shape.convolution, shape.algorithm == .implicitGemm, let k = convolution(conv) { return k }
        if shape.convolution == nil, shape.algorithm == .implicitGemm, shape.batchCount == 1, let k = fullyConnected() { return k }
        return generic()
    }

    private func make(_ a: Operand, _ b: Operand, _ c: Operand, bias: Operand? = nil, batches: Int) -> GemmKernel {
        GemmKernel(shape: shape, batches: batches, a: a, b: b, c: c, bias: bias, accumulates: accumulates, phase: op.phase, config: config)
    }

    /// Conventions of `GemmShape`; NCHW tensors, weights `[C_out][C_in/group][kh][kw]`.
    private func convolution(_ g: ConvolutionGeometry) -> GemmKernel? {
        guard let out = output, let x = dataReads.first else { return nil }
        let (cIn, cOut, kk) = (g.input.channels, g.output.channels, g.kernelH * g.kernelW)
        let (cinG, coutG) = (cIn / g.group, cOut / g.group)
        func window(_ t: TensorAccess, _ s: BlobShape, groupChannels: Int, taps: Int, pixels: BlobShape,
                    inverse: Bool, rows: Bool) -> Operand {
            .window(Window(base: base(t), channels: s.channels, height: s.height, width: s.width, groupChannels: groupChannels,
                           taps: taps, kernelH: g.kernelH, kernelW: g.kernelW, strideH: g.strideH, strideW: g.strideW,
                           padH: g.padH, padW: g.padW, pixelH: pixels.height, pixelW: pixels.width,
                           inverse: inverse, channelsAreRows: rows))
        }
        func planes(_ t: TensorAccess, _ s: BlobShape, groupChannels: Int) -> Operand {
            .planes(base: base(t), channels: s.channels, plane: s.height * s.width, groupChannels: groupChannels)
        }
        switch op.phase {
        case .forward, .update:
            guard let w = weight else { return nil }
            let bias = biasRead.map { Operand.dense(base: base($0), rowStride: 1, colStride: 0, batchStride: coutG) }
            return make(.dense(base: base(w), rowStride: shape.k, colStride: 1, batchStride: coutG * shape.k),
                        window(x, g.input, groupChannels: cinG, taps: kk, pixels: g.output, inverse: false, rows: true),
                        planes(out, g.output, groupChannels: coutG), bias: bias, batches: g.group)
        case .backwardData:
            guard let w = weight else { return nil }
            let taps = max(1, shape.k / max(coutG, 1))
            return make(.filtersT(base: base(w), cinG: cinG, coutG: coutG, kk: kk, taps: taps),
                        window(x, g.output, groupChannels: coutG, taps: taps, pixels: g.input, inverse: true, rows: true),
                        planes(out, g.input, groupChannels: cinG), batches: g.group)
        case .backwardWeight:
            guard dataReads.count >= 2 else { return nil }
            let input = dataReads[1]
            return make(planes(x, g.output, groupChannels: coutG),
                        window(input, g.input, groupChannels: cinG, taps: kk, pixels: g.output, inverse: false, rows: false),
                        .dense(base: base(out), rowStride: shape.n, colStride: 1, batchStride: coutG * shape.n),
                        batches: g.group)
        }
    }

    /// Fused Winograd F(m×m, 3×3): A = transformed filters [C_out][C_in] of (m+2)² values each
    /// (the workspace read), B = the input's (m+2)×(m+2) tiles at stride m (one GEMM column per
    /// output tile, one row per input channel), C = the output's m×m tiles, written directly.
    private func fusedWinograd(_ g: ConvolutionGeometry) -> GemmKernel? {
        guard let out = output, let m = shape.algorithm.fusedTile,
              let x = dataReads.first(where: { plan.tensors[$0.tensor.rawValue].role != .workspace }),
              let filters = reads.first(where: { plan.tensors[$0.tensor.rawValue].role == .workspace }) else { return nil }
        let a = m + 2
        let (tilesH, tilesW) = ((g.output.height + m - 1) / m, (g.output.width + m - 1) / m)
        func tiles(_ t: TensorAccess, _ s: BlobShape, kernel: Int, pad: (Int, Int)) -> Operand {
            .window(Window(base: base(t), channels: s.channels, height: s.height, width: s.width, groupChannels: s.channels,
                           taps: 1, kernelH: kernel, kernelW: kernel, strideH: m, strideW: m, padH: pad.0, padW: pad.1,
                           pixelH: tilesH, pixelW: tilesW, inverse: false, channelsAreRows: true, wholeWindow: true))
        }
        let bias = biasRead.map { Operand.dense(base: base($0), rowStride: 1, colStride: 0, batchStride: 0) }
        return make(.wide(base: base(filters), rowStride: shape.k, elementBytes: a * a * Operand.element),
                    tiles(x, g.input, kernel: a, pad: (g.padH, g.padW)),
                    tiles(out, g.output, kernel: m, pad: (0, 0)), bias: bias, batches: 1)
    }

    /// Fully connected: X is [batch][in], W is [out][in], Y is [batch][out], row-major.
    private func fullyConnected() -> GemmKernel? {
        guard let out = output, let x = dataReads.first else { return nil }
        let (m, n, k) = (shape.m, shape.n, shape.k)
        switch op.phase {
        case .forward, .update:   // M = out, N = batch, K = in
            guard let w = weight else { return nil }
            if let l = shape.blas {   // a BLAS GEMM at cuBLAS's column-major layouts
                return make(l.transA ? .dense(base: base(w), rowStride: k, colStride: 1, batchStride: 0)
                                     : .dense(base: base(w), rowStride: 1, colStride: m, batchStride: 0),
                            l.transB ? .dense(base: base(x), rowStride: n, colStride: 1, batchStride: 0)
                                     : .dense(base: base(x), rowStride: 1, colStride: k, batchStride: 0),
                            .dense(base: base(out), rowStride: 1, colStride: m, batchStride: 0), batches: 1)
            }
            let bias = biasRead.map { Operand.dense(base: base($0), rowStride: 1, colStride: 0, batchStride: 0) }
            return make(.dense(base: base(w), rowStride: k, colStride: 1, batchStride: 0),
                        .dense(base: base(x), rowStride: 1, colStride: k, batchStride: 0),
                        .dense(base: base(out), rowStride: 1, colStride: m, batchStride: 0), bias: bias, batches: 1)
        case .backwardData:       // M = in, N = batch, K = out
            guard let w = weight else { return nil }
            return make(.dense(base: base(w), rowStride: 1, colStride: m, batchStride: 0),
                        .dense(base: base(x), rowStride: 1, colStride: k, batchStride: 0),
                        .dense(base: base(out), rowStride: 1, colStride: m, batchStride: 0), batches: 1)
        case .backwardWeight:     // M = out, N = in, K = batch
            guard dataReads.count >= 2 else { return nil }
            return make(.dense(base: base(x), rowStride: 1, colStride: m, batchStride: 0),
                        .dense(base: base(dataReads[1]), rowStride: n, colStride: 1, batchStride: 0),
                        .dense(base: base(out), rowStride: n, colStride: 1, batchStride: 0), batches: 1)
        }
    }

    /// Any other GEMM (Winograd's 16 batched products): row-major A[M×K], B[K×N], C[M×N]
    /// per batch; A and B are the read accesses whose sizes match, C the write.
    private func generic() -> GemmKernel {
        let batches = shape.groups * shape.batchCount
        let (m, n, k) = (shape.m, shape.n, shape.k)
        let bytes = Operand.element * batches
        let inputs = reads.filter { $0.tensor != output?.tensor }
        let aAccess = inputs.first { $0.bytes == m * k * bytes } ?? inputs.first
        let bAccess = inputs.first { $0.bytes == k * n * bytes && $0 != aAccess } ?? inputs.last
        let fallback = output ?? op.accesses[0]
        return make(.dense(base: base(aAccess ?? fallback), rowStride: k, colStride: 1, batchStride: m * k),
                    .dense(base: base(bAccess ?? fallback), rowStride: n, colStride: 1, batchStride: k * n),
                    .dense(base: base(fallback), rowStride: n, colStride: 1, batchStride: m * n), batches: batches)
    }
}
