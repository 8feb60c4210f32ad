import Workloads

/// An implicit-GEMM kernel: C[M×N] (+)= A[M×K]·B[K×N] per batch (conv group or
/// Winograd product), tiled into `tileM × tileN` output tiles, one CTA per tile and
/// K split. A CTA's main loop runs over K in chunks of `kChunk`: each chunk loads the
/// A panel (tileM × kChunk) and the B panel (kChunk × tileN) and multiplies them
/// (2·tileM·tileN·kLen FLOPs: the full tile is computed, as the hardware does for edge
/// tiles); then the C tile is stored.
///
/// CTA order: M tile fastest, then N tile (a fused Winograd with `winogradCTAOrder =
/// nTileFastest` the other way round), then K split, then batch, so that a wave
/// shares B panels (input pixels) across M tiles and A panels (weights) across N tiles;
/// when a split's tiles do not fit one wave (SMs × CTAs per SM), the K split goes
/// fastest instead, so that the splits of a tile run together and their partial tiles
/// meet in the L2 (only for at most 4 splits: with many splits, panel sharing matters more).
/// With split K, partial tiles are reduced in the L2 (atomic adds): split 0 writes its
/// C tile, every later split reads and writes it; a GEMM that accumulates into C
/// (beta = 1) reads it in every split.
struct GemmKernel: Sendable {
    var m: Int
    var n: Int
    var k: Int
    var batches: Int
    var tileM: Int
    var tileN: Int
    var kChunk: Int
    var mTiles: Int
    var nTiles: Int
    var splits: Int
    var chunksPerSplit: Int
    var totalChunks: Int
    var a: Operand
    var b: Operand
    var c: Operand
    /// Bias of a forward op (one value per M row of a group), read with the first chunk.
    var bias: Operand?
    /// The output is accumulated into (beta = 1): every split reads its C tile.
    var accumulates: Bool
    /// CTA order: K split fastest (else M tile fastest).
    var splitFastest: Bool
    /// Compute time of one K element of one tile, ps (scaled by the chunk's K length).
    var psPerK: Double
    /// CTA order: N tile fastest instead of M tile (`GemmConfig.winogradCTAOrder`; split K
    /// fastest takes precedence).
    var nTileFastest = false

    var ctas: Int { batches * splits * nTiles * mTiles }

    struct Position { var batch: Int; var split: Int; var mTile: Int; var nTile: Int }

    @inline(__always)
    func position(of cta: Int) -> Position {
        if splitFastest {
            let split = cta % splits
            var r = cta / splits
            let mt = r % mTiles
            r /= mTiles
            return Position(batch: r / nTiles, split: split, mTile: mt, nTile: r % nTiles)
        }
        // The two tile indices, fastest first: M then N, or N then M (`nTileFastest`).
        let (fast, slow) = nTileFastest ? (nTiles, mTiles) : (mTiles, nTiles)
        let f = cta % fast
        var r = cta / fast
        let g = r % slow
        r /= slow
        return Position(batch: r / splits, split: r % splits, mTile: nTileFastest ? g : f, nTile: nTileFastest ? f : g)
    }

    /// Chunks of the CTA's K loop.
    func chunks(of cta: Int) -> Int {
        let s = position(of: cta).split
        return min(totalChunks, (s + 1) * chunksPerSplit) - s * chunksPerSplit
    }

    /// Compute time of chunk `chunk` (local index) of `cta`, ps.
    func computePs(cta: Int, chunk: Int) -> Int64 {
        let g = position(of: cta).split * chunksPerSplit + chunk
        let len = min(k, (g + 1) * kChunk) - g * kChunk
        return Int64((psPerK * Double(len)).rounded(.up))
    }

    func emitLoads(cta: Int, chunk: Int, into buf: inout LineBuffer) {
        let p = position(of: cta)
        let rows = (p.mTile * tileM)..<min(m, (p.mTile + 1) * tileM)
        let cols = (p.nTile * tileN)..<min(n, (p.nTile + 1) * tileN)
        let g = p.split * chunksPerSplit + chunk
        let ks = (g * kChunk)..<min(k, (g + 1) * kChunk)
        if chunk == 0, let bias { bias.emit(rows: rows, cols: 0..<1, batch: p.batch, write: false, into: &buf) }
        a.emit(rows: rows, cols: ks, batch: p.batch, write: false, into: &buf)
        b.emit(rows: ks, cols: cols, batch: p.batch, write: false, into: &buf)
        if (accumulates || p.split > 0) && chunk == chunks(of: cta) - 1 {
            c.emit(rows: rows, cols: cols, batch: p.batch, write: false, into: &buf)
        }
    }

    func emitStores(cta: Int, into buf: inout LineBuffer) {
        let p = position(of: cta)
        let rows = (p.mTile * tileM)..<min(m, (p.mTile + 1) * tileM)
        let cols = (p.nTile * tileN)..<min(n, (p.nTile + 1) * tileN)
        c.emit(rows: rows, cols: cols, batch: p.batch, write: true, into: &buf)
    }
}

extension GemmKernel {
    /// Tiles, split K and compute rate for `shape` under `config`.
    init(shape: GemmShape, batches: Int, a: Operand, b: Operand, c: Operand, bias: Operand?, accumulates: Bool,
         phase: Phase, config: GPUConfig) {
        let g = config.gemm
        func tile(_ extent: Int, _ maximum: Int) -> Int {
            var t = g.minimumTile
            while t < extent && t < maximum { t *= 2 }
            return min(t, maximum)
        }
        self.m = shape.m
        self.n = shape.n
        self.k = shape.k
        self.batches = batches
        if let m = shape.algorithm.fusedTile {
            // A fused Winograd CTA multiplies (m+2)² transformed values per (row, column): its
            // block is smaller so that its products match one GEMM tile's register budget.
            self.tileM = tile(shape.m, g.winogradTileM)
            self.tileN = tile(shape.n, m == 2 ? g.winogradTileN2x2 : g.winogradTileN4x4)
        } else {
            self.tileM = tile(shape.m, g.tileM)
            self.tileN = tile(shape.n, g.tileN)
        }
        self.kChunk = g.kChunk
        self.nTileFastest = shape.algorithm.fusedTile != nil && g.winogradCTAOrder == .nTileFastest
        self.mTiles = (shape.m + tileM - 1) / tileM
        self.nTiles = (shape.n + tileN - 1) / tileN
        self.totalChunks = max(1, (shape.k + g.kChunk - 1) / g.kChunk)
        let tiles = batches * mTiles * nTiles
        var splits = (totalChunks + g.maxKChunksPerCTA - 1) / g.maxKChunksPerCTA
        let target = g.splitKTargetWaves * config.sms * g.ctasPerSM
        // cuDNN's convolution kernels split K to fill the GPU; cuBLAS's SGEMM (fully connected
        // layers, plain GEMMs) does not unless `blasSplitK`.
        let splitsToFill = shape.convolution != nil || shape.algorithm == .winograd || g.blasSplitK
        if splitsToFill && tiles * splits < target {
            splits = max(splits, min((target + tiles - 1) / tiles, totalChunks / 8))
        }
        splits = max(1, splits)
        self.chunksPerSplit = (totalChunks + splits - 1) / splits
        self.splits = (totalChunks + chunksPerSplit - 1) / chunksPerSplit
        self.a = a
        self.b = b
        self.c = c
        self.bias = bias
        self.accumulates = accumulates
        // Few splits of many tiles (a long forward/backward-data K): keep a tile's splits
        // together so the C tile is reduced in the L2; many splits (weight gradients):
        // keep a split's tiles together so they share their A and B panels.
        self.splitFastest = self.splits > 1 && self.splits <= 4 && mTiles * nTiles > config.sms * g.ctasPerSM
        // A fused Winograd K element multiplies (m+2)² transformed values per (row, column).
        let flopsPerK = 2.0 * Double(tileM * tileN * shape.transformedElements)
        let efficiency = g.efficiency(for: shape, phase: phase)
        let flopsPerPs = Double(config.smPeakFlopsPerCycle) * efficiency / Double(config.corePeriodPs)
        self.psPerK = flopsPerK / flopsPerPs
    }
}
