import MemorySystem

/// A run's invariants, checked after it ends when `--check` is given (off by default:
/// the command log it needs grows with the run). Any violation is a simulator defect.
public struct InvariantViolation: Error, CustomStringConvertible, Sendable {
    public var messages: [String]
    public var description: String {
        "invariant check failed (a simulator defect; please report it):\n" + messages.prefix(20).map { "  " + $0 }.joined(separator: "\n")
    }
}

public enum InvariantCheck {
    /// Every request completed exactly once, counters add up, energy is the sum of its
    /// per-bit terms, and the independent checker finds no timing violation.
    public static func verify(memory: MemorySystem, issued: UInt64, completed: UInt64) throws {
        var problems: [String] = []
        if issued != completed { problems.append("\(issued) requests entered the memory system but \(completed) completed") }
        let t = memory.totals
        if t.reads + t.writes != completed { problems.append("controllers counted \(t.reads + t.writes) completions, the client \(completed)") }
        if t.rowHits + t.rowMisses + t.rowConflicts != t.reads + t.writes { problems.append("row-buffer outcomes do not add up to the accesses") }
        if t.writesOneStep + t.writesTwoStep != t.writes { problems.append("write-step counts do not add up to the writes") }
        let checker = TimingChecker(spec: memory.config.device, blockBits: memory.config.controller.bitLevelBlockBits)
        for c in memory.controllers {
            let s = c.stats
            let model = c.device
            if s.energyReadFJ != Int64(s.reads) * model.readBurstFJ { problems.append("channel \(c.channel): read energy is not bits × per-bit energy") }
            if s.energyWriteHardFJ != Int64(s.cellsHardStep) * model.hardChargesPerCell * model.hardFJPerCell || s.energyWriteSoftFJ != Int64(s.cellsSoftStep) * model.softFJPerCell {
                problems.append("channel \(c.channel): MLC write energy is not Σ cells × step energy")
            }
            if s.energyWriteFJ != Int64(s.writes) * model.behavior.plainWriteBurstFJ {
                problems.append("channel \(c.channel): plain write energy is not bursts × per-burst energy")
            }
            if let log = c.commandLog {
                for v in checker.check(log, banks: c.organization.banks).prefix(5) { problems.append("channel \(c.channel): \(v)") }
            }
        }
        if !problems.isEmpty { throw InvariantViolation(messages: problems) }
    }
}
