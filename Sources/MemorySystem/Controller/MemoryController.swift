import SimKernel

/// One memory controller and the channel of devices behind it.
///
/// Requests wait in a read queue and a write queue, threaded per bank in arrival order.
/// A `Scheduler` (`config.scheduler`, FR-FCFS by default) picks the command of each
/// command-clock cycle. Writes are served when the write queue passes `writeDrainHigh`
/// (until `writeDrainLow`) or when no read waits. One command per cycle on the command bus; the data bus is
/// occupied for `tBL` per burst. DRAM refreshes all banks every tREFI.
///
/// The controller sleeps when it has nothing to do: it wakes at the first cycle any
/// pending command could issue, or when a request arrives (stale wake events are
/// recognised by a generation number and ignored).
public final class MemoryController: EventHandler {
    // MARK: Configuration
    public let channel: Int
    public let config: ControllerConfig
    public let device: DeviceModel
    public let organization: DeviceOrganization
    /// Command clock period, ps.
    public let tCK: Int64
    let table: ConstraintTable
    /// Rows of the constraint table grouped by preceding command: rows
    /// `rowStart[k] ..< rowStart[k+1]` of `rowTable` follow command k.
    let rowTable: FixedArray<ConstraintRow>
    /// Owns the memory of the controller's tables (the `FixedView`s below).
    let arena: FixedArena
    let rowStart: FixedView<Int>
    let banks: Int
    let banksPerGroup: Int
    /// log2(banksPerGroup): bank b is in group b >> groupShift.
    let groupShift: Int
    /// The scheduling policy.
    let scheduler: SchedulerKind

    // MARK: Wiring
    public internal(set) var target: UInt32 = 0
    /// The client is owned by whoever built the system and outlives the run; the
    /// controller calls it through `port` (no reference counting per call).
    public var client: (any MemoryClient)? {
        get { port.client }
        set { port.client = newValue }
    }
    let port = ClientPort()

    // MARK: Queues (slot pool with per-bank FIFO lists; indices, no references)
    /// A queued request lives in several per-slot arrays, so that each step touches only
    /// what it needs: the scheduler's walks along a bank's list and its picks read
    /// `slotLinks` (row, arrival and list link: one 24-byte entry); issuing reads
    /// `slotRequest` (24 bytes) and, for a write, the payload in `slotData`.
    struct SlotRequest {
        var id: UInt64
        var address: UInt64
        var source: UInt32
        var kind: AccessKind
        var mode: AccessMode
    }
    let slotRequest: FixedView<SlotRequest>
    /// Per slot: a write's payload (not kept for reads: nothing reads a read's payload, and a
    /// read's completion carries none).
    let slotData: FixedView<BurstData>
    /// Per slot: the row it addresses, its arrival time (ps), and the next slot of the
    /// same list (`Self.none` at the tail), side by side: a walk reads the row and the link
    /// of each slot, a pick the arrival of the slot it found (one cache line, not three).
    struct SlotLinks {
        var row: Int64
        var arrival: Int64
        var next: Int32
    }
    let slotLinks: FixedView<SlotLinks>
    /// The end of a list.
    static let none: Int32 = -1
    let freeSlots: FixedView<Int32>
    var freeCount: Int
    /// Queued requests per (bank, row) and direction (`countHits`).
    let rowCounts: RowCounts
    /// Per list `bank × 2 + direction` (0 read, 1 write): head and tail of the FIFO
    /// (nil when empty), requests queued, and how many of them hit the open row.
    let head: FixedView<Int32?>
    let tail: FixedView<Int32?>
    let queued: FixedView<Int32>
    let hits: FixedView<Int32>
    /// Per list: its first (oldest) request to the open row and that slot's list
    /// predecessor (`Self.none`: none; the head), kept while the bank is open, so that FR-FCFS
    /// finds a ready column command's request without walking the list at every decision.
    /// `firstHit[l] == Self.none` exactly when `hits[l] == 0` (checked in debug builds).
    let firstHit: FixedView<Int32>
    let firstHitPrev: FixedView<Int32>
    /// Per list: the bank's next command for that direction (`Command.rawValue`) and the
    /// bank- and group-level part of its ready cycle; valid for banks not in that
    /// direction's dirty mask (`dirtyRead`, `dirtyWrite`).
    let candCmd: FixedView<UInt8>
    let candLocal: FixedView<Int64>
    /// Per direction and command (`direction × 4 + Command.rawValue`, ACT, PRE, RD, WR): the
    /// banks whose cached candidate is that command. Valid, like `candCmd`, for the pending
    /// banks not in the direction's dirty mask (bits of other banks may be stale).
    let candMask: FixedView<UInt64>
    /// Per direction, the banks whose cached candidate must be recomputed. A command
    /// dirties both directions of its bank group (the ready tables and the open row
    /// changed); a request entering or leaving a list dirties only that list's direction.
    var dirtyRead: UInt64 = ~0
    var dirtyWrite: UInt64 = ~0
    /// Bits of the banks in each bank group.
    let groupBanks: FixedView<UInt64>
    /// Per direction, a bit per bank with a non-empty list.
    var pendingMask: (UInt64, UInt64) = (0, 0)
    public internal(set) var readCount = 0
    public internal(set) var writeCount = 0
    var draining = false
    /// The client found the read (write) queue full and waits to hear of room in it. Kept
    /// per queue so that a client waiting for read room is not told of write room at every
    /// step (its retry would be refused again: on a full-detail fused-Winograd kernel 8.1 M of
    /// 10.2 M decisions made such a call, 3.4 M now; 2.8 % fewer instructions).
    var waitingRead = false
    var waitingWrite = false

    // MARK: Device state (cycles of the command clock)
    let isOpen: FixedView<Bool>
    let openRow: FixedView<Int64>
    let bankMode: FixedView<AccessMode>
    /// Earliest cycle for each command: channel-wide, per bank group, per bank.
    let channelNext: FixedView<Int64>
    let groupNext: FixedView<Int64>
    let bankNext: FixedView<Int64>
    /// Cycles of the last four activations (tFAW).
    let actWindow: FixedView<Int64>
    var actWindowPos = 0
    var commandBusNext: Int64 = 0
    var dataBusFree: Int64 = 0
    var nextRefresh: Int64
    var refreshPending = false
    /// Per bank: the next column access is the first after an activation (a row miss),
    /// and that activation followed a conflict precharge.
    let freshActivation: FixedView<Bool>
    let afterConflict: FixedView<Bool>

    // MARK: Wake-up bookkeeping
    var wakeCycle: Int64?
    var wakeGeneration: UInt64 = 0
    /// Whether the controller sleeps until a command could go (true) or, as before stop 22,
    /// also looks at the next cycle after issuing while others were ready and at the cycle
    /// every request arrives (false; tests compare the two). Both issue the same commands at
    /// the same cycles (controllers waking at one instant decide in a fixed order, see
    /// `wake`); the looks skipped would have found nothing to issue. On `--bench`'s random
    /// trace 3.06 decisions per request instead of 4.08 (per channel) and 4.40 (in order).
    var sleepsUntilReady = true

    // MARK: Observation
    public internal(set) var stats = ControllerStats()
    /// When non-nil, every issued command is appended (tests and the checker only).
    public var commandLog: [CommandRecord]?

    public init(channel: Int, config: ControllerConfig, spec: DeviceSpec) {
        self.channel = channel
        self.config = config
        self.scheduler = config.scheduler
        let model = DeviceModel(spec: spec, blockBits: config.bitLevelBlockBits)
        self.device = model
        self.organization = spec.organization
        self.tCK = spec.tCKps
        self.table = model.table
        let grouped = Command.allCases.map { c in model.table.rows(after: c) }
        self.rowTable = FixedArray(grouped.flatMap { $0 })
        var starts = [0]
        for g in grouped { starts.append(starts.last! + g.count) }
        self.banks = spec.organization.banks
        precondition(banks <= 64, "at most 64 banks per channel")
        self.banksPerGroup = spec.organization.banksPerGroup
        self.groupShift = spec.organization.banksPerGroup.trailingZeroBitCount
        let capacity = config.readQueue + config.writeQueue
        let groups = spec.organization.bankGroups
        // The tables every decision reads first, next to each other; the slots after them.
        let a = FixedArena()
        arena = a
        channelNext = a.view(repeating: 0, count: Command.count)
        candMask = a.view(repeating: 0, count: 8)
        actWindow = a.view(repeating: Int64.min / 2, count: 4)
        candLocal = a.view(repeating: 0, count: banks * 2)
        candCmd = a.view(repeating: 0, count: banks * 2)
        isOpen = a.view(repeating: false, count: banks)
        hits = a.view(repeating: 0, count: banks * 2)
        head = a.view(repeating: nil, count: banks * 2)
        firstHit = a.view(repeating: Self.none, count: banks * 2)
        firstHitPrev = a.view(repeating: Self.none, count: banks * 2)
        groupNext = a.view(repeating: 0, count: groups * Command.count)
        bankNext = a.view(repeating: 0, count: banks * Command.count)
        let perGroup = spec.organization.banksPerGroup
        groupBanks = a.view((0..<groups).map { g in
            ((UInt64(1) << UInt64(perGroup)) - 1) << UInt64(g * perGroup)
        })
        rowStart = a.view(starts)
        tail = a.view(repeating: nil, count: banks * 2)
        queued = a.view(repeating: 0, count: banks * 2)
        openRow = a.view(repeating: 0, count: banks)
        bankMode = a.view(repeating: .normal, count: banks)
        freshActivation = a.view(repeating: false, count: banks)
        afterConflict = a.view(repeating: false, count: banks)
        slotLinks = a.view(repeating: SlotLinks(row: 0, arrival: 0, next: Self.none), count: capacity)
        freeSlots = a.view((0..<Int32(capacity)).reversed())
        freeCount = capacity
        slotRequest = a.view(repeating: SlotRequest(id: 0, address: 0, source: 0, kind: .read, mode: .normal), count: capacity)
        slotData = a.view(repeating: BurstData(), count: capacity)
        rowCounts = RowCounts(entries: capacity, arena: a)
        nextRefresh = table.tREFI > 0 ? table.tREFI : Int64.max
    }

    /// Registers the controller with the kernel.
    public func attach(to sim: Simulator) { target = sim.register(self) }

    /// True when nothing is queued.
    public var isIdle: Bool { readCount == 0 && writeCount == 0 }

    /// Whether the queue for `kind` has room.
    public func hasRoom(for kind: AccessKind) -> Bool {
        kind == .read ? readCount < config.readQueue : writeCount < config.writeQueue
    }

    /// `hasRoom(for:)`, and when there is none, remembers that the client waits, exactly as a
    /// refused `enqueue` does (so a client may ask before building a request).
    @inline(__always)
    func admits(_ kind: AccessKind) -> Bool {
        if hasRoom(for: kind) { return true }
        if kind == .read { waitingRead = true } else { waitingWrite = true }
        return false
    }

    /// Accepts a request whose burst decodes to `bank`/`row` of this channel. Returns
    /// false (and remembers that the client waits) when that queue is full.
    @discardableResult
    public func enqueue(_ request: MemoryRequest, bank: Int, row: Int64, _ sim: Simulator) -> Bool {
        guard admits(request.kind) else { return false }
        let now = sim.now.raw
        let cycle = (now + tCK - 1) / tCK
        if isIdle { catchUpRefresh(until: cycle) }
        freeCount -= 1
        let s = freeSlots[freeCount]
        slotRequest[Int(s)] = SlotRequest(id: request.id, address: request.address, source: request.source,
                                          kind: request.kind, mode: request.mode)
        if request.kind == .write { slotData[Int(s)] = request.data }
        slotLinks[Int(s)] = SlotLinks(row: row, arrival: now, next: Self.none)
        let dir = request.kind == .read ? 0 : 1
        let l = bank * 2 + dir
        let previousTail = tail[l]
        if let t = previousTail { slotLinks[Int(t)].next = s } else { head[l] = s }
        tail[l] = s
        queued[l] += 1
        rowCounts.add(bank: bank, row: row, dir: dir)
        if isOpen[bank] && openRow[bank] == row {
            if hits[l] == 0 { firstHit[l] = s; firstHitPrev[l] = previousTail ?? Self.none }
            hits[l] += 1
        }
        if dir == 0 {
            dirtyRead |= 1 &<< UInt64(bank)
            readCount += 1
            pendingMask.0 |= 1 &<< UInt64(bank)
        } else {
            dirtyWrite |= 1 &<< UInt64(bank)
            writeCount += 1
            pendingMask.1 |= 1 &<< UInt64(bank)
        }
        wakeForArrival(bank: bank, dir: dir, cycle: cycle, sim)
        return true
    }

    /// A request of list (`b`, `dir`) arrived at `cycle`. Without `sleepsUntilReady`, or when
    /// it may change the direction served or the drain state, or a refresh is due, the
    /// controller looks at `cycle`. Otherwise only bank `b`'s candidate can have changed, and
    /// only if `dir` is served: the controller wakes no later than the cycle that command could
    /// issue (nothing else could issue before the wake-up already planned).
    @inline(__always)
    func wakeForArrival(bank b: Int, dir: Int, cycle: Int64, _ sim: Simulator) {
        guard sleepsUntilReady, let w = wakeCycle, w > cycle, cycle < nextRefresh, !refreshPending else {
            wake(atCycle: cycle, sim)
            return
        }
        let nowDraining = drainingNow(draining)
        let served = direction(draining: nowDraining)
        let servedBefore = direction(draining: draining, reads: readCount - (1 - dir), writes: writeCount - dir)
        guard nowDraining == draining, served == servedBefore else {
            wake(atCycle: cycle, sim)
            return
        }
        if dir == served { wake(atCycle: max(cycle, ready(nextCommand(bank: b, dir: dir), bank: b)), sim) }
    }

    /// Makes sure a wake-up is scheduled no later than `cycle`. Controllers waking at the
    /// same instant decide in the order they were registered with the simulator (the event's
    /// rank is the controller's target index: channel order within a memory system, and
    /// distinct across the memory systems sharing a simulator, as NeuroTrainer's vaults do),
    /// whenever each scheduled its wake-up: what one issues then can order later events of the
    /// others (the fills of two channels returning at the same instant reach the L2 in the order
    /// their reads issued), and a controller that looks at fewer cycles must not change that
    /// order. (Beyond 65,536 handlers ranks wrap and such ties fall back to insertion order.)
    func wake(atCycle cycle: Int64, _ sim: Simulator) {
        if let w = wakeCycle, w <= cycle { return }
        wakeCycle = cycle
        wakeGeneration &+= 1
        sim.schedule(at: Picoseconds(cycle * tCK), target: target, kind: 0, payload: wakeGeneration, priority: .late,
                     rank: UInt16(truncatingIfNeeded: target))
    }

    public override func handle(_ event: Event, _ sim: Simulator) {
        guard event.payload == wakeGeneration, let c = wakeCycle else { return }   // stale wake-up
        wakeCycle = nil
        step(cycle: c, sim)
    }

    /// One scheduling decision at cycle `c`; schedules the next wake-up if work remains.
    func step(cycle c: Int64, _ sim: Simulator) {
        stats.decisions += 1
        if c >= nextRefresh { refreshPending = true }
        let next = scheduleOne(cycle: c, sim)
        if let n = next { wake(atCycle: max(n, c + 1), sim) }
        if (waitingRead && readCount < config.readQueue) || (waitingWrite && writeCount < config.writeQueue) {
            // The client retries whatever it holds; what is still refused sets its flag again.
            waitingRead = false
            waitingWrite = false
            port.spaceAvailable(channel: channel, sim)
        }
    }

    /// While idle, refreshes still happen; when work arrives after a quiet spell, account
    /// for them: banks were closed by the last refresh, which may still block activations.
    func catchUpRefresh(until cycle: Int64) {
        guard table.tREFI > 0, cycle >= nextRefresh else { return }
        let missed = (cycle - nextRefresh) / table.tREFI + 1
        let last = nextRefresh + (missed - 1) * table.tREFI
        // The refresh must have been legal where we place it: after every open bank
        // could precharge (plus tRP) and after the previous refresh.
        var earliest = channelNext[Int(Command.ref.rawValue)]
        for b in 0..<banks where isOpen[b] {
            earliest = max(earliest, bankNext[b * Command.count + Int(Command.pre.rawValue)] + table.tRP)
        }
        guard last >= earliest else {
            // Too soon after the last activity: let the scheduler refresh now.
            stats.refreshes += UInt64(missed - 1)
            stats.energyRefreshFJ += Int64(missed - 1) * device.refreshFJ
            nextRefresh = last
            refreshPending = true
            return
        }
        for l in 0..<banks * 2 { hits[l] = 0; firstHit[l] = Self.none }
        for b in 0..<banks { isOpen[b] = false }
        dirtyRead = ~0
        dirtyWrite = ~0
        stats.refreshes += UInt64(missed)
        stats.energyRefreshFJ += Int64(missed) * device.refreshFJ
        channelNext[Int(Command.act.rawValue)] = max(channelNext[Int(Command.act.rawValue)], last + table.tRFC)
        channelNext[Int(Command.ref.rawValue)] = max(channelNext[Int(Command.ref.rawValue)], last + table.tRFC)
        commandLog?.append(CommandRecord(cycle: last, command: .ref, bank: 0, bankGroup: 0, row: 0, dynamic: 0,
                                         mode: .normal, writeSteps: 0, auto: true))
        nextRefresh = last + table.tREFI
        refreshPending = false
    }
}
