import SimKernel

/// Gives the dispatcher cumulative counters at wave boundaries.
protocol CounterSource: AnyObject {
    func snapshot() -> OpCounters
}

/// Runs one kernel at a time: dispatches its CTAs to SMs in waves (at kernel start CTA i
/// goes to SM i mod SMs, filling one CTA slot per SM before the next; afterwards a
/// finishing CTA's slot takes the next CTA), ends the kernel when every CTA has finished
/// and its stores are acknowledged, and does the wave sampling (`SamplingConfig`).
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
    /// Set when waves were skipped.
    private(set) var skipped = 0
    private(set) var converged = true
    private(set) var windowTime: Int64 = 0
    private(set) var windowDelta = OpCounters()
    private(set) var windowWaves = 1
    private(set) var done = false

    init(sms: SMArray, sampling: SamplingConfig, source: CounterSource) {
        self.sms = sms
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
        waveSize = sms.sms * sms.activeSlotsPerSM
        boundaries = [Boundary(time: sim.now.raw, counters: start)]
        samplingOpen = sampling.detail == .sampled && k.ctas >= waveSize * (sampling.minWaves + 2)
        done = k.ctas == 0
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
        completed += 1
        if samplingOpen && completed % waveSize == 0 { waveBoundary(k, sim) }
        if nextCTA < k.ctas {
            sms.start(cta: take(), slot: slot)
        } else if completed == dispatched {
            done = true
            sim.requestStop()
        }
    }

    private func waveBoundary(_ k: KernelPlan, _ sim: Simulator) {
        boundaries.append(Boundary(time: sim.now.raw, counters: source.snapshot()))
        let waves = boundaries.count - 1
        guard waves >= sampling.minWaves else { return }
        let w = sampling.window
        let times = (waves - w + 1...waves).map { Double(boundaries[$0].time - boundaries[$0 - 1].time) }
        let mean = times.reduce(0, +) / Double(w)
        let steady = times.allSatisfy { abs($0 - mean) <= sampling.tolerance * mean }
        guard steady || waves >= sampling.maxWaves else { return }
        samplingOpen = false
        let tailStart = k.ctas - waveSize
        guard tailStart - nextCTA >= waveSize else { return }
        skipped = tailStart - nextCTA
        nextCTA = tailStart
        converged = steady
        windowWaves = w
        windowTime = boundaries[waves].time - boundaries[waves - w].time
        windowDelta = boundaries[waves].counters - boundaries[waves - w].counters
    }

    /// Skipped waves (fractional) expressed in windows: the factor for `windowDelta`/`windowTime`.
    var extrapolationFactor: Double { Double(skipped) / Double(waveSize * windowWaves) }
}
