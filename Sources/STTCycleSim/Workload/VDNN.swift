import SimKernel
import MemorySystem
import GPUModel
import Workloads
import Offload

/// vDNN's offload schedule for a training plan (seed 003's baseline; Rhu et al., MICRO 2016,
/// as summarised in ../shared/docs/SYSTEMS.md §C2–§C3): which feature maps go to host
/// memory during forward, when each comes back in backward, and how much device memory
/// is resident at every op. The schedule depends on the op order only (streams synchronise
/// at layer boundaries), so the resident set, and with it the high-water mark, is known
/// before any timing is simulated.
///
/// Rules, per policy (`vdnn-conv`: convolution layers only; `vdnn-all`: every layer):
/// - a layer's input feature map (or input image) is offloaded during the forward of the
///   last layer that reads it in forward, if that layer does not also write it (an in-place
///   layer's input is its output) and some backward op reads it;
/// - in-place ReLU makes the blob a convolution feeds post-ReLU by the time the next layer
///   reads it, so the offloaded map is the post-ReLU one (stated in the report);
/// - the offload starts with the layer's first forward op and the layer ends only when it
///   has finished (stream sync); the map is then not resident;
/// - in backward, at the start of each layer, the nearest earlier offloaded map not yet
///   prefetched is prefetched, searching back no further than the previous convolution
///   (vDNN's window rule); a layer whose backward reads an offloaded map that is not back
///   prefetches it at once and waits for it; at the end of each layer's backward the
///   prefetches in flight are waited for (stream sync);
/// - memory: without offload every tensor is allocated for the whole iteration (Caffe's
///   network-wide allocation); under a vDNN policy maps are allocated per layer (resident
///   from first to last access) and an offloaded map is not resident between its layer's
///   end and its prefetch; weights, their gradients, momentum and workspace stay resident.
public struct VDNNSchedule: Sendable {
    public struct Offload: Sendable {
        public var tensor: TensorID
        public var layer: String
        /// Index of the layer in forward order (network layers).
        public var layerPosition: Int
        /// Forward ops of the offloading layer.
        public var firstOp: Int
        public var lastOp: Int
        /// The first backward op that reads the map.
        public var firstUse: Int
    }

    public var policy: OffloadPolicy
    public var offloads: [Offload]
    /// Bytes the schedule holds in device memory over the iteration, at its peak.
    public var peakBytes: Int64
    /// The same peak in memory cells (`cost` per tensor).
    public var peakCells: UInt64
    /// Bytes resident while each op runs.
    public var residentPerOp: [Int64]

    /// Per op: the layer's position, whether it is the first/last op of its layer in its
    /// pass (forward or backward), and whether it is a backward op.
    struct OpInfo { var position: Int; var firstOfLayer: Bool; var lastOfLayer: Bool; var backward: Bool }
    let info: [OpInfo]
    let convPositions: Set<Int>

    /// `policy` must be `vdnnAll`, `vdnnConv` or a policy that offloads nothing (empty
    /// schedule). `cells` gives a tensor's device cells (the capacity unit).
    public init(plan: TrainingPlan, network: Network, policy: OffloadPolicy, cells: (Tensor) -> UInt64) {
        self.policy = policy
        var position: [String: Int] = [:]
        for (i, l) in network.layers.enumerated() { position[l.name] = i }
        var conv = Set<Int>()
        for (i, l) in network.layers.enumerated() { if case .convolution = l.kind { conv.insert(i) } }
        convPositions = conv
        var infos: [OpInfo] = []
        for (i, op) in plan.ops.enumerated() {
            let back = op.phase == .backwardData || op.phase == .backwardWeight
            let pass: (Op) -> Bool = { o in (o.phase == .forward) == (op.phase == .forward) && o.phase != .update }
            let first = i == 0 || plan.ops[i - 1].layer != op.layer || !pass(plan.ops[i - 1])
            let last = i == plan.ops.count - 1 || plan.ops[i + 1].layer != op.layer || !pass(plan.ops[i + 1])
            infos.append(OpInfo(position: position[op.layer] ?? 0, firstOfLayer: first, lastOfLayer: last, backward: back))
        }
        info = infos

        var offloads: [Offload] = []
        let offloadsAny = policy == .vdnnAll || policy == .vdnnConv
        if offloadsAny {
            // Last forward reader, forward writers, and first backward reader of every map.
            var lastReader: [TensorID: Int] = [:], writers: [TensorID: Set<String>] = [:], firstBackward: [TensorID: Int] = [:]
            for (i, op) in plan.ops.enumerated() {
                for a in op.accesses {
                    let role = plan.tensors[a.tensor.rawValue].role
                    guard role == .featureMap || role == .inputImage else { continue }
                    if op.phase == .forward {
                        if a.mode == .read { lastReader[a.tensor] = i } else { writers[a.tensor, default: []].insert(op.layer) }
                    } else if a.mode == .read && infos[i].backward && firstBackward[a.tensor] == nil {
                        firstBackward[a.tensor] = i
                    }
                }
            }
            for (t, reader) in lastReader.sorted(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
                let op = plan.ops[reader]
                guard let use = firstBackward[t], !(writers[t]?.contains(op.layer) ?? false) else { continue }
                let pos = position[op.layer] ?? 0
                if policy == .vdnnConv && !conv.contains(pos) { continue }
                var first = reader, last = reader
                while first > 0 && plan.ops[first - 1].layer == op.layer && plan.ops[first - 1].phase == .forward { first -= 1 }
                while last + 1 < plan.ops.count && plan.ops[last + 1].layer == op.layer && plan.ops[last + 1].phase == .forward { last += 1 }
                offloads.append(Offload(tensor: t, layer: op.layer, layerPosition: pos, firstOp: first, lastOp: last, firstUse: use))
            }
        }
        self.offloads = offloads

        // The resident set over the op order (a dry run of the runtime's rules). Without
        // offload every tensor is allocated for the whole iteration (Caffe's network-wide
        // allocation, the footprint the rest of the tool reports). vDNN's memory manager
        // allocates per layer instead: a feature, input or gradient map is resident from its
        // first access to its last, except while an offloaded map is away.
        let total = plan.tensors.reduce(Int64(0)) { $0 + Int64($1.bytes) }
        let totalCells = plan.tensors.reduce(UInt64(0)) { $0 + cells($1) }
        guard offloadsAny else {
            peakBytes = total; peakCells = totalCells
            residentPerOp = Array(repeating: total, count: plan.ops.count)
            return
        }
        var first = [Int](repeating: Int.max, count: plan.tensors.count), last = [Int](repeating: -1, count: plan.tensors.count)
        for (i, op) in plan.ops.enumerated() {
            for a in op.accesses { first[a.tensor.rawValue] = min(first[a.tensor.rawValue], i); last[a.tensor.rawValue] = i }
        }
        let transient: (Tensor) -> Bool = { [.featureMap, .inputImage, .gradientMap].contains($0.role) }
        var persistent = Int64(0), persistentCells = UInt64(0)
        for t in plan.tensors where !transient(t) { persistent += Int64(t.bytes); persistentCells += cells(t) }
        var awayFrom = [Int](repeating: Int.max, count: offloads.count), awayUntil = [Int](repeating: Int.max, count: offloads.count)
        var state = [Int](repeating: 0, count: offloads.count)   // 0 resident, 1 away, 2 back
        let dry = Self.Runtime(schedule: offloads, info: infos, conv: conv)
        for i in plan.ops.indices {
            for k in dry.prefetchesBefore(i, state: state) where state[k] == 1 { state[k] = 2; awayUntil[k] = i }
            for k in dry.offloadsEndingAfter(i) { state[k] = 1; awayFrom[k] = i + 1 }
        }
        var awayOf: [Int: Int] = [:]
        for (k, o) in offloads.enumerated() { awayOf[o.tensor.rawValue] = k }
        var peak = Int64(0), peakC = UInt64(0), perOp: [Int64] = []
        for i in plan.ops.indices {
            var bytes = persistent, c = persistentCells
            for t in plan.tensors where transient(t) && first[t.id.rawValue] <= i && i <= last[t.id.rawValue] {
                if let k = awayOf[t.id.rawValue], awayFrom[k] <= i && i < awayUntil[k] { continue }
                bytes += Int64(t.bytes); c += cells(t)
            }
            perOp.append(bytes)
            peak = max(peak, bytes); peakC = max(peakC, c)
        }
        peakBytes = peak
        peakCells = peakC
        residentPerOp = perOp
    }

    /// The runtime's decisions as functions of the op index and the offloads' states
    /// (shared by the dry run above and the gate).
    struct Runtime {
        let schedule: [Offload]
        let info: [OpInfo]
        let conv: Set<Int>

        init(schedule: [Offload], info: [OpInfo], conv: Set<Int>) {
            self.schedule = schedule
            self.info = info
            self.conv = conv
        }

        /// Offloads that start with op `i`.
        func offloadsStarting(_ i: Int) -> [Int] { schedule.indices.filter { schedule[$0].firstOp == i } }
        /// Offloads whose layer ends with op `i` (synchronised there).
        func offloadsEndingAfter(_ i: Int) -> [Int] { schedule.indices.filter { schedule[$0].lastOp == i } }

        /// Prefetches to start before op `i` given the states (1 = away): at the first op of a
        /// backward layer, the window rule's candidate and every map the layer's ops need.
        func prefetchesBefore(_ i: Int, state: [Int]) -> [Int] {
            guard info[i].backward else { return [] }
            var out: [Int] = []
            if info[i].firstOfLayer {
                var p = info[i].position - 1
                search: while p >= 0 {
                    for k in schedule.indices where schedule[k].layerPosition == p && state[k] == 1 {
                        out.append(k)
                        break search
                    }
                    if conv.contains(p) { break }
                    p -= 1
                }
            }
            for k in schedule.indices where state[k] == 1 && schedule[k].firstUse == i && !out.contains(k) { out.append(k) }
            return out
        }
    }
}

/// Runs a `VDNNSchedule` with a `CopyEngine` while the GPU runs the plan (`OpGate`).
final class VDNNGate: OpGate {
    let schedule: VDNNSchedule
    let runtime: VDNNSchedule.Runtime
    let engine: CopyEngine
    let sim: Simulator
    let plan: TrainingPlan
    var state: [Int]
    var jobOf: [Int: Int] = [:]        // offload index → current job
    var offloadJob: [Int: Int] = [:]   // offload index → its D2H job
    var jobOp: [Int: Int] = [:]        // job → op that started it
    var inFlightPrefetches: [Int] = []
    /// Per op: the copies it started and the memory resident while it ran (`heldPs` is the GPU's).
    var perOp: [RowOffload]
    /// Timeline spans (sim time) of copy jobs: (job, offload index).
    var jobs: [(job: Int, offload: Int)] = []

    init(schedule: VDNNSchedule, engine: CopyEngine, sim: Simulator, plan: TrainingPlan) {
        self.schedule = schedule
        self.runtime = VDNNSchedule.Runtime(schedule: schedule.offloads, info: schedule.info, conv: schedule.convPositions)
        self.engine = engine
        self.sim = sim
        self.plan = plan
        state = Array(repeating: 0, count: schedule.offloads.count)
        perOp = Array(repeating: RowOffload(), count: plan.ops.count)
    }

    func bytes(_ k: Int) -> Int { plan.tensors[schedule.offloads[k].tensor.rawValue].bytes }
    func start(_ k: Int) -> UInt64 { UInt64(plan.allocation.region(of: schedule.offloads[k].tensor).start) }

    /// Per direction: the link's busy stretches on the report's timeline (set by `spans`).
    var links: [[(Int64, Int64)]] = [[], []]
    /// Simulated time at the start of each op's `beforeOp` (to place copies on the report's timeline).
    var simOpStart: [Int64] = []

    func beforeOp(_ i: Int) -> Int64 {
        simOpStart.append(sim.now.raw)
        var held: Int64 = 0
        let prefetch = runtime.prefetchesBefore(i, state: state)
        for k in prefetch {
            state[k] = 2
            let job = engine.enqueue(.h2d, start: start(k), bytes: bytes(k), chunkSizes: engine.chunkSizes[offloadJob[k]!] ?? [], sim)
            jobOf[k] = job; jobOp[job] = i; jobs.append((job, k))
            inFlightPrefetches.append(job)
        }
        // The op waits for every map it reads that is still coming back.
        for k in schedule.offloads.indices where schedule.offloads[k].firstUse == i {
            if let job = jobOf[k] { held += wait(job) }
        }
        for k in runtime.offloadsStarting(i) {
            let job = engine.enqueue(.d2h, start: start(k), bytes: bytes(k), sim)
            jobOf[k] = job; offloadJob[k] = job; jobOp[job] = i; jobs.append((job, k))
        }
        perOp[i].residentBytes = schedule.residentPerOp[i]
        return held
    }

    /// Extrapolated kernel time during which copies were in flight and not yet credited, ps.
    /// The simulator does not run the skipped waves of a sampled kernel, so a copy in flight
    /// falls behind the reported timeline by that time; when the runtime later waits for a
    /// copy, the wait shown is the simulated wait minus this credit (the copy engine and
    /// the link would have worked through the skipped waves). The skipped waves' memory
    /// traffic, the copy engine's included, is what the sampled windows extrapolate.
    var credit: Int64 = 0

    func catchUp(_ i: Int, extrapolatedPs: Int64) {
        if jobs.contains(where: { !engine.isDone($0.job) }) { credit += extrapolatedPs } else { credit = 0 }
    }

    /// Waits for `job`; returns the exposed part of the wait (after the credit).
    func wait(_ job: Int) -> Int64 {
        let w = engine.wait(for: job, sim)
        let exposed = max(0, w - credit)
        credit = max(0, credit - w)
        if !jobs.contains(where: { !engine.isDone($0.job) }) { credit = 0 }
        return exposed
    }

    func afterOp(_ i: Int) -> Int64 {
        var held: Int64 = 0
        for k in runtime.offloadsEndingAfter(i) {
            held += wait(offloadJob[k]!)
            state[k] = 1
        }
        if schedule.info[i].backward && schedule.info[i].lastOfLayer {
            for job in inFlightPrefetches { held += wait(job) }
            inFlightPrefetches.removeAll()
        }
        return held
    }

    /// The copies on the report's timeline: a copy event at simulated time T during op i is
    /// placed at op i's report start + (T − the op's simulated start), within the op.
    func spans(_ ops: [OpResult]) -> [CopySpan] {
        func place(_ t: Int64) -> Int64 {
            var i = 0
            while i + 1 < simOpStart.count && simOpStart[i + 1] <= t { i += 1 }
            guard i < ops.count else { return ops.last?.end.raw ?? 0 }
            return min(ops[i].start.raw + (t - simOpStart[i]), ops[i].end.raw)
        }
        links = CopyDirection.allCases.map { d in engine.linkIntervals[d.rawValue].map { (place($0.start), place($0.end)) } }
        return jobs.map { job, k in
            let j = engine.jobs[job], t = plan.tensors[schedule.offloads[k].tensor.rawValue]
            return CopySpan(direction: j.direction, layer: schedule.offloads[k].layer, tensor: t.name,
                            simStartPs: j.stats.start.raw, simEndPs: j.stats.end.raw,
                            startPs: place(j.stats.start.raw), endPs: place(j.stats.end.raw),
                            rawBytes: j.stats.rawBytes, compressedBytes: j.stats.compressedBytes)
        }
    }

    /// Attributes every finished job to the op that started it.
    func finish() {
        for (job, _) in jobs {
            let s = engine.jobs[job].stats, i = jobOp[job]!
            perOp[i].rawBytes += s.rawBytes
            perOp[i].compressedBytes += s.compressedBytes
            perOp[i].dmaDRAMBytes += s.dramBytes
            if engine.jobs[job].direction == .d2h { perOp[i].d2hBusyPs += s.linkBusyPs } else { perOp[i].h2dBusyPs += s.linkBusyPs }
        }
    }
}

/// One copy of the offload runtime, for the timeline and the checks.
public struct CopySpan: Sendable, Equatable {
    public var direction: CopyDirection
    /// The layer whose forward offloaded the map.
    public var layer: String
    public var tensor: String
    /// Simulated start and end, ps.
    public var simStartPs: Int64
    public var simEndPs: Int64
    /// The same placed on the report's timeline (op times), ps.
    public var startPs: Int64
    public var endPs: Int64
    public var rawBytes: Int64
    public var compressedBytes: Int64
}
