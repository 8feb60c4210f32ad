import SimKernel

/// K-loop sampling (`SamplingConfig.loopSampling`) of one GEMM kernel whose CTAs are too
/// few for the wave sampler but whose K loops are long (weight gradients: a few waves of
/// CTAs, each looping over batch × pixels).
///
/// A *stretch* is a period in which the same CTAs stay resident (it ends when a CTA
/// finishes). Within a stretch, once every resident CTA has *settled* (computed, since it
/// started or last jumped, `loopSettle` chunks plus the spread of the CTAs' progress) and
/// has room for a window and its tail, a window of `loopWindow` *rounds* is measured (a
/// round: as many chunks computed, in total, as CTAs are resident). Then the CTAs jump
/// (`SMArray.jump`): every resident CTA skips as many of its unopened chunks as it would
/// compute in the same span of time at its own measured rate (CTAs sharing an SM skip
/// fewer), so the kernel keeps its shape in time, and each CTA's last `loopTail` chunks and
/// stores still run. Up to `loopJumps` windows and jumps per stretch, spread so that the
/// windows lie evenly along the loop. A window that saw L2 write-backs is discarded (the
/// loop writes nothing; those are an earlier wave's C tiles, which full detail writes back
/// once, not once per chunk).
///
/// Charges: each CTA slot's skipped chunks × its own time per chunk, summed along the slot;
/// the kernel ends with the latest slot. Counters: per stretch, the skipped chunks × its
/// windows' counters per chunk. The chunks between a jump and the settling re-load what the
/// skipped chunks would have left in the L2 (the halo rows of a convolution's input: +2.6 %
/// fills in `LoopSamplingTests` before this), so their counters and time are replaced by
/// the last window's rate (`endTransient`).
///
/// Error bars: time — Student's t over the intervals between the chunks of the slot that
/// ends last, in its windows, × its skipped chunks; energy — Student's t over the measured
/// rounds (with `interval = blocks` also over the windows' mean rounds, the wider) × the
/// skipped rounds, stretches in quadrature. Both cover chunk-to-chunk noise only. A stretch
/// converged when its windows' mean round times lie within `tolerance` of their mean (one
/// window: its halves').
struct LoopSampler {
    private(set) var on = false
    private var config = SamplingConfig()
    /// Chunks of the kernel's CTAs in all, and those skipped.
    private(set) var totalChunks = 0
    private(set) var skippedChunks = 0
    /// The skipped chunks' time (ps) and counters, and their 95 % half-widths.
    private(set) var extraTime: Int64 = 0
    private(set) var extraCounters = OpCounters()
    private(set) var timeCI95Ps = 0.0
    private(set) var energyCI95FJ = 0.0
    private(set) var converged = true
    private var energyVariance = 0.0

    /// The current stretch: its jumps, the chunks its CTAs skipped, every measured round
    /// (time ps, memory energy fJ), each window's mean round, and the windows' rounds and
    /// summed counters.
    private struct Stretch {
        var jumps = 0
        var skippedChunks = 0
        var rounds: [(time: Double, energy: Double)] = []
        var windowMeans: [(time: Double, energy: Double)] = []
        var windowRounds = 0
        var delta = OpCounters()
    }
    private var stretch = Stretch()

    /// The open window: CTAs resident, rounds done, the chunk count (all CTAs) that ends
    /// the current round, and the window's and the round's start.
    private var windowOpen = false
    private var resident = 0
    private var roundsDone = 0
    private var computed = 0
    private var roundEnd = 0
    private var windowStart = (time: Int64(0), counters: OpCounters())
    private var roundStart = (time: Int64(0), energy: Int64(0))
    private var pending: [(time: Double, energy: Double)] = []
    /// Per CTA slot: when its CTA last computed a chunk, and its `computed` and that time
    /// when the window opened (ps); the time its skipped chunks would have taken (ps,
    /// summed over the CTAs it ran), those chunks, the intervals between its chunks in
    /// kept windows (ps), and when its last CTA ended (−1: none ran).
    private var lastDone: [Int64] = []
    private var opened: [(computed: Int32, time: Int64)] = []
    private var slotExtension: [Double] = []
    private var slotSkipped: [Int] = []
    private var intervals: [[Double]] = []
    private var pendingIntervals: [[Double]] = []
    private var slotEnd: [Int64] = []
    /// After a jump until the CTAs settle (`endTransient`): the counters and, per slot, the
    /// chunks computed and the last chunk's time at the jump; the last kept window's rate
    /// per slot (ps per chunk) and its counters and chunks.
    private var transientOpen = false
    private var transientStart = OpCounters()
    private var jumped: [(computed: Int32, time: Int64)] = []
    private var lastRate: [Double] = []
    private var lastWindow = (delta: OpCounters(), chunks: 0)

    /// Resets for kernel `k`; turns on when `sampling` asks for it, `k` is a GEMM the wave
    /// sampler does not sample, and some CTA's loop is long enough for a jump.
    mutating func begin(_ k: KernelPlan, sampling: SamplingConfig, waveSampled: Bool, sms: SMArray) {
        self = LoopSampler()
        config = sampling
        sms.reportChunks = false
        guard sampling.detail == .sampled, sampling.loopSampling, !waveSampled, case .gemm = k.body else { return }
        var longest = 0
        for cta in 0..<k.ctas {
            let n = k.chunks(of: cta)
            totalChunks += n
            longest = max(longest, n)
        }
        guard longest >= sampling.loopSettle + 2 * sampling.loopWindow + sampling.loopTail + 2 else { return }
        on = true
        sms.reportChunks = true
        let n = sms.slots.count
        lastDone = Array(repeating: 0, count: n)
        opened = Array(repeating: (0, 0), count: n)
        slotExtension = Array(repeating: 0, count: n)
        slotSkipped = Array(repeating: 0, count: n)
        intervals = Array(repeating: [], count: n)
        pendingIntervals = Array(repeating: [], count: n)
        slotEnd = Array(repeating: -1, count: n)
        jumped = Array(repeating: (0, 0), count: n)
        lastRate = Array(repeating: 0, count: n)
    }

    /// A chunk was computed; `now` in ps.
    mutating func chunkComputed(slot: Int, sms: SMArray, source: CounterSource, now: Int64) {
        computed += 1
        if windowOpen { pendingIntervals[slot].append(Double(now - lastDone[slot])) }
        lastDone[slot] = now
        if !windowOpen {
            guard transientOpen || stretch.jumps < config.loopJumps else { return }
            // Settled: every resident CTA has computed, since it started or jumped,
            // `loopSettle` chunks plus the spread of the CTAs' progress (a jump skips the
            // chunks that CTAs ahead would have loaded for the CTAs behind — L2 reuse between
            // CTAs sharing a panel — so the trailing ones must catch up to where the leading
            // ones landed).
            var lowest = Int32.max, highest = Int32.min
            for s in 0..<sms.slots.count where sms.slots[s].active {
                let progress = sms.slots[s].computed + sms.slots[s].offset
                lowest = min(lowest, progress)
                highest = max(highest, progress)
            }
            let settle = Int32(config.loopSettle) + (highest &- lowest)
            var n = 0, room = true
            for s in 0..<sms.slots.count where sms.slots[s].active {
                guard sms.slots[s].computed - sms.slots[s].settledFrom >= settle else { return }
                if Int(sms.chunksToOpen(s)) < config.loopWindow + config.loopTail + 2 { room = false }
                n += 1
            }
            guard n > 0 else { return }
            let snap = source.snapshot()
            if transientOpen { endTransient(sms: sms, snap: snap) }
            guard room, stretch.jumps < config.loopJumps else { return }
            windowOpen = true
            resident = n
            roundsDone = 0
            roundEnd = computed + n
            windowStart = (now, snap)
            roundStart = (now, snap.memoryEnergyFJ)
            pending.removeAll(keepingCapacity: true)
            for s in 0..<sms.slots.count {
                opened[s] = (sms.slots[s].computed, lastDone[s])
                pendingIntervals[s].removeAll(keepingCapacity: true)
            }
            return
        }
        guard computed == roundEnd else { return }
        let snap = source.snapshot()
        pending.append((Double(now - roundStart.time), Double(snap.memoryEnergyFJ - roundStart.energy)))
        roundStart = (now, snap.memoryEnergyFJ)
        roundEnd += resident
        roundsDone += 1
        guard roundsDone == config.loopWindow else { return }
        windowOpen = false
        let delta = snap - windowStart.counters
        guard delta[.writebackBursts] == 0 else { return }
        // Each resident CTA's own time per chunk over the window (CTAs sharing an SM run slower).
        var rate = Array(repeating: 0.0, count: sms.slots.count)
        for s in 0..<sms.slots.count where sms.slots[s].active {
            let chunks = sms.slots[s].computed - opened[s].computed
            guard chunks > 0 else { return }
            rate[s] = Double(lastDone[s] - opened[s].time) / Double(chunks)
        }
        for s in 0..<sms.slots.count where sms.slots[s].active { intervals[s] += pendingIntervals[s] }
        stretch.rounds += pending
        let n = Double(pending.count)
        stretch.windowMeans.append((pending.reduce(0) { $0 + $1.time } / n, pending.reduce(0) { $0 + $1.energy } / n))
        stretch.windowRounds += roundsDone
        stretch.delta = stretch.delta + delta
        // The jump: `span` of simulated time in which every resident CTA advances at its own
        // measured rate (CTAs sharing an SM skip fewer chunks), so that the kernel keeps its
        // shape in time (e.g. a partial last wave whose lone CTAs end first). The jumps left
        // share the shortest time any resident CTA has beyond its tail and the later windows
        // (each settle + window + the chunks in flight).
        let left = config.loopJumps - stretch.jumps
        let reserve = (left - 1) * (config.loopSettle + config.loopWindow + 3) + config.loopTail
        var span = Double.infinity
        for s in 0..<sms.slots.count where sms.slots[s].active {
            span = min(span, Double(Int(sms.chunksToOpen(s)) - reserve) * rate[s] / Double(left))
        }
        guard span >= Double(now - windowStart.time) else {
            stretch.jumps = config.loopJumps
            return
        }
        var chunks = 0
        for s in 0..<sms.slots.count where sms.slots[s].active {
            let count = Int(span / rate[s])
            guard count > 0 else { continue }
            sms.jump(slot: s, by: Int32(count))
            slotExtension[s] += rate[s] * Double(count)
            slotSkipped[s] += count
            chunks += count
        }
        transientOpen = true
        transientStart = snap
        for s in 0..<sms.slots.count { jumped[s] = (sms.slots[s].computed, lastDone[s]) }
        lastRate = rate
        lastWindow = (delta, roundsDone * resident)
        stretch.jumps += 1
        stretch.skippedChunks += chunks
        skippedChunks += chunks
    }

    /// The chunks right after a jump re-load what the skipped chunks would have left in the
    /// L2 (e.g. the halo rows of a convolution's input): full detail loads that once, and
    /// the extrapolation already charges it. So, once the CTAs have settled after a jump,
    /// what they did since the jump is replaced by the last window's rate for as many
    /// chunks: counters (unless write-backs fell in it), and each CTA's time.
    private mutating func endTransient(sms: SMArray, snap: OpCounters) {
        transientOpen = false
        let delta = snap - transientStart
        var chunks = 0
        for s in 0..<sms.slots.count where sms.slots[s].active {
            let c = Int(sms.slots[s].computed - jumped[s].computed)
            chunks += c
            slotExtension[s] += lastRate[s] * Double(c) - Double(lastDone[s] - jumped[s].time)
        }
        guard delta[.writebackBursts] == 0, lastWindow.chunks > 0 else { return }
        extraCounters = extraCounters + lastWindow.delta.scaled(by: Double(chunks) / Double(lastWindow.chunks)) - delta
    }

    /// The CTA in `slot` finished at `now` (ps): the stretch of resident CTAs ends and its
    /// counters are charged; at the kernel's end (`last`) so is the time.
    mutating func ctaFinished(slot: Int, now: Int64, last: Bool) {
        slotEnd[slot] = now
        endStretch()
        guard last, skippedChunks > 0 else { return }
        // Each slot's CTAs would have ended later by their skipped chunks' time; the kernel
        // ends with the latest slot. Its interval: Student's t over that slot's measured
        // intervals between chunks × its skipped chunks.
        var simulatedEnd = Int64.min, extendedEnd = -Double.infinity, critical = 0
        for s in slotEnd.indices where slotEnd[s] >= 0 {
            simulatedEnd = max(simulatedEnd, slotEnd[s])
            if Double(slotEnd[s]) + slotExtension[s] > extendedEnd { extendedEnd = Double(slotEnd[s]) + slotExtension[s]; critical = s }
        }
        extraTime = max(0, Int64((extendedEnd - Double(simulatedEnd)).rounded()))
        let t = Dispatcher.halfWidth95(intervals[critical]) * Double(slotSkipped[critical])
        timeCI95Ps = t
    }

    /// The stretch of the same resident CTAs ends: its skipped chunks are charged its
    /// windows' counters per chunk.
    private mutating func endStretch() {
        windowOpen = false
        transientOpen = false
        defer { stretch = Stretch() }
        guard stretch.skippedChunks > 0 else { return }
        // Rounds skipped (a round: as many chunks as CTAs are resident).
        let skipped = Double(stretch.skippedChunks) / Double(resident)
        let factor = skipped / Double(stretch.windowRounds)
        extraCounters = extraCounters + stretch.delta.scaled(by: factor)
        var e = Dispatcher.halfWidth95(stretch.rounds.map(\.energy)) * skipped
        if config.interval == .blocks, stretch.windowMeans.count > 1 {
            e = max(e, Dispatcher.halfWidth95(stretch.windowMeans.map(\.energy)) * skipped)
        }
        energyVariance += e * e
        energyCI95FJ = energyVariance.squareRoot()
        var means = stretch.windowMeans.map(\.time)
        if means.count == 1 {
            let half = stretch.rounds.count / 2
            func mean(_ x: ArraySlice<(time: Double, energy: Double)>) -> Double { x.reduce(0) { $0 + $1.time } / Double(x.count) }
            means = [mean(stretch.rounds[..<half]), mean(stretch.rounds[half...])]
        }
        let m = means.reduce(0, +) / Double(means.count)
        if !means.allSatisfy({ abs($0 - m) <= config.tolerance * m }) { converged = false }
    }
}
