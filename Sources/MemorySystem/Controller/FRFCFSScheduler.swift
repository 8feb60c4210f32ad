import SimKernel

/// FR-FCFS (Rixner et al., ISCA 2000). Among the commands that may issue this cycle: the
/// oldest request's column command to an open row first; otherwise the ACT or PRE of the
/// bank whose oldest request is oldest. Per bank it uses the controller's cached
/// candidate command (`refreshCandidates`), so a scan costs one compare per pending bank.
struct FRFCFSScheduler: Scheduler {
    func decide(_ mc: MemoryController, cycle c: Int64, dir: Int) -> (decision: SchedulerDecision, othersReady: UInt8, earliest: Int64) {
        var earliest = Int64.max
        // Best ready column command (oldest first) and best ready ACT/PRE (oldest first).
        var casSlot = MemoryController.none, casBank = 0, casArrival = Int64.max
        var otherIsAct = true, otherBank: Int?, otherArrival = Int64.max
        // Ready candidates per command: 8 bits per raw command value (ACT, PRE, RD, WR).
        var readyCounts: UInt32 = 0
        mc.refreshCandidates(dir: dir)
        // Channel-wide parts of each command's ready cycle, the same for every bank.
        let chanACT = max(mc.channelNext[0], mc.commandBusNext, mc.actWindow[mc.actWindowPos] + mc.table.tFAW)
        let chanPRE = max(mc.channelNext[1], mc.commandBusNext)
        let chanCAS = dir == 0 ? max(mc.channelNext[2], mc.commandBusNext, mc.dataBusFree - mc.table.CL)
                               : max(mc.channelNext[3], mc.commandBusNext, mc.dataBusFree - mc.table.CWL)
        // Indexed by the candidate's raw command value (ACT, PRE, RD, WR): a load, not a branch.
        let chanBy = mc.chanScratch
        chanBy[0] = chanACT
        chanBy[1] = chanPRE
        chanBy[2] = chanCAS
        chanBy[3] = chanCAS
        let candCmd = mc.candCmd, candLocal = mc.candLocal
        var mask = dir == 0 ? mc.pendingMask.0 : mc.pendingMask.1
        while mask != 0 {
            let b = mask.trailingZeroBitCount
            mask &= mask &- 1
            let l = b &* 2 &+ dir
            let cmd = candCmd[l]
            assert(mc.candidateIsCurrent(l), "cached candidate of list \(l) out of date")
            let r = max(candLocal[l], chanBy[Int(cmd)])
            if r > c {
                if r < earliest { earliest = r }
                continue
            }
            readyCounts &+= 1 &<< (UInt32(cmd) &* 8)
            if cmd == Command.act.rawValue || cmd == Command.pre.rawValue {
                let h = Int(mc.head[l]!)   // the bank is pending in this direction
                if mc.slotArrival[h] < otherArrival {
                    otherIsAct = cmd == Command.act.rawValue
                    otherBank = b
                    otherArrival = mc.slotArrival[h]
                }
            } else {
                // Ready: this bank's oldest request to the open row (the controller keeps it;
                // the candidate is a column command, so there is one).
                let s = mc.firstHit[l]
                assert(s != MemoryController.none && (s, mc.firstHitPrev[l]) == mc.firstHitByWalk(l), "firstHit out of date")
                let a = mc.slotArrival[Int(s)]
                if a < casArrival { casSlot = s; casBank = b; casArrival = a }
            }
        }
        if casSlot != MemoryController.none {
            let p = mc.firstHitPrev[casBank &* 2 &+ dir]
            let chosen: UInt8 = dir == 0 ? Command.rd.rawValue : Command.wr.rawValue
            return (.column(slot: casSlot, prev: p == MemoryController.none ? nil : p, bank: casBank),
                    Self.others(readyCounts, chosen: chosen), earliest)
        }
        if let b = otherBank {
            let chosen = otherIsAct ? Command.act.rawValue : Command.pre.rawValue
            return (otherIsAct ? .activate(bank: b) : .precharge(bank: b), Self.others(readyCounts, chosen: chosen), earliest)
        }
        return (.wait(earliest: earliest), 0, earliest)
    }

    /// The commands (bit `rawValue`) with a ready candidate besides the chosen one.
    @inline(__always)
    static func others(_ counts: UInt32, chosen: UInt8) -> UInt8 {
        let c = counts &- 1 &<< (UInt32(chosen) &* 8)
        var m: UInt8 = 0
        for k in 0..<4 where (c &>> UInt32(k &* 8)) & 0xFF != 0 { m |= 1 &<< UInt8(k) }
        return m
    }

    func followUp(_ mc: MemoryController, bank b: Int, dir: Int) -> Command? {
        mc.nextCommand(bank: b, dir: dir)
    }

    /// From the cached candidates (`MemoryController.otherBanksBound`).
    func othersBound(_ mc: MemoryController, except b: Int, dir: Int) -> Int64? {
        mc.otherBanksBound(except: b, dir: dir)
    }
}
