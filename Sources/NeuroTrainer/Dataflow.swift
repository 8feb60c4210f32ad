/// What every PE does for one step: one fill of its input buffer halves, one compute over
/// them, and possibly an output. PEs are symmetric, so a step is described once in
/// PE-local vault addresses; the common vault's part (broadcast) is shared.
public struct Step: Sendable {
    /// PMAG programs of the PE's own vault (its I.vault) for this step: their distinct
    /// 32 B lines are read.
    public var localReads: [PMAGProgram] = []
    /// The C.vault's PMAG program: lines read from the common vault and sent over the bus
    /// to every PE (one transfer serves all: broadcast).
    public var broadcast: PMAGProgram?
    /// MAC-array (or comparator) cycles of the step.
    public var computeCycles: Int64 = 0
    /// After the compute: bytes written back to the PE's own vault, starting at `writeBase`.
    public var localWriteBytes = 0
    public var writeBase: UInt64 = 0
    /// After the compute: bytes merged over the bus into the common vault.
    public var mergeBytes = 0
    public init() {}
}

/// How one (layer, phase) runs on the PEs: the seed's dataflow classes (§3.1–§3.3) with the
/// tile sizes the buffers allow. `step(i)` builds step i of PE 0 (others are the same in
/// their own vaults).
public enum Dataflow: Sendable {
    /// Conv-FF / Conv-BP: kernels duplicated in every PE (input 1), inputs of 32 samples as
    /// the SIMD lanes (input 2), output tiles spread over the PEs.
    case convolution(ConvTiling)
    /// FC-FF / FC-BP (matrix × matrix, "large common data"): the weight matrix row-partitioned
    /// over the vaults, X broadcast from the common vault, outputs merged into it.
    case broadcastGemm(GemmTiling)
    /// Conv-UP lowered to a GEMM (seed Fig. 6b): dY × X_Mᵀ with the reduction (samples ×
    /// positions) split over the PEs, partial dW merged into the common vault.
    case localGemm(GemmTiling)
    /// FC-UP (vector–vector outer products, seed Fig. 8): dY rows in the PE's vault, X
    /// broadcast 32 at a time, one sample at a time (no SIMD over samples), dW written back.
    case outerProduct(OuterTiling)
    /// Streams: pooling, LRN, element-wise layers, SGD update, and the Prep phases (merge,
    /// partition, pad: seed Table 3).
    case stream(StreamTiling)

    /// Steps each PE runs.
    public var stepsPerPE: Int {
        switch self {
        case .convolution(let t): t.stepsPerPE
        case .broadcastGemm(let t), .localGemm(let t): t.stepsPerPE
        case .outerProduct(let t): t.stepsPerPE
        case .stream(let t): t.stepsPerPE
        }
    }

    public func step(_ i: Int) -> Step {
        switch self {
        case .convolution(let t): t.step(i)
        case .broadcastGemm(let t): t.step(i, broadcast: true)
        case .localGemm(let t): t.step(i, broadcast: false)
        case .outerProduct(let t): t.step(i)
        case .stream(let t): t.step(i)
        }
    }
}

/// Vault regions [assumed layout]: each tensor of a step in its own 32 MiB region of the
/// vault, so that streams of different tensors open different rows.
enum Region {
    static let a: UInt64 = 0, b: UInt64 = 32 << 20, out: UInt64 = 64 << 20, extra: UInt64 = 96 << 20
}

func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

/// Convolution tiles (Conv-FF, and Conv-BP as a convolution of dY with the transposed
/// kernels). A tile is `nw` kernels × `wt` output columns of one output row × the lanes'
/// samples; it takes `chunks` steps, each bringing `dt` reduction channels.
public struct ConvTiling: Sendable {
    public var outC: Int, outH: Int, outW: Int        // outputs (per group)
    public var redC: Int                              // reduction channels (per group)
    public var kH: Int, kW: Int, stride: Int, pad: Int
    public var inH: Int, inW: Int                     // the tensor read (X or dY)
    /// Output pixels each program position stands for (Conv-BP with stride s: s², the
    /// strided taps folded into ⌈K/s⌉² per pixel class).
    public var pixelsPerPosition = 1
    public var lanes: Int, sampleGroups: Int, groups: Int
    public var bits: Int, pes: Int
    public var nw: Int, wt: Int, dt: Int
    public var isBackward: Bool

    var kernelBlocks: Int { ceilDiv(outC, nw) }
    var wBlocks: Int { ceilDiv(outW, wt) }
    var chunks: Int { ceilDiv(redC, dt) }
    var tiles: Int { kernelBlocks * outH * wBlocks * sampleGroups * groups }
    public var stepsPerPE: Int { ceilDiv(tiles, pes) * chunks }
    var productsPerCycle: Int { bits == 16 ? 2 : 1 }

    func step(_ i: Int) -> Step {
        let tile = (i / chunks) * pes % max(tiles, 1)     // PE 0 takes tiles 0, P, 2P, …
        let chunk = i % chunks
        var rest = tile
        let wb = rest % wBlocks; rest /= wBlocks
        let h = rest % outH; rest /= outH
        let kb = rest % kernelBlocks
        let n = min(nw, outC - kb * nw), w = min(wt, outW - wb * wt), d = min(dt, redC - chunk * dt)
        let eb = bits / 8
        var s = Step()
        // Input 1: the kernels' chunk, stored [kernel][channel][kh][kw].
        let taps = kH * kW
        s.localReads.append(PMAGTables.matrixBlock(rows: n, cols: d * taps, row0: kb * nw, col0: chunk * dt * taps,
                                                   ld: redC * taps, elementBytes: eb, base: Region.a))
        // Input 2: the Table 2 nest restricted to this tile (r1 = one kernel: inputs do not depend on it).
        var p = isBackward
            ? PMAGTables.convBackward(dIn: 1, hIn: 1, wIn: w, samples: lanes, nOut: d, kernelH: kH, kernelW: kW,
                                      pad: pad, outH: inH, outW: inW, elementBytes: eb, base: Region.b)
            : PMAGTables.convForward(nOut: 1, hOut: 1, wOut: w, samples: lanes, depth: d, kernelH: kH, kernelW: kW,
                                     stride: stride, pad: pad, inH: inH, inW: inW, elementBytes: eb, base: Region.b)
        p.extentD = redC
        p.origins[1] = h; p.origins[2] = wb * wt; p.origins[4] = chunk * dt
        s.localReads.append(p)
        s.computeCycles = Int64(ceilDiv(n * w * pixelsPerPosition * d * taps, productsPerCycle))
        if chunk == chunks - 1 {
            s.localWriteBytes = n * w * pixelsPerPosition * lanes * eb
            s.writeBase = Region.out + UInt64(i / chunks) * UInt64(s.localWriteBytes)
        }
        return s
    }
}

/// GEMM tiles: C (m × lanes) += A (m × k) · B (k × lanes). A block is `p` rows × `l`
/// reduction columns (input 1, one element a cycle per MAC row), B is `l` × lanes (input 2).
public struct GemmTiling: Sendable {
    public var m: Int, k: Int
    /// Lanes used (samples for FC, lowered-X columns for Conv-UP) and lane groups (columns / 32).
    public var lanes: Int, laneGroups: Int
    public var bits: Int, pes: Int
    public var p: Int, l: Int
    /// Rows (FC) or reduction (Conv-UP) each PE owns.
    public var rowsPerPE: Int, kPerPE: Int
    /// Where a finished output block goes: merged over the bus into the common vault (FC
    /// outputs, partial dW of a split reduction) or written to the PE's own vault (dW rows).
    public var mergesOutput = true

    var blocks: Int { ceilDiv(rowsPerPE, p) }
    var chunks: Int { ceilDiv(kPerPE, l) }
    public var stepsPerPE: Int { blocks * laneGroups * chunks }
    var productsPerCycle: Int { bits == 16 ? 2 : 1 }

    func step(_ i: Int, broadcast: Bool) -> Step {
        let chunk = i % chunks, group = (i / chunks) % laneGroups, block = i / (chunks * laneGroups)
        let rows = min(p, rowsPerPE - block * p), cols = min(l, kPerPE - chunk * l)
        let eb = bits / 8
        var s = Step()
        // Both operands stored block by block (seed Fig. 7: pA is cut into P × L blocks, each
        // fitting half a buffer), so every block is one contiguous run of the vault.
        let aBlock = UInt64((block * chunks + chunk) * p * l * eb)
        s.localReads.append(PMAGTables.matrixBlock(rows: rows, cols: cols, row0: 0, col0: 0, ld: cols,
                                                   elementBytes: eb, base: Region.a + aBlock))
        let bOffset = UInt64((group * chunks + chunk) * l * 32 * eb)
        let bBlock = PMAGTables.matrixBlock(rows: cols, cols: lanes, row0: 0, col0: 0, ld: lanes,
                                            elementBytes: eb, base: Region.b + bOffset)
        if broadcast { s.broadcast = bBlock } else { s.localReads.append(bBlock) }
        s.computeCycles = Int64(ceilDiv(rows * cols, productsPerCycle))
        if chunk == chunks - 1 {
            if mergesOutput { s.mergeBytes = rows * lanes * eb } else {
                s.localWriteBytes = rows * lanes * 4
                s.writeBase = Region.out + UInt64((block * laneGroups + group) * p * 32 * 4)
            }
        }
        return s
    }
}

/// Outer-product tiles (FC-UP): a block of `h` dY rows × 32 X columns accumulates over the
/// batch in the output buffer; a step brings `ns` samples.
public struct OuterTiling: Sendable {
    public var outputs: Int, inputs: Int, batch: Int, pes: Int
    public var h: Int, ns: Int
    var rowsPerPE: Int { ceilDiv(outputs, pes) }
    var blocks: Int { ceilDiv(rowsPerPE, h) * ceilDiv(inputs, 32) }
    var chunks: Int { ceilDiv(batch, ns) }
    public var stepsPerPE: Int { blocks * chunks }

    func step(_ i: Int) -> Step {
        let chunk = i % chunks, block = i / chunks
        let colBlocks = ceilDiv(inputs, 32)
        let rb = block / colBlocks, cb = block % colBlocks
        let rows = min(h, rowsPerPE - rb * h), cols = min(32, inputs - cb * 32), n = min(ns, batch - chunk * ns)
        var s = Step()
        // dY[row][sample] in the PE's vault and X[column][sample] in the common vault (the
        // layouts FC-FF/BP leave them in: rows × samples): with all samples in a step both
        // blocks are contiguous.
        s.localReads.append(PMAGTables.matrixBlock(rows: rows, cols: n, row0: rb * h, col0: chunk * ns, ld: batch,
                                                   elementBytes: 4, base: Region.a))
        s.broadcast = PMAGTables.matrixBlock(rows: cols, cols: n, row0: cb * 32, col0: chunk * ns, ld: batch,
                                             elementBytes: 4, base: Region.b)
        s.computeCycles = Int64(rows * n)
        if chunk == chunks - 1 {
            s.localWriteBytes = rows * cols * 4
            s.writeBase = Region.out + UInt64(block) * UInt64(h * 32 * 4)
        }
        return s
    }
}

/// Streams: each PE moves `elementsPerPE` elements through a buffer half per step, reading
/// `reads` tensors and writing `writes` of them locally; a merge step sends its elements
/// over the bus to the common vault, a partition step receives them from it.
public struct StreamTiling: Sendable {
    public enum Kind: Sendable { case local, merge, partition }
    public var kind: Kind
    public var elementsPerPE: Int, elementBytes: Int
    public var reads: Int, writes: Int
    /// Comparator/LUT cycles per element (pooling: window compares over k lanes).
    public var cyclesPerElement: Double
    public var chunkElements: Int, pes: Int

    public var stepsPerPE: Int { max(1, ceilDiv(elementsPerPE, chunkElements)) }

    func step(_ i: Int) -> Step {
        let n = min(chunkElements, max(elementsPerPE - i * chunkElements, 0))
        var s = Step()
        let bytes = UInt64(n * elementBytes)
        for r in 0..<(kind == .partition ? 0 : reads) {
            s.localReads.append(PMAGTables.slab(depth: n, height: 1, width: 1, elementBytes: elementBytes,
                                                base: Region.a + UInt64(r) * (8 << 20) + UInt64(i) * bytes))
        }
        if kind == .partition {
            // The common vault reads every PE's part; the bus carries all of them.
            s.broadcast = PMAGTables.slab(depth: n * pes, height: 1, width: 1, elementBytes: elementBytes,
                                          base: Region.b + UInt64(i) * bytes * UInt64(pes))
        }
        s.computeCycles = Int64((Double(n) * cyclesPerElement).rounded(.up))
        switch kind {
        case .merge: s.mergeBytes = n * elementBytes
        case .local, .partition:
            s.localWriteBytes = n * elementBytes * writes
            s.writeBase = Region.out + UInt64(i) * bytes * UInt64(max(writes, 1))
        }
        return s
    }
}
