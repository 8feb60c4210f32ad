import SimKernel

extension MemoryController {
    /// Applies the constraint rows of `cmd` issued at cycle `c` to bank `b`.
    @inline(__always)
    func apply(_ cmd: Command, bank b: Int, cycle c: Int64, dynamic: Int64, usesBus: Bool) {
        let g = b &>> groupShift   // groupShift < 64: at most 64 banks (init)
        let k = Int(cmd.rawValue)
        for i in rowStart[k]..<rowStart[k + 1] {
            let row = rowTable[i]
            let t = c + row.cycles + (row.dynamic == .none ? 0 : dynamic)
            let f = Int(row.following.rawValue)
            switch row.scope {
            case .bank: bankNext[b &* Command.count &+ f] = max(bankNext[b &* Command.count &+ f], t)
            case .bankGroup: groupNext[g &* Command.count &+ f] = max(groupNext[g &* Command.count &+ f], t)
            case .channel: channelNext[f] = max(channelNext[f], t)
            }
        }
        if usesBus { commandBusNext = c + 1 }
        let touched = cmd == .ref ? ~0 : groupBanks[g]
        dirtyRead |= touched
        dirtyWrite |= touched
        stats.commands[Int(cmd.rawValue)] += 1
    }

    /// Records a command when logging is on (the record is only built then).
    @inline(__always)
    func log(_ r: @autoclosure () -> CommandRecord) {
        if commandLog != nil { commandLog!.append(r()) }
    }

    func issueActivate(bank b: Int, row: Int64, mode: AccessMode, cycle c: Int64) {
        let switching = device.hasAccessModes && ((mode == .softOnly) != (bankMode[b] == .softOnly))
        if switching { stats.modeSwitches += 1 }
        let dyn = device.senseCycles(mode: mode, switching: switching)
        apply(.act, bank: b, cycle: c, dynamic: dyn, usesBus: true)
        isOpen[b] = true
        openRow[b] = row
        bankMode[b] = mode
        countHits(bank: b)
        freshActivation[b] = true
        actWindow[actWindowPos] = c
        actWindowPos = (actWindowPos + 1) & 3
        stats.energyActivateFJ += device.activateFJ
        log(CommandRecord(cycle: c, command: .act, bank: b, bankGroup: b / banksPerGroup, row: row, dynamic: dyn,
                          mode: mode, writeSteps: 0, auto: false))
    }

    func issuePrecharge(bank b: Int, cycle c: Int64, conflict: Bool, auto: Bool = false) {
        apply(.pre, bank: b, cycle: c, dynamic: 0, usesBus: !auto)
        isOpen[b] = false
        hits[b * 2] = 0
        hits[b * 2 + 1] = 0
        firstHit[b * 2] = Self.none
        firstHit[b * 2 + 1] = Self.none
        afterConflict[b] = conflict
        log(CommandRecord(cycle: c, command: .pre, bank: b, bankGroup: b / banksPerGroup, row: openRow[b], dynamic: 0,
                          mode: bankMode[b], writeSteps: 0, auto: auto))
    }

    /// Issues the RD or WR of the request in `slot` (list predecessor `prev`) at cycle `c`.
    func issueColumn(slot s: Int32, prev: Int32?, bank b: Int, dir: Int, cycle c: Int64, _ sim: Simulator) {
        let si = Int(s)
        let h = slotRequest[si]
        let req = MemoryRequest(id: h.id, address: h.address, kind: h.kind, mode: h.mode, source: h.source,
                                data: dir == 1 ? slotData[si] : BurstData())
        let arrival = slotLinks[si].arrival
        // Row-buffer outcome of this access.
        if freshActivation[b] {
            freshActivation[b] = false
            if afterConflict[b] { stats.rowConflicts += 1 } else { stats.rowMisses += 1 }
            afterConflict[b] = false
        } else {
            stats.rowHits += 1
        }
        let doneCycle: Int64
        if dir == 0 {
            apply(.rd, bank: b, cycle: c, dynamic: 0, usesBus: true)
            dataBusFree = c + table.CL + table.tBL
            doneCycle = dataBusFree
            stats.reads += 1
            if req.mode == .softOnly { stats.readsSoftOnly += 1 }
            stats.energyReadFJ += device.readBurstFJ
            log(CommandRecord(cycle: c, command: .rd, bank: b, bankGroup: b / banksPerGroup, row: openRow[b], dynamic: 0,
                              mode: req.mode, writeSteps: 0, auto: false))
        } else {
            let w = device.write(req.data, mode: req.mode)
            apply(.wr, bank: b, cycle: c, dynamic: w.cycles, usesBus: true)
            dataBusFree = c + table.CWL + table.tBL
            doneCycle = dataBusFree + w.cycles
            stats.writes += 1
            if w.steps == 2 { stats.writesTwoStep += 1 } else { stats.writesOneStep += 1 }
            stats.cellsHardStep += UInt64(w.hardCells)
            stats.cellsSoftStep += UInt64(w.softCells)
            stats.energyWriteHardFJ += w.hardFJ
            stats.energyWriteSoftFJ += w.softFJ
            stats.energyWriteFJ += w.energyFJ - w.hardFJ - w.softFJ
            log(CommandRecord(cycle: c, command: .wr, bank: b, bankGroup: b / banksPerGroup, row: openRow[b], dynamic: w.cycles,
                              mode: req.mode, writeSteps: w.steps, auto: false))
        }
        stats.dataBusCycles += UInt64(table.tBL)
        unlink(slot: s, prev: prev, list: b * 2 + dir)
        let done = Picoseconds(doneCycle * tCK)
        if dir == 0 { stats.readLatency.add(done.raw - arrival) } else { stats.writeLatency.add(done.raw - arrival) }
        if done > stats.lastDone { stats.lastDone = done }
        if config.pagePolicy == .closed && !rowHasPendingHit(bank: b) {
            issuePrecharge(bank: b, cycle: ready(.pre, bank: b, usesBus: false), conflict: false, auto: true)
        }
        port.completed(Completion(request: req, arrival: Picoseconds(arrival), done: done, channel: channel), sim)
    }

    /// Removes a request that hit the open row from list `l`.
    func unlink(slot s: Int32, prev: Int32?, list l: Int) {
        let n = slotLinks[Int(s)].next
        let next: Int32? = n == Self.none ? nil : n
        if let p = prev { slotLinks[Int(p)].next = n } else { head[l] = next }
        if tail[l] == s { tail[l] = prev }
        queued[l] -= 1
        rowCounts.remove(bank: l >> 1, row: slotLinks[Int(s)].row, dir: l & 1)
        hits[l] -= 1
        // A column command serves the list's first request to the open row (FR-FCFS picks it;
        // FCFS issues the head only when it hits). The next one, if any, is after it (the
        // list is in arrival order).
        assert(firstHit[l] == s, "a column command for a request that is not the list's first hit")
        var p = prev ?? Self.none, i = n
        let row = openRow[l >> 1]
        if hits[l] > 0 { while slotLinks[Int(i)].row != row { p = i; i = slotLinks[Int(i)].next } } else { i = Self.none }
        firstHit[l] = i
        firstHitPrev[l] = p
        let bank = UInt64(1) &<< UInt64(l >> 1)
        if l & 1 == 0 {
            readCount -= 1
            if queued[l] == 0 { pendingMask.0 &= ~bank }
            dirtyRead |= bank
        } else {
            writeCount -= 1
            if queued[l] == 0 { pendingMask.1 &= ~bank }
            dirtyWrite |= bank
        }
        freeSlots[freeCount] = s
        freeCount += 1
    }

    /// Counts the queued requests of bank `b` that hit its (newly) open row (`rowCounts`)
    /// and finds each list's first one: the head (an activation opens the head's row), else
    /// by a walk that stops at it; no walk when nothing hits.
    func countHits(bank b: Int) {
        let row = openRow[b]
        for dir in 0..<2 {
            let l = b &* 2 &+ dir
            let n = rowCounts.count(bank: b, row: row, dir: dir)
            assert(n == hitsByWalk(l), "rowCounts of list \(l) out of date")
            var first = Self.none, firstPrev = Self.none
            if n > 0 {
                var i = head[l]!, p = Self.none
                while slotLinks[Int(i)].row != row { p = i; i = slotLinks[Int(i)].next }
                first = i
                firstPrev = p
            }
            hits[l] = n
            firstHit[l] = first
            firstHitPrev[l] = firstPrev
        }
    }

    /// Debug check of `rowCounts`: the requests of list `l` to bank `l / 2`'s open row, by a walk.
    func hitsByWalk(_ l: Int) -> Int32 {
        var n: Int32 = 0
        var i = head[l] ?? Self.none
        while i != Self.none {
            if slotLinks[Int(i)].row == openRow[l >> 1] { n += 1 }
            i = slotLinks[Int(i)].next
        }
        return n
    }

    /// Debug check of `firstHit`: the first request of list `l` to the open row, by a walk.
    func firstHitByWalk(_ l: Int) -> (slot: Int32, prev: Int32) {
        var i = head[l] ?? Self.none, p = Self.none
        while i != Self.none && !(isOpen[l >> 1] && slotLinks[Int(i)].row == openRow[l >> 1]) { p = i; i = slotLinks[Int(i)].next }
        return i == Self.none ? (Self.none, Self.none) : (i, p)
    }

    func rowHasPendingHit(bank b: Int) -> Bool { hits[b * 2] > 0 || hits[b * 2 + 1] > 0 }
}
