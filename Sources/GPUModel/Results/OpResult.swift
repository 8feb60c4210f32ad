import SimKernel
import Workloads

/// The simulated execution of one op (one kernel) of a training plan.
///
/// Times are on the iteration's timeline: an op starts when the previous one ended, so
/// op times add up to the iteration time. In a sampled op, `end − start` is the
/// simulated time plus the extrapolated time of the skipped waves.
///
/// Definitions:
/// - `computeTime` = Σ over SMs of the chunk compute time they were busy ÷ SMs: the time
///   the op would take if its FLOPs were spread evenly over all SMs at the modelled
///   efficiency with memory never in the way.
/// - `stallTime` = op time − `computeTime`: the time the average SM was not computing
///   (waiting for loads or for store acknowledgements, blocked by its outstanding-request
///   limit, or idle in the kernel's tail). A compute-bound op has a small stall share; a
///   memory-bound one a large share.
public struct OpResult: Sendable, Equatable {
    public var index: Int
    public var name: String
    public var layer: String
    public var layerType: String
    public var phase: Phase
    /// The kernel's decomposition (tiles, splits, CTAs).
    public var kernel: String
    public var start: Picoseconds
    public var end: Picoseconds
    public var computeTime: Picoseconds
    /// CTAs of the kernel and CTAs simulated in detail.
    public var ctas: Int
    public var simulatedCTAs: Int
    /// True when waves were skipped and extrapolated.
    public var sampled: Bool
    /// Sampled ops: the skipped waves' time came from converged wave times (false: the
    /// sampling hit `maxWaves` first). Always true for full-detail ops.
    public var converged: Bool
    /// Counters over the op (for a sampled op: simulated plus extrapolated).
    public var counters: OpCounters
    /// Line requests and memory bursts actually simulated for this op.
    public var simulatedLineRequests: Int64
    public var simulatedBursts: Int64
    /// Sampled ops: 95 % confidence half-widths of the op's time (ps) and memory energy
    /// (fJ), from the spread of the measured wave times and energies (0 in full detail).
    public var timeCI95Ps: Double = 0
    public var energyCI95FJ: Double = 0
    /// Time another agent on the simulator (`OpGate`, e.g. a copy engine) held the op
    /// back before dispatch or after its kernel ended, ps; part of `end − start` and of
    /// the stall time (0 without a gate).
    public var heldPs: Int64 = 0
    /// The kernel's wave boundaries as simulated (`WaveRecord`; diagnostics).
    public var waves: [WaveRecord] = []

    public var duration: Picoseconds { end - start }
    public var stallTime: Picoseconds { Picoseconds(max(0, duration.raw - computeTime.raw)) }
    /// Share of the op time that is stall time (0…1).
    public var stallShare: Double { duration.raw == 0 ? 0 : Double(stallTime.raw) / Double(duration.raw) }
    /// Fraction of CTAs simulated in detail.
    public var simulatedFraction: Double { ctas == 0 ? 1 : Double(simulatedCTAs) / Double(ctas) }
}

/// A whole run: per-op results and what it cost to simulate.
public struct GPURunResult: Sendable {
    public var ops: [OpResult]
    /// Sum of op times (= end of the last op).
    public var iterationTime: Picoseconds
    /// Line requests and memory bursts simulated (not extrapolated).
    public var simulatedLineRequests: Int64
    public var simulatedBursts: Int64
    public var eventsDispatched: UInt64
    public var wallSeconds: Double

    /// Counters of all ops added up.
    public var totals: OpCounters { ops.reduce(OpCounters()) { $0 + $1.counters } }
    /// Simulated line requests per wall-clock second.
    public var lineRequestsPerSecond: Double { wallSeconds > 0 ? Double(simulatedLineRequests) / wallSeconds : 0 }
    /// Simulated memory bursts per wall-clock second.
    public var burstsPerSecond: Double { wallSeconds > 0 ? Double(simulatedBursts) / wallSeconds : 0 }
}
