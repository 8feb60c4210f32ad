/// One wave boundary of a kernel as simulated: every `SMs × CTAs per SM` completed CTAs, and
/// the kernel's end (a partial last wave). Diagnostics of how a kernel evolves along its
/// waves (cold start, steady state, a regime change) and of what the sampler simulated and
/// skipped; nothing is computed from them. Counters are the simulated deltas since the
/// previous boundary (skipped waves have none).
public struct WaveRecord: Sendable, Equatable {
    /// Boundaries since the kernel began, 1-based.
    public var wave: Int
    /// Simulated time since the kernel began, ps (skipped waves take none).
    public var timePs: Int64
    /// Simulated time since the previous boundary, ps.
    public var durationPs: Int64
    /// CTAs completed (simulated) since the kernel began.
    public var completedCTAs: Int
    /// Index of the next CTA to dispatch, after any jump decided at this boundary.
    public var nextCTA: Int
    /// CTAs skipped so far (the sampler's jumps, including one decided at this boundary).
    public var skippedCTAs: Int
    /// 128-byte line loads and stores SM → L2 since the previous boundary.
    public var lineReads: Int64
    public var lineWrites: Int64
    /// 64-byte fills and write-backs the L2 sent to memory since the previous boundary.
    public var fillBursts: Int64
    public var writebackBursts: Int64
    /// Loads that hit / waited for a fill since the previous boundary.
    public var l2ReadHits: Int64
    public var l2ReadMisses: Int64
    /// Memory energy since the previous boundary, fJ.
    public var memoryEnergyFJ: Int64
    /// Chunk compute time reserved on all SMs together since the previous boundary, ps.
    public var computeBusyPs: Int64

    public init(wave: Int, timePs: Int64, durationPs: Int64, completedCTAs: Int, nextCTA: Int, skippedCTAs: Int,
                delta d: OpCounters) {
        self.wave = wave
        self.timePs = timePs
        self.durationPs = durationPs
        self.completedCTAs = completedCTAs
        self.nextCTA = nextCTA
        self.skippedCTAs = skippedCTAs
        lineReads = d[.lineReads]
        lineWrites = d[.lineWrites]
        fillBursts = d[.fillBursts]
        writebackBursts = d[.writebackBursts]
        l2ReadHits = d[.l2ReadHits]
        l2ReadMisses = d[.l2ReadMisses]
        memoryEnergyFJ = d.memoryEnergyFJ
        computeBusyPs = d[.computeBusyPs]
    }
}
