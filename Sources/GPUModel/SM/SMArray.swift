import SimKernel
import MemorySystem

/// The streaming multiprocessors: each holds up to `ctasPerSM` CTAs of the running
/// kernel. A CTA runs its main loop double-buffered: it issues the line requests of
/// chunk j+1 while chunk j computes (chunk j+2 waits for the buffer of chunk j), starts
/// computing a chunk when all its loads are back, then issues its stores; it is done
/// when every store is acknowledged by the L2. The SM's FP32 pipeline computes one chunk
/// at a time in ready order (its CTAs share it), for `FLOPs / (SM peak × efficiency)`.
/// An SM issues one line request per `issueIntervalCycles` and stops issuing while
/// `maxOutstandingRequests` are in flight (its CTAs then stall).
///
/// One handler for all SMs: per-SM state lives in `FixedArray`s; events are responses
/// (payload: transaction) and chunk-compute completions (payload: CTA slot). Nothing
/// ticks: an SM acts only on those events.
final class SMArray: EventHandler {
    enum Kind { static let response: UInt32 = 0, computeDone: UInt32 = 1 }
    enum Stream: UInt8 { case none, loads, stores }

    struct Slot {
        var cta = 0
        var active = false
        var computing = false
        var storesIssued = false
        var stream = Stream.none
        var chunks: Int32 = 0
        var issuedChunks: Int32 = 0
        var computed: Int32 = 0
        var pos: Int32 = 0
        var loadsLeft: (Int32, Int32) = (0, 0)
        var storesLeft: Int32 = 0
        /// K-loop sampling (`SamplingConfig.loopSampling`): local chunk j is the kernel's
        /// chunk j + `offset` from `jumpAt` on, j + `prevOffset` before it; `settledFrom`
        /// is `computed` at the CTA's last jump (0 before any).
        var offset: Int32 = 0
        var prevOffset: Int32 = 0
        var jumpAt: Int32 = 0
        var settledFrom: Int32 = 0
    }

    let sms: Int
    let slotsPerSM: Int
    let limit: Int32
    let issuePs: Int64
    let crossbarPs: Int64
    let mapper: AddressMapper
    let pool: TransactionPool
    let slots: FixedArray<Slot>
    let buffers: FixedArray<LineBuffer>
    let outstanding: FixedArray<Int32>
    let nextIssue: FixedArray<Int64>
    let computeFree: FixedArray<Int64>
    let roundRobin: FixedArray<Int>
    private(set) var target: UInt32 = 0
    var l2Target: UInt32 = 0
    unowned(unsafe) var dispatcher: Dispatcher!

    /// Whether the dispatcher hears of every chunk computed (K-loop sampling is on for the kernel).
    var reportChunks = false

    /// The running kernel and the CTA slots it may use per SM.
    var kernel: KernelPlan?
    var activeSlotsPerSM = 1
    /// Compute time reserved on all SMs so far, ps (cumulative).
    private(set) var busyPs: Int64 = 0
    /// Line requests issued so far (cumulative).
    private(set) var lineRequests: UInt64 = 0

    init(config: GPUConfig, mapper: AddressMapper, sim: Simulator) {
        sms = config.sms
        slotsPerSM = max(config.gemm.ctasPerSM, config.elementwise.ctasPerSM)
        limit = Int32(config.sm.maxOutstandingRequests)
        issuePs = Int64(config.sm.issueIntervalCycles) * config.corePeriodPs
        crossbarPs = Int64(config.crossbar.latencyCycles) * config.corePeriodPs
        self.mapper = mapper
        pool = TransactionPool(capacity: config.sms * config.sm.maxOutstandingRequests)
        slots = FixedArray(repeating: Slot(), count: sms * slotsPerSM)
        buffers = FixedArray((0..<(sms * slotsPerSM)).map { _ in LineBuffer() })
        outstanding = FixedArray(repeating: 0, count: sms)
        nextIssue = FixedArray(repeating: 0, count: sms)
        computeFree = FixedArray(repeating: 0, count: sms)
        roundRobin = FixedArray(repeating: 0, count: sms)
        super.init()
        target = sim.register(self)
    }

    /// Puts `cta` of the running kernel into `slot` and prepares its first loads. The
    /// caller issues (`issue(sm:)`).
    func start(cta: Int, slot s: Int) {
        slots[s] = Slot()
        slots[s].cta = cta
        slots[s].active = true
        slots[s].chunks = Int32(kernel!.chunks(of: cta))
        openStream(s)
    }

    override func handle(_ event: Event, _ sim: Simulator) {
        if event.kind == Kind.response {
            let i = UInt32(truncatingIfNeeded: event.payload)
            let tx = pool.items[Int(i)]
            pool.release(i)
            let s = Int(tx.slot)
            outstanding[Int(tx.sm)] -= 1
            if tx.purpose == Transaction.store {
                slots[s].storesLeft -= 1
                checkFinished(s, sim)
            } else {
                if tx.purpose == 0 { slots[s].loadsLeft.0 -= 1 } else { slots[s].loadsLeft.1 -= 1 }
                tryCompute(s, sim)
            }
            issue(sm: Int(tx.sm), sim)
        } else {
            let s = Int(event.payload)
            slots[s].computing = false
            slots[s].computed += 1
            if reportChunks { dispatcher.loopChunkComputed(slot: s, sim) }
            tryCompute(s, sim)
            openStream(s)
            checkFinished(s, sim)
            issue(sm: s / slotsPerSM, sim)
        }
    }

    /// Issues line requests of the SM's CTAs (round robin over CTAs, each as far as it
    /// can) until the outstanding limit is reached or nothing is ready to issue.
    func issue(sm: Int, _ sim: Simulator) {
        var outst = outstanding[sm]
        guard outst < limit else { return }
        var t = max(sim.now.raw, nextIssue[sm])
        let n = activeSlotsPerSM
        let base = sm * slotsPerSM
        var i = roundRobin[sm]
        var idle = 0
        while idle < n && outst < limit {
            let s = base + i
            var progressed = false
            while slots[s].stream != .none && outst < limit {
                progressed = true
                let pos = Int(slots[s].pos)
                if pos == buffers[s].count {
                    streamExhausted(s, sim)
                    continue
                }
                slots[s].pos += 1
                let entry = buffers[s][pos]
                let line = entry & LineBuffer.lineMask
                let purpose: UInt8
                switch slots[s].stream {
                case .stores:
                    purpose = Transaction.store
                    slots[s].storesLeft += 1
                default:
                    let chunk = slots[s].issuedChunks
                    purpose = UInt8(chunk & 1)
                    if purpose == 0 { slots[s].loadsLeft.0 += 1 } else { slots[s].loadsLeft.1 += 1 }
                }
                let id = pool.allocate()
                pool.items[Int(id)] = Transaction(line: line, next: L2Tags.noWaiter, slot: UInt16(s), sm: UInt16(sm),
                                                  slice: UInt16(mapper.channel(of: line)),
                                                  halves: UInt8(entry & LineBuffer.halvesMask), purpose: purpose)
                sim.schedule(at: Picoseconds(t + crossbarPs), target: l2Target, kind: 0, payload: UInt64(id))
                t += issuePs
                outst += 1
                lineRequests &+= 1
            }
            if outst >= limit { break }
            idle = progressed ? 0 : idle + 1
            i = i + 1 == n ? 0 : i + 1
        }
        roundRobin[sm] = i
        outstanding[sm] = outst
        nextIssue[sm] = t
    }

    private func streamExhausted(_ s: Int, _ sim: Simulator) {
        if slots[s].stream == .stores {
            slots[s].stream = .none
            slots[s].storesIssued = true
            checkFinished(s, sim)
        } else {
            slots[s].stream = .none
            slots[s].issuedChunks += 1
            tryCompute(s, sim)
            openStream(s)
        }
    }

    /// Generates the next request stream of the CTA if its buffers allow: the loads of
    /// the next chunk (at most two chunks ahead of the computed ones), else the stores.
    private func openStream(_ s: Int) {
        guard slots[s].active, slots[s].stream == .none else { return }
        let j = slots[s].issuedChunks
        if j < slots[s].chunks && j < slots[s].computed + 2 {
            buffers[s].removeAll()
            kernel!.emitLoads(cta: slots[s].cta, chunk: kernelChunk(s, j), into: &buffers[s])
            slots[s].stream = .loads
            slots[s].pos = 0
        } else if j == slots[s].chunks && slots[s].computed == slots[s].chunks && !slots[s].storesIssued {
            buffers[s].removeAll()
            kernel!.emitStores(cta: slots[s].cta, into: &buffers[s])
            slots[s].stream = .stores
            slots[s].pos = 0
        }
    }

    /// The kernel's chunk index of local chunk `j` of the CTA in slot `s` (K-loop sampling
    /// skips chunks; without jumps they are the same).
    @inline(__always)
    private func kernelChunk(_ s: Int, _ j: Int32) -> Int {
        Int(j &+ (j < slots[s].jumpAt ? slots[s].prevOffset : slots[s].offset))
    }

    /// The local index of the CTA in slot `s`'s next chunk to be opened for loading (the one
    /// being issued, if any, is already open).
    private func nextToOpen(_ s: Int) -> Int32 {
        slots[s].issuedChunks + (slots[s].stream == .loads ? 1 : 0)
    }

    /// Chunks of the CTA in slot `s` not yet opened for loading (the K loop left to it).
    func chunksToOpen(_ s: Int) -> Int32 { slots[s].chunks - nextToOpen(s) }

    /// K-loop sampling: the CTA in slot `s` skips its next `count` unopened chunks (its
    /// loads so far and its chunks in flight keep their kernel indices).
    func jump(slot s: Int, by count: Int32) {
        precondition(count > 0 && count <= chunksToOpen(s), "a jump past the CTA's K loop")
        let at = nextToOpen(s)
        precondition(slots[s].computed >= slots[s].jumpAt, "jumps closer than the chunks in flight")
        slots[s].prevOffset = slots[s].offset
        slots[s].offset += count
        slots[s].jumpAt = at
        slots[s].chunks -= count
        slots[s].settledFrom = slots[s].computed
    }

    private func tryCompute(_ s: Int, _ sim: Simulator) {
        let c = slots[s].computed
        guard slots[s].active, !slots[s].computing, c < slots[s].chunks, slots[s].issuedChunks > c else { return }
        guard (c & 1 == 0 ? slots[s].loadsLeft.0 : slots[s].loadsLeft.1) == 0 else { return }
        let sm = s / slotsPerSM
        let duration = kernel!.computePs(cta: slots[s].cta, chunk: kernelChunk(s, c))
        let start = max(sim.now.raw, computeFree[sm])
        computeFree[sm] = start + duration
        busyPs &+= duration
        slots[s].computing = true
        sim.schedule(at: Picoseconds(start + duration), target: target, kind: Kind.computeDone, payload: UInt64(s))
    }

    private func checkFinished(_ s: Int, _ sim: Simulator) {
        let slot = slots[s]
        guard slot.active, slot.storesIssued, slot.storesLeft == 0, slot.computed == slot.chunks else { return }
        slots[s].active = false
        dispatcher.ctaFinished(slot: s, sim)
    }
}
