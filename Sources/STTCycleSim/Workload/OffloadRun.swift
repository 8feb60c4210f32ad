import CLIKit
import SimKernel
import MemorySystem
import GPUModel
import Workloads
import Offload
import DataValues

/// What the capacity check decided for a run (seed 003 meeting seed 000), for the summary.
public struct OffloadDecision: Sendable, Equatable {
    public var requested: OffloadPolicy
    /// The policy run: `none` (fits), `unlimited`, `vdnn-conv` or `vdnn-all`.
    public var used: OffloadPolicy
    public var codec: OffloadCodec
    /// The iteration's tensors, all resident: bytes and device cells.
    public var footprintBytes: Int64
    public var footprintCells: UInt64
    public var capacityCells: UInt64
    /// The high-water mark of the schedule run (equal to the footprint without offload).
    public var peakBytes: Int64
    public var peakCells: UInt64
    /// Maps offloaded.
    public var offloads: Int
    /// One line for the summary.
    public var note: String
    /// The run's offload counts (the TOTAL row's; filled after the run).
    public var totals = RowOffload()
    /// Every copy, in the order started.
    public var spans: [CopySpan] = []
    /// Per direction (D2H, H2D): the link's busy stretches on the report's timeline.
    public var linkBusy: [[LinkBusy]] = [[], []]
    /// The kernels on the report's timeline.
    public var ops: [TimelineOp] = []
}

public struct LinkBusy: Sendable, Equatable { public var startPs: Int64; public var endPs: Int64 }
public struct TimelineOp: Sendable, Equatable { public var name: String; public var startPs: Int64; public var endPs: Int64; public var heldPs: Int64 }

/// `--timeline FILE`: the Chrome trace format (JSON; open in Perfetto or chrome://tracing):
/// per configuration a process with the compute stream (kernels, and the time each was
/// held for copies), the copy engine per direction, and PCIe busy per direction. Times in µs.
public enum OffloadTimeline {
    public static func render(_ results: [RunResult]) -> String {
        var events: [String] = []
        func us(_ ps: Int64) -> String { Format.number(Double(ps) / 1e6, .fixed(6)) }
        func name(_ s: String) -> String { var o = ""; JSONValue.writeString(s, to: &o); return o }
        for (pid, r) in results.enumerated() {
            guard let d = r.offload else { continue }
            events.append("{\"ph\":\"M\",\"pid\":\(pid),\"name\":\"process_name\",\"args\":{\"name\":\(name(r.config.name))}}")
            for (tid, t) in ["compute", "copy engine D2H", "copy engine H2D", "PCIe D2H", "PCIe H2D"].enumerated() {
                events.append("{\"ph\":\"M\",\"pid\":\(pid),\"tid\":\(tid),\"name\":\"thread_name\",\"args\":{\"name\":\(name(t))}}")
            }
            func span(_ tid: Int, _ n: String, _ a: Int64, _ b: Int64, _ args: String = "") {
                events.append("{\"ph\":\"X\",\"pid\":\(pid),\"tid\":\(tid),\"name\":\(name(n)),\"ts\":\(us(a)),\"dur\":\(us(max(0, b - a)))\(args.isEmpty ? "" : ",\"args\":{" + args + "}")}")
            }
            for op in d.ops { span(0, op.name, op.startPs, op.endPs, op.heldPs > 0 ? "\"held_us\":\(us(op.heldPs))" : "") }
            for c in d.spans {
                span(c.direction == .d2h ? 1 : 2, (c.direction == .d2h ? "offload " : "prefetch ") + c.tensor, c.startPs, c.endPs,
                     "\"raw_bytes\":\(c.rawBytes),\"compressed_bytes\":\(c.compressedBytes)")
            }
            for (dir, list) in d.linkBusy.enumerated() { for b in list { span(3 + dir, "busy", b.startPs, b.endPs) } }
        }
        return "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n" + events.joined(separator: ",\n") + "\n]}\n"
    }
}

extension WorkloadRun {
    /// The offload schedule `config.offload.policy` gives for `plan`, and what was decided.
    /// - Throws: `InputError` (exit 2) when the footprint exceeds capacity under `none`, or
    ///   when even the policy that offloads most does not fit.
    static func offloadSchedule(plan: TrainingPlan, network: Network, config: SystemConfig) throws -> (VDNNSchedule, OffloadDecision) {
        let categories = plan.tensors.map(TensorCategories.category(of:))
        let cells: (Tensor) -> UInt64 = { WorkloadReport.cells(bytes: $0.bytes, category: categories[$0.id.rawValue], config: config) }
        let requested = config.offload.policy
        func schedule(_ p: OffloadPolicy) -> VDNNSchedule { VDNNSchedule(plan: plan, network: network, policy: p, cells: cells) }
        let resident = schedule(.none)
        let capacity = config.memory.capacityCells
        let bitsPerCell = config.memory.device.technology.behavior.bitsPerCell(.normal)
        func gb(_ c: UInt64) -> String { Format.bytes(Int64(c) * Int64(bitsPerCell) / 8) }
        func decision(_ s: VDNNSchedule, used: OffloadPolicy, note: String) -> OffloadDecision {
            OffloadDecision(requested: requested, used: used, codec: config.offload.codec,
                            footprintBytes: resident.peakBytes, footprintCells: resident.peakCells, capacityCells: capacity,
                            peakBytes: s.peakBytes, peakCells: s.peakCells, offloads: s.offloads.count, note: note)
        }
        let need = "footprint \(Format.bytes(resident.peakBytes)) in \(Format.grouped(resident.peakCells)) cells, capacity \(Format.grouped(capacity)) cells (\(gb(capacity)) of \(config.memory.device.name))"
        let fits = resident.peakCells <= capacity
        switch requested {
        case .unlimited:
            return (resident, decision(resident, used: .unlimited, note: "unlimited device memory assumed (seed 000's implicit assumption); \(need)"))
        case .none:
            guard fits else {
                throw InputError("the iteration does not fit device memory: \(need), short by \(Format.grouped(resident.peakCells - capacity)) cells (\(gb(resident.peakCells - capacity))); use --offload auto or vdnn-conv/vdnn-all, a smaller --batch, --offload unlimited to ignore capacity, or --set memory.capacityCells=N")
            }
            return (resident, decision(resident, used: .none, note: "fits without offload: \(need)"))
        case .auto, .vdnnDyn:
            if fits { return (resident, decision(resident, used: .none, note: "fits without offload: \(need)")) }
            for p in [OffloadPolicy.vdnnConv, .vdnnAll] {
                let s = schedule(p)
                if s.peakCells <= capacity {
                    let why = requested == .auto ? "does not fit (\(need)): --offload auto ran vdnn-dyn, which chose \(p.rawValue)" : "vdnn-dyn chose \(p.rawValue) (\(need))"
                    return (s, decision(s, used: p, note: why + "; peak \(Format.bytes(s.peakBytes)) in \(Format.grouped(s.peakCells)) cells"))
                }
            }
            let all = schedule(.vdnnAll)
            throw InputError("the iteration does not fit device memory even with vdnn-all: peak \(Format.grouped(all.peakCells)) cells against \(need); use a smaller --batch, or --offload unlimited to ignore capacity")
        case .vdnnConv, .vdnnAll:
            let s = schedule(requested)
            guard s.peakCells <= capacity else {
                throw InputError("the iteration does not fit device memory with \(requested.rawValue): peak \(Format.grouped(s.peakCells)) cells against \(need); try vdnn-all, a smaller --batch, or --offload unlimited to ignore capacity")
            }
            return (s, decision(s, used: requested, note: "\(requested.rawValue) (\(need)); peak \(Format.bytes(s.peakBytes)) in \(Format.grouped(s.peakCells)) cells"))
        }
    }

    /// `--footprint`: the device memory's capacity against the footprint without offload
    /// (network-wide allocation) and the high-water marks of vDNN's policies (per-layer
    /// allocation, maps away while offloaded), and what `--offload auto` would run.
    public static func capacitySummary(network: Network, batch: Int, config: SystemConfig) throws -> String {
        let plan = try TrainingPlan(network: network, batch: batch, options: config.training)   // as FootprintReport
        let categories = plan.tensors.map(TensorCategories.category(of:))
        let cells: (Tensor) -> UInt64 = { WorkloadReport.cells(bytes: $0.bytes, category: categories[$0.id.rawValue], config: config) }
        let capacity = config.memory.capacityCells
        var s = "\n[\(config.name)] device memory \(Format.grouped(capacity)) cells; high-water marks (bytes, cells):\n"
        for p in [OffloadPolicy.none, .vdnnConv, .vdnnAll] {
            let sched = VDNNSchedule(plan: plan, network: network, policy: p, cells: cells)
            let label = p == .none ? "no offload" : p.rawValue
            s += "  \(label.padding(toLength: 11, withPad: " ", startingAt: 0)) \(Format.bytes(sched.peakBytes).padding(toLength: 12, withPad: " ", startingAt: 0)) \(Format.grouped(sched.peakCells)) cells (\(sched.peakCells <= capacity ? "fits" : "does not fit"))\(p == .none ? "" : ", \(sched.offloads.count) maps offloaded")\n"
        }
        var probe = config
        probe.offload.policy = .auto
        if let (_, d) = try? offloadSchedule(plan: plan, network: network, config: probe) {
            s += "  --offload auto: \(d.used == .none ? "no offload" : d.used.rawValue)\n"
        } else {
            s += "  --offload auto: does not fit even with vdnn-all\n"
        }
        s += "  (vDNN allocates maps per layer and frees them while offloaded; the baseline allocates network-wide)\n"
        return s
    }

    /// Attaches a copy engine and the vDNN runtime to a GPU about to run `plan`.
    static func attachOffload(_ schedule: VDNNSchedule, config: SystemConfig, memory: MemorySystem, sim: Simulator,
                              values: WorkloadValues, plan: TrainingPlan) -> VDNNGate {
        let engine = CopyEngine(config: config.offload.engine, link: config.offload.link, codec: config.offload.codec,
                                codecParameters: config.offload.codecParameters, memory: memory, sim: sim,
                                bits: { values.data(forBurstAt: $0) })
        return VDNNGate(schedule: schedule, engine: engine, sim: sim, plan: plan)
    }

    /// Puts the gate's per-op counts into the report's rows (ops of a row are its (layer, phase)).
    static func addOffload(_ gate: VDNNGate?, decision: OffloadDecision?, result: GPURunResult, plan: TrainingPlan, report: inout RunResult) {
        guard var d = decision else { return }
        var byRow: [String: RowOffload] = [:]
        if let gate {
            gate.finish()
            for op in result.ops {
                let key = op.layer + "\u{1F}" + op.phase.rawValue
                var s = gate.perOp[op.index]
                s.heldPs = op.heldPs
                byRow[key] = (byRow[key] ?? RowOffload()) + s
            }
        }
        var total = RowOffload()
        for i in report.rows.indices {
            let r = byRow[report.rows[i].layer + "\u{1F}" + report.rows[i].phase] ?? RowOffload()
            report.rows[i].offload = r
            total = total + r
        }
        total.residentBytes = d.peakBytes
        report.total.offload = total
        d.totals = total
        d.spans = gate?.spans(result.ops) ?? []
        d.linkBusy = gate?.links.map { $0.map { LinkBusy(startPs: $0.0, endPs: $0.1) } } ?? [[], []]
        d.ops = result.ops.map { TimelineOp(name: $0.name, startPs: $0.start.raw, endPs: $0.end.raw, heldPs: $0.heldPs) }
        report.offload = d
    }
}

/// Offload counts of a report row (vDNN/cDMA runs).
public struct RowOffload: Sendable, Equatable {
    /// Bytes of feature maps the copy engine moved (both directions), before compression.
    public var rawBytes: Int64 = 0
    /// The same after the codec (what crossed PCIe).
    public var compressedBytes: Int64 = 0
    public var d2hBusyPs: Int64 = 0
    public var h2dBusyPs: Int64 = 0
    /// Time the row's kernels waited for copies (offload not hidden by compute, prefetch late), ps.
    public var heldPs: Int64 = 0
    /// DRAM bytes the copy engine read and wrote.
    public var dmaDRAMBytes: Int64 = 0
    /// Device memory resident when the row's ops ran (TOTAL: the high-water mark), bytes.
    public var residentBytes: Int64 = 0
    public init() {}

    public var ratio: Double? { compressedBytes > 0 ? Double(rawBytes) / Double(compressedBytes) : nil }

    /// Counts add up; the resident memory of the two stretches is the larger.
    public static func + (a: RowOffload, b: RowOffload) -> RowOffload {
        var r = RowOffload()
        r.rawBytes = a.rawBytes + b.rawBytes
        r.compressedBytes = a.compressedBytes + b.compressedBytes
        r.d2hBusyPs = a.d2hBusyPs + b.d2hBusyPs
        r.h2dBusyPs = a.h2dBusyPs + b.h2dBusyPs
        r.heldPs = a.heldPs + b.heldPs
        r.dmaDRAMBytes = a.dmaDRAMBytes + b.dmaDRAMBytes
        r.residentBytes = max(a.residentBytes, b.residentBytes)
        return r
    }
}

/// The offload columns appended to the CSV when a run offloads (`OffloadReport.header`).
public enum OffloadReport {
    public static let header = ["offload_raw_bytes", "offload_compressed_bytes", "offload_ratio", "pcie_d2h_busy_ns",
                                "pcie_h2d_busy_ns", "offload_stall_ns", "dma_dram_bytes", "resident_bytes"]

    public static func cells(_ row: ReportRow) -> [CSVValue] {
        guard let o = row.offload else { return Array(repeating: .empty, count: header.count) }
        return [.int(Int(o.rawBytes)), .int(Int(o.compressedBytes)), o.ratio.map { .double($0) } ?? .empty,
                .double(Double(o.d2hBusyPs) / 1000), .double(Double(o.h2dBusyPs) / 1000), .double(Double(o.heldPs) / 1000),
                .int(Int(o.dmaDRAMBytes)), .int(Int(o.residentBytes))]
    }

    /// The summary line(s) of a run with an offload decision.
    public static func summary(_ d: OffloadDecision) -> String {
        var s = "  device memory     \(d.note)\n"
        if d.offloads > 0 {
            let t = d.totals
            let ratio = t.ratio ?? 1
            s += "  offload           \(d.used.rawValue), codec \(d.codec.rawValue): \(d.offloads) maps (post-ReLU where a ReLU runs in place), "
                + "\(Format.bytes(t.rawBytes)) moved, \(Format.bytes(t.compressedBytes)) over PCIe (\(Format.number(ratio, .fixed(2)))×); "
                + "PCIe busy D2H \(Format.duration(seconds: Double(t.d2hBusyPs) * 1e-12)), H2D \(Format.duration(seconds: Double(t.h2dBusyPs) * 1e-12)); "
                + "exposed stall \(Format.duration(seconds: Double(t.heldPs) * 1e-12)); DMA DRAM \(Format.bytes(t.dmaDRAMBytes)); "
                + "high-water mark \(Format.bytes(d.peakBytes))\n"
        }
        return s
    }
}
