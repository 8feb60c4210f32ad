import SimKernel
import DataValues

/// The remap logic of seed 000 §4.2 for all controllers of a memory system: data
/// categories from software hints, access modes, the soft-only cell layout, SparseCode
/// encoding/decoding, the sparsity register and the 16-entry remapping buffers.
///
/// It sits between the client and the controllers: `MemorySystem.submit` hands it every
/// request when a mechanism is on, and the controllers report to it (it forwards the
/// client's completions and keeps its own). Everything is per channel except the region
/// table and the sparsity register of each region, which all controllers share.
///
/// Requests it makes itself (encoded bursts) carry `source` `internalRead` or
/// `internalWrite`; clients must not use those two tags while a mechanism is on.
public final class MechanismEngine: EventHandler, MemoryClient {
    public static let internalRead: UInt32 = .max
    public static let internalWrite: UInt32 = .max - 1

    public let settings: MechanismSettings
    let mapper: AddressMapper
    let controllers: [MemoryController]
    /// The device technology's formulas (bits per cell by access mode).
    let technology: any DeviceBehavior.Type
    let blockWords: Int
    let columnsPerRow: Int64
    let tCK: Int64
    public internal(set) var target: UInt32 = 0
    /// The system's client; owned by whoever built the system and outlives the run; called
    /// through `port` (no reference counting per call).
    var client: (any MemoryClient)? {
        get { port.client }
        set { port.client = newValue }
    }
    let port = ClientPort()

    // MARK: Regions
    /// One annotated region (an `annotate` call); the table maps address ranges to these.
    struct Region {
        var range: Range<UInt64>
        var category: DataCategory
        /// Access mode of its requests when remapping is on.
        var mode: AccessMode
        var totalBursts: Int
        /// Logical bursts written (and credited) in the current pass. A pass ends only at
        /// the next hint (`annotate` on the same range), never by count.
        var passWritten = 0
        /// Sparsity register of the current pass (sparse candidates with SparseCode on).
        var detector: SparsityDetector?
        var decisionCounted = false
        var hasStreams = false
        /// First of its `channels` streams in `streams` (valid when `hasStreams`).
        var streamBase = 0
        /// Soft-only layout: the lowest logical row of the region and the first device row
        /// of its window (see `softOnlyRow`).
        var rowLo: Int64 = 0
        var softRowBase: Int64?
    }
    var table = RegionTable()
    var regions: [Region] = []
    /// Per region and channel: the SparseCode stream, the channel-local index of the
    /// region's first burst in that channel, and how many of its bursts the channel holds.
    var streams: [SparseStream] = []
    var streamFirst: [UInt64] = []
    var streamSlots: [Int] = []
    /// Next free row of the soft-only window: soft-only regions get device rows of their
    /// own far above any logical row (rows are not wrapped, see `AddressMappingConfig`).
    var nextSoftRow: Int64 = 1 << 40
    /// Per channel: the interval of the last lookup.
    var lastInterval: [Int]

    // MARK: Remapping buffers (per channel, `settings.remapBufferEntries` entries)
    struct Entry {
        var request: MemoryRequest
        var arrival: Int64 = 0
        var isRead = false
        var category: UInt8 = 0
        /// Encoded bursts a read waits for, and which of them arrived.
        var keys = SIMD4<UInt64>()
        var keyCount = 0
        var arrived: UInt8 = 0
        var done: Int64 = 0
    }
    let capacity: Int
    var entries: [Entry]
    var inUse: [Bool]
    var used: [Int]
    /// Device bursts that have an entry but found the controller's queue full.
    var waiting: [[(request: MemoryRequest, bank: Int, row: Int64)]]
    /// The client was refused because the buffer was full.
    var clientRefused: [Bool]
    /// Completions of absorbed writes and buffer-served reads, delivered by an event.
    var ready: [Completion] = []
    var delivering: [Completion] = []
    var eventScheduled = false

    // MARK: Stats
    var channelStats: [MechanismStats]
    var accumulators: [BitStatisticsAccumulator]

    init(settings: MechanismSettings, mapper: AddressMapper, controllers: [MemoryController], device: DeviceSpec,
         blockBits: Int) {
        self.settings = settings
        self.mapper = mapper
        self.controllers = controllers
        self.technology = device.technology.behavior
        self.blockWords = blockBits / 32
        self.columnsPerRow = Int64(device.organization.columnsPerRow)
        self.tCK = device.tCKps
        let n = controllers.count
        capacity = settings.remapBufferEntries
        entries = Array(repeating: Entry(request: MemoryRequest(id: 0, address: 0, kind: .read)), count: n * capacity)
        inUse = Array(repeating: false, count: n * capacity)
        used = Array(repeating: 0, count: n)
        waiting = Array(repeating: [], count: n)
        for c in 0..<n { waiting[c].reserveCapacity(4 * capacity) }
        clientRefused = Array(repeating: false, count: n)
        lastInterval = Array(repeating: Int.max, count: n)
        channelStats = Array(repeating: MechanismStats(), count: n)
        accumulators = Array(repeating: BitStatisticsAccumulator(block: BlockSize(rawValue: blockBits) ?? .bits128),
                             count: n * DataCategory.count)
        ready.reserveCapacity(256)
        delivering.reserveCapacity(256)
    }

    public func attach(to sim: Simulator) { target = sim.register(self) }

    // MARK: Annotations

    /// Marks `range` (64-byte aligned start) as holding `category`. Parts of earlier
    /// annotations it overlaps are replaced. Annotating exactly the range of an earlier
    /// annotation reuses its region and starts a new write pass (`begin_feature` before
    /// a layer writes its output again): the sparsity register and the SparseCode
    /// streams restart, and the new category applies from the next request on — no data
    /// moves (§3.1: switching options, or an FC map to soft bits, needs no migration).
    func annotate(_ range: Range<UInt64>, category: DataCategory) {
        precondition(range.lowerBound % 64 == 0, "annotated regions start on a 64-byte burst boundary")
        let end = (range.upperBound + 63) & ~63
        let r = range.lowerBound..<end
        guard !r.isEmpty else { return }
        let mode = settings.remap ? RemapTable.mode(of: category, settings) : .normal
        let id: Int
        if let existing = table.id(ofExactly: r) {
            id = Int(existing)
            regions[id].category = category
            regions[id].mode = mode
        } else {
            id = regions.count
            regions.append(Region(range: r, category: category, mode: mode, totalBursts: Int((end - r.lowerBound) / 64)))
            table.insert(r, id: Int32(id))
            for c in lastInterval.indices { lastInterval[c] = Int.max }
        }
        placeSoftOnly(id)
        if settings.remap && settings.sparseCode && RemapTable.rule(category).sparseCandidate && !regions[id].hasStreams {
            regions[id].hasStreams = true
            regions[id].streamBase = streams.count
            for span in mapper.channelSpans(of: r) {
                streams.append(SparseStream(blockWords: blockWords))
                streamFirst.append(span.first ?? 0)
                streamSlots.append(span.count)
            }
        }
        startPass(id)
    }

    /// Gives a soft-only region its window of device rows: twice the rows it spans.
    func placeSoftOnly(_ id: Int) {
        guard regions[id].mode == .softOnly, regions[id].softRowBase == nil else { return }
        let r = regions[id].range
        let stripe = mapper.localsPerRowStripe
        let lo = mapper.localIndex(r.lowerBound) / stripe
        let hi = mapper.localIndex(r.upperBound - 64) / stripe
        // Local indexes of a region in any channel lie within one group of runs of the
        // ends' (the first and last run's group), so widen by one stripe each way.
        let rowLo = Int64(lo) - 1, rows = 2 * (Int64(hi) - rowLo + 2)
        regions[id].rowLo = rowLo
        regions[id].softRowBase = nextSoftRow
        nextSoftRow += rows
    }

    /// A new write pass of region `id`: fresh sparsity register and SparseCode streams.
    func startPass(_ id: Int) {
        regions[id].passWritten = 0
        regions[id].decisionCounted = false
        let candidate = settings.remap && settings.sparseCode && RemapTable.rule(regions[id].category).sparseCandidate
        regions[id].detector = candidate ? SparsityDetector(parameters: settings.sparsity) : nil
        if candidate {
            for c in 0..<controllers.count { streams[regions[id].streamBase + c].reset() }
        }
    }

    /// Region id of `address` in channel `c` (cached per channel).
    @inline(__always)
    func lookup(_ address: UInt64, channel c: Int) -> Int? {
        let i = lastInterval[c]
        if i < table.count, table.starts[i] <= address, address < table.ends[i] { return Int(table.ids[i]) }
        guard let j = table.interval(containing: address) else { return nil }
        lastInterval[c] = j
        return Int(table.ids[j])
    }

    /// The category of `address` (`other` when not annotated).
    public func category(of address: UInt64) -> DataCategory {
        guard let i = table.interval(containing: address) else { return .other }
        return regions[Int(table.ids[i])].category
    }

    // MARK: Requests

    /// Remaps `request` and hands it (or the encoded bursts it becomes) to its controller.
    /// Returns false when the controller's queue or the channel's remapping buffer is full.
    @inline(never)   // keeps the mechanisms-off path of `MemorySystem.submit` small
    func submit(_ request: MemoryRequest, _ sim: Simulator) -> Bool {
        var r = request
        let d = mapper.decode(r.address)
        let c = d.channel
        if !waiting[c].isEmpty {
            drain(channel: c, sim)
            if !waiting[c].isEmpty { return false }   // the controller calls back when it has room
        }
        let id = lookup(r.address, channel: c)
        let cat = id.map { regions[$0].category } ?? .other
        if settings.remap { r.mode = id.map { regions[$0].mode } ?? .normal }
        if let id, regions[id].detector != nil {
            return r.kind == .write ? sparseWrite(r, d, region: id, sim) : sparseRead(r, d, region: id, sim)
        }
        var row = d.row
        if r.mode == .softOnly, let id, let base = regions[id].softRowBase {
            row = base + 2 * (d.row - regions[id].rowLo) + Int64(2 * d.column) / columnsPerRow
        }
        guard controllers[c].enqueue(r, bank: d.bank, row: row, sim) else { return false }
        countLogical(r, channel: c, category: cat)
        countDevice(r, channel: c, category: cat)
        return true
    }

    @inline(__always)
    func countLogical(_ r: MemoryRequest, channel c: Int, category cat: DataCategory) {
        if r.kind == .read {
            channelStats[c].logicalReads[cat.index] += 1
        } else {
            channelStats[c].logicalWrites[cat.index] += 1
            accumulators[c * DataCategory.count + cat.index].add(Burst(r.data))
        }
    }

    @inline(__always)
    func countDevice(_ r: MemoryRequest, channel c: Int, category cat: DataCategory) {
        let m = Int(r.mode.rawValue)
        if r.kind == .read {
            channelStats[c].readBurstsByMode[m] += 1
            channelStats[c].deviceReads[cat.index] += 1
        } else {
            channelStats[c].writeBurstsByMode[m] += 1
            channelStats[c].deviceWrites[cat.index] += 1
            channelStats[c].cellsWritten[cat.index] += UInt64(MemoryRequest.burstBytes * 8 / technology.bitsPerCell(r.mode))
        }
    }

    /// Hands a device burst that already holds a buffer entry to controller `c`, or
    /// queues it until the controller has room.
    /// An encoded write's entry is freed once the burst is in the controller's write
    /// queue (so buffered writes never wait behind the controller's read priority);
    /// a read's entry stays until its encoded bursts are back.
    func push(_ r: MemoryRequest, channel c: Int, bank: Int, row: Int64, _ sim: Simulator) {
        if waiting[c].isEmpty, controllers[c].enqueue(r, bank: bank, row: row, sim) {
            accepted(r, channel: c, sim)
            return
        }
        waiting[c].append((r, bank, row))
    }

    func drain(channel c: Int, _ sim: Simulator) {
        while let w = waiting[c].first {
            guard controllers[c].enqueue(w.request, bank: w.bank, row: w.row, sim) else { return }
            waiting[c].removeFirst()
            accepted(w.request, channel: c, sim)
        }
    }

    @inline(__always)
    func accepted(_ r: MemoryRequest, channel c: Int, _ sim: Simulator) {
        if r.source == Self.internalWrite { release(channel: c, slot: Int(r.id), sim) }
    }

    // MARK: Controller callbacks

    public func memoryCompleted(_ completion: Completion, _ sim: Simulator) {
        switch completion.request.source {
        case Self.internalWrite:
            break   // its buffer entry was freed when the controller took it
        case Self.internalRead:
            encodedBurstArrived(completion, sim)
        default:
            port.completed(completion, sim)
        }
    }

    public func memorySpaceAvailable(channel: Int, _ sim: Simulator) {
        drain(channel: channel, sim)
        port.spaceAvailable(channel: channel, sim)
    }

    /// Delivers completions of absorbed writes and buffer-served reads, then tells a
    /// refused client that buffers have room again.
    public override func handle(_ event: Event, _ sim: Simulator) {
        eventScheduled = false
        swap(&ready, &delivering)   // two buffers: no allocation, and completions may add more
        for c in delivering { port.completed(c, sim) }
        delivering.removeAll(keepingCapacity: true)
        for c in clientRefused.indices where clientRefused[c] && used[c] < capacity {
            clientRefused[c] = false
            port.spaceAvailable(channel: c, sim)
        }
    }

    func scheduleEvent(_ sim: Simulator) {
        guard !eventScheduled else { return }
        eventScheduled = true
        sim.schedule(at: sim.now, target: target, priority: .completion)
    }

    /// Completes `r` from the remap logic itself, one command cycle from now.
    func completeNow(_ r: MemoryRequest, channel c: Int, _ sim: Simulator) {
        let now = sim.now.raw
        ready.append(Completion(request: r, arrival: sim.now, done: Picoseconds(now + tCK), channel: c))
        scheduleEvent(sim)
    }

    // MARK: Stats

    /// Counters of channel `c`.
    public func stats(channel c: Int) -> MechanismStats {
        var s = channelStats[c]
        for k in 0..<DataCategory.count { s.written[k] = BitCounts(accumulators[c * DataCategory.count + k]) }
        return s
    }

    /// Counters of all channels added up.
    public var totals: MechanismStats {
        var t = MechanismStats()
        for c in 0..<controllers.count { t.merge(stats(channel: c)) }
        return t
    }
}
