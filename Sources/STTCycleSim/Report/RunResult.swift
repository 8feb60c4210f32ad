import SimKernel
import MemorySystem

/// Memory counters of a report row: plain sums, so rows of a run add up to its total.
public struct RowCounters: Sendable, Equatable {
    public var reads: UInt64 = 0
    public var writes: UInt64 = 0
    /// MLC reads in soft-only mode (one sensing step).
    public var readsSoftOnly: UInt64 = 0
    /// Σ request latency, ps (arrival at the controller to completion).
    public var readLatencySumPs: Double = 0
    public var writeLatencySumPs: Double = 0
    /// Largest single latency, ps, where known (trace runs).
    public var maxReadLatencyPs: Int64?
    public var maxWriteLatencyPs: Int64?
    public var rowHits: UInt64 = 0
    public var rowMisses: UInt64 = 0
    public var rowConflicts: UInt64 = 0
    public var refreshes: UInt64 = 0
    public var modeSwitches: UInt64 = 0
    public var writesOneStep: UInt64 = 0
    public var writesTwoStep: UInt64 = 0
    public var cellsHardStep: UInt64 = 0
    public var cellsSoftStep: UInt64 = 0
    /// Energy, fJ.
    public var energyReadFJ: Int64 = 0
    /// DRAM bits × per-bit write energy, fJ.
    public var energyWriteFJ: Int64 = 0
    public var energyWriteHardFJ: Int64 = 0
    public var energyWriteSoftFJ: Int64 = 0
    public var energyActivateFJ: Int64 = 0
    public var energyRefreshFJ: Int64 = 0

    public init() {}

    /// The counters of a controller (or of all controllers).
    public init(_ s: ControllerStats) {
        reads = s.reads; writes = s.writes; readsSoftOnly = s.readsSoftOnly
        readLatencySumPs = s.readLatency.sum; writeLatencySumPs = s.writeLatency.sum
        maxReadLatencyPs = s.reads > 0 ? s.readLatency.maximum : 0
        maxWriteLatencyPs = s.writes > 0 ? s.writeLatency.maximum : 0
        rowHits = s.rowHits; rowMisses = s.rowMisses; rowConflicts = s.rowConflicts
        refreshes = s.refreshes; modeSwitches = s.modeSwitches
        writesOneStep = s.writesOneStep; writesTwoStep = s.writesTwoStep
        cellsHardStep = s.cellsHardStep; cellsSoftStep = s.cellsSoftStep
        energyReadFJ = s.energyReadFJ; energyWriteFJ = s.energyWriteFJ
        energyWriteHardFJ = s.energyWriteHardFJ; energyWriteSoftFJ = s.energyWriteSoftFJ
        energyActivateFJ = s.energyActivateFJ; energyRefreshFJ = s.energyRefreshFJ
    }

    public var energyWriteTotalFJ: Int64 { energyWriteFJ + energyWriteHardFJ + energyWriteSoftFJ }
    public var energyTotalFJ: Int64 { energyReadFJ + energyWriteTotalFJ + energyActivateFJ + energyRefreshFJ }

    /// Sums (maxima where known).
    public static func + (a: RowCounters, b: RowCounters) -> RowCounters {
        var r = RowCounters()
        r.reads = a.reads + b.reads; r.writes = a.writes + b.writes; r.readsSoftOnly = a.readsSoftOnly + b.readsSoftOnly
        r.readLatencySumPs = a.readLatencySumPs + b.readLatencySumPs
        r.writeLatencySumPs = a.writeLatencySumPs + b.writeLatencySumPs
        if let x = a.maxReadLatencyPs, let y = b.maxReadLatencyPs { r.maxReadLatencyPs = max(x, y) }
        if let x = a.maxWriteLatencyPs, let y = b.maxWriteLatencyPs { r.maxWriteLatencyPs = max(x, y) }
        r.rowHits = a.rowHits + b.rowHits; r.rowMisses = a.rowMisses + b.rowMisses; r.rowConflicts = a.rowConflicts + b.rowConflicts
        r.refreshes = a.refreshes + b.refreshes; r.modeSwitches = a.modeSwitches + b.modeSwitches
        r.writesOneStep = a.writesOneStep + b.writesOneStep; r.writesTwoStep = a.writesTwoStep + b.writesTwoStep
        r.cellsHardStep = a.cellsHardStep + b.cellsHardStep; r.cellsSoftStep = a.cellsSoftStep + b.cellsSoftStep
        r.energyReadFJ = a.energyReadFJ + b.energyReadFJ; r.energyWriteFJ = a.energyWriteFJ + b.energyWriteFJ
        r.energyWriteHardFJ = a.energyWriteHardFJ + b.energyWriteHardFJ; r.energyWriteSoftFJ = a.energyWriteSoftFJ + b.energyWriteSoftFJ
        r.energyActivateFJ = a.energyActivateFJ + b.energyActivateFJ; r.energyRefreshFJ = a.energyRefreshFJ + b.energyRefreshFJ
        return r
    }
}

/// What the GPU did in a row's stretch (workload runs).
public struct RowGPU: Sendable, Equatable {
    /// Compute-covered time and stall time, ps (see `GPUModel.OpResult`).
    public var computePs: Int64 = 0
    public var stallPs: Int64 = 0
    /// Footprint of the tensors the row's layer owns (TOTAL: the whole allocation), bytes.
    public var footprintBytes: Int64 = 0
    /// Fraction of the row's CTAs simulated in detail (1: full detail).
    public var simulatedFraction: Double = 1
    public init() {}
}

/// Bit-level data statistics and capacity of a row (with the paper's mechanisms).
public struct RowData: Sendable, Equatable {
    /// Fraction of neighbour-block bit positions that agree in the bits written.
    public var bitSimilarity: Double?
    /// Fraction of 32-bit values written that are zero.
    public var zeroFraction: Double?
    /// SparseCode: encoded ÷ original bytes of the sparse feature maps written.
    public var compressionRatio: Double?
    /// Memory cells the row's tensors occupy (TOTAL: all), given each one's access mode.
    public var cellsUsed: UInt64?
    /// BitLevel / SparseCode block size, bits.
    public var blockBits: Int = 128
    public init() {}
}

/// One row of a report: a stretch of simulated time (a layer's phase, a whole trace, or
/// a whole run) and what happened in it.
public struct ReportRow: Sendable {
    public var config: String
    public var layer: String
    public var phase: String
    /// Length of the stretch, ps.
    public var time: Picoseconds
    public var memory: RowCounters
    public var gpu: RowGPU?
    public var data: RowData

    public init(config: String, layer: String, phase: String, time: Picoseconds, memory: RowCounters,
                gpu: RowGPU? = nil, data: RowData = RowData()) {
        self.config = config
        self.layer = layer
        self.phase = phase
        self.time = time
        self.memory = memory
        self.gpu = gpu
        self.data = data
    }

    public var timeNs: Double { time.nanoseconds }
    public var readBytes: UInt64 { memory.reads * UInt64(MemoryRequest.burstBytes) }
    public var writeBytes: UInt64 { memory.writes * UInt64(MemoryRequest.burstBytes) }
    /// Bytes per ns = GB/s.
    public var readGBps: Double { time.raw > 0 ? Double(readBytes) / timeNs : 0 }
    public var writeGBps: Double { time.raw > 0 ? Double(writeBytes) / timeNs : 0 }
    public var avgReadLatencyNs: Double { memory.reads == 0 ? 0 : memory.readLatencySumPs / Double(memory.reads) / 1000 }
    public var avgWriteLatencyNs: Double { memory.writes == 0 ? 0 : memory.writeLatencySumPs / Double(memory.writes) / 1000 }
}

/// Everything one configuration's run produced.
public struct RunResult: Sendable {
    public var config: SystemConfig
    /// Per-part rows (per layer and phase, or the single trace row).
    public var rows: [ReportRow]
    /// The `TOTAL` row.
    public var total: ReportRow
    /// Host-side measurements.
    public var wallSeconds: Double
    public var events: UInt64
    /// Memory requests simulated in detail.
    public var requests: UInt64
    public var peakBandwidthGBps: Double
    /// Workload runs: what was run, for the summary.
    public var workload: String?
    public var batch: Int?
    /// Workload runs: whether any op was sampled, and the share of CTAs simulated.
    public var sampledOps: Int = 0
}
