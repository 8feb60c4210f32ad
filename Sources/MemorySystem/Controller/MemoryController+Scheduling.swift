import SimKernel

extension MemoryController {
    /// The earliest cycle `cmd` may issue to bank `b`: the ready tables, the command
    /// bus, the four-activation window and the data bus.
    @inline(__always)
    func ready(_ cmd: Command, bank b: Int, usesBus: Bool = true) -> Int64 {
        let k = Int(cmd.rawValue)
        let g = b >> groupShift
        var r = max(channelNext[k], groupNext[g * Command.count + k], bankNext[b * Command.count + k])
        if usesBus { r = max(r, commandBusNext) }
        switch cmd {
        case .act: r = max(r, actWindow[actWindowPos] + table.tFAW)
        case .rd: r = max(r, dataBusFree - table.CL)
        case .wr: r = max(r, dataBusFree - table.CWL)
        default: break
        }
        return r
    }

    /// Issues at most one command at cycle `c` (FR-FCFS). Returns the cycle at which the
    /// controller should look again, or nil when nothing is pending.
    func scheduleOne(cycle c: Int64, _ sim: Simulator) -> Int64? {
        if refreshPending { return refreshStep(cycle: c) }
        if readCount == 0 && writeCount == 0 { return nil }
        if writeCount >= config.writeDrainHigh { draining = true } else if writeCount <= config.writeDrainLow { draining = false }
        let dir = ((draining || readCount == 0) && writeCount > 0) ? 1 : 0
        let casCmd: Command = dir == 0 ? .rd : .wr
        var earliest = Int64.max
        // Best ready column command (oldest first) and best ready ACT/PRE (oldest first).
        var casSlot = Self.none, casPrev = Self.none, casBank = 0, casArrival = Int64.max
        var otherCmd = Command.act, otherBank = -1, otherArrival = Int64.max
        var readyNow = 0
        refreshCandidates()
        // Channel-wide parts of each command's ready cycle, the same for every bank.
        let chanACT = max(channelNext[0], commandBusNext, actWindow[actWindowPos] + table.tFAW)
        let chanPRE = max(channelNext[1], commandBusNext)
        let chanCAS = dir == 0 ? max(channelNext[2], commandBusNext, dataBusFree - table.CL)
                               : max(channelNext[3], commandBusNext, dataBusFree - table.CWL)
        var mask = dir == 0 ? pendingMask.0 : pendingMask.1
        while mask != 0 {
            let b = mask.trailingZeroBitCount
            mask &= mask &- 1
            let l = b * 2 + dir
            let cmd = candCmd[l]
            let chan = cmd == Command.act.rawValue ? chanACT : (cmd == Command.pre.rawValue ? chanPRE : chanCAS)
            let r = max(candLocal[l], chan)
            if r > c {
                if r < earliest { earliest = r }
                continue
            }
            readyNow += 1
            let h = Int(head[l])
            if cmd == Command.act.rawValue || cmd == Command.pre.rawValue {
                if slots[h].arrival < otherArrival {
                    otherCmd = cmd == Command.act.rawValue ? .act : .pre
                    otherBank = b
                    otherArrival = slots[h].arrival
                }
            } else {
                // Ready: find this bank's oldest request to the open row.
                var prev = Self.none, s = Int32(h)
                let row = openRow[b]
                while slots[Int(s)].row != row { prev = s; s = slots[Int(s)].next }
                let a = slots[Int(s)].arrival
                if a < casArrival { casSlot = s; casPrev = prev; casBank = b; casArrival = a }
            }
        }
        let issuedBank: Int
        if casSlot != Self.none {
            issueColumn(slot: casSlot, prev: casPrev, bank: casBank, dir: dir, cycle: c, sim)
            issuedBank = casBank
        } else if otherBank >= 0 {
            if otherCmd == .act {
                let s = Int(head[otherBank * 2 + dir])
                issueActivate(bank: otherBank, row: slots[s].row, mode: slots[s].request.mode, cycle: c)
            } else {
                issuePrecharge(bank: otherBank, cycle: c, conflict: true)
            }
            issuedBank = otherBank
        } else {
            return earliest == Int64.max ? nil : min(earliest, nextRefresh)
        }
        return nextLook(after: c, readyNow: readyNow, earliestOther: earliest, issuedBank: issuedBank, dir: dir)
    }

    /// When to look again after issuing at `c`. Issuing only ever pushes ready cycles
    /// later, so the earliest any other bank could go is what the scan saw; the bank that
    /// just issued gets its new candidate evaluated. (A request that arrives meanwhile
    /// wakes the controller itself.)
    func nextLook(after c: Int64, readyNow: Int, earliestOther: Int64, issuedBank b: Int, dir: Int) -> Int64? {
        if readCount + writeCount == 0 { return refreshPending ? c + 1 : nil }
        let nextDraining = writeCount >= config.writeDrainHigh ? true : (writeCount <= config.writeDrainLow ? false : draining)
        let nextDir = ((nextDraining || readCount == 0) && writeCount > 0) ? 1 : 0
        if readyNow > 1 || nextDir != dir || refreshPending { return c + 1 }
        var next = min(earliestOther, nextRefresh)
        let l = b * 2 + dir
        if queued[l] > 0 {
            let cmd: Command = isOpen[b] ? (hits[l] > 0 ? (dir == 0 ? .rd : .wr) : .pre) : .act
            next = min(next, ready(cmd, bank: b))
        }
        return max(c + 1, next)
    }

    /// Recomputes the cached candidate command and its bank- and group-level ready cycle
    /// for every bank whose state changed since the last scan (see `dirtyBanks`).
    @inline(__always)
    func refreshCandidates() {
        var m = dirtyBanks & (pendingMask.0 | pendingMask.1)
        dirtyBanks &= ~m
        while m != 0 {
            let b = m.trailingZeroBitCount
            m &= m &- 1
            let g = b >> groupShift
            for dir in 0..<2 {
                let l = b * 2 + dir
                let cmd: Command = isOpen[b] ? (hits[l] > 0 ? (dir == 0 ? .rd : .wr) : .pre) : .act
                let k = Int(cmd.rawValue)
                candCmd[l] = cmd.rawValue
                candLocal[l] = max(groupNext[g * Command.count + k], bankNext[b * Command.count + k])
            }
        }
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
