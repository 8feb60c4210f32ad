import Workloads
import SimKernel
import MemorySystem

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
    /// Bursts. The wave sampler cuts a kernel only while the L2's write-back backlog (evicted
    /// dirty bursts waiting for room in the controllers' write queues) holds at most this many;
    /// while it holds more, the cut waits for a later wave boundary, and a kernel whose backlog
    /// never falls that low runs in full. A kernel whose stores outrun memory is not in a steady
    /// state with it, and the backlog its skipped waves would have left for the next kernel
    /// cannot be extrapolated: with the L2's write-back buffer unbounded
    /// (`L2Config.writebackBufferBursts = 0`) AlexNet b128's input transfer leaves ~850 k
    /// bursts (54 MB) that drain during `conv1` in full detail and are missing after a cut. At
    /// the cut points of VGG-19 b32 `bitlevel` (stop 23) kernels in step with memory held at
    /// most 1,676 bursts, store-heavy ones (the transfer, `conv1_1`'s K = 27 GEMM, the fc weight
    /// gradients) 8,886–20,355; 4096, between the two, is assumed. Default 4096 since stop 24
    /// (stop 23 measured it as the variant `backlog`: seven of eight runs within 1 % of full
    /// detail, against five with no limit). Since stop 25 the buffer is bounded at 64 bursts
    /// per slice by default, so no such backlog forms and this stays a guard for an unbounded
    /// buffer. 0: no limit (the sampler of stops 12–23; stop 24's results/SAMPLING.md, variant
    /// `nobacklog`, in git history).
    public var maxCutBacklog: Int = 4096
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
        if maxCutBacklog < 0 { e.append("\(path).maxCutBacklog must be ≥ 0 (0: no limit; is \(maxCutBacklog))") }
        if loopWindow < 2 || loopWindow > 1 << 20 { e.append("\(path).loopWindow must be in 2…2^20 (is \(loopWindow))") }
        if loopSettle < 3 || loopSettle > 1 << 20 { e.append("\(path).loopSettle must be in 3…2^20 (is \(loopSettle))") }
        if loopJumps < 1 || loopJumps > 1024 { e.append("\(path).loopJumps must be in 1…1024 (is \(loopJumps))") }
        if loopTail < 1 || loopTail > 1 << 20 { e.append("\(path).loopTail must be in 1…2^20 (is \(loopTail))") }
        if minMeasuredBursts < 0 { e.append("\(path).minMeasuredBursts must be ≥ 0 (is \(minMeasuredBursts))") }
        if !(warmupL2Turnover >= 0 && warmupL2Turnover <= 1000) { e.append("\(path).warmupL2Turnover must be in 0…1000 (is \(warmupL2Turnover))") }
        return e
    }
}
