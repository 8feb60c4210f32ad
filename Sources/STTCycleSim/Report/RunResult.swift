import SimKernel
import MemorySystem
import NeuroTrainer

/// Memory counters of a report row: plain sums (`MemoryCounter`, declared once), so rows
/// of a run add up to its total; plus the largest single latencies where known.
public struct RowCounters: Sendable, Equatable {
    public var counters = MemoryCounters()
    /// Largest single latency, ps, where known (trace runs).
    public var maxReadLatencyPs: Int64?
    public var maxWriteLatencyPs: Int64?

    public init(_ counters: MemoryCounters = MemoryCounters()) { self.counters = counters }

    /// The counters of a controller (or of all controllers), with their maximum latencies.
    public init(_ s: ControllerStats) {
        counters = MemoryCounters(s)
        maxReadLatencyPs = s.reads > 0 ? s.readLatency.maximum : 0
        maxWriteLatencyPs = s.writes > 0 ? s.writeLatency.maximum : 0
    }

    public subscript(_ c: MemoryCounter) -> Int64 { counters[c] }
    public var reads: UInt64 { UInt64(counters[.reads]) }
    public var writes: UInt64 { UInt64(counters[.writes]) }
    public var readsSoftOnly: UInt64 { UInt64(counters[.readsSoftOnly]) }
    public var readLatencySumPs: Double { Double(counters[.readLatencySumPs]) }
    public var writeLatencySumPs: Double { Double(counters[.writeLatencySumPs]) }
    public var rowHits: UInt64 { UInt64(counters[.rowHits]) }
    public var rowMisses: UInt64 { UInt64(counters[.rowMisses]) }
    public var rowConflicts: UInt64 { UInt64(counters[.rowConflicts]) }
    public var refreshes: UInt64 { UInt64(counters[.refreshes]) }
    public var writesOneStep: UInt64 { UInt64(counters[.writesOneStep]) }
    public var writesTwoStep: UInt64 { UInt64(counters[.writesTwoStep]) }
    public var cellsHardStep: UInt64 { UInt64(counters[.cellsHardStep]) }
    public var cellsSoftStep: UInt64 { UInt64(counters[.cellsSoftStep]) }
    public var energyReadFJ: Int64 { counters[.energyReadFJ] }
    public var energyWriteFJ: Int64 { counters[.energyWriteFJ] }
    public var energyWriteHardFJ: Int64 { counters[.energyWriteHardFJ] }
    public var energyWriteSoftFJ: Int64 { counters[.energyWriteSoftFJ] }
    public var energyActivateFJ: Int64 { counters[.energyActivateFJ] }
    public var energyRefreshFJ: Int64 { counters[.energyRefreshFJ] }
    public var dataBusCycles: UInt64 { UInt64(counters[.dataBusCycles]) }
    public var energyWriteTotalFJ: Int64 { counters.energyWriteTotalFJ }
    public var energyTotalFJ: Int64 { counters.energyTotalFJ }

    /// Sums (maxima where known).
    public static func + (a: RowCounters, b: RowCounters) -> RowCounters {
        var r = RowCounters(a.counters + b.counters)
        if let x = a.maxReadLatencyPs, let y = b.maxReadLatencyPs { r.maxReadLatencyPs = max(x, y) }
        if let x = a.maxWriteLatencyPs, let y = b.maxWriteLatencyPs { r.maxWriteLatencyPs = max(x, y) }
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
    /// 95 % confidence half-widths of the row's time (ps) and memory energy (fJ) from wave
    /// sampling: each sampled kernel's from the spread of its measured waves, combined in
    /// quadrature over the row's kernels (independent errors); nil when no kernel of the
    /// row was sampled (simulated in full: no sampling error).
    public var timeCI95Ps: Double?
    public var energyCI95FJ: Double?
    /// The convolution/GEMM algorithm of the row's main kernel (`implicitGemm`, `winograd`,
    /// `winogradFused2x2`, `winogradFused4x4`; `gemm` for fully connected layers), "" for none.
    public var algorithm: String = ""
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
    /// What the systolic accelerator did (systolic runs only).
    public var systolic: RowSystolic?
    /// vDNN/cDMA runs with an offload decision (nil otherwise).
    public var offload: RowOffload?
    /// Bytes per request of the device (64 B GDDR5X/STT-RAM bursts; 32 B HMC-vault transactions).
    public var burstBytes: Int = MemoryRequest.burstBytes
    /// NeuroTrainer runs: operation, precision, throughput, energy and power of the row.
    public var neurotrainer: NeuroTrainerRowMetrics?

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
    public var readBytes: UInt64 { memory.reads * UInt64(burstBytes) }
    public var writeBytes: UInt64 { memory.writes * UInt64(burstBytes) }
    /// Bytes per ns = GB/s.
    public var readGBps: Double { time.raw > 0 ? Double(readBytes) / timeNs : 0 }
    public var writeGBps: Double { time.raw > 0 ? Double(writeBytes) / timeNs : 0 }
    public var avgReadLatencyNs: Double {
        memory.reads == 0 ? 0 : Double(memory[.readLatencySumPs]) / Double(memory.reads) / 1000
    }
    public var avgWriteLatencyNs: Double {
        memory.writes == 0 ? 0 : Double(memory[.writeLatencySumPs]) / Double(memory.writes) / 1000
    }
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
    /// Workload runs: the sampled kernels whose wave times had not converged when the
    /// sampler cut them (`gpu.sampling.maxWaves` reached), as `layer/phase (kernel)`.
    public var unconvergedCuts: [String] = []
    /// Workload runs on a GPU: each kernel's wave boundaries as simulated (`--waves`).
    public var kernelWaves: [KernelWaves] = []
    /// Problems with the inputs that did not stop the run (printed as warnings).
    public var warnings: [String] = []
    /// Workload runs on a GPU: what the capacity check decided (`--offload`), and the copy engine's totals.
    public var offload: OffloadDecision?
}
