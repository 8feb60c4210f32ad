import SimKernel
import MemorySystem

/// What simulating one (layer, phase) gave.
public struct PhaseOutcome: Sendable {
    /// Time of the whole phase, ps: the simulated steps plus the rest at their measured rate.
    public var timePs: Int64
    public var simulatedSteps: Int
    public var totalSteps: Int
    /// Vault counters of the whole phase (the simulated part scaled by total ÷ simulated steps).
    public var memory: MemoryCounters
    /// Bus cycles broadcasting and merging (whole phase, scaled likewise).
    public var busBroadcastCycles: Double
    public var busMergeCycles: Double
    /// MAC-array busy cycles summed over PEs (whole phase).
    public var peBusyCycles: Double
    /// Events dispatched and requests simulated in detail.
    public var events: UInt64
    public var requests: UInt64
}

/// The event model of one phase: PEs with double-buffered inputs and outputs, one PMAG-fed
/// vault controller per PE (the existing `MemoryController` through a one-channel
/// `MemorySystem`), the common-data vault, and the broadcast/merge bus. The logic clock
/// (2.5 GHz) and each vault's DRAM command clock are separate domains on one event queue.
final class PhaseEngine: EventHandler {
    enum Kind: UInt32 { case computeDone, busDone, broadcastArrives, requestDone }
    enum Tag: UInt64 { case localRead, localWrite, commonRead, commonWrite }

    struct Lines { var reads: [UInt64]; var broadcast: [UInt64]; var compute: Int64; var writes: [UInt64]; var mergeBytes: Int }

    let sim = Simulator()
    let config: NeuroTrainerConfig
    let pes: Int
    let steps: Int
    let clock: ClockDomain
    var vaults: [MemorySystem] = []
    var ports: [VaultPort] = []
    var target: UInt32 = 0
    var plan: [Lines] = []
    let lineBytes: Int

    // PEs
    var loadNext: [Int], computeNext: [Int], computing: [Bool]
    var readsLeft: [[Int]], broadcastIn: [[Bool]]
    var outputsInFlight: [Int], writesLeft: [[Int: Int]]
    var pendingMerges: [[Int]]
    var finishedAt: [Int64]          // per step: PEs done, then the time the last one finished
    var finishedCount: [Int]
    // Common vault and bus
    var commonNext = 0, broadcastNext = 0
    var commonReadsLeft: [Int: Int] = [:]
    var busBusy = false
    var busBroadcastCycles: Int64 = 0, busMergeCycles: Int64 = 0
    var peBusyCycles: Int64 = 0
    var commonWriteAddress: UInt64 = 0
    var requests: UInt64 = 0
    // Per-vault issue queues (back-pressure when a controller queue is full).
    var queues: [[MemoryRequest]]
    var queueHead: [Int]

    init(config: NeuroTrainerConfig, memory: MemoryConfig, dataflow: Dataflow, steps: Int) {
        self.config = config
        pes = config.pes
        self.steps = steps
        clock = ClockDomain(megahertz: config.clockMHz)
        lineBytes = memory.device.organization.burstBytes
        loadNext = Array(repeating: 0, count: pes); computeNext = loadNext; computing = Array(repeating: false, count: pes)
        readsLeft = Array(repeating: [0, 0], count: pes); broadcastIn = Array(repeating: [true, true], count: pes)
        outputsInFlight = Array(repeating: 0, count: pes); writesLeft = Array(repeating: [:], count: pes)
        pendingMerges = Array(repeating: [], count: pes)
        finishedAt = Array(repeating: 0, count: steps); finishedCount = Array(repeating: 0, count: steps)
        queues = Array(repeating: [], count: pes + 1); queueHead = Array(repeating: 0, count: pes + 1)
        var vaultMemory = memory
        vaultMemory.channels = 1
        for v in 0...pes {
            let m = MemorySystem(config: vaultMemory, sim: sim)
            let port = VaultPort(vault: v)
            vaults.append(m); ports.append(port)
        }
        let lineBytes = self.lineBytes
        plan = (0..<steps).map { i in
            let s = dataflow.step(i)
            var reads: [UInt64] = []
            for p in s.localReads { reads += p.lines(lineBytes: lineBytes) }
            let writes = (0..<ceilDiv(s.localWriteBytes, lineBytes)).map { s.writeBase + UInt64($0 * lineBytes) }
            return Lines(reads: reads, broadcast: s.broadcast?.lines(lineBytes: lineBytes) ?? [], compute: s.computeCycles,
                         writes: writes, mergeBytes: s.mergeBytes)
        }
        super.init()
        target = sim.register(self)
        for (v, port) in ports.enumerated() { port.engine = self; vaults[v].setClient(port) }
    }

    /// Runs the steps; returns the time the last step's work (compute, writes, merges) ended.
    func run() -> Int64 {
        for pe in 0..<pes { tryLoad(pe) }
        tryCommonRead()
        sim.run()
        precondition(finishedCount.last == pes, "NeuroTrainer phase did not finish: a dataflow deadlock")
        return sim.now.raw
    }

    // MARK: Requests

    func submit(vault: Int, address: UInt64, write: Bool, tag: Tag, step: Int) {
        let id = (UInt64(vault) << 48) | (tag.rawValue << 40) | UInt64(step)
        queues[vault].append(MemoryRequest(id: id, address: address, kind: write ? .write : .read))
        requests &+= 1
    }

    func drain(_ vault: Int) {
        var h = queueHead[vault]
        while h < queues[vault].count, vaults[vault].submit(queues[vault][h], sim) { h += 1 }
        if h == queues[vault].count { queues[vault].removeAll(keepingCapacity: true); h = 0 }
        queueHead[vault] = h
    }

    func completed(_ c: Completion) {
        sim.schedule(at: max(c.done, sim.now), target: target, kind: Kind.requestDone.rawValue, payload: c.request.id,
                     priority: .completion)
    }

    func requestDone(_ id: UInt64) {
        let vault = Int(id >> 48), tag = Tag(rawValue: (id >> 40) & 0xFF)!, step = Int(id & 0xFF_FFFF_FFFF)
        switch tag {
        case .localRead:
            readsLeft[vault][step % 2] -= 1
            if readsLeft[vault][step % 2] == 0 { tryCompute(vault) }
        case .localWrite:
            writesLeft[vault][step]! -= 1
            if writesLeft[vault][step] == 0 {
                writesLeft[vault][step] = nil
                outputsInFlight[vault] -= 1
                tryCompute(vault)
            }
        case .commonRead:
            commonReadsLeft[step]! -= 1
            if commonReadsLeft[step] == 0 { tryBus() }
        case .commonWrite:
            break
        }
    }

    // MARK: PEs

    func tryLoad(_ pe: Int) {
        var issued = false
        while loadNext[pe] < steps && loadNext[pe] < computeNext[pe] + 2 {
            let i = loadNext[pe]
            readsLeft[pe][i % 2] = plan[i].reads.count
            broadcastIn[pe][i % 2] = plan[i].broadcast.isEmpty
            for a in plan[i].reads { submit(vault: pe, address: a, write: false, tag: .localRead, step: i) }
            loadNext[pe] += 1
            issued = true
        }
        if issued { drain(pe); tryBus() }
        tryCompute(pe)
    }

    func hasOutput(_ i: Int) -> Bool { !plan[i].writes.isEmpty || plan[i].mergeBytes > 0 }

    func tryCompute(_ pe: Int) {
        let i = computeNext[pe]
        guard !computing[pe], i < steps, i < loadNext[pe], readsLeft[pe][i % 2] == 0, broadcastIn[pe][i % 2] else { return }
        if hasOutput(i) && outputsInFlight[pe] >= 2 { return }
        computing[pe] = true
        peBusyCycles += plan[i].compute
        let start = clock.nextEdge(atOrAfter: sim.now)
        sim.schedule(at: start + clock.duration(cycles: plan[i].compute), target: target, kind: Kind.computeDone.rawValue,
                     payload: UInt64(pe))
    }

    func computeDone(_ pe: Int) {
        let i = computeNext[pe]
        computing[pe] = false
        computeNext[pe] += 1
        let p = plan[i]
        if !p.writes.isEmpty {
            outputsInFlight[pe] += 1
            writesLeft[pe][i] = p.writes.count
            for a in p.writes { submit(vault: pe, address: a, write: true, tag: .localWrite, step: i) }
            drain(pe)
        }
        if p.mergeBytes > 0 {
            outputsInFlight[pe] += 1
            pendingMerges[pe].append(p.mergeBytes)
            tryBus()
        }
        finishedCount[i] += 1
        if finishedCount[i] == pes { finishedAt[i] = sim.now.raw }
        tryLoad(pe)
    }

    // MARK: Common vault and bus

    func tryCommonRead() {
        var issued = false
        while commonNext < steps && commonNext < broadcastNext + 2 {
            let i = commonNext
            commonReadsLeft[i] = plan[i].broadcast.count
            for a in plan[i].broadcast { submit(vault: pes, address: a, write: false, tag: .commonRead, step: i) }
            commonNext += 1
            issued = true
        }
        if issued { drain(pes) }
    }

    /// Broadcasts go first (seed §3.4: "broadcasting is prior to merging"); merges are granted
    /// by fixed PE priority, one packet per grant.
    func tryBus() {
        guard !busBusy else { return }
        // Steps without broadcast data need no bus.
        while broadcastNext < steps && plan[broadcastNext].broadcast.isEmpty {
            commonReadsLeft[broadcastNext] = nil
            broadcastNext += 1
            tryCommonRead()
        }
        let j = broadcastNext
        if j < steps, j < commonNext, commonReadsLeft[j] == 0, loadNext.allSatisfy({ $0 > j }) {
            let cycles = Int64(ceilDiv(plan[j].broadcast.count * lineBytes, config.busBytesPerCycle))
            busBroadcastCycles += cycles
            startBus(cycles: cycles, payload: UInt64(j) << 1)
            return
        }
        if let pe = pendingMerges.firstIndex(where: { !$0.isEmpty }) {
            let bytes = min(pendingMerges[pe][0], config.mergePacketBytes)
            let cycles = Int64(config.busGrantCycles + ceilDiv(bytes, config.busBytesPerCycle))
            busMergeCycles += cycles
            pendingMerges[pe][0] -= bytes
            for _ in 0..<ceilDiv(bytes, lineBytes) {
                submit(vault: pes, address: Region.extra + commonWriteAddress, write: true, tag: .commonWrite, step: 0)
                commonWriteAddress += UInt64(lineBytes)
            }
            startBus(cycles: cycles, payload: (UInt64(pe) << 1) | 1)
        }
    }

    func startBus(cycles: Int64, payload: UInt64) {
        busBusy = true
        let start = clock.nextEdge(atOrAfter: sim.now)
        sim.schedule(at: start + clock.duration(cycles: cycles), target: target, kind: Kind.busDone.rawValue, payload: payload)
    }

    func busDone(_ payload: UInt64) {
        busBusy = false
        if payload & 1 == 0 {
            let j = Int(payload >> 1)
            commonReadsLeft[j] = nil
            broadcastNext = j + 1
            sim.schedule(at: sim.now + clock.duration(cycles: Int64(config.busPipelineCycles)), target: target,
                         kind: Kind.broadcastArrives.rawValue, payload: UInt64(j))
            tryCommonRead()
        } else {
            let pe = Int(payload >> 1)
            drain(pes)
            if pendingMerges[pe][0] == 0 {
                pendingMerges[pe].removeFirst()
                outputsInFlight[pe] -= 1
                tryCompute(pe)
            }
        }
        tryBus()
    }

    override func handle(_ event: Event, _ sim: Simulator) {
        switch Kind(rawValue: event.kind)! {
        case .computeDone: computeDone(Int(event.payload))
        case .busDone: busDone(event.payload)
        case .broadcastArrives:
            let j = Int(event.payload)
            for pe in 0..<pes { broadcastIn[pe][j % 2] = true; tryCompute(pe) }
        case .requestDone: requestDone(event.payload)
        }
    }

    /// Vault counters of the run so far, all vaults.
    var memoryTotals: MemoryCounters { vaults.reduce(MemoryCounters()) { $0 + MemoryCounters($1.totals) } }
}

/// One vault's client: hands completions and free queue space to the engine.
final class VaultPort: MemoryClient {
    let vault: Int
    unowned(unsafe) var engine: PhaseEngine!
    init(vault: Int) { self.vault = vault }
    func memoryCompleted(_ completion: Completion, _ sim: Simulator) { engine.completed(completion) }
    func memorySpaceAvailable(channel: Int, _ sim: Simulator) { engine.drain(vault) }
}
