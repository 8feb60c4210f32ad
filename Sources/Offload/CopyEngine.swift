import SimKernel
import MemorySystem
import DataValues

/// Direction of a copy over the host link.
public enum CopyDirection: Int, Sendable, CaseIterable {
    /// Device to host (vDNN's offload in forward).
    case d2h = 0
    /// Host to device (vDNN's prefetch in backward).
    case h2d = 1
}

/// What one copy did (a job's counters and times; sim time, ps).
public struct CopyJobStats: Sendable, Equatable {
    public var rawBytes: Int64 = 0
    /// Bytes sent over the link (after compression).
    public var compressedBytes: Int64 = 0
    /// Per-chunk metadata the engine keeps (compressed sizes).
    public var metadataBytes: Int64 = 0
    /// Time the job's chunks occupied their link direction, ps.
    public var linkBusyPs: Int64 = 0
    /// DRAM bytes the engine read (D2H) or wrote (H2D).
    public var dramBytes: Int64 = 0
    public var start: Picoseconds = .zero
    public var end: Picoseconds = .zero
    public init() {}
}

/// The GPU's copy engine with an optional compressor (seed 003): one FIFO of jobs per
/// direction, the two directions independent (full duplex).
///
/// D2H, per chunk of `chunkBytes`: take a buffer slot, read its 64-byte bursts from the
/// memory system (competing with every other client there), compress it from the bits the
/// bursts hold (`bits`), then serialise the compressed bytes over the link; the slot frees
/// when the chunk has left, the job ends when its last chunk has arrived (+ link latency).
/// H2D, per chunk: take a slot, serialise the chunk's compressed bytes (the sizes kept from
/// its D2H job), decompress, write its bursts back; the slot frees when the writes are done.
/// Requests carry `source` tag `sourceTag` (route completions here with `MemorySystem.addClient`).
public final class CopyEngine: EventHandler, MemoryClient {
    public static let sourceTag: UInt32 = 0x00D_A000

    public struct Job: Sendable {
        public var direction: CopyDirection
        /// Byte range in device memory (64-byte aligned start).
        public var start: UInt64
        public var bytes: Int
        /// For H2D: the compressed size of each chunk (from the D2H copy of the same range).
        public var chunkSizes: [Int]
        public var stats = CopyJobStats()
        public var done = false
        public var started = false
    }

    let config: CopyEngineConfig
    let link: PCIeLinkConfig
    let codec: OffloadCodec
    let codecParameters: OffloadCodecParameters
    let memory: MemorySystem
    /// The 64 bytes at a burst address (the value layer's bits).
    let bits: (UInt64) -> BurstData
    private(set) var target: UInt32 = 0
    public private(set) var jobs: [Job] = []
    /// Per direction: pending job indexes in order, and the next chunk of the head job.
    private var queues: [[Int]] = [[], []]
    private var nextChunk = [0, 0]
    private var linkFree: [Int64] = [0, 0]
    /// Per direction and slot: (job, chunk, bursts outstanding) or free.
    private var slots: [[Slot]]
    /// Per channel: bursts refused by its full controller queue, retried in order on `memorySpaceAvailable`.
    private var refused: [[MemoryRequest]]
    private var nextID: UInt64 = 0
    /// The job `await` waits for; the engine stops the simulator when it ends.
    public var awaited: Int?
    /// Per direction: the link's busy stretches (back-to-back transfers merged), simulated ps.
    public private(set) var linkIntervals: [[(start: Int64, end: Int64)]] = [[], []]
    /// Totals over all jobs.
    public private(set) var totals = CopyJobStats()

    struct Slot { var job = -1; var chunk = 0; var outstanding = 0; var compressed = 0 }

    enum Kind { static let compressed: UInt32 = 0, linkDone: UInt32 = 1, delivered: UInt32 = 2, decompressed: UInt32 = 3 }

    public init(config: CopyEngineConfig, link: PCIeLinkConfig, codec: OffloadCodec, codecParameters: OffloadCodecParameters,
                memory: MemorySystem, sim: Simulator, bits: @escaping (UInt64) -> BurstData) {
        self.config = config
        self.link = link
        self.codec = codec
        self.codecParameters = codecParameters
        self.memory = memory
        self.bits = bits
        slots = Array(repeating: Array(repeating: Slot(), count: config.bufferChunks), count: 2)
        refused = Array(repeating: [], count: memory.config.channels)
        super.init()
        target = sim.register(self)
        memory.addClient(self, source: Self.sourceTag)
    }

    var chunkBursts: Int { config.chunkBytes / MemoryRequest.burstBytes }
    func chunks(of job: Job) -> Int { (job.bytes + config.chunkBytes - 1) / config.chunkBytes }
    func chunkRange(_ job: Job, _ chunk: Int) -> (UInt64, Int) {
        let off = chunk * config.chunkBytes
        return (job.start + UInt64(off), min(config.chunkBytes, job.bytes - off))
    }

    /// Queues a copy of `bytes` at `start`; returns its job index. An H2D copy gives the
    /// per-chunk compressed sizes of the D2H copy it reverses (`compressedChunkSizes`).
    @discardableResult
    public func enqueue(_ direction: CopyDirection, start: UInt64, bytes: Int, chunkSizes: [Int] = [], _ sim: Simulator) -> Int {
        precondition(start % UInt64(MemoryRequest.burstBytes) == 0 && bytes > 0)
        var job = Job(direction: direction, start: start, bytes: bytes, chunkSizes: chunkSizes)
        if direction == .h2d && chunkSizes.isEmpty {
            job.chunkSizes = (0..<chunks(of: job)).map { chunkRange(job, $0).1 }
        }
        precondition(job.chunkSizes.isEmpty || job.chunkSizes.count == chunks(of: job), "one compressed size per chunk")
        jobs.append(job)
        queues[direction.rawValue].append(jobs.count - 1)
        pump(direction, sim)
        return jobs.count - 1
    }

    /// The compressed size of every chunk of a finished D2H job (the metadata H2D needs).
    public private(set) var chunkSizes: [Int: [Int]] = [:]

    public func isDone(_ job: Int) -> Bool { jobs[job].done }
    public var idle: Bool { queues[0].isEmpty && queues[1].isEmpty }

    // MARK: Pipeline

    private func freeSlot(_ d: Int) -> Int? { slots[d].firstIndex { $0.job < 0 } }

    private func pump(_ dir: CopyDirection, _ sim: Simulator) {
        let d = dir.rawValue
        while let head = queues[d].first, !jobs[head].done {
            if !jobs[head].started { jobs[head].started = true; jobs[head].stats.start = sim.now }
            let n = chunks(of: jobs[head])
            guard nextChunk[d] < n, let s = freeSlot(d) else { return }
            let c = nextChunk[d]
            nextChunk[d] += 1
            slots[d][s] = Slot(job: head, chunk: c)
            switch dir {
            case .d2h: issueReads(slot: s, sim)
            case .h2d: send(d, slot: s, bytes: jobs[head].chunkSizes[c], sim)
            }
            if nextChunk[d] == n {
                // Every chunk of the head job is under way: the next job may start filling free slots.
                queues[d].removeFirst()
                nextChunk[d] = 0
            }
        }
    }

    private func requestID(_ d: Int, _ slot: Int) -> UInt64 {
        nextID &+= 1
        return UInt64(d) << 62 | UInt64(slot) << 40 | nextID
    }

    private func issueReads(slot s: Int, _ sim: Simulator) {
        let sl = slots[0][s]
        let (addr, len) = chunkRange(jobs[sl.job], sl.chunk)
        let bursts = (len + 63) / 64
        slots[0][s].outstanding = bursts
        for b in 0..<bursts {
            submit(MemoryRequest(id: requestID(0, s), address: addr + UInt64(64 * b), kind: .read, source: Self.sourceTag), sim)
        }
    }

    private func submit(_ r: MemoryRequest, _ sim: Simulator) {
        let ch = memory.channel(of: r.address)
        if !refused[ch].isEmpty || !memory.submit(r, sim) { refused[ch].append(r) }
    }

    public func memorySpaceAvailable(channel: Int, _ sim: Simulator) {
        guard !refused[channel].isEmpty else { return }
        var sent = 0
        while sent < refused[channel].count, memory.submit(refused[channel][sent], sim) { sent += 1 }
        refused[channel].removeFirst(sent)
    }

    public func memoryCompleted(_ c: Completion, _ sim: Simulator) {
        let d = Int(c.request.id >> 62), s = Int((c.request.id >> 40) & 0x3F_FFFF)
        let job = slots[d][s].job
        jobs[job].stats.dramBytes += Int64(MemoryRequest.burstBytes)
        slots[d][s].outstanding -= 1
        guard slots[d][s].outstanding == 0 else { return }
        let at = max(c.done, sim.now)
        if d == 0 {
            // All bursts of the chunk are in the buffer: compress it.
            sim.schedule(at: at + Picoseconds(codecPs(slots[d][s].chunk, job)), target: target, kind: Kind.compressed, payload: UInt64(s))
        } else {
            // The chunk is written back: its slot is free.
            sim.schedule(at: at, target: target, kind: Kind.linkDone, payload: UInt64(d << 32 | s) | 1 << 31)
        }
    }

    private func codecPs(_ chunk: Int, _ job: Int) -> Int64 {
        guard codec != .none else { return 0 }   // no codec in the path
        let len = chunkRange(jobs[job], chunk).1
        return Int64(((config.codecLatencyNs + Double(len) / config.codecBytesPerNs) * 1000).rounded())
    }

    /// The compressed size of a chunk from its bits.
    private func compress(_ job: Int, _ chunk: Int) -> Int {
        let (addr, len) = chunkRange(jobs[job], chunk)
        guard codec != .none else { return len }
        var words: [UInt32] = []
        words.reserveCapacity(len / 4)
        var a = addr
        while a < addr + UInt64(len) {
            let burst = bits(a & ~63)
            for i in 0..<8 {
                words.append(UInt32(truncatingIfNeeded: burst[i]))
                words.append(UInt32(truncatingIfNeeded: burst[i] >> 32))
            }
            a += 64
        }
        words.removeLast(max(0, words.count - len / 4))
        return OffloadCodecs.compressedBytes(words, codec: codec, parameters: codecParameters)
    }

    /// Serialises `bytes` of the chunk in `slot` over direction `d`.
    private func send(_ d: Int, slot s: Int, bytes: Int, _ sim: Simulator) {
        let start = max(sim.now.raw, linkFree[d])
        let ser = link.serializationPs(bytes: bytes)
        linkFree[d] = start + ser
        let job = slots[d][s].job
        jobs[job].stats.linkBusyPs += ser
        jobs[job].stats.compressedBytes += Int64(bytes)
        jobs[job].stats.rawBytes += Int64(chunkRange(jobs[job], slots[d][s].chunk).1)
        jobs[job].stats.metadataBytes += Int64(config.metadataBytesPerChunk)
        if let lastEnd = linkIntervals[d].last?.end, start <= lastEnd {
            linkIntervals[d][linkIntervals[d].count - 1].end = start + ser
        } else {
            linkIntervals[d].append((start, start + ser))
        }
        let arrive = start + ser + Int64((link.latencyNs * 1000).rounded())
        if d == 0 {
            sim.schedule(at: Picoseconds(start + ser), target: target, kind: Kind.linkDone, payload: UInt64(s))
            sim.schedule(at: Picoseconds(arrive), target: target, kind: Kind.delivered, payload: UInt64(job))
        } else {
            sim.schedule(at: Picoseconds(arrive) + Picoseconds(codecPs(slots[d][s].chunk, job)), target: target,
                         kind: Kind.decompressed, payload: UInt64(s))
        }
    }

    private var delivered: [Int: Int] = [:]

    public override func handle(_ e: Event, _ sim: Simulator) {
        switch e.kind {
        case Kind.compressed:
            let s = Int(e.payload), sl = slots[0][s]
            let size = compress(sl.job, sl.chunk)
            chunkSizes[sl.job, default: Array(repeating: 0, count: chunks(of: jobs[sl.job]))][sl.chunk] = size
            send(0, slot: s, bytes: size, sim)
        case Kind.linkDone:
            let d = e.payload & (1 << 31) != 0 ? Int(e.payload >> 32) : 0, s = Int(e.payload & 0x7FFF_FFFF)
            let job = slots[d][s].job
            slots[d][s] = Slot()
            if d == 1 { chunkFinished(job, sim) }
            pump(CopyDirection(rawValue: d)!, sim)
        case Kind.delivered:
            chunkFinished(Int(e.payload), sim)
        case Kind.decompressed:
            let s = Int(e.payload), sl = slots[1][s]
            let (addr, len) = chunkRange(jobs[sl.job], sl.chunk)
            let bursts = (len + 63) / 64
            slots[1][s].outstanding = bursts
            for b in 0..<bursts {
                let a = addr + UInt64(64 * b)
                submit(MemoryRequest(id: requestID(1, s), address: a, kind: .write, source: Self.sourceTag, data: bits(a)), sim)
            }
        default:
            preconditionFailure("copy engine: unknown event kind \(e.kind)")
        }
    }

    private func chunkFinished(_ job: Int, _ sim: Simulator) {
        delivered[job, default: 0] += 1
        guard delivered[job] == chunks(of: jobs[job]) else { return }
        jobs[job].done = true
        jobs[job].stats.end = sim.now
        let s = jobs[job].stats
        totals.rawBytes += s.rawBytes; totals.compressedBytes += s.compressedBytes; totals.metadataBytes += s.metadataBytes
        totals.linkBusyPs += s.linkBusyPs; totals.dramBytes += s.dramBytes
        if awaited == job { sim.requestStop() }
    }

    /// Runs the simulator until `job` has ended (at once if it has); returns the time waited, ps.
    public func wait(for job: Int, _ sim: Simulator) -> Int64 {
        guard !jobs[job].done else { return 0 }
        let t0 = sim.now
        awaited = job
        sim.run()
        awaited = nil
        precondition(jobs[job].done, "copy job \(job) did not end before the event queue drained")
        return (sim.now - t0).raw
    }
}
