import SimKernel

/// First-come first-served: the oldest request of the served direction (by arrival at
/// the controller) issues its next command — its RD/WR if its row is open, else PRE or
/// ACT — as soon as that command is legal; no younger request overtakes it. The baseline
/// FR-FCFS is measured against (Rixner et al., ISCA 2000, §4).
struct FCFSScheduler: Scheduler {
    func decide(_ mc: MemoryController, cycle c: Int64, dir: Int) -> (decision: SchedulerDecision, othersReady: UInt8, earliest: Int64) {
        // The oldest request is the head of some bank's list (lists are in arrival order).
        var bank: Int?, oldest = Int64.max
        var mask = dir == 0 ? mc.pendingMask.0 : mc.pendingMask.1
        while mask != 0 {
            let b = mask.trailingZeroBitCount
            mask &= mask &- 1
            let a = mc.slotLinks[Int(mc.head[b * 2 + dir]!)].arrival
            if a < oldest { oldest = a; bank = b }
        }
        guard let b = bank else { return (.wait(earliest: Int64.max), 0, Int64.max) }
        let s = mc.head[b * 2 + dir]!
        let open = mc.isOpen[b], hit = open && mc.openRow[b] == mc.slotLinks[Int(s)].row
        let cmd: Command = hit ? (dir == 0 ? .rd : .wr) : (open ? .pre : .act)
        let r = mc.ready(cmd, bank: b)
        guard r <= c else { return (.wait(earliest: r), 0, r) }
        let decision: SchedulerDecision = hit ? .column(slot: s, prev: nil, bank: b)
                                              : (open ? .precharge(bank: b) : .activate(bank: b))
        // The next oldest request may be in any bank: a lower bound for everyone is the next cycle.
        return (decision, 0, c + 1)
    }

    /// The next oldest request may be in another bank: look again at the next cycle.
    func followUp(_ mc: MemoryController, bank b: Int, dir: Int) -> Command? { nil }

    /// None: FCFS keeps no per-bank candidates.
    func othersBound(_ mc: MemoryController, except b: Int, dir: Int) -> Int64? { nil }
}
