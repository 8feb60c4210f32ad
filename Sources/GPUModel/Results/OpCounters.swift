import SimKernel
import MemorySystem

/// The additive counters of one op (or of a stretch of it): GPU, L2 and memory
/// controller counts. Additive so that a sampled op's skipped waves are accounted as
/// the steady per-wave deltas times the skipped waves. GPU and L2 counters are indexed by
/// `OpCounters.Name`; the memory controllers' are `memory` (declared in `MemoryCounter`).
public struct OpCounters: Sendable, Equatable {
    /// Counter names; `descriptor` gives unit and meaning.
    public enum Name: Int, CaseIterable, Sendable {
        case computeBusyPs, lineReads, lineWrites, requestedReadBytes, requestedWriteBytes
        case l2Allocations, l2ReadHits, l2ReadMisses, fillBursts, writebackBursts, fillLatencySumPs
        public var descriptor: StatDescriptor {
            switch self {
            case .computeBusyPs: StatDescriptor("computeBusy", unit: "ps", "chunk compute time reserved on all SMs together")
            case .lineReads: StatDescriptor("lineReads", unit: "requests", "128-byte line loads SM → L2")
            case .lineWrites: StatDescriptor("lineWrites", unit: "requests", "128-byte line stores SM → L2")
            case .requestedReadBytes: StatDescriptor("requestedReadBytes", unit: "B", "64-byte sub-blocks loaded × 64")
            case .requestedWriteBytes: StatDescriptor("requestedWriteBytes", unit: "B", "64-byte sub-blocks stored × 64")
            case .l2Allocations: StatDescriptor("l2Allocations", unit: "lines", "lines allocated in the L2")
            case .l2ReadHits: StatDescriptor("l2ReadHits", unit: "requests", "loads with every sub-block valid on arrival")
            case .l2ReadMisses: StatDescriptor("l2ReadMisses", unit: "requests", "loads that waited for a fill")
            case .fillBursts: StatDescriptor("fillBursts", unit: "bursts", "64-byte reads the L2 sent to memory")
            case .writebackBursts: StatDescriptor("writebackBursts", unit: "bursts", "64-byte dirty write-backs the L2 sent to memory")
            case .fillLatencySumPs: StatDescriptor("fillLatencySum", unit: "ps", "Σ controller arrival → data of fills")
            }
        }
    }

    public private(set) var values: [Int64]
    /// The memory controllers' counters.
    public var memory = MemoryCounters()

    public init() { values = Array(repeating: 0, count: Name.allCases.count) }

    public subscript(_ n: Name) -> Int64 {
        get { values[n.rawValue] }
        set { values[n.rawValue] = newValue }
    }

    /// Cumulative counters of a running system.
    init(busyPs: Int64, l2: L2Counters, memory m: ControllerStats) {
        self.init()
        self[.computeBusyPs] = busyPs
        self[.lineReads] = l2.lineReads
        self[.lineWrites] = l2.lineWrites
        self[.requestedReadBytes] = l2.requestedReadBytes
        self[.requestedWriteBytes] = l2.requestedWriteBytes
        self[.l2Allocations] = l2.allocations
        self[.l2ReadHits] = l2.readHits
        self[.l2ReadMisses] = l2.readMisses
        self[.fillBursts] = l2.fillsSubmitted
        self[.writebackBursts] = l2.writebacksSubmitted
        self[.fillLatencySumPs] = l2.fillLatencySumPs
        self.memory = MemoryCounters(m)
    }

    public static func - (a: OpCounters, b: OpCounters) -> OpCounters {
        var r = a
        for i in r.values.indices { r.values[i] -= b.values[i] }
        r.memory = a.memory - b.memory
        return r
    }

    public static func + (a: OpCounters, b: OpCounters) -> OpCounters {
        var r = a
        for i in r.values.indices { r.values[i] += b.values[i] }
        r.memory = a.memory + b.memory
        return r
    }

    /// Every counter times `factor`, rounded to the nearest integer.
    public func scaled(by factor: Double) -> OpCounters {
        var r = self
        for i in r.values.indices { r.values[i] = Int64((Double(values[i]) * factor).rounded()) }
        r.memory = memory.scaled(by: factor)
        return r
    }

    /// Memory energy of all terms, fJ.
    public var memoryEnergyFJ: Int64 { memory.energyTotalFJ }

    /// Mean fill latency (controller arrival to data), ns; 0 without fills.
    public var meanFillLatencyNs: Double {
        self[.fillBursts] == 0 ? 0 : Double(self[.fillLatencySumPs]) / Double(self[.fillBursts]) / 1000
    }
}
