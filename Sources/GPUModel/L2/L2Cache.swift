import SimKernel
import MemorySystem

/// Event kinds of the L2 handler.
enum L2EventKind { static let arrive: UInt32 = 0, fill: UInt32 = 1 }

/// Cumulative L2 and crossbar counters (never reset; the dispatcher takes deltas).
public struct L2Counters: Sendable, Equatable {
    /// Line requests from the SMs: loads and stores.
    public var lineReads: Int64 = 0
    public var lineWrites: Int64 = 0
    /// Bytes of sub-blocks the SMs requested (64 per sub-block).
    public var requestedReadBytes: Int64 = 0
    public var requestedWriteBytes: Int64 = 0
    /// Lines allocated (read misses on absent lines and write allocations).
    public var allocations: Int64 = 0
    /// Loads whose sub-blocks were all valid on arrival.
    public var readHits: Int64 = 0
    /// Loads that allocated a line or found a needed sub-block invalid.
    public var readMisses: Int64 = 0
    /// Fill bursts (64 B reads) submitted / completed.
    public var fillsSubmitted: Int64 = 0
    public var fillsCompleted: Int64 = 0
    /// Write-back bursts (64 B writes of dirty sub-blocks) submitted / completed.
    public var writebacksSubmitted: Int64 = 0
    public var writebacksCompleted: Int64 = 0
    /// Fill completions for a sub-block that was not waiting for one (must stay 0).
    public var unexpectedFills: Int64 = 0
    /// Requests that found every way of their set waiting for a fill and were retried.
    public var setStalls: Int64 = 0
    /// Σ and count of fill latencies (controller arrival to data), ps.
    public var fillLatencySumPs: Int64 = 0
    /// Bursts that found their controller queue full and waited in the slice.
    public var memoryBackpressure: Int64 = 0
    /// Lookups deferred because their slice held `L2Config.writebackBufferBursts` write-backs.
    public var writebackStalls: Int64 = 0
}

/// The L2 slices (one per memory channel) behind the crossbar. A request arrives at its
/// slice after the crossbar latency, occupies the slice port for `bytes /
/// portBytesPerCycle` cycles, and is looked up (tags: `L2Tags`). A hit (or a store:
/// write-allocate, no fill) is answered `hitLatency` after the port slot, plus the
/// crossbar back. A miss requests the missing 64-byte sub-blocks from memory and waits
/// on the line; each fill's completion (at `Completion.done`) answers every waiter whose
/// sub-blocks are then all valid, a crossbar latency later. Dirty victims are written
/// back as 64-byte bursts with data from `Data` and modes from `Modes`.
///
/// Bursts a full controller queue refuses wait in per-channel FIFOs (reads and writes
/// apart) and are resubmitted in order on `memorySpaceAvailable`: none is dropped or
/// duplicated. Tag lookups happen at arrival; the port only delays the answer. With
/// `L2Config.writebackBufferBursts` set, a slice holding that many write-backs defers every
/// lookup (in arrival order) until one leaves.
final class L2Cache: EventHandler, MemoryClient {
    let tags: L2Tags
    let memory: MemorySystem
    let pool: TransactionPool
    let modes: any AccessModeMap
    let data: any WriteDataSource
    /// Whether the memory side reads the bytes of a write (`MemorySystem.usesWriteData`);
    /// when not, write bursts go out without asking `data` for them.
    let needsWriteData: Bool
    let hitPs: Int64
    let crossbarPs: Int64
    /// Port occupancy per byte, in ps × portBytesPerCycle (divided when used).
    let corePeriodPs: Int64
    let portBytes: Int64
    let portFree: FixedArray<Int64>
    /// Per slice: head of the list of requests stalled on a full set.
    let stalled: FixedArray<UInt32>
    /// Per channel: bursts waiting for controller queue space.
    let pendingReads: FixedArray<BurstFIFO>
    let pendingWrites: FixedArray<BurstFIFO>
    /// Write-backs a slice may hold before it stalls (`L2Config.writebackBufferBursts`; 0: no limit).
    let writebackLimit: Int
    /// Per slice: the FIFO of requests deferred on a full write-back buffer (head, tail).
    let deferredHead: FixedArray<UInt32>
    let deferredTail: FixedArray<UInt32>
    private(set) var target: UInt32 = 0
    var smTarget: UInt32 = 0
    var counters = L2Counters()
    private var writeID: UInt64 = 1 << 62

    init(config: GPUConfig, memory: MemorySystem, pool: TransactionPool, modes: any AccessModeMap,
         data: any WriteDataSource, sim: Simulator) {
        let slices = memory.config.channels
        let sets = config.l2.totalBytes / slices / (L2Config.lineBytes * config.l2.ways)
        tags = L2Tags(slices: slices, setsPerSlice: sets, ways: config.l2.ways)
        self.memory = memory
        self.pool = pool
        self.modes = modes
        self.data = data
        self.needsWriteData = memory.usesWriteData
        corePeriodPs = config.corePeriodPs
        hitPs = Int64(config.l2.hitLatencyCycles) * config.corePeriodPs
        crossbarPs = Int64(config.crossbar.latencyCycles) * config.corePeriodPs
        portBytes = Int64(config.crossbar.portBytesPerCycle)
        portFree = FixedArray(repeating: 0, count: slices)
        stalled = FixedArray(repeating: L2Tags.noWaiter, count: slices)
        pendingReads = FixedArray(repeating: BurstFIFO(), count: slices)
        pendingWrites = FixedArray(repeating: BurstFIFO(), count: slices)
        writebackLimit = config.l2.writebackBufferBursts
        deferredHead = FixedArray(repeating: L2Tags.noWaiter, count: slices)
        deferredTail = FixedArray(repeating: L2Tags.noWaiter, count: slices)
        super.init()
        target = sim.register(self)
    }

    override func handle(_ event: Event, _ sim: Simulator) {
        if event.kind == L2EventKind.arrive {
            arrive(UInt32(truncatingIfNeeded: event.payload), sim)
        } else {
            fillArrived(way: Int(event.payload >> 1), half: Int(event.payload & 1), sim)
        }
    }

    private func arrive(_ i: UInt32, _ sim: Simulator) {
        let tx = pool.items[Int(i)]
        let slice = Int(tx.slice)
        let bytes = Int64(64 * tx.halves.nonzeroBitCount)
        let start = max(sim.now.raw, portFree[slice])
        portFree[slice] = start + (bytes * corePeriodPs + portBytes - 1) / portBytes
        let write = tx.isWrite
        if write { counters.lineWrites += 1; counters.requestedWriteBytes += bytes } else {
            counters.lineReads += 1; counters.requestedReadBytes += bytes
        }
        lookup(i, tx, readyAt: start + hitPs, sim)
    }

    /// Tag lookup of transaction `i`; answers it at `readyAt` (+ crossbar) when done.
    private func lookup(_ i: UInt32, _ tx: Transaction, readyAt: Int64, _ sim: Simulator) {
        if writebackLimit != 0 {
            let slice = Int(tx.slice)
            if deferredHead[slice] != L2Tags.noWaiter || pendingWrites[slice].count >= writebackLimit {
                counters.writebackStalls += 1
                pool.items[Int(i)].next = L2Tags.noWaiter
                if deferredHead[slice] == L2Tags.noWaiter { deferredHead[slice] = i } else {
                    pool.items[Int(deferredTail[slice])].next = i
                }
                deferredTail[slice] = i
                return
            }
        }
        lookupNow(i, tx, readyAt: readyAt, sim)
    }

    private func lookupNow(_ i: UInt32, _ tx: Transaction, readyAt: Int64, _ sim: Simulator) {
        let slice = Int(tx.slice)
        let o = tags.access(slice: slice, line: tx.line >> 7, halves: tx.halves, write: tx.isWrite)
        if o.stalled {
            counters.setStalls += 1
            pool.items[Int(i)].next = stalled[slice]
            stalled[slice] = i
            return
        }
        if o.allocated { counters.allocations += 1 }
        if o.evictedDirty != 0 {
            for h in 0..<2 where o.evictedDirty & (1 << h) != 0 {
                let address = o.evictedLine << 7 + UInt64(64 * h)
                writeID &+= 1
                counters.writebacksSubmitted += 1
                submit(Pending(address: address, id: writeID), channel: slice, write: true, sim)
            }
        }
        if o.fetch != 0 {
            for h in 0..<2 where o.fetch & (1 << h) != 0 {
                counters.fillsSubmitted += 1
                submit(Pending(address: tx.line + UInt64(64 * h), id: UInt64(o.way) << 1 | UInt64(h)), channel: slice,
                       write: false, sim)
            }
        }
        if !tx.isWrite { if o.ready { counters.readHits += 1 } else { counters.readMisses += 1 } }
        if o.ready {
            respond(i, at: readyAt + crossbarPs, sim)
        } else {
            pool.items[Int(i)].next = tags[o.way].waiters
            tags.table[o.way].waiters = i
        }
    }

    @inline(__always)
    private func respond(_ i: UInt32, at t: Int64, _ sim: Simulator) {
        sim.schedule(at: Picoseconds(t), target: smTarget, kind: SMArray.Kind.response, payload: UInt64(i))
    }

    private func fillArrived(way w: Int, half: Int, _ sim: Simulator) {
        counters.fillsCompleted += 1
        if tags[w].pending & UInt8(1 << half) == 0 { counters.unexpectedFills += 1 }
        tags.fill(way: w, half: half)
        let valid = tags[w].valid
        let now = sim.now.raw
        var kept = L2Tags.noWaiter
        var i = tags[w].waiters
        while i != L2Tags.noWaiter {
            let next = pool.items[Int(i)].next
            if pool.items[Int(i)].halves & ~valid == 0 {
                respond(i, at: now + crossbarPs, sim)
            } else {
                pool.items[Int(i)].next = kept
                kept = i
            }
            i = next
        }
        tags.table[w].waiters = kept
        retryStalled(slice: w / (tags.sets * tags.ways), sim)
    }

    private func retryStalled(slice: Int, _ sim: Simulator) {
        var i = stalled[slice]
        guard i != L2Tags.noWaiter else { return }
        stalled[slice] = L2Tags.noWaiter
        while i != L2Tags.noWaiter {
            let next = pool.items[Int(i)].next
            pool.items[Int(i)].next = L2Tags.noWaiter
            lookup(i, pool.items[Int(i)], readyAt: sim.now.raw + hitPs, sim)
            i = next
        }
    }

    // MARK: Memory side

    /// Sends a burst of this slice's channel (a slice's lines all lie in its channel:
    /// the channel interleave is at least a line, checked by `GPU.init`).
    private func submit(_ p: Pending, channel: Int, write: Bool, _ sim: Simulator) {
        if write {
            if pendingWrites[channel].isEmpty && trySubmit(p, channel: channel, write: true, sim) { return }
            pendingWrites[channel].append(p)
        } else {
            if pendingReads[channel].isEmpty && trySubmit(p, channel: channel, write: false, sim) { return }
            pendingReads[channel].append(p)
        }
        counters.memoryBackpressure += 1
    }

    /// Hands burst `p` of `channel` to the memory; false when its queue is full. A burst the
    /// controller would refuse is not built (retries after a full queue are most attempts in
    /// memory-bound kernels).
    private func trySubmit(_ p: Pending, channel: Int, write: Bool, _ sim: Simulator) -> Bool {
        assert(memory.channel(of: p.address) == channel, "burst \(p.address) queued for channel \(channel)")
        guard memory.mayAccept(write ? .write : .read, channel: channel) else { return false }
        let request = MemoryRequest(id: p.id, address: p.address, kind: write ? .write : .read,
                                    mode: modes.mode(for: p.address), source: 0,
                                    data: write && needsWriteData ? data.data(forBurstAt: p.address) : BurstData())
        return memory.submit(request, sim)
    }

    func memoryCompleted(_ c: Completion, _ sim: Simulator) {
        if c.request.kind == .read {
            counters.fillLatencySumPs += (c.done - c.arrival).raw
            sim.schedule(at: c.done, target: target, kind: L2EventKind.fill, payload: c.request.id, priority: .completion)
        } else {
            counters.writebacksCompleted += 1
        }
    }

    func memorySpaceAvailable(channel: Int, _ sim: Simulator) {
        while let p = pendingReads[channel].first, trySubmit(p, channel: channel, write: false, sim) { pendingReads[channel].removeFirst() }
        while let p = pendingWrites[channel].first, trySubmit(p, channel: channel, write: true, sim) { pendingWrites[channel].removeFirst() }
        if writebackLimit != 0 { retryDeferred(slice: channel, sim) }
    }

    /// Looks up the requests deferred on `slice`'s full write-back buffer in arrival order,
    /// while the buffer has room (an in-order pipeline: the head waits, and those behind it).
    private func retryDeferred(slice: Int, _ sim: Simulator) {
        while deferredHead[slice] != L2Tags.noWaiter && pendingWrites[slice].count < writebackLimit {
            let i = deferredHead[slice]
            deferredHead[slice] = pool.items[Int(i)].next
            pool.items[Int(i)].next = L2Tags.noWaiter
            lookupNow(i, pool.items[Int(i)], readyAt: sim.now.raw + hitPs, sim)
        }
    }

    /// Write-back bursts waiting for controller queue space.
    var pendingWritebacks: Int { (0..<pendingWrites.count).reduce(0) { $0 + pendingWrites[$1].count } }
}
