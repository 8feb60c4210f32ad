import SimKernel
import MemorySystem

/// The additive counters of one op (or of a stretch of it): GPU, L2 and memory
/// controller counts. Additive so that a sampled op's skipped waves are accounted as
/// the steady per-wave deltas times the skipped waves. Indexed by `OpCounters.Name`.
public struct OpCounters: Sendable, Equatable {
    /// Counter names; `descriptor` gives unit and meaning.
    public enum Name: Int, CaseIterable, Sendable {
        case computeBusyPs, lineReads, lineWrites, requestedReadBytes, requestedWriteBytes
        case l2Allocations, l2ReadHits, l2ReadMisses, fillBursts, writebackBursts, fillLatencySumPs
        case memReads, memWrites, rowHits, rowMisses, rowConflicts, refreshes, modeSwitches
        case writesOneStep, writesTwoStep, cellsHardStep, cellsSoftStep
        case energyReadFJ, energyWriteFJ, energyWriteHardFJ, energyWriteSoftFJ, energyActivateFJ, energyRefreshFJ
        case dataBusCycles, readLatencySumPs, writeLatencySumPs, memReadsSoftOnly

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
            case .memReads: StatDescriptor("memReads", unit: "bursts", "read bursts the controllers completed")
            case .memWrites: StatDescriptor("memWrites", unit: "bursts", "write bursts the controllers completed")
            case .rowHits: StatDescriptor("rowHits", unit: "accesses", "column accesses to an open row")
            case .rowMisses: StatDescriptor("rowMisses", unit: "accesses", "column accesses after activating a closed bank")
            case .rowConflicts: StatDescriptor("rowConflicts", unit: "accesses", "column accesses that closed another row first")
            case .refreshes: StatDescriptor("refreshes", unit: "commands", "all-bank refreshes")
            case .modeSwitches: StatDescriptor("modeSwitches", unit: "switches", "MLC mode-controller switches")
            case .writesOneStep: StatDescriptor("writesOneStep", unit: "bursts", "writes needing one write step")
            case .writesTwoStep: StatDescriptor("writesTwoStep", unit: "bursts", "MLC writes needing the soft step too")
            case .cellsHardStep: StatDescriptor("cellsHardStep", unit: "cells", "cells driven by the hard step")
            case .cellsSoftStep: StatDescriptor("cellsSoftStep", unit: "cells", "cells driven by the soft step")
            case .energyReadFJ: StatDescriptor("energyRead", unit: "fJ", "memory read energy")
            case .energyWriteFJ: StatDescriptor("energyWrite", unit: "fJ", "DRAM write energy")
            case .energyWriteHardFJ: StatDescriptor("energyWriteHard", unit: "fJ", "MLC hard-step write energy")
            case .energyWriteSoftFJ: StatDescriptor("energyWriteSoft", unit: "fJ", "MLC soft-step write energy")
            case .energyActivateFJ: StatDescriptor("energyActivate", unit: "fJ", "activation energy (opt-in)")
            case .energyRefreshFJ: StatDescriptor("energyRefresh", unit: "fJ", "refresh energy (opt-in)")
            case .dataBusCycles: StatDescriptor("dataBusCycles", unit: "cycles", "memory data-bus busy cycles, all channels")
            case .readLatencySumPs: StatDescriptor("readLatencySum", unit: "ps", "Σ controller arrival → last data beat of read bursts")
            case .memReadsSoftOnly: StatDescriptor("memReadsSoftOnly", unit: "bursts", "MLC read bursts in soft-only mode")
            case .writeLatencySumPs: StatDescriptor("writeLatencySum", unit: "ps", "Σ controller arrival → end of the array write of write bursts")
            }
        }
    }

    public private(set) var values: [Int64]

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
        self[.memReads] = Int64(m.reads)
        self[.memWrites] = Int64(m.writes)
        self[.memReadsSoftOnly] = Int64(m.readsSoftOnly)
        self[.rowHits] = Int64(m.rowHits)
        self[.rowMisses] = Int64(m.rowMisses)
        self[.rowConflicts] = Int64(m.rowConflicts)
        self[.refreshes] = Int64(m.refreshes)
        self[.modeSwitches] = Int64(m.modeSwitches)
        self[.writesOneStep] = Int64(m.writesOneStep)
        self[.writesTwoStep] = Int64(m.writesTwoStep)
        self[.cellsHardStep] = Int64(m.cellsHardStep)
        self[.cellsSoftStep] = Int64(m.cellsSoftStep)
        self[.energyReadFJ] = m.energyReadFJ
        self[.energyWriteFJ] = m.energyWriteFJ
        self[.energyWriteHardFJ] = m.energyWriteHardFJ
        self[.energyWriteSoftFJ] = m.energyWriteSoftFJ
        self[.energyActivateFJ] = m.energyActivateFJ
        self[.energyRefreshFJ] = m.energyRefreshFJ
        self[.dataBusCycles] = Int64(m.dataBusCycles)
        self[.readLatencySumPs] = Int64(m.readLatency.sum.rounded())
        self[.writeLatencySumPs] = Int64(m.writeLatency.sum.rounded())
    }

    public static func - (a: OpCounters, b: OpCounters) -> OpCounters {
        var r = a
        for i in r.values.indices { r.values[i] -= b.values[i] }
        return r
    }

    public static func + (a: OpCounters, b: OpCounters) -> OpCounters {
        var r = a
        for i in r.values.indices { r.values[i] += b.values[i] }
        return r
    }

    /// Every counter times `factor`, rounded to the nearest integer.
    public func scaled(by factor: Double) -> OpCounters {
        var r = self
        for i in r.values.indices { r.values[i] = Int64((Double(values[i]) * factor).rounded()) }
        return r
    }

    /// Memory energy of all terms, fJ.
    public var memoryEnergyFJ: Int64 {
        self[.energyReadFJ] + self[.energyWriteFJ] + self[.energyWriteHardFJ] + self[.energyWriteSoftFJ]
            + self[.energyActivateFJ] + self[.energyRefreshFJ]
    }

    /// Mean fill latency (controller arrival to data), ns; 0 without fills.
    public var meanFillLatencyNs: Double {
        self[.fillBursts] == 0 ? 0 : Double(self[.fillLatencySumPs]) / Double(self[.fillBursts]) / 1000
    }
}
