import SimKernel

/// FR-FCFS (Rixner et al., ISCA 2000). Among the commands that may issue this cycle: the
/// oldest request's column command to an open row first; otherwise the ACT or PRE of the
/// bank whose oldest request is oldest (ties: the lower bank). Per bank it uses the
/// controller's cached candidate command (`refreshCandidates`), grouped by command
/// (`candMask`), so a scan costs one compare per pending bank, and none for a command the
/// channel holds back.
struct FRFCFSScheduler: Scheduler {
    func decide(_ mc: MemoryController, cycle c: Int64, dir: Int) -> (decision: SchedulerDecision, othersReady: UInt8, earliest: Int64) {
        let d = decideByCommand(mc, cycle: c, dir: dir)
        assert({ let r = Self.reference(mc, cycle: c, dir: dir); return r.decision == d.decision && r.othersReady == d.othersReady && r.earliest == d.earliest }(),
               "FR-FCFS by command disagrees with the plain scan at cycle \(c)")
        return d
    }

    @inline(__always)
    func decideByCommand(_ mc: MemoryController, cycle c: Int64, dir: Int) -> (decision: SchedulerDecision, othersReady: UInt8, earliest: Int64) {
        mc.refreshCandidates(dir: dir)
        // Channel-wide parts of each command's ready cycle, the same for every bank.
        let chanACT = mc.channelReady(.act), chanPRE = mc.channelReady(.pre)
        let chanCAS = dir == 0 ? mc.channelReady(.rd) : mc.channelReady(.wr)
        // The pending banks by candidate command (`candMask`). A command whose channel-wide
        // part is not yet reached has no ready bank: only its bound is needed, a branch-free
        // minimum. (Before stop 23 one loop over all pending banks tested each bank; on
        // `--bench`'s random trace half the decisions found every ACT held back by tRRD or
        // tFAW, five banks of fourteen.)
        let pending = dir == 0 ? mc.pendingMask.0 : mc.pendingMask.1
        assert((0..<mc.banks).allSatisfy { pending & (UInt64(1) << UInt64($0)) == 0 || mc.candidateIsCurrent($0 * 2 + dir) },
               "a cached candidate is out of date")
        let masks = dir &* 4
        let head = mc.head, firstHit = mc.firstHit, slotLinks = mc.slotLinks
        var earliest = Int64.max
        // Column commands: the oldest ready request to an open row (the controller keeps each
        // list's first one; the candidate is a column command, so there is one). ACT and PRE:
        // the bank whose oldest request is oldest.
        let colCmd: UInt8 = dir == 0 ? Command.rd.rawValue : Command.wr.rawValue
        let cas = Self.oldestReady(mc, mc.candMask[masks &+ Int(colCmd)] & pending, chan: chanCAS, cycle: c, dir: dir,
                                   earliest: &earliest) { l in
            assert(firstHit[l] != MemoryController.none && (firstHit[l], mc.firstHitPrev[l]) == mc.firstHitByWalk(l), "firstHit out of date")
            return slotLinks[Int(firstHit[l])].arrival
        }
        let act = Self.oldestReady(mc, mc.candMask[masks] & pending, chan: chanACT, cycle: c, dir: dir,
                                   earliest: &earliest) { l in slotLinks[Int(head[l]!)].arrival }
        let pre = Self.oldestReady(mc, mc.candMask[masks &+ 1] & pending, chan: chanPRE, cycle: c, dir: dir,
                                   earliest: &earliest) { l in slotLinks[Int(head[l]!)].arrival }
        // Ready candidates per command: 8 bits per raw command value (ACT, PRE, RD, WR).
        let readyCounts = act.ready | pre.ready &<< 8 | cas.ready &<< (UInt32(colCmd) &* 8)
        if cas.bank >= 0 {
            let l = cas.bank &* 2 &+ dir
            let p = mc.firstHitPrev[l]
            return (.column(slot: firstHit[l], prev: p == MemoryController.none ? nil : p, bank: cas.bank),
                    Self.others(readyCounts, chosen: colCmd), earliest)
        }
        // Ties between an ACT and a PRE: the lower bank, as in one pass in bank order.
        let useAct = act.arrival < pre.arrival || (act.arrival == pre.arrival && act.bank < pre.bank)
        if useAct && act.bank >= 0 {
            return (.activate(bank: act.bank), Self.others(readyCounts, chosen: Command.act.rawValue), earliest)
        }
        if pre.bank >= 0 {
            return (.precharge(bank: pre.bank), Self.others(readyCounts, chosen: Command.pre.rawValue), earliest)
        }
        return (.wait(earliest: earliest), 0, earliest)
    }

    /// Among the banks of `mask` (all with the same candidate command, whose channel-wide
    /// ready cycle is `chan`): the ready one (ready at `c`) whose request `arrival(list)` is
    /// oldest (ties: the lower bank; -1: none), and how many are ready; lowers `earliest` to
    /// the ready cycle of each one not ready. When the channel holds the command back, no bank
    /// is ready, and only the least bank-level ready cycle matters.
    @inline(__always)
    static func oldestReady(_ mc: MemoryController, _ mask: UInt64, chan: Int64, cycle c: Int64, dir: Int,
                            earliest: inout Int64, arrival: (Int) -> Int64) -> (bank: Int, arrival: Int64, ready: UInt32) {
        var best = (bank: -1, arrival: Int64.max, ready: UInt32(0))
        if chan > c {
            earliest = min(earliest, max(chan, mc.minLocal(mask, dir: dir)))
            return best
        }
        let candLocal = mc.candLocal
        var m = mask
        while m != 0 {
            let b = m.trailingZeroBitCount
            m &= m &- 1
            let l = b &* 2 &+ dir
            let r = candLocal[l]
            if r > c {
                if r < earliest { earliest = r }
                continue
            }
            best.ready &+= 1
            let a = arrival(l)
            if a < best.arrival { best.bank = b; best.arrival = a }
        }
        return best
    }

    /// The commands (bit `rawValue`) with a ready candidate besides the chosen one.
    @inline(__always)
    static func others(_ counts: UInt32, chosen: UInt8) -> UInt8 {
        let c = counts &- 1 &<< (UInt32(chosen) &* 8)
        var m: UInt8 = 0
        for k in 0..<4 where (c &>> UInt32(k &* 8)) & 0xFF != 0 { m |= 1 &<< UInt8(k) }
        return m
    }

    /// The same decision by one plain pass over the pending banks in bank order (the
    /// scheduler of stops 12–22), for the debug check in `decide`: every test that runs a
    /// controller compares the two at every decision. Reads only (the candidates are fresh).
    static func reference(_ mc: MemoryController, cycle c: Int64, dir: Int) -> (decision: SchedulerDecision, othersReady: UInt8, earliest: Int64) {
        var earliest = Int64.max
        var casSlot = MemoryController.none, casBank = 0, casArrival = Int64.max
        var otherIsAct = true, otherBank: Int?, otherArrival = Int64.max
        var readyCounts: UInt32 = 0
        let chan = (mc.channelReady(.act), mc.channelReady(.pre), mc.channelReady(.rd), mc.channelReady(.wr))
        var mask = dir == 0 ? mc.pendingMask.0 : mc.pendingMask.1
        while mask != 0 {
            let b = mask.trailingZeroBitCount
            mask &= mask &- 1
            let l = b * 2 + dir
            let cmd = mc.candCmd[l]
            let r = max(mc.candLocal[l], cmd == 0 ? chan.0 : cmd == 1 ? chan.1 : cmd == 2 ? chan.2 : chan.3)
            if r > c {
                earliest = min(earliest, r)
                continue
            }
            readyCounts += 1 << (UInt32(cmd) * 8)
            if cmd == Command.act.rawValue || cmd == Command.pre.rawValue {
                let a = mc.slotLinks[Int(mc.head[l]!)].arrival
                if a < otherArrival { otherIsAct = cmd == Command.act.rawValue; otherBank = b; otherArrival = a }
            } else {
                let s = mc.firstHit[l]
                let a = mc.slotLinks[Int(s)].arrival
                if a < casArrival { casSlot = s; casBank = b; casArrival = a }
            }
        }
        if casSlot != MemoryController.none {
            let p = mc.firstHitPrev[casBank * 2 + dir]
            let chosen: UInt8 = dir == 0 ? Command.rd.rawValue : Command.wr.rawValue
            return (.column(slot: casSlot, prev: p == MemoryController.none ? nil : p, bank: casBank), others(readyCounts, chosen: chosen), earliest)
        }
        if let b = otherBank {
            let chosen = otherIsAct ? Command.act.rawValue : Command.pre.rawValue
            return (otherIsAct ? .activate(bank: b) : .precharge(bank: b), others(readyCounts, chosen: chosen), earliest)
        }
        return (.wait(earliest: earliest), 0, earliest)
    }

    func followUp(_ mc: MemoryController, bank b: Int, dir: Int) -> Command? {
        mc.nextCommand(bank: b, dir: dir)
    }

    /// From the cached candidates (`MemoryController.otherBanksBound`).
    func othersBound(_ mc: MemoryController, except b: Int, dir: Int) -> Int64? {
        mc.otherBanksBound(except: b, dir: dir)
    }
}
