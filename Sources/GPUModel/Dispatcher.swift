import SimKernel

/// Gives the dispatcher cumulative counters at wave boundaries.
protocol CounterSource: AnyObject {
    func snapshot() -> OpCounters
    /// Write-back bursts the L2 holds for want of room in the controllers' write queues.
    var writebackBacklog: Int { get }
}

/// Runs one kernel at a time: dispatches its CTAs to SMs in waves (at kernel start CTA i
/// goes to SM i mod SMs, filling one CTA slot per SM before the next; afterwards a
/// finishing CTA's slot takes the next CTA), ends the kernel when every CTA has finished
/// and its stores are acknowledged, and does the wave sampling (`SamplingConfig`): a
/// steady window after warm-up, then `probes` blocks of waves spread over the rest, then
/// the last wave; the skipped CTAs are estimated from the mean of every measured wave.
final class Dispatcher {
    struct Boundary { var time: Int64; var counters: OpCounters }

    let sms: SMArray
    let sampling: SamplingConfig
    unowned(unsafe) let source: CounterSource

    private(set) var kernel: KernelPlan?
    private var nextCTA = 0
    private(set) var dispatched = 0
    private var completed = 0
    private var waveSize = 1
    private var boundaries: [Boundary] = []
    private var samplingOpen = false
    /// Wave index at which the L2 had turned over (warm-up done), if it has.
    private var warmedAt: Int?
    private var turnoverLines: Int64 = 0
    /// Set when waves were skipped.
    private(set) var skipped = 0
    private(set) var converged = true
    private(set) var windowTime: Int64 = 0
    private(set) var windowDelta = OpCounters()
    private(set) var windowWaves = 1
    /// 95 % confidence half-widths of the extrapolated time (ps) and memory energy (fJ)
    /// of the skipped waves (0 when nothing was skipped); see `waveBoundary`.
    private(set) var timeCI95Ps = 0.0
    private(set) var energyCI95FJ = 0.0
    private(set) var done = false
    /// Probes (see `SamplingConfig.probes`): the first CTA of each probe still to come, the
    /// CTA index at which the current probe is fully dispatched, and the wave boundary of
    /// the last jump.
    private var probeStarts: [Int] = []
    private var probeEnd = 0
    private var jumpBoundary = 0
    private var probing = false
    /// Every measured wave: its time (ps), counters (the steady window's, then the probes'
    /// waves after their first) and block (0: the steady window, i: the i-th probe).
    private var measured: [(time: Int64, counters: OpCounters, block: Int)] = []
    /// The block being measured.
    private var block = 0
    /// The current kernel's wave boundaries as simulated (`WaveRecord`), and the last one's
    /// time and counters.
    private(set) var waveLog: [WaveRecord] = []
    private var lastLogged = Boundary(time: 0, counters: OpCounters())
    /// K-loop sampling (`SamplingConfig.loopSampling`) of the current kernel.
    private var loop = LoopSampler()
    /// Called with the current kernel and the CTAs a cut skips, before the jump (the GPU
    /// credits their stores to the memory system's bookkeeping). Never called in full detail.
    var onSkip: ((KernelPlan, Range<Int>) -> Void)?

    init(sms: SMArray, sampling: SamplingConfig, l2Lines: Int, source: CounterSource) {
        self.sms = sms
        self.turnoverLines = Int64((Double(l2Lines) * sampling.warmupL2Turnover).rounded(.up))
        self.sampling = sampling
        self.source = source
    }

    /// Starts `kernel` at `sim.now` with `start` as its opening counters.
    func begin(_ k: KernelPlan, start: OpCounters, _ sim: Simulator) {
        kernel = k
        sms.kernel = k
        sms.activeSlotsPerSM = min(k.ctasPerSM, sms.slotsPerSM)
        for sm in 0..<sms.sms { sms.roundRobin[sm] = 0 }
        nextCTA = 0
        dispatched = 0
        completed = 0
        skipped = 0
        converged = true
        timeCI95Ps = 0
        energyCI95FJ = 0
        waveSize = sms.sms * sms.activeSlotsPerSM
        boundaries = [Boundary(time: sim.now.raw, counters: start)]
        waveLog = []
        lastLogged = boundaries[0]
        samplingOpen = sampling.detail == .sampled && k.ctas >= waveSize * (sampling.minWaves + 2)
        probing = false
        probeStarts = []
        measured = []
        block = 0
        warmedAt = nil
        done = k.ctas == 0
        loop.begin(k, sampling: sampling, waveSampled: samplingOpen, sms: sms)
        for local in 0..<sms.activeSlotsPerSM {
            for sm in 0..<sms.sms where nextCTA < k.ctas {
                sms.start(cta: take(), slot: sm * sms.slotsPerSM + local)
            }
        }
        for sm in 0..<sms.sms { sms.issue(sm: sm, sim) }
    }

    private func take() -> Int {
        dispatched += 1
        nextCTA += 1
        return nextCTA - 1
    }

    /// A CTA in `slot` finished (its stores are acknowledged).
    func ctaFinished(slot: Int, _ sim: Simulator) {
        guard let k = kernel else { return }
        if loop.on { loop.ctaFinished(slot: slot, now: sim.now.raw, last: nextCTA >= k.ctas && completed + 1 == dispatched) }
        completed += 1
        let atBoundary = completed % waveSize == 0
        let last = nextCTA >= k.ctas && completed == dispatched
        if atBoundary || last {
            // One snapshot per boundary, for the sampler and the wave log alike.
            let now = Boundary(time: sim.now.raw, counters: source.snapshot())
            if atBoundary && samplingOpen { waveBoundary(k, now) } else if atBoundary && probing { probeBoundary(k, now) }
            logWave(now)
        }
        if nextCTA < k.ctas {
            sms.start(cta: take(), slot: slot)
        } else if last {
            done = true
            sim.requestStop()
        }
    }

    /// A chunk was computed (K-loop sampling only).
    @inline(__always)
    func loopChunkComputed(slot: Int, _ sim: Simulator) { loop.chunkComputed(slot: slot, sms: sms, source: source, now: sim.now.raw) }

    /// What the sampler added for the skipped part of the kernel just run: its time (ps),
    /// counters, 95 % half-widths of time (ps) and memory energy (fJ), and whether the
    /// measurements it rests on agreed (`SamplingConfig.tolerance`). Nothing when every CTA
    /// and chunk ran.
    struct Extrapolation {
        var sampled = false
        var timePs: Int64 = 0
        var counters = OpCounters()
        var timeCI95Ps = 0.0
        var energyCI95FJ = 0.0
        var converged = true
    }

    /// The wave sampler's estimate when it skipped waves, else the K-loop sampler's when it
    /// skipped chunks (a kernel is sampled by one or the other, never both).
    var extrapolation: Extrapolation {
        if skipped > 0 {
            return Extrapolation(sampled: true, timePs: Int64((Double(windowTime) * extrapolationFactor).rounded()),
                                 counters: windowDelta.scaled(by: extrapolationFactor),
                                 timeCI95Ps: timeCI95Ps, energyCI95FJ: energyCI95FJ, converged: converged)
        }
        guard loop.skippedChunks > 0 else { return Extrapolation() }
        return Extrapolation(sampled: true, timePs: loop.extraTime, counters: loop.extraCounters,
                             timeCI95Ps: loop.timeCI95Ps, energyCI95FJ: loop.energyCI95FJ, converged: loop.converged)
    }

    /// CTAs simulated; for a K-loop-sampled kernel, the CTAs' worth of chunks simulated
    /// (rounded up).
    var simulatedCTAEquivalent: Int {
        guard loop.skippedChunks > 0, let k = kernel, loop.totalChunks > 0 else { return dispatched }
        return Int((Double(k.ctas) * Double(loop.totalChunks - loop.skippedChunks) / Double(loop.totalChunks)).rounded(.up))
    }

    /// Appends boundary `now` to `waveLog` (after any jump decided there).
    private func logWave(_ now: Boundary) {
        waveLog.append(WaveRecord(wave: waveLog.count + 1, timePs: now.time - boundaries[0].time,
                                  durationPs: now.time - lastLogged.time, completedCTAs: completed, nextCTA: nextCTA,
                                  skippedCTAs: skipped, delta: now.counters - lastLogged.counters))
        lastLogged = now
    }

    private func waveBoundary(_ k: KernelPlan, _ now: Boundary) {
        boundaries.append(now)
        let waves = boundaries.count - 1
        if warmedAt == nil {
            let allocated = boundaries[waves].counters[.l2Allocations] - boundaries[0].counters[.l2Allocations]
            guard allocated >= turnoverLines else { return }
            warmedAt = waves
        }
        guard let warm = warmedAt, waves >= max(sampling.minWaves, warm + sampling.window) else { return }
        let span = boundaries[waves].counters - boundaries[warm].counters
        let bursts = span[.fillBursts] + span[.writebackBursts]
        guard bursts >= Int64(sampling.minMeasuredBursts) || waves >= warm + sampling.maxWaves else { return }
        let w = sampling.window
        let times = (waves - w + 1...waves).map { Double(boundaries[$0].time - boundaries[$0 - 1].time) }
        let mean = times.reduce(0, +) / Double(w)
        let steady = times.allSatisfy { abs($0 - mean) <= sampling.tolerance * mean }
        guard steady || waves >= warm + sampling.maxWaves else { return }
        // Stores outrunning memory: no cut while the write-back backlog is above the limit.
        guard sampling.maxCutBacklog == 0 || source.writebackBacklog <= sampling.maxCutBacklog else { return }
        samplingOpen = false
        let tailStart = k.ctas - waveSize
        guard tailStart - nextCTA >= waveSize else { return }
        // A cut that would skip little traffic is not worth the state it changes: run in full.
        let skippable = Double(bursts) / Double(waves - warm) * Double((tailStart - nextCTA) / waveSize)
        guard skippable >= Double(sampling.minSkippedBursts) else { return }
        converged = steady
        // The steady rate is measured over every wave since warm-up.
        for wave in warm + 1...waves { recordWave(wave) }
        // Probes: `probes` blocks of `probeWaves` waves, each in the middle of an equal
        // share of what would otherwise be skipped, when they leave at least as much skipped
        // as they simulate.
        let region = tailStart - nextCTA
        let length = sampling.probeWaves * waveSize
        if sampling.probes > 0 && region >= 2 * sampling.probes * length {
            let stratum = region / sampling.probes
            probeStarts = (0..<sampling.probes).map { nextCTA + $0 * stratum + (stratum - length) / 2 }
            probing = true
            block = 1
            jump(to: probeStarts.removeFirst(), wave: waves)
            probeEnd = nextCTA + length
        } else {
            jump(to: tailStart, wave: waves)
            finishEstimate()
        }
    }

    /// A wave boundary while probing: the waves after a probe's first are measured; when the
    /// probe is dispatched, the next one (or the tail wave) starts.
    private func probeBoundary(_ k: KernelPlan, _ now: Boundary) {
        boundaries.append(now)
        let wave = boundaries.count - 1
        if wave - jumpBoundary >= 2 { recordWave(wave) }
        guard nextCTA >= probeEnd else { return }
        if probeStarts.isEmpty {
            probing = false
            jump(to: k.ctas - waveSize, wave: wave)
            finishEstimate()
        } else {
            block += 1
            jump(to: probeStarts.removeFirst(), wave: wave)
            probeEnd = nextCTA + sampling.probeWaves * waveSize
        }
    }

    /// Skips whole waves of CTAs from the next one towards `cta` (as many as fit before it).
    /// Whole waves keep the CTAs after the jump in the same place within their waves as in
    /// full detail, so the last wave keeps its real size: a kernel whose CTAs do not fill
    /// its last wave still pays for that wave (the tail effect), sampled or not.
    private func jump(to cta: Int, wave: Int) {
        let target = nextCTA + max(0, (cta - nextCTA) / waveSize) * waveSize
        if let k = kernel, target > nextCTA { onSkip?(k, nextCTA..<target) }
        skipped += target - nextCTA
        nextCTA = target
        jumpBoundary = wave
    }

    private func recordWave(_ wave: Int) {
        measured.append((boundaries[wave].time - boundaries[wave - 1].time,
                         boundaries[wave].counters - boundaries[wave - 1].counters, block))
    }

    /// The skipped waves' estimate from every measured wave: their count × the mean measured
    /// wave. Error bars: taking the measured waves as independent samples, the mean's 95 %
    /// interval is ± t(0.975, n−1) · s / √n, scaled by the waves skipped. With a single
    /// measured wave there is no spread to go by: the interval is the whole extrapolated amount.
    /// With `interval = blocks` and at least two blocks (the window and the probes), the
    /// interval is the wider of that and the same formula over the blocks' mean waves
    /// (batch means: drift along the kernel shows as spread between blocks).
    private func finishEstimate() {
        guard skipped > 0, !measured.isEmpty else { return }
        windowWaves = measured.count
        windowTime = measured.reduce(0) { $0 + $1.time }
        windowDelta = measured.dropFirst().reduce(measured[0].counters) { $0 + $1.counters }
        let skippedWaves = Double(skipped) / Double(waveSize)
        timeCI95Ps = Self.halfWidth95(measured.map { Double($0.time) }) * skippedWaves
        energyCI95FJ = Self.halfWidth95(measured.map { Double($0.counters.memoryEnergyFJ) }) * skippedWaves
        if sampling.interval == .blocks, block >= 1 {
            let blocks = measured.map(\.block)
            let times = Self.blockMeans(measured.map { Double($0.time) }, blocks: blocks)
            let energies = Self.blockMeans(measured.map { Double($0.counters.memoryEnergyFJ) }, blocks: blocks)
            timeCI95Ps = max(timeCI95Ps, Self.halfWidth95(times) * skippedWaves)
            energyCI95FJ = max(energyCI95FJ, Self.halfWidth95(energies) * skippedWaves)
        }
    }

    /// The mean of `x` per block (`blocks[i]` is `x[i]`'s block, 0, 1, … in order), blocks
    /// without values left out.
    static func blockMeans(_ x: [Double], blocks: [Int]) -> [Double] {
        var sums: [Double] = [], counts: [Int] = []
        for (v, b) in zip(x, blocks) {
            while sums.count <= b { sums.append(0); counts.append(0) }
            sums[b] += v
            counts[b] += 1
        }
        return zip(sums, counts).compactMap { $1 > 0 ? $0 / Double($1) : nil }
    }

    /// The 95 % confidence half-width of the mean of `x` (Student's t; `x`'s mean itself
    /// when there is only one value).
    static func halfWidth95(_ x: [Double]) -> Double {
        let n = x.count
        guard n > 1 else { return abs(x.first ?? 0) }
        let mean = x.reduce(0, +) / Double(n)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        return studentT975(degrees: n - 1) * (variance / Double(n)).squareRoot()
    }

    /// Two-sided 95 % quantile of Student's t with `degrees` degrees of freedom
    /// (standard table values; 1.96 beyond 30).
    static func studentT975(degrees: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                               2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                               2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        return degrees >= 1 && degrees <= table.count ? table[degrees - 1] : 1.96
    }

    /// Skipped waves (fractional) expressed in windows: the factor for `windowDelta`/`windowTime`.
    var extrapolationFactor: Double { Double(skipped) / Double(waveSize * windowWaves) }
}
