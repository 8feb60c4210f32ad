import SimKernel

/// Plain counters of one controller, bumped on the hot path. The additive ones are
/// described (and read out for reports) once, in `MemoryCounter`; derived values
/// (bandwidth, averages) are computed by report writers.
public struct ControllerStats: Sendable, Equatable {
    public var reads: UInt64 = 0
    public var writes: UInt64 = 0
    /// Reads in soft-only mode (MLC; one sensing step): the paper's formula prices them apart.
    public var readsSoftOnly: UInt64 = 0
    /// Request latency, arrival to completion, in ps.
    public var readLatency = RunningStat()
    public var writeLatency = RunningStat()
    public var rowHits: UInt64 = 0
    /// Column accesses that needed an activation of a closed bank.
    public var rowMisses: UInt64 = 0
    /// Column accesses that needed a precharge of another row first.
    public var rowConflicts: UInt64 = 0
    /// Commands issued, indexed by `Command.rawValue`.
    public var commands = CommandCounts()
    public var refreshes: UInt64 = 0
    public var modeSwitches: UInt64 = 0
    public var writesOneStep: UInt64 = 0
    public var writesTwoStep: UInt64 = 0
    public var cellsHardStep: UInt64 = 0
    public var cellsSoftStep: UInt64 = 0
    /// Energy in fJ.
    public var energyReadFJ: Int64 = 0
    /// DRAM write energy (bits × per-bit), fJ.
    public var energyWriteFJ: Int64 = 0
    public var energyWriteHardFJ: Int64 = 0
    public var energyWriteSoftFJ: Int64 = 0
    public var energyActivateFJ: Int64 = 0
    public var energyRefreshFJ: Int64 = 0
    /// Latest completion time seen, ps.
    public var lastDone: Picoseconds = .zero
    /// Cycles the data bus carried data.
    public var dataBusCycles: UInt64 = 0
    /// Scheduling decisions taken (controller wake-ups that were not stale).
    public var decisions: UInt64 = 0

    public init() {}

    public var energyWriteTotalFJ: Int64 { MemoryCounter.writeEnergyTerms.reduce(0) { $0 + $1.value(in: self) } }
    public var energyTotalFJ: Int64 { MemoryCounter.energyTerms.reduce(0) { $0 + $1.value(in: self) } }

    /// Adds another controller's counters (for system totals).
    public mutating func merge(_ o: ControllerStats) {
        reads += o.reads; writes += o.writes; readsSoftOnly += o.readsSoftOnly
        readLatency.merge(o.readLatency); writeLatency.merge(o.writeLatency)
        rowHits += o.rowHits; rowMisses += o.rowMisses; rowConflicts += o.rowConflicts
        for i in 0..<Command.count { commands[i] += o.commands[i] }
        refreshes += o.refreshes; modeSwitches += o.modeSwitches
        writesOneStep += o.writesOneStep; writesTwoStep += o.writesTwoStep
        cellsHardStep += o.cellsHardStep; cellsSoftStep += o.cellsSoftStep
        energyReadFJ += o.energyReadFJ; energyWriteFJ += o.energyWriteFJ
        energyWriteHardFJ += o.energyWriteHardFJ; energyWriteSoftFJ += o.energyWriteSoftFJ
        energyActivateFJ += o.energyActivateFJ; energyRefreshFJ += o.energyRefreshFJ
        lastDone = max(lastDone, o.lastDone)
        dataBusCycles += o.dataBusCycles
        decisions += o.decisions
    }
}

/// One issued command, as the independent checker replays it.
public struct CommandRecord: Sendable, Hashable {
    public var cycle: Int64
    public var command: Command
    public var bank: Int
    public var bankGroup: Int
    public var row: Int64
    /// The command's dynamic term in cycles (MLC sensing for ACT, cell write for WR).
    public var dynamic: Int64
    /// Access mode (MLC): the activation's sensing mode; for a WR, the mode written.
    public var mode: AccessMode
    /// Write steps of a WR (1 or 2); 0 otherwise.
    public var writeSteps: Int
    /// An auto-precharge (closed-page policy) that used no command-bus slot.
    public var auto: Bool
}

/// Commands issued, one counter per `Command` (stored inline: no array on the hot path).
public struct CommandCounts: Sendable, Equatable, CustomStringConvertible {
    public var act: UInt64 = 0, pre: UInt64 = 0, rd: UInt64 = 0, wr: UInt64 = 0, ref: UInt64 = 0

    public init() {}

    /// The counter of the command with raw value `i`.
    public subscript(i: Int) -> UInt64 {
        get {
            switch i {
            case 0: return act
            case 1: return pre
            case 2: return rd
            case 3: return wr
            default: return ref
            }
        }
        set {
            switch i {
            case 0: act = newValue
            case 1: pre = newValue
            case 2: rd = newValue
            case 3: wr = newValue
            default: ref = newValue
            }
        }
    }

    /// All commands.
    public var total: UInt64 { act + pre + rd + wr + ref }
    public var description: String { "[\(act), \(pre), \(rd), \(wr), \(ref)]" }
}
