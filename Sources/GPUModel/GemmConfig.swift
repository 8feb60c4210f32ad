import Workloads
import SimKernel
import MemorySystem

/// Implicit-GEMM kernels (convolutions, fully connected layers, Winograd products).
public struct GemmConfig: Sendable, Codable, Hashable {
    /// Output tile rows (M) of one CTA. Default 128 (cuDNN/CUTLASS SGEMM 128×128 tiles).
    public var tileM: Int = 128
    /// Output tile columns (N) of one CTA. Default 128.
    public var tileN: Int = 128
    /// Output block of a fused Winograd CTA: output channels (M). Default 32, with
    /// `winogradTileN2x2` = 32 output tiles for F(2×2,3×3) (32·32·16 = 16,384 products per K,
    /// as a 128×128 GEMM tile) and `winogradTileN4x4` = 16 for F(4×4,3×3) (32·16·36 = 18,432).
    /// *Assumption*, after the 32 × 32 blocks of Lavin & Gray's fused kernels (CVPR 2016, §5).
    public var winogradTileM: Int = 32
    public var winogradTileN2x2: Int = 32
    public var winogradTileN4x4: Int = 16
    /// Order in which a fused Winograd kernel's CTAs are dispatched. `nTileFastest` (default
    /// since stop 19): output-tile blocks fastest (blockIdx.x over the output pixels, CUTLASS's
    /// convention for implicit-GEMM convolution, whose GEMM-M is the pixels), so that the CTAs
    /// resident at once share one transformed-filter panel; Nervana neon's Winograd kernels, as
    /// the neonCl port documents them (doc/geometry.md), also put the output tiles on the grid
    /// and loop over the filter blocks inside a CTA. Measured at stop 18: VGG-19 `conv3_3`
    /// forward at batch 32, full detail, 5.35 ms under L2 hit latencies of 149, 150 and 151
    /// cycles. `mTileFastest` (the order of stops 9–18): output-channel blocks fastest, as every
    /// other GEMM here, so that resident CTAs need different filter panels and share each only
    /// while they run in step; the same kernel then has several steady states (5.35–7.41 ms,
    /// 17–35 mJ under the same perturbations; results/sampling/ctaorder/).
    /// *Assumption* either way: cuDNN's own order is not documented.
    public var winogradCTAOrder: CTAOrder = .nTileFastest
    /// Smallest tile side: a dimension smaller than the tile uses the next power of two
    /// ≥ it, but at least this (cuDNN/cuBLAS also ship 64-, 32- and 16-wide tiles, e.g.
    /// for a fully connected layer at a small batch). Default 16. *Assumption.*
    public var minimumTile: Int = 16
    /// K elements loaded and multiplied per step of a CTA's main loop (one shared-memory
    /// buffer, double-buffered). Default 32: a 128-byte row segment per tile row.
    public var kChunk: Int = 32
    /// Fraction of the SM's peak FP32 rate a GEMM main loop achieves, per kernel class
    /// ("per-algorithm instruction efficiency"). Calibrated on DeepBench's per-kernel GTX 1080 Ti
    /// times only — never on a network — in two steps (results/CALIBRATION.md): first every
    /// class took the throughput of DeepBench's single fastest kernel (SGEMM 2048×7000×2048,
    /// 12.12 TFLOP/s = 0.91 of the peak at 1850 MHz; fastest convolution 25.8 TFLOP/s
    /// direct-equivalent = 0.49 as F(4×4,3×3)); then each class's efficiency was scaled by the
    /// median simulated ÷ measured time ratio of that class on the even-numbered DeepBench rows
    /// (the training half); the odd rows are the held-out check. Refitted at stop 19 with that
    /// stop's defaults (fused-Winograd CTA order, K-loop sampling; `scripts/calibrate.py --step1`);
    /// the stop-10 values are in parentheses. cuBLAS SGEMM (fully connected layers, plain GEMMs,
    /// non-fused Winograd's batched products): 0.91 × 0.902 = 0.82 (0.91 × 0.899 = 0.82).
    public var efficiency: Double = 0.82
    /// cuDNN implicit-GEMM convolution kernels, forward: 0.91 × 0.739 = 0.67 (0.91 × 0.704 = 0.64;
    /// they compute im2col addresses in their inner loop).
    public var forwardConvolutionEfficiency: Double = 0.67
    /// cuDNN implicit-GEMM backward-data kernels: 0.91 × 0.884 = 0.80 (0.91 × 0.885 = 0.81).
    public var backwardDataConvolutionEfficiency: Double = 0.80
    /// cuDNN backward-weight (filter-gradient) kernels: 0.91 × 0.511 = 0.46 (0.91 × 0.497 = 0.45).
    public var backwardWeightConvolutionEfficiency: Double = 0.46
    /// Fused Winograd kernels (element-wise products, transforms included): 0.49 × 0.824 = 0.40
    /// (0.49 × 0.849 = 0.42).
    public var winogradEfficiency: Double = 0.40

    /// The efficiency of a GEMM of `shape` in `phase` (see the per-class parameters).
    public func efficiency(for shape: GemmShape, phase: Phase) -> Double {
        if shape.algorithm.fusedTile != nil { return winogradEfficiency }
        guard shape.convolution != nil else { return efficiency }
        switch phase {
        case .forward, .update: return forwardConvolutionEfficiency
        case .backwardData: return backwardDataConvolutionEfficiency
        case .backwardWeight: return backwardWeightConvolutionEfficiency
        }
    }
    /// CTAs of a GEMM kernel resident on one SM. Default 2 (128×128 tiles use ~half the
    /// register file / shared memory of a GP102 SM). *Assumption.*
    public var ctasPerSM: Int = 2
    /// Longest K loop of one CTA, in chunks; longer reductions are split over several
    /// CTAs (split-K) whose partial tiles are reduced in the L2 (atomic adds: read and
    /// store of the same C lines while they are resident). Default 2^20 (no forced split:
    /// cuBLAS/cuDNN split K only to fill the GPU, see `splitKTargetWaves`; a forced split of
    /// a GEMM with thousands of tiles, as the earlier default 32 did, multiplies its C
    /// traffic by the split count — DeepBench 5124×9124×2560 ran 75 % slow with it).
    public var maxKChunksPerCTA: Int = 1 << 20
    /// When a GEMM has fewer tiles than `splitKTargetWaves` × (SMs × ctasPerSM), K is
    /// split so that it has about that many waves (never below 8 chunks per CTA).
    /// Default 2 (fills the GPU as cuDNN's split-K heuristics do). 0 disables.
    public var splitKTargetWaves: Int = 2
    /// Whether plain BLAS GEMMs (fully connected layers, `--kernel gemm:`) split K to fill the
    /// GPU too. Default false: cuBLAS 8's SGEMM does not — DeepBench's 1760×128×1760 takes
    /// 123 µs on the GTX 1080 Ti, the time of its 14 unsplit 128×128 tiles on 14 of 28 SMs
    /// (136 µs at the model's rate), not of a split kernel filling all SMs (~70 µs).
    public var blasSplitK: Bool = false
    public init() {}
}

/// Which output-tile index of a GEMM kernel varies fastest along its CTAs (`GemmConfig.winogradCTAOrder`).
public enum CTAOrder: String, Sendable, Hashable, NamedConfigChoice {
    /// M tiles (output rows: channels of a convolution) fastest.
    case mTileFastest
    /// N tiles (output columns: pixels or Winograd output tiles) fastest.
    case nTileFastest
}
