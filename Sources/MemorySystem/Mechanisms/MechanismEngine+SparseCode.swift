import SimKernel
import DataValues

/// SparseCode in the controller (seed 000 §3.2, §4.2) for sparse-candidate conv feature
/// maps: the sparsity register, the encoder's device bursts, the ratio-model decoder
/// and the remapping buffer that holds both.
///
/// Layout of one map in channel c (its `streamSlots` bursts from channel-local index
/// `streamFirst`): bursts written before the register decided (or all, when it decided
/// dense: Option 1) stay where the address map puts them — the first `rawBursts`
/// positions; encoded data bursts follow them upwards, encoded index bursts fill the
/// map's slots from the top down. Indexes and data never share a burst (§3.2).
extension MechanismEngine {
    /// Burst key of an encoded read: stream, kind (1 = index), burst number.
    @inline(__always)
    static func key(stream s: Int, index: Bool, burst b: Int) -> UInt64 {
        UInt64(s) << 41 | (index ? 1 << 40 : 0) | UInt64(b)
    }

    /// Bank and row of encoded burst `b` of stream `s`.
    @inline(__always)
    func place(stream s: Int, index: Bool, burst b: Int) -> (bank: Int, row: Int64) {
        let first = streamFirst[s]
        let local = index ? first + UInt64(max(streamSlots[s] - 1 - b, 0)) : first + UInt64(streams[s].rawBursts + b)
        return mapper.locate(local: local)
    }

    var deviceMode: AccessMode { settings.bitLevel ? .bitLevel : .normal }

    // MARK: Writes

    func sparseWrite(_ r: MemoryRequest, _ d: DecodedAddress, region id: Int, _ sim: Simulator) -> Bool {
        let c = d.channel
        let s = regions[id].streamBase + c
        let cat = regions[id].category
        let complete = streams[s].rawBursts + streams[s].encodedBursts >= streamSlots[s]
        if complete || regions[id].detector!.decision != .sparse {
            // Stored as it is where the address map puts it: Option 1 (so far), or a write
            // after the channel's part of the map is complete in this pass (the stream is
            // not reopened).
            guard controllers[c].enqueue(r, bank: d.bank, row: d.row, sim) else { return false }
            countLogical(r, channel: c, category: cat)
            countDevice(r, channel: c, category: cat)
            channelStats[c].sparseRawBytes += UInt64(MemoryRequest.burstBytes)
            if complete {
                channelStats[c].passOverflowWrites += 1
                regions[id].passWritten += 1
                return true
            }
            streams[s].rawBursts += 1
            for w in 0..<16 { regions[id].detector!.feed(r.data.word(w)) }
            endOfWrite(region: id, channel: c)
            return true
        }
        var st = streams[s]
        let e = st.encode(r.data)
        let last = st.rawBursts + st.encodedBursts == streamSlots[s]   // once per pass: later writes take the path above
        let f = last ? st.flush() : SparseStream.Emitted()
        guard capacity - used[c] >= e.count + f.count else {
            channelStats[c].bufferRefusals += 1
            clientRefused[c] = true
            return false
        }
        streams[s] = st
        countLogical(r, channel: c, category: cat)
        channelStats[c].sparseOriginalBytes += UInt64(MemoryRequest.burstBytes)
        // Burst numbers: a flush emission is the last of its kind.
        var dataNo = st.dataBurstsOut - (e.data == nil ? 0 : 1) - (f.data == nil ? 0 : 1)
        var indexNo = st.indexBurstsOut - (e.index == nil ? 0 : 1) - (f.index == nil ? 0 : 1)
        func emit(_ burst: BurstData?, index: Bool) {
            guard let burst else { return }
            let no = index ? indexNo : dataNo
            if index { indexNo += 1 } else { dataNo += 1 }
            emitWrite(burst, stream: s, index: index, burst: no, channel: c, category: cat, address: r.address, sim)
        }
        emit(e.data, index: false)
        emit(e.index, index: true)
        emit(f.data, index: false)
        emit(f.index, index: true)
        if last {
            channelStats[c].sparseEncodedBytes += UInt64(st.encodedBytes)
            channelStats[c].sparseFlushedOriginalBytes += UInt64(st.encodedBursts * MemoryRequest.burstBytes)
        }
        endOfWrite(region: id, channel: c)
        completeNow(r, channel: c, sim)   // absorbed: its data is in the encoder / buffer
        return true
    }

    /// A write a sampled client skipped (see `MemorySystem.creditSkippedWrite`): booked to
    /// its map's pass — the pass count, the sparsity register while it is undecided (fed
    /// `data()`), and the stream's unencoded part or, after a sparse decision, its encoded
    /// part at the pass's mean size per burst — with no device burst and no energy. The
    /// channel's last slot is left to a simulated write, which flushes the staged bursts.
    func creditSkippedWrite(_ address: UInt64, data: () -> BurstData) {
        let c = mapper.decode(address).channel
        guard let id = lookup(address, channel: c), regions[id].detector != nil else { return }
        let s = regions[id].streamBase + c
        guard streams[s].rawBursts + streams[s].encodedBursts < streamSlots[s] - 1 else { return }
        if regions[id].detector!.decision == .sparse {
            streams[s].credit()
        } else {
            streams[s].rawBursts += 1
            if regions[id].detector!.decision == nil {
                let d = data()
                for w in 0..<16 { regions[id].detector!.feed(d.word(w)) }
            }
        }
        channelStats[c].creditedWrites += 1
        endOfWrite(region: id, channel: c)
    }

    /// Bookkeeping after a logical write of a sparse candidate: pass progress and the
    /// sparsity register's decision.
    func endOfWrite(region id: Int, channel c: Int) {
        regions[id].passWritten += 1
        if regions[id].passWritten >= regions[id].totalBursts, regions[id].detector!.decision == nil {
            regions[id].detector!.finish()   // short map: decided for the record only
        }
        if !regions[id].decisionCounted, let decision = regions[id].detector!.decision {
            regions[id].decisionCounted = true
            if decision == .sparse { channelStats[c].decisionsSparse += 1 } else { channelStats[c].decisionsDense += 1 }
        }
    }

    func emitWrite(_ data: BurstData, stream s: Int, index: Bool, burst b: Int, channel c: Int,
                   category cat: DataCategory, address: UInt64, _ sim: Simulator) {
        let slot = allocate(channel: c)
        let req = MemoryRequest(id: UInt64(slot), address: address, kind: .write, mode: deviceMode,
                                source: Self.internalWrite, data: data)
        entries[c * capacity + slot] = Entry(request: req, arrival: sim.now.raw)
        if index { channelStats[c].encodedIndexBursts += 1 } else { channelStats[c].encodedDataBursts += 1 }
        countDevice(req, channel: c, category: cat)
        let (bank, row) = place(stream: s, index: index, burst: b)
        push(req, channel: c, bank: bank, row: row, sim)
    }

    // MARK: Reads

    func sparseRead(_ r: MemoryRequest, _ d: DecodedAddress, region id: Int, _ sim: Simulator) -> Bool {
        let c = d.channel
        let s = regions[id].streamBase + c
        let cat = regions[id].category
        let local = mapper.localIndex(r.address)
        let q = local >= streamFirst[s] ? Int(local - streamFirst[s]) : 0
        let st = streams[s]
        guard q >= st.rawBursts, q - st.rawBursts < st.encodedBursts else {
            // Written unencoded (or not yet written): an ordinary read where the map puts it.
            guard controllers[c].enqueue(r, bank: d.bank, row: d.row, sim) else { return false }
            countLogical(r, channel: c, category: cat)
            countDevice(r, channel: c, category: cat)
            return true
        }
        let need = st.burstsNeeded(encodedPosition: q - st.rawBursts)
        // Encoded bursts to wait for: not staged, not the last one fetched.
        var keys = SIMD4<UInt64>(), n = 0
        func want(_ range: ClosedRange<Int>?, index: Bool) {
            guard let range else { return }
            for b in range where b < (index ? st.indexBurstsOut : st.dataBurstsOut)
                && b != (index ? st.lastIndexFetched : st.lastDataFetched) && n < 4 {
                keys[n] = Self.key(stream: s, index: index, burst: b); n += 1
            }
        }
        want(need.data, index: false)
        want(need.index, index: true)
        if n == 0 {
            countLogical(r, channel: c, category: cat)
            channelStats[c].encodedLogicalReads += 1
            channelStats[c].readsFromBuffer += 1
            completeNow(r, channel: c, sim)
            return true
        }
        guard used[c] < capacity else {
            channelStats[c].bufferRefusals += 1
            clientRefused[c] = true
            return false
        }
        countLogical(r, channel: c, category: cat)
        channelStats[c].encodedLogicalReads += 1
        let slot = allocate(channel: c)
        entries[c * capacity + slot] = Entry(request: r, arrival: sim.now.raw, isRead: true, category: UInt8(cat.index),
                                             keys: keys, keyCount: n)
        var merged = false
        for k in 0..<n {
            if isPending(keys[k], channel: c, except: slot) { merged = true; continue }
            let key = keys[k]
            let isIndex = key & (1 << 40) != 0
            let b = Int(key & ((1 << 40) - 1))
            let req = MemoryRequest(id: key, address: r.address, kind: .read, mode: deviceMode, source: Self.internalRead)
            countDevice(req, channel: c, category: cat)
            channelStats[c].encodedDeviceReads += 1
            let (bank, row) = place(stream: s, index: isIndex, burst: b)
            push(req, channel: c, bank: bank, row: row, sim)
        }
        if merged { channelStats[c].readsMerged += 1 }
        return true
    }

    /// True when another read entry of channel `c` already waits for `key`.
    func isPending(_ key: UInt64, channel c: Int, except: Int) -> Bool {
        for e in 0..<capacity where e != except && inUse[c * capacity + e] {
            let x = entries[c * capacity + e]
            guard x.isRead else { continue }
            for k in 0..<x.keyCount where x.keys[k] == key && x.arrived & (1 << k) == 0 { return true }
        }
        return false
    }

    /// An encoded burst came back: every read waiting for it takes it; reads with all
    /// their bursts complete to the client at the latest burst's time.
    func encodedBurstArrived(_ completion: Completion, _ sim: Simulator) {
        let c = completion.channel
        let key = completion.request.id
        let s = Int(key >> 41)
        let b = Int(key & ((1 << 40) - 1))
        if key & (1 << 40) != 0 { streams[s].lastIndexFetched = b } else { streams[s].lastDataFetched = b }
        let done = completion.done.raw
        for e in 0..<capacity where inUse[c * capacity + e] && entries[c * capacity + e].isRead {
            let i = c * capacity + e
            for k in 0..<entries[i].keyCount where entries[i].keys[k] == key && entries[i].arrived & (1 << k) == 0 {
                entries[i].arrived |= 1 << k
                entries[i].done = max(entries[i].done, done)
            }
            if entries[i].arrived == (1 << entries[i].keyCount) - 1 {
                let x = entries[i]
                release(channel: c, slot: e, sim)
                port.completed(Completion(request: x.request, arrival: Picoseconds(x.arrival),
                                                   done: Picoseconds(x.done), channel: c), sim)
            }
        }
    }

    // MARK: Buffer entries

    func allocate(channel c: Int) -> Int {
        for e in 0..<capacity where !inUse[c * capacity + e] {
            inUse[c * capacity + e] = true
            used[c] += 1
            if used[c] > channelStats[c].bufferMaxOccupancy { channelStats[c].bufferMaxOccupancy = used[c] }
            return e
        }
        preconditionFailure("remapping buffer of channel \(c) over-allocated")
    }

    func release(channel c: Int, slot e: Int, _ sim: Simulator) {
        precondition(inUse[c * capacity + e], "remapping buffer entry released twice")
        inUse[c * capacity + e] = false
        entries[c * capacity + e].arrived = 0
        entries[c * capacity + e].done = 0
        used[c] -= 1
        if clientRefused[c] { scheduleEvent(sim) }
    }
}
