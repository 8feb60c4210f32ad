import Workloads
import SimKernel
import MemorySystem

/// Everything that describes the GPU side of a system (seed 000 Table 2: a GTX 1080 Ti
/// class GPU). Every parameter states its unit, default and source; numbers marked
/// *assumption* have no published figure and are parameters so that their effect can be
/// measured. Nothing here is fitted to a result: times, stalls and bandwidth emerge from
/// the simulation.
public struct GPUConfig: Sendable, Codable, Hashable {
    /// Streaming multiprocessors. Default 28 (GTX 1080 Ti / GP102; seed 000 Table 2).
    public var sms: Int = 28
    /// Core clock, MHz. Default 1850: the assumed sustained GPU Boost clock of a GTX 1080 Ti
    /// (nominal base/boost 1480/1582 MHz; seed 000 Table 2 says 1.5 GHz). See `GPUPresets`.
    public var coreClockMHz: Double = 1850
    /// FP32 lanes per SM. Default 128 (GP102: 3584 CUDA cores / 28 SMs).
    public var lanesPerSM: Int = 128
    /// FLOPs per lane per core cycle. Default 2 (one fused multiply-add).
    public var flopsPerLanePerCycle: Int = 2
    public var sm = SMConfig()
    public var gemm = GemmConfig()
    public var elementwise = ElementwiseConfig()
    public var l2 = L2Config()
    public var crossbar = CrossbarConfig()
    public var sampling = SamplingConfig()

    public init() {}

    /// Core clock period in integer picoseconds.
    public var corePeriodPs: Int64 { max(1, Int64((1_000_000 / coreClockMHz).rounded())) }
    /// Peak FP32 FLOPs per core cycle of one SM.
    public var smPeakFlopsPerCycle: Int { lanesPerSM * flopsPerLanePerCycle }

    /// All problems, each naming the parameter's full path (prefix e.g. `gpu`).
    public func validate(path: String) -> [String] {
        var e: [String] = []
        func range(_ v: Int, _ lo: Int, _ hi: Int, _ name: String) {
            if v < lo || v > hi { e.append("\(path).\(name) must be in \(lo)…\(hi) (is \(v))") }
        }
        func pow2(_ v: Int, _ name: String) {
            if v <= 0 || v & (v - 1) != 0 { e.append("\(path).\(name) must be a positive power of two (is \(v))") }
        }
        func fraction(_ v: Double, _ name: String) {
            if !(v > 0 && v <= 1) { e.append("\(path).\(name) must be in (0, 1] (is \(v))") }
        }
        range(sms, 1, 1024, "sms")
        if !(coreClockMHz >= 1 && coreClockMHz <= 100_000) { e.append("\(path).coreClockMHz must be in 1…100000 MHz (is \(coreClockMHz))") }
        range(lanesPerSM, 1, 4096, "lanesPerSM")
        range(flopsPerLanePerCycle, 1, 64, "flopsPerLanePerCycle")
        range(sm.maxOutstandingRequests, 1, 65_536, "sm.maxOutstandingRequests")
        range(sm.issueIntervalCycles, 1, 1024, "sm.issueIntervalCycles")
        for (v, n) in [(gemm.tileM, "gemm.tileM"), (gemm.tileN, "gemm.tileN"), (gemm.minimumTile, "gemm.minimumTile"),
                       (gemm.winogradTileM, "gemm.winogradTileM"), (gemm.winogradTileN2x2, "gemm.winogradTileN2x2"),
                       (gemm.winogradTileN4x4, "gemm.winogradTileN4x4"),
                       (gemm.kChunk, "gemm.kChunk")] {
            pow2(v, n)
            range(v, 1, 4096, n)
        }
        if gemm.minimumTile > min(gemm.tileM, gemm.tileN, gemm.winogradTileM, gemm.winogradTileN2x2, gemm.winogradTileN4x4) {
            e.append("\(path).gemm.minimumTile must be ≤ gemm.tileM and gemm.tileN (is \(gemm.minimumTile))")
        }
        fraction(gemm.efficiency, "gemm.efficiency")
        fraction(gemm.winogradEfficiency, "gemm.winogradEfficiency")
        fraction(gemm.forwardConvolutionEfficiency, "gemm.forwardConvolutionEfficiency")
        fraction(gemm.backwardDataConvolutionEfficiency, "gemm.backwardDataConvolutionEfficiency")
        fraction(gemm.backwardWeightConvolutionEfficiency, "gemm.backwardWeightConvolutionEfficiency")
        range(gemm.ctasPerSM, 1, 64, "gemm.ctasPerSM")
        range(gemm.maxKChunksPerCTA, 1, 1 << 30, "gemm.maxKChunksPerCTA")
        range(gemm.splitKTargetWaves, 0, 1024, "gemm.splitKTargetWaves")
        range(elementwise.ctaBytes, 128, 1 << 26, "elementwise.ctaBytes")
        fraction(elementwise.efficiency, "elementwise.efficiency")
        range(elementwise.ctasPerSM, 1, 64, "elementwise.ctasPerSM")
        pow2(l2.ways, "l2.ways")
        range(l2.ways, 1, 64, "l2.ways")
        range(l2.hitLatencyCycles, 0, 100_000, "l2.hitLatencyCycles")
        if l2.totalBytes < 1 << 12 || l2.totalBytes > 1 << 34 {
            e.append("\(path).l2.totalBytes must be in 4096…2^34 bytes (is \(l2.totalBytes))")
        }
        range(crossbar.latencyCycles, 0, 100_000, "crossbar.latencyCycles")
        range(crossbar.portBytesPerCycle, 1, 1 << 20, "crossbar.portBytesPerCycle")
        e += sampling.validate(path: "\(path).sampling")
        return e
    }

    /// Problems that depend on the memory side: the L2 is sliced evenly over `channels`
    /// slices of whole sets of `l2.ways` 128-byte lines, a power of two sets each.
    public func validate(path: String, channels: Int) -> [String] {
        var e = validate(path: path)
        let perSlice = l2.totalBytes / max(channels, 1)
        let sets = perSlice / (L2Config.lineBytes * max(l2.ways, 1))
        if sets < 1 || sets & (sets - 1) != 0 || sets * L2Config.lineBytes * l2.ways * channels != l2.totalBytes {
            // Suggest the nearest valid sizes (a power of two sets per slice).
            let unit = L2Config.lineBytes * max(l2.ways, 1) * max(channels, 1)
            var lower = 1
            while lower * 2 * unit <= l2.totalBytes { lower *= 2 }
            e.append("\(path).l2.totalBytes must split into \(channels) slices of a power-of-two number of sets of \(l2.ways) × 128-byte lines (is \(l2.totalBytes) bytes: \(sets) sets per slice); e.g. \(lower * unit) or \(lower * 2 * unit) bytes for \(channels) channels")
        }
        return e
    }
}

/// One streaming multiprocessor's memory front end.
public struct SMConfig: Sendable, Codable, Hashable {
    /// Line requests an SM may have in flight to the L2 (an MSHR-like limit); an SM
    /// stalls issuing when it is reached. Default 128 lines (16 KB). *Assumption*: by
    /// Little's law 484 GB/s × ~0.5 µs loaded latency ≈ 240 KB ≈ 68 lines per SM are
    /// needed to saturate the memory; 128 leaves headroom, as real SMs do.
    public var maxOutstandingRequests: Int = 128
    /// Core cycles between two line requests of one SM (its load/store unit issues one
    /// coalesced 128-byte request per cycle). Default 1.
    public var issueIntervalCycles: Int = 1
    public init() {}
}

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

/// Element-wise, pooling, LRN, softmax, reduction, copy, transfer and Winograd-transform kernels.
public struct ElementwiseConfig: Sendable, Codable, Hashable {
    /// Bytes of the op's largest tensor access handled by one CTA; every other access is
    /// sliced in the same proportion. Default 2048: Caffe's kernels run 512 threads per
    /// CTA, one fp32 value per thread (`CAFFE_CUDA_NUM_THREADS`, `CUDA_KERNEL_LOOP`).
    public var ctaBytes: Int = 2048
    /// Fraction of the SM's peak FP32 rate these kernels achieve on their FLOPs.
    /// Default 0.5. *Assumption* (they are memory-bound; the value matters little).
    public var efficiency: Double = 0.5
    /// CTAs resident per SM. Default 4 (4 × 512 threads = 2048, GP102's thread limit per SM).
    public var ctasPerSM: Int = 4
    public init() {}
}

/// The L2 cache: sliced evenly over the memory channels (one slice per controller).
public struct L2Config: Sendable, Codable, Hashable {
    /// Line size in bytes (fixed): 128 B lines of two 64-byte sub-blocks, each the size
    /// of one memory burst, with their own valid and dirty bits.
    public static let lineBytes = 128
    /// Total capacity, bytes. Default 4 MiB (seed 000 Table 2; the GTX 1080 Ti ships 2.75 MiB).
    public var totalBytes: Int = 4 << 20
    /// Associativity. Default 16 (GPGPU-Sim GP102 config: 16 ways). LRU, write-back,
    /// write-allocate.
    public var ways: Int = 16
    /// Core cycles from a request's arrival at its slice to the data being ready (tag
    /// and data access). Default 150: with 2 × `crossbar.latencyCycles` a load that hits
    /// takes ≈ 230 cycles, the Pascal L2 hit latency measured by Jia et al.
    /// ("Dissecting the NVIDIA Volta GPU Architecture via Microbenchmarking", 2018: P100 ≈ 234 cycles).
    public var hitLatencyCycles: Int = 150
    public init() {}
}

/// The SM ↔ L2 crossbar.
public struct CrossbarConfig: Sendable, Codable, Hashable {
    /// One-way latency, core cycles. Default 40 (see `L2Config.hitLatencyCycles`).
    public var latencyCycles: Int = 40
    /// Bytes one L2 slice port moves per core cycle. Default 128 (8 slices × 128 B ×
    /// 1.5 GHz ≈ 1.5 TB/s, in line with measured Pascal L2 bandwidth, ~3 × DRAM). *Assumption.*
    public var portBytesPerCycle: Int = 128
    public init() {}
}

/// Full detail or sampled simulation of each kernel.
public enum SimulationDetail: String, Sendable, Hashable, NamedConfigChoice {
    /// Every CTA of every kernel is simulated.
    case full
    /// Steady-state waves are measured and the rest of a long kernel is extrapolated
    /// (see `SamplingConfig`).
    case sampled
}

/// How sampled kernels' 95 % intervals are made (`SamplingConfig.interval`).
public enum SamplingInterval: String, Sendable, Hashable, NamedConfigChoice {
    case waves
    case blocks
}

/// Sampling of long kernels. A *wave* is `SMs × ctasPerSM` CTAs; a wave boundary is
/// reached when that many more CTAs have completed. After warm-up (`warmupL2Turnover`)
/// and at least `minWaves` boundaries, when the last `window` wave times (all after
/// warm-up) each lie within `tolerance` of their mean (or `maxWaves` after warm-up), the CTAs not yet dispatched are skipped in whole
/// waves except the last full wave and the partial one after it (the kernel's real tail,
/// with its own addresses and its own size, still runs: a partial last wave still costs
/// its CTAs' time, as in full detail). The
/// skipped CTAs' time and counters are the steady per-wave time and counter deltas
/// (mean over all waves since warm-up, at least `minMeasuredBursts` bursts) times the
/// skipped waves.
public struct SamplingConfig: Sendable, Codable, Hashable {
    public var detail: SimulationDetail = .sampled
    /// Waves simulated before steady state may be declared (the first ones start in lockstep). Default 8.
    public var minWaves: Int = 8
    /// Waves whose times must agree. Default 3.
    public var window: Int = 3
    /// Largest relative deviation of a window wave time from the window mean. Default 0.01.
    /// (Defaults chosen by measurement against full detail, AlexNet batch 4: with 8/3/0.01
    /// the iteration time is within 0.1 % and memory energy within 0.75 %; the earlier
    /// 5/2/0.03 gave +2.1 % time at 20 % less simulation time.)
    public var tolerance: Double = 0.01
    /// Waves after warm-up after which the kernel is cut even without convergence (the op
    /// is then flagged `converged == false`). Default 12.
    public var maxWaves: Int = 12
    /// Warm-up: steady state is only looked for once the kernel has allocated this many
    /// times the L2's lines (so the L2 holds the kernel's own data, its dirty lines are
    /// being written back, and what the previous kernel left behind is gone). Default 1.
    /// Kernels that never turn the L2 over are simulated in full.
    public var warmupL2Turnover: Double = 1
    /// The steady per-wave time and counters are the mean over all waves since warm-up;
    /// that span must hold at least this many memory bursts (fills + write-backs), so
    /// that it averages over the controllers' write-drain cycles (or reach `maxWaves`).
    /// Default 16384 (≈ 2000 per channel, ~40 drain cycles of 48 writes).
    public var minMeasuredBursts: Int = 16_384
    /// Probes after the steady window: this many blocks of `probeWaves` waves, each in the
    /// middle of an equal share of the waves that would otherwise be skipped, so that a
    /// kernel whose later waves behave differently from its first ones (fused Winograd's
    /// filter reuse in the L2) is measured where it runs. The first wave of a probe (the
    /// CTAs before the jump finishing) is simulated, not measured; the estimate is the mean
    /// over every measured wave. 0 turns probes off (one window at the start). Default 3
    /// (assumed; measured against full detail in results/SAMPLING.md).
    public var probes: Int = 3
    /// Waves simulated per probe (≥ 2: the first is the transition). Default 3 (assumed).
    public var probeWaves: Int = 3
    /// A kernel is cut only when its waves between the cut and its tail carry at least this
    /// many memory bursts (at the rate measured since warm-up); otherwise it runs in full. A
    /// cut changes the state the next kernel starts from, and a short kernel's cut saves
    /// little: measured on VGG-19 `conv3_3` forward at batch 32 (fused F(4×4)), cutting the
    /// 24 µs filter transform (~76 k bursts skipped) put the 5–7 ms kernel after it into
    /// another steady state (5.35 ms sampled against 7.25 ms in full detail; 6.99 ± 0.32 ms
    /// with 2^20 here; results/SAMPLING.md, variant `minskip`). Default 0 (every kernel may be
    /// cut: the sampler the shipped results were made with).
    public var minSkippedBursts: Int = 0
    /// K-loop sampling of GEMM kernels that the wave sampler leaves alone (fewer than
    /// `minWaves + 2` waves: weight gradients, whose few CTAs each loop over batch × pixels).
    /// While the same CTAs stay resident, once each has computed `loopSettle` chunks (plus
    /// the spread of the CTAs' progress) since it started or last jumped, a window of
    /// `loopWindow` rounds is measured (a round: as many chunks computed as CTAs are
    /// resident); then every resident CTA skips the chunks it would compute in the same span
    /// of time at its own measured rate (each CTA's last `loopTail` chunks and its stores
    /// still run). `loopJumps` windows and jumps per stretch of the same resident CTAs spread
    /// the windows along the loop. The skipped chunks are charged each CTA's own time per
    /// chunk and the windows' counters per chunk (`LoopSampler`). Default on since stop 19
    /// (off: every chunk runs, the sampler of stops 12–18). Assumed; measured against full
    /// detail in results/SAMPLING.md (stop 18's variant `loop`: the sampled backward-weight
    /// time within +0.12 % of full detail on eight runs).
    public var loopSampling: Bool = true
    /// Rounds per measured window of K-loop sampling. Default 16 (assumed).
    public var loopWindow: Int = 16
    /// Chunks each resident CTA computes after its start or a jump, plus the spread of the
    /// CTAs' progress, before a window may open (≥ 3: the chunks in flight at a jump). Default 4 (assumed).
    public var loopSettle: Int = 4
    /// Windows (each followed by a jump) per stretch of the same resident CTAs. Default 4 (assumed).
    public var loopJumps: Int = 4
    /// Chunks at the end of each CTA's K loop that always run. Default 8 (assumed).
    public var loopTail: Int = 8
    /// Detail of the convolution-algorithm search's trials (`training.convolutionAlgorithm =
    /// auto`), whatever `detail` the reported kernels run at, so that `--detail full` and
    /// `--detail sampled` choose the same algorithms and differ only in how the chosen kernels
    /// are simulated. `sampled` trials sample less than a reported run (at most 4 waves
    /// before steady state, a window of 2 within 2 %, a cut after 8; probes as configured).
    /// Default `sampled` (assumed: cuDNN's find also times each candidate once, briefly;
    /// full-detail trials at batch 128 would take hours). `full` makes every trial full detail.
    public var searchDetail: SimulationDetail = .sampled
    /// How the 95 % intervals of sampled kernels are made. `waves` (default): Student's t
    /// over the measured waves as independent samples (wave-to-wave noise only). `blocks`:
    /// the wider of that and the same over the mean waves of the measured blocks (the steady
    /// window and each probe), so that drift along a kernel widens the interval (batch
    /// means). Assumed; measured against full detail in results/SAMPLING.md.
    public var interval: SamplingInterval = .waves
    public init() {}

    public func validate(path: String) -> [String] {
        var e: [String] = []
        if minWaves < 1 || minWaves > 1 << 20 { e.append("\(path).minWaves must be in 1…2^20 (is \(minWaves))") }
        if window < 1 || window > minWaves { e.append("\(path).window must be in 1…minWaves (is \(window))") }
        if !(tolerance > 0 && tolerance < 1) { e.append("\(path).tolerance must be in (0, 1) (is \(tolerance))") }
        if maxWaves < minWaves { e.append("\(path).maxWaves must be ≥ minWaves (is \(maxWaves))") }
        if probes < 0 || probes > 1024 { e.append("\(path).probes must be in 0…1024 (is \(probes))") }
        if probeWaves < 2 || probeWaves > 1 << 20 { e.append("\(path).probeWaves must be in 2…2^20 (is \(probeWaves))") }
        if minSkippedBursts < 0 { e.append("\(path).minSkippedBursts must be ≥ 0 (is \(minSkippedBursts))") }
        if loopWindow < 2 || loopWindow > 1 << 20 { e.append("\(path).loopWindow must be in 2…2^20 (is \(loopWindow))") }
        if loopSettle < 3 || loopSettle > 1 << 20 { e.append("\(path).loopSettle must be in 3…2^20 (is \(loopSettle))") }
        if loopJumps < 1 || loopJumps > 1024 { e.append("\(path).loopJumps must be in 1…1024 (is \(loopJumps))") }
        if loopTail < 1 || loopTail > 1 << 20 { e.append("\(path).loopTail must be in 1…2^20 (is \(loopTail))") }
        if minMeasuredBursts < 0 { e.append("\(path).minMeasuredBursts must be ≥ 0 (is \(minMeasuredBursts))") }
        if !(warmupL2Turnover >= 0 && warmupL2Turnover <= 1000) { e.append("\(path).warmupL2Turnover must be in 0…1000 (is \(warmupL2Turnover))") }
        return e
    }
}
