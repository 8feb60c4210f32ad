import SimKernel

/// The additive counters of a memory system, declared once: name, unit, meaning, and where
/// each comes from in a controller's `ControllerStats`. Every layer above (GPU op counters,
/// report rows, CSV/JSON/text writers) carries them as a `MemoryCounters` vector, so adding
/// a counter is a field in `ControllerStats`, a case here and a report column.
public enum MemoryCounter: Int, CaseIterable, Sendable {
    case reads, writes, readLatencySumPs, writeLatencySumPs, readsSoftOnly
    case rowHits, rowMisses, rowConflicts, refreshes, modeSwitches
    case writesOneStep, writesTwoStep, cellsHardStep, cellsSoftStep
    case energyReadFJ, energyWriteFJ, energyWriteHardFJ, energyWriteSoftFJ, energyActivateFJ, energyRefreshFJ
    case dataBusCycles

    public var descriptor: StatDescriptor {
        switch self {
        case .reads: StatDescriptor("reads", unit: "bursts", "read bursts the controllers completed")
        case .writes: StatDescriptor("writes", unit: "bursts", "write bursts the controllers completed")
        case .readsSoftOnly: StatDescriptor("readsSoftOnly", unit: "bursts", "MLC read bursts in soft-only mode")
        case .readLatencySumPs: StatDescriptor("readLatencySum", unit: "ps", "Σ controller arrival → last data beat of read bursts")
        case .writeLatencySumPs: StatDescriptor("writeLatencySum", unit: "ps", "Σ controller arrival → end of the array write of write bursts")
        case .rowHits: StatDescriptor("rowHits", unit: "accesses", "column accesses to an already open row")
        case .rowMisses: StatDescriptor("rowMisses", unit: "accesses", "column accesses that activated a closed bank")
        case .rowConflicts: StatDescriptor("rowConflicts", unit: "accesses", "column accesses that closed another row first")
        case .refreshes: StatDescriptor("refreshes", unit: "commands", "all-bank refreshes (including those during idle time)")
        case .modeSwitches: StatDescriptor("modeSwitches", unit: "switches", "MLC mode-controller switches between full and soft-only access")
        case .writesOneStep: StatDescriptor("writesOneStep", unit: "bursts", "writes that needed one write step")
        case .writesTwoStep: StatDescriptor("writesTwoStep", unit: "bursts", "MLC writes that needed the second (soft) step")
        case .cellsHardStep: StatDescriptor("cellsHardStep", unit: "cells", "cells driven by the hard step")
        case .cellsSoftStep: StatDescriptor("cellsSoftStep", unit: "cells", "cells driven by the soft step")
        case .energyReadFJ: StatDescriptor("energyRead", unit: "fJ", "bits read × read energy per bit")
        case .energyWriteFJ: StatDescriptor("energyWrite", unit: "fJ", "DRAM: bits written × write energy per bit")
        case .energyWriteHardFJ: StatDescriptor("energyWriteHard", unit: "fJ", "MLC: cells × hard-step energy")
        case .energyWriteSoftFJ: StatDescriptor("energyWriteSoft", unit: "fJ", "MLC: cells × soft-step energy")
        case .energyActivateFJ: StatDescriptor("energyActivate", unit: "fJ", "activation energy (opt-in)")
        case .energyRefreshFJ: StatDescriptor("energyRefresh", unit: "fJ", "refresh energy (opt-in)")
        case .dataBusCycles: StatDescriptor("dataBusCycles", unit: "cycles", "data-bus busy cycles, all channels")
        }
    }

    /// The counter's value in a controller's (or merged) stats.
    public func value(in s: ControllerStats) -> Int64 {
        switch self {
        case .reads: Int64(s.reads)
        case .writes: Int64(s.writes)
        case .readsSoftOnly: Int64(s.readsSoftOnly)
        case .readLatencySumPs: Int64(s.readLatency.sum.rounded())
        case .writeLatencySumPs: Int64(s.writeLatency.sum.rounded())
        case .rowHits: Int64(s.rowHits)
        case .rowMisses: Int64(s.rowMisses)
        case .rowConflicts: Int64(s.rowConflicts)
        case .refreshes: Int64(s.refreshes)
        case .modeSwitches: Int64(s.modeSwitches)
        case .writesOneStep: Int64(s.writesOneStep)
        case .writesTwoStep: Int64(s.writesTwoStep)
        case .cellsHardStep: Int64(s.cellsHardStep)
        case .cellsSoftStep: Int64(s.cellsSoftStep)
        case .energyReadFJ: s.energyReadFJ
        case .energyWriteFJ: s.energyWriteFJ
        case .energyWriteHardFJ: s.energyWriteHardFJ
        case .energyWriteSoftFJ: s.energyWriteSoftFJ
        case .energyActivateFJ: s.energyActivateFJ
        case .energyRefreshFJ: s.energyRefreshFJ
        case .dataBusCycles: Int64(s.dataBusCycles)
        }
    }

    /// The write-energy terms; with `energyReadFJ`, `energyActivateFJ` and
    /// `energyRefreshFJ` they make the memory energy (`energyTerms`).
    public static let writeEnergyTerms: [MemoryCounter] = [.energyWriteFJ, .energyWriteHardFJ, .energyWriteSoftFJ]
    /// Every energy term, fJ: the memory energy is their sum, defined only here.
    public static let energyTerms: [MemoryCounter] = [.energyReadFJ] + writeEnergyTerms + [.energyActivateFJ, .energyRefreshFJ]
}

/// A vector of `MemoryCounter` values: additive, so a stretch of a run is the difference
/// of two snapshots and a run's rows add up to its total.
public struct MemoryCounters: Sendable, Equatable {
    public private(set) var values: [Int64]

    public init() { values = Array(repeating: 0, count: MemoryCounter.allCases.count) }

    /// The counters of a controller (or of all controllers merged).
    public init(_ s: ControllerStats) {
        values = MemoryCounter.allCases.map { $0.value(in: s) }
    }

    public subscript(_ c: MemoryCounter) -> Int64 {
        get { values[c.rawValue] }
        set { values[c.rawValue] = newValue }
    }

    public static func + (a: MemoryCounters, b: MemoryCounters) -> MemoryCounters {
        var r = a
        for i in r.values.indices { r.values[i] += b.values[i] }
        return r
    }

    public static func - (a: MemoryCounters, b: MemoryCounters) -> MemoryCounters {
        var r = a
        for i in r.values.indices { r.values[i] -= b.values[i] }
        return r
    }

    /// Every counter times `factor`, rounded to the nearest integer.
    public func scaled(by factor: Double) -> MemoryCounters {
        var r = self
        for i in r.values.indices { r.values[i] = Int64((Double(values[i]) * factor).rounded()) }
        return r
    }

    /// Write energy of all terms, fJ.
    public var energyWriteTotalFJ: Int64 { MemoryCounter.writeEnergyTerms.reduce(0) { $0 + self[$1] } }
    /// Memory energy of all terms, fJ.
    public var energyTotalFJ: Int64 { MemoryCounter.energyTerms.reduce(0) { $0 + self[$1] } }
}
