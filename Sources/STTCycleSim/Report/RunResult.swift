import SimKernel
import MemorySystem

/// One row of a report: a stretch of simulated time (a layer's phase, a whole trace, or
/// a whole run) and what the memory system did in it.
public struct ReportRow: Sendable {
    public var config: String
    public var layer: String
    public var phase: String
    /// Length of the stretch, ps.
    public var time: Picoseconds
    /// Memory counters over the stretch.
    public var memory: ControllerStats

    public init(config: String, layer: String, phase: String, time: Picoseconds, memory: ControllerStats) {
        self.config = config
        self.layer = layer
        self.phase = phase
        self.time = time
        self.memory = memory
    }

    public var timeNs: Double { time.nanoseconds }
    public var readBytes: UInt64 { memory.reads * UInt64(MemoryRequest.burstBytes) }
    public var writeBytes: UInt64 { memory.writes * UInt64(MemoryRequest.burstBytes) }
    /// Bytes per ns = GB/s.
    public var readGBps: Double { time.raw > 0 ? Double(readBytes) / timeNs : 0 }
    public var writeGBps: Double { time.raw > 0 ? Double(writeBytes) / timeNs : 0 }
    public var avgReadLatencyNs: Double { memory.readLatency.mean / 1000 }
    public var avgWriteLatencyNs: Double { memory.writeLatency.mean / 1000 }
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
    public var requests: UInt64
    public var peakBandwidthGBps: Double
}
