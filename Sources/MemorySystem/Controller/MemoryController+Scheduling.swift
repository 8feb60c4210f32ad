import SimKernel

extension MemoryController {
    /// The earliest cycle `cmd` may issue to bank `b`: the ready tables, the command
    /// bus, the four-activation window and the data bus.
    @inline(__always)
    func ready(_ cmd: Command, bank b: Int, usesBus: Bool = true) -> Int64 {
        let k = Int(cmd.rawValue)
        let g = b &>> groupShift
        return max(groupNext[g &* Command.count &+ k], bankNext[b &* Command.count &+ k], channelReady(cmd, usesBus: usesBus))
    }

    /// The write-drain rule, written once: start draining writes when `writeDrainHigh`
    /// are queued, stop when no more than `writeDrainLow` remain, keep the current state
    /// in between.
    @inline(__always)
    func drainingNow(_ current: Bool) -> Bool {
        writeCount >= config.writeDrainHigh ? true : (writeCount <= config.writeDrainLow ? false : current)
    }

    /// The direction served (0 reads, 1 writes): writes while draining or when no read waits.
    @inline(__always)
    func direction(draining d: Bool) -> Int { direction(draining: d, reads: readCount, writes: writeCount) }

    /// The same rule for given queue counts.
    @inline(__always)
    func direction(draining d: Bool, reads: Int, writes: Int) -> Int { ((d || reads == 0) && writes > 0) ? 1 : 0 }

    /// Issues at most one command at cycle `c`, the one the scheduler picks. Returns the
    /// cycle at which the controller should look again, or nil when nothing is pending.
    func scheduleOne(cycle c: Int64, _ sim: Simulator) -> Int64? {
        if refreshPending { return refreshStep(cycle: c) }
        if readCount == 0 && writeCount == 0 { return nil }
        draining = drainingNow(draining)
        let dir = direction(draining: draining)
        let d = scheduler.decide(self, cycle: c, dir: dir)
        let issuedBank: Int
        switch d.decision {
        case .column(let s, let prev, let b):
            issueColumn(slot: s, prev: prev, bank: b, dir: dir, cycle: c, sim)
            issuedBank = b
        case .activate(let b):
            let s = Int(head[b * 2 + dir]!)
            issueActivate(bank: b, row: slotLinks[s].row, mode: slotRequest[s].mode, cycle: c)
            issuedBank = b
        case .precharge(let b):
            issuePrecharge(bank: b, cycle: c, conflict: true)
            issuedBank = b
        case .wait(let earliest):
            return earliest == Int64.max ? nil : min(earliest, nextRefresh)
        }
        return nextLook(after: c, othersReady: d.othersReady, earliestOther: d.earliest, issuedBank: issuedBank, dir: dir)
    }

    /// When to look again after issuing at `c`. Issuing only ever pushes ready cycles
    /// later, so the earliest any other bank could go is what the scan saw: a candidate that
    /// was not ready then no earlier than `earliestOther`, one that was ready (`othersReady`)
    /// no earlier than the channel-wide part of its command's ready cycle now (`channelReady`).
    /// The bank that just issued gets its next command (the scheduler's `followUp`) evaluated.
    /// (A request that arrives meanwhile wakes the controller itself.) Looking again before
    /// any command could go would only find nothing to do; the exceptions are a change of
    /// direction or drain state and a pending refresh, which are looked at the next cycle.
    /// Unless the controller `sleepsUntilReady`, it looks at the next cycle whenever others
    /// were ready.
    func nextLook(after c: Int64, othersReady: UInt8, earliestOther: Int64, issuedBank b: Int, dir: Int) -> Int64? {
        if readCount + writeCount == 0 { return refreshPending ? c + 1 : nil }
        let nowDraining = drainingNow(draining)
        if direction(draining: nowDraining) != dir || refreshPending { return c + 1 }
        var readyOthers = Int64.max
        if othersReady != 0 {
            // A look at the next cycle would update the drain state; keep it at that cycle.
            if !sleepsUntilReady || nowDraining != draining { return c + 1 }
            var m = othersReady
            while m != 0 {
                let k = m.trailingZeroBitCount
                m &= m &- 1
                readyOthers = min(readyOthers, channelReady(Command(rawValue: UInt8(k))!))
            }
        }
        var next = min(earliestOther, nextRefresh, readyOthers)
        // The scan's bound for the banks not ready used the channel-wide constraints before
        // this issue. When it says "next cycle" and no bank that was ready could go then (a
        // column command just held the others back for tCCD, say), redo it with today's:
        // cheaper than a look that finds nothing.
        if sleepsUntilReady && earliestOther <= c + 1 && readyOthers > c + 1,
           let others = scheduler.othersBound(self, except: b, dir: dir) {
            next = min(nextRefresh, readyOthers, others)
        }
        if queued[b * 2 + dir] > 0 {
            guard let cmd = scheduler.followUp(self, bank: b, dir: dir) else { return c + 1 }
            next = min(next, ready(cmd, bank: b))
        }
        return max(c + 1, next)
    }

    /// No pending bank of direction `dir` but `b` could issue before this cycle: each one's
    /// cached candidate with its bank- and group-level ready cycle (for `b`'s bank group as
    /// it was before the command just issued there: a lower bound) and its command's
    /// channel-wide ready cycle now. Valid right after an FR-FCFS decision (which refreshed
    /// the candidates) and its issue.
    func otherBanksBound(except b: Int, dir: Int) -> Int64 {
        // By candidate command (`candMask`): the channel-wide part once per command (an
        // empty mask gives Int64.max, which leaves the bound as it is).
        let others = (dir == 0 ? pendingMask.0 : pendingMask.1) & ~(UInt64(1) &<< UInt64(b))
        let masks = dir &* 4
        let col = dir == 0 ? channelReady(.rd) : channelReady(.wr)
        let bound = min(max(minLocal(candMask[masks] & others, dir: dir), channelReady(.act)),
                        max(minLocal(candMask[masks &+ 1] & others, dir: dir), channelReady(.pre)),
                        max(minLocal(candMask[masks &+ 2 &+ dir] & others, dir: dir), col))
        assert(bound == otherBanksBoundByScan(except: b, dir: dir), "otherBanksBound by command disagrees with the plain scan")
        return bound
    }

    /// The least bank- and group-level ready cycle (`candLocal`) of direction `dir` among the
    /// banks of `mask`; Int64.max for none.
    @inline(__always)
    func minLocal(_ mask: UInt64, dir: Int) -> Int64 {
        var m = mask
        var lo = Int64.max
        while m != 0 {
            let b = m.trailingZeroBitCount
            m &= m &- 1
            lo = min(lo, candLocal[b &* 2 &+ dir])
        }
        return lo
    }

    /// `otherBanksBound` by one pass over the pending banks (the debug check).
    func otherBanksBoundByScan(except b: Int, dir: Int) -> Int64 {
        var m = (dir == 0 ? pendingMask.0 : pendingMask.1) & ~(UInt64(1) &<< UInt64(b))
        var bound = Int64.max
        while m != 0 {
            let o = m.trailingZeroBitCount
            m &= m &- 1
            let l = o &* 2 &+ dir
            bound = min(bound, max(candLocal[l], channelReady(Command(rawValue: candCmd[l])!)))
        }
        return bound
    }

    /// The channel-wide part of `cmd`'s ready cycle (channel table, command bus unless the
    /// command does not use it, four-activation window, data bus): no bank may issue `cmd` earlier.
    @inline(__always)
    func channelReady(_ cmd: Command, usesBus: Bool = true) -> Int64 {
        var r = channelNext[Int(cmd.rawValue)]
        if usesBus { r = max(r, commandBusNext) }
        switch cmd {
        case .act: r = max(r, actWindow[actWindowPos] + table.tFAW)
        case .rd: r = max(r, dataBusFree - table.CL)
        case .wr: r = max(r, dataBusFree - table.CWL)
        default: break
        }
        return r
    }

    /// Recomputes the cached candidate command of direction `dir` and its bank- and
    /// group-level ready cycle for every pending bank whose state changed since that
    /// direction's last scan (`dirtyRead`, `dirtyWrite`). The other direction's candidates
    /// wait until it is served.
    @inline(__always)
    func refreshCandidates(dir: Int) {
        var m: UInt64
        if dir == 0 {
            m = dirtyRead & pendingMask.0
            dirtyRead &= ~m
        } else {
            m = dirtyWrite & pendingMask.1
            dirtyWrite &= ~m
        }
        if m == 0 { return }
        let shift = groupShift
        let masks = dir &* 4
        for k in 0..<4 { candMask[masks &+ k] &= ~m }
        while m != 0 {
            let b = m.trailingZeroBitCount
            m &= m &- 1
            let g = b &>> shift
            let l = b &* 2 &+ dir
            let cmd = nextCommand(bank: b, dir: dir)
            let k = Int(cmd.rawValue)
            candCmd[l] = cmd.rawValue
            candLocal[l] = max(groupNext[g &* Command.count &+ k], bankNext[b &* Command.count &+ k])
            candMask[masks &+ k] |= 1 &<< UInt64(b)
        }
    }

    /// The command bank `b` needs next for direction `dir`: the column command when a
    /// request of that direction hits the open row, else PRE to close it, else ACT.
    @inline(__always)
    func nextCommand(bank b: Int, dir: Int) -> Command {
        isOpen[b] ? (hits[b &* 2 &+ dir] > 0 ? (dir == 0 ? .rd : .wr) : .pre) : .act
    }

    /// Debug check: list `l`'s cached candidate equals one computed afresh, and its bank is
    /// in that command's `candMask` only.
    func candidateIsCurrent(_ l: Int) -> Bool {
        let b = l >> 1, dir = l & 1, g = b >> groupShift
        let cmd = nextCommand(bank: b, dir: dir)
        let k = Int(cmd.rawValue)
        var inMasks = 0   // bit k: the bank is in command k's mask
        for m in 0..<4 where candMask[dir * 4 + m] & (UInt64(1) << UInt64(b)) != 0 { inMasks |= 1 << m }
        return candCmd[l] == cmd.rawValue && inMasks == 1 << k
            && candLocal[l] == max(groupNext[g * Command.count + k], bankNext[b * Command.count + k])
    }

    /// Refresh in progress: close every open bank, then refresh all banks.
    func refreshStep(cycle c: Int64) -> Int64? {
        var earliest = Int64.max
        var anyOpen = false
        for b in 0..<banks where isOpen[b] {
            anyOpen = true
            let r = ready(.pre, bank: b)
            if r <= c {
                issuePrecharge(bank: b, cycle: c, conflict: false)
                return c + 1
            }
            earliest = min(earliest, r)
        }
        if anyOpen { return earliest }
        let r = ready(.ref, bank: 0)
        guard r <= c else { return r }
        apply(.ref, bank: 0, cycle: c, dynamic: 0, usesBus: true)
        stats.refreshes += 1
        stats.energyRefreshFJ += device.refreshFJ
        log(CommandRecord(cycle: c, command: .ref, bank: 0, bankGroup: 0, row: 0, dynamic: 0, mode: .normal, writeSteps: 0, auto: false))
        refreshPending = false
        nextRefresh += table.tREFI
        if c >= nextRefresh { refreshPending = true }
        return readCount + writeCount > 0 || refreshPending ? c + 1 : nil
    }
}
