import SimKernel
import MemorySystem
import Workloads
import DataValues

/// What one op of the plan did on the accelerator.
public struct SystolicOpRecord: Sendable {
    public var index: Int
    public var start: Picoseconds
    public var end: Picoseconds
    /// Array (or vector unit) busy time without stalls, ps.
    public var computePs: Int64 = 0
    /// Stalls: write buffer full, bank-limited reads, waiting for DRAM, ps.
    public var writeStallPs: Int64 = 0
    public var readStallPs: Int64 = 0
    public var dramStallPs: Int64 = 0
    public var macs: Int64 = 0
    public var arrayCycles: Int64 = 0
    public var folds: Int64 = 0
    public var macFJ: Int64 = 0
    /// Per partition, `TensorClass.allCases` order.
    public var partitions: [PartitionCounters] = []
    /// DRAM counters of the op (the memory system's, differenced).
    public var dram = MemoryCounters()
}

/// A DRAM burst stream: segments (address, bytes, write) all offered at `time`.
struct SpillSource: RequestSource {
    var segments: [(address: UInt64, bytes: Int, write: Bool)]
    let time: Picoseconds
    var segment = 0
    var offset = 0
    var id: UInt64

    mutating func next() -> TimedRequest? {
        while segment < segments.count && offset >= segments[segment].bytes { segment += 1; offset = 0 }
        guard segment < segments.count else { return nil }
        let s = segments[segment]
        let address = (s.address + UInt64(offset)) & ~63
        offset += MemoryRequest.burstBytes
        id += 1
        return TimedRequest(time: time, request: MemoryRequest(id: id, address: address, kind: s.write ? .write : .read))
    }
}

/// The systolic accelerator: runs a training plan op by op on the array, its scratchpad
/// partitions and DRAM (an existing `MemorySystem`), all on one SimKernel event queue.
/// Each fold's end is an event; DRAM spills are requests through the memory controllers,
/// offered at the op's start and overlapped with its folds (double buffering); an op ends
/// when its last fold, its last scratchpad write and its last DRAM request are done.
public final class SystolicEngine: EventHandler {
    public let config: SystolicConfig
    let plan: TrainingPlan
    let memory: MemorySystem
    let sim: Simulator
    var target: UInt32 = 0
    var partitions: [PartitionState]
    var residency: [Residency]
    var rng: SplitMix64
    let period: Int64
    let lastUse: [Int]
    /// Folds completed (counted by the fold events).
    public private(set) var foldsDone: Int64 = 0

    public init(config: SystolicConfig, plan: TrainingPlan, memory: MemorySystem, sim: Simulator, seed: UInt64) {
        self.config = config
        self.plan = plan
        self.memory = memory
        self.sim = sim
        partitions = config.partitions.map {
            PartitionState($0, writeBufferEntries: config.writeBufferEntries, capacityKB: config.effectiveCapacityKB($0))
        }
        residency = partitions.map { Residency(capacity: $0.capacityKB * 1024) }
        rng = SplitMix64(seed: seed ^ 0x5157_4D52_414D)
        period = max(1, Int64((1_000_000 / config.array.clockMHz).rounded()))
        var last = Array(repeating: -1, count: plan.tensors.count)
        for op in plan.ops { for a in op.accesses { last[a.tensor.rawValue] = op.index } }
        lastUse = last
        super.init()
        target = sim.register(self)
    }

    public override func handle(_ event: Event, _ sim: Simulator) { foldsDone += 1 }

    /// The class of a tensor role.
    public static func tensorClass(_ role: TensorRole) -> TensorClass {
        switch role {
        case .inputImage, .featureMap, .workspace, .other: .activations
        case .weight: .weights
        case .gradientMap: .errors
        case .weightGradient, .momentum: .gradients
        }
    }

    /// The partitions of a GEMM's operands A, B and result C, by phase (`Workloads.GemmShape` conventions).
    static func gemmClasses(_ phase: Phase) -> (TensorClass, TensorClass, TensorClass) {
        switch phase {
        case .forward, .update: (.weights, .activations, .activations)
        case .backwardData: (.weights, .errors, .errors)
        case .backwardWeight: (.errors, .activations, .gradients)
        }
    }

    /// Runs every op; `progress(done, total)` returning false stops (returns the ops done so far).
    public func run(progress: ((Int, Int) -> Bool)? = nil) -> [SystolicOpRecord] {
        var records: [SystolicOpRecord] = []
        var t: Int64 = sim.now.raw
        for op in plan.ops {
            let before = partitions.map(\.counters)
            let dramBefore = MemoryCounters(memory.totals)
            var rec = SystolicOpRecord(index: op.index, start: Picoseconds(t), end: Picoseconds(t))
            let segments = spill(op)
            let driver = RequestDriver(memory: memory, source: SpillSource(segments: segments, time: Picoseconds(t), id: UInt64(op.index) << 40),
                                       sim: sim)
            let arrayEnd = runArray(op, start: t, record: &rec)
            sim.run()
            let writesDone = partitions.map(\.writesDone).max() ?? 0
            let dramEnd = segments.isEmpty ? t : driver.lastDone.raw
            let end = max(arrayEnd, writesDone, dramEnd, t)
            rec.dramStallPs = end - max(arrayEnd, t)
            rec.end = Picoseconds(end)
            for i in partitions.indices {
                let p = partitions[i].config
                partitions[i].counters.leakageFJ += Int64((Double(partitions[i].capacityKB) * p.technology.leakageNWPerKB * Double(end - t) / 1e6).rounded())
            }
            rec.partitions = zip(partitions.map(\.counters), before).map { $0 - $1 }
            rec.dram = MemoryCounters(memory.totals) - dramBefore
            rec.macFJ = rec.macs * config.array.macEnergyFJ
            records.append(rec)
            t = end
            if let progress, !progress(records.count, plan.ops.count) { break }
        }
        return records
    }

    /// Times the op's folds (or its vector-unit pass) from `start`; returns when the array is done.
    func runArray(_ op: Op, start: Int64, record rec: inout SystolicOpRecord) -> Int64 {
        var t = start
        if case .gemm(let shape) = op.kind {
            let fp = FoldPlan(m: shape.m, n: shape.n, k: shape.k, repeats: shape.groups * shape.batchCount, array: config.array)
            let (ca, cb, cc) = Self.gemmClasses(op.phase)
            let df = config.array.dataflow
            for s in fp.shapes {
                let tr = FoldPlan.traffic(rows: s.rows, cols: s.cols, stream: fp.stream, dataflow: df)
                for _ in 0..<s.count {
                    let computeEnd = t + Int64(fp.cyclesPerFold) * period
                    let streamStart = t + Int64(fp.fill) * period, streamPs = Int64(fp.stream) * period
                    var readStall: Int64 = 0
                    readStall = max(readStall, partitions[ca.index].read(words: partitions[ca.index].words(values: tr.readA), start: t, window: Int64(fp.fill + fp.stream) * period))
                    readStall = max(readStall, partitions[cb.index].read(words: partitions[cb.index].words(values: tr.readB), start: t, window: Int64(fp.fill + fp.stream) * period))
                    let (ws, span) = FoldPlan.writesDuringStream(df) ? (streamStart + readStall, streamPs)
                                                                   : (computeEnd - Int64(fp.drain) * period + readStall, Int64(fp.drain) * period)
                    let writeStall = write(cc, values: tr.write, start: ws, span: span)
                    t = computeEnd + readStall + writeStall
                    rec.readStallPs += readStall; rec.writeStallPs += writeStall
                    sim.schedule(at: Picoseconds(t), target: target)
                }
            }
            rec.folds = Int64(fp.folds)
            rec.arrayCycles = Int64(fp.totalCycles)
            rec.macs = Int64(shape.macs)
            rec.computePs = rec.arrayCycles * period
            return t
        }
        // Non-GEMM ops on the vector unit: `cols × vectorLanesPerCol` elements per cycle.
        let lanes = config.array.cols * config.array.vectorLanesPerCol
        let elements = max(op.readBytes, op.writeBytes) / TrainingPlan.bytesPerElement
        let cycles = Int64((elements + lanes - 1) / lanes)
        let window = cycles * period
        var readStall: Int64 = 0
        for a in op.accesses where a.mode == .read {
            let c = Self.tensorClass(plan.tensors[a.tensor.rawValue].role).index
            readStall = max(readStall, partitions[c].read(words: partitions[c].words(values: a.bytes / 4), start: t, window: window))
        }
        // The op's output words leave the vector unit evenly over its window, tensor after tensor.
        var writeStall: Int64 = 0
        var cursor = t + readStall
        let written = max(1, op.writeBytes)
        for a in op.accesses where a.mode == .write {
            let span = window * Int64(a.bytes) / Int64(written)
            writeStall += write(Self.tensorClass(plan.tensors[a.tensor.rawValue].role), values: a.bytes / 4,
                                start: cursor + writeStall, span: span)
            cursor += span
        }
        rec.arrayCycles = cycles
        rec.computePs = window
        rec.readStallPs = readStall; rec.writeStallPs = writeStall
        t += window + readStall + writeStall
        sim.schedule(at: Picoseconds(t), target: target)
        return t
    }

    /// Writes `values` fp32 values to a partition: timing, bit counts, failures, energy.
    func write(_ c: TensorClass, values: Int, start: Int64, span: Int64) -> Int64 {
        let i = c.index
        let words = partitions[i].words(values: values)
        guard words > 0 else { return 0 }
        let stall = partitions[i].write(words: words, start: start, span: span)
        let p = partitions[i].config
        let bits = UInt64(words) * UInt64(p.technology.wordBits)
        let switched = UInt64((Double(bits) * config.switchProbability).rounded())
        partitions[i].counters.bitsWritten += bits
        partitions[i].counters.bitsSwitched += switched
        partitions[i].counters.bitsFailed += BitFailures.sample(switched: switched, wer: partitions[i].wer, rng: &rng)
        partitions[i].counters.writeFJ += Int64((Double(bits) * partitions[i].writeFJPerBit).rounded())
        return stall
    }
}
