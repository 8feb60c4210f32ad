import CLIKit
import Foundation
import STTCycleSim

/// The command line, declared once: every option with its help, default and checks.
struct SimulateCommand: ParsableCommand {
    static let workload = Option<String>("--workload", short: "-w", valueName: "NAME|PATH",
        help: "CNN to train for one iteration: a built-in name (see --list-workloads), a .net file or a Caffe .prototxt; or 'stream' for the BabelStream-style bandwidth kernels (copy, mul, add, triad).")
    static let kernel = Option<String>("--kernel", valueName: "SPEC",
        help: "Run one GEMM or convolution alone (DeepBench-style), e.g. gemm:M=1760,N=128,K=1760 or conv:W=56,H=56,C=64,N=16,K=64,R=3,S=3,pad_h=1,pad_w=1,stride_v=1,stride_h=1; see --phase.")
    static let phase = Option<String>("--phase", valueName: "PHASE",
        help: "Phase of --kernel: forward, backward_data or backward_weight.", default: "forward",
        parser: .oneOf(["forward", "backward_data", "backward_weight"]))
    static let gpu = Option<String>("--gpu", valueName: "NAME",
        help: "GPU part (SMs, clock, L2, memory bus); see --list-gpus.", default: "gtx1080ti",
        parser: .oneOf(GPUPresets.names))
    static let streamElements = Option<Int>("--stream-elements", valueName: "N",
        help: "fp32 values per array of --workload stream.", default: 1 << 25, parser: .int(in: 1024...(1 << 30)))
    static let batch = Option<Int>("--batch", short: "-b", valueName: "N", help: "Mini-batch size.",
        default: 128, parser: .int(in: 1...65_536))
    static let memory = MultiOption<String>("--memory", short: "-m", valueName: "LIST",
        help: "Memory configurations (presets) to run, comma-separated; see --list-presets.",
        style: .list, default: ["dram"], parser: .oneOf(MemoryAxis.allNames))
    static let system = Option<String>("--system", valueName: "NAME",
        help: "System the memory serves (compute engine + on-chip memory): gpu, or neurotrainer / neurotrainer-hmc2 (seed 002; memory hmc-vault unless --memory is given); see --list-presets.",
        default: "gpu", parser: .oneOf(SystemPresets.names))
    static let jobs = Option<Int>("--jobs", short: "-j", valueName: "N",
        help: "Threads: memory configurations of --memory simulated at once, each on its own thread, and within a run the convolution algorithm search's trials (output identical for any N; progress bars off when configurations run at once). Default: this machine's active cores.",
        default: SimulateCommand.defaultJobs, parser: .int(in: 1...256))
    /// `--jobs`' default: the active cores (`ProcessInfo.activeProcessorCount`), 1…256.
    static var defaultJobs: Int { max(1, min(256, ProcessInfo.processInfo.activeProcessorCount)) }
    static let detail = Option<String>("--detail", valueName: "MODE",
        help: "full: simulate every CTA of every kernel; sampled: simulate a steady window and probes spread over each long kernel, extrapolate the rest (sets gpu.sampling.detail; gpu.sampling.probes=0: one window). The algorithm search's trials run at gpu.sampling.searchDetail (default sampled) either way, so both details choose alike. gpu.sampling.interval=blocks widens intervals by the spread between the window and the probes.",
        parser: .oneOf(["full", "sampled"]))
    static let offload = Option<String>("--offload", valueName: "POLICY",
        help: "When the training footprint exceeds device memory (memory.capacityCells): auto (default: no offload if it fits, else vdnn-dyn), none (error naming the shortfall), unlimited (ignore capacity: seed 000's assumption), vdnn-conv, vdnn-all, vdnn-dyn (sets offload.policy; seed 003).",
        parser: .oneOf(["auto", "none", "unlimited", "vdnn-conv", "vdnn-all", "vdnn-dyn"]))
    static let compress = Option<String>("--compress", valueName: "CODEC",
        help: "Codec of the copy engine for offloaded feature maps: none (vDNN), zvc (cDMA's zero-value compression), rle (zero run-length) (sets offload.codec).",
        parser: .oneOf(["none", "zvc", "rle"]))
    static let timeline = Option<String>("--timeline", valueName: "FILE",
        help: "With --workload: write a Chrome trace JSON (open in Perfetto) of the kernels, the copy engine and PCIe per direction of each run that offloads (atomically).")
    static let waves = Option<String>("--waves", valueName: "FILE",
        help: "With --workload or --kernel on --system gpu: write every kernel's wave boundaries as simulated to FILE (CSV, atomically): time, CTAs completed, next and skipped CTAs (the sampler's jumps), and the line, fill, write-back, L2 hit/miss, energy and compute deltas per wave.")
    static let inputShape = Option<String>("--input-shape", valueName: "CxHxW",
        help: "Image shape for a Caffe .prototxt whose data layers give none (e.g. 3x227x227).")
    static let values = Option<String>("--values", valueName: "DIR",
        help: "Directory of .npy feature maps (float32, C order) named after blobs; they replace the synthetic values (sets values.directory; also --detail full unless --detail is given, so that wave sampling does not bias the bit statistics).")
    static let csv = Option<String>("--csv", valueName: "FILE",
        help: "Write one row per (config, layer, phase) plus TOTAL rows to FILE (atomically).")
    static let json = Option<String>("--json", valueName: "FILE",
        help: "Write the same rows as --csv to FILE as a JSON array of objects (atomically).")
    static let seed = Option<UInt64>("--seed", valueName: "N",
        help: "Seed for every random choice (data values, default trace payloads); overrides the config's seed.",
        parser: .uint64())
    static let trace = Option<String>("--trace", valueName: "FILE",
        help: "Replay a memory trace through the memory system only (instead of --workload).")
    static let traceFormat = Option<String>("--trace-format", valueName: "FORMAT",
        help: "Trace format: dramsim3 (0xADDR READ|WRITE CYCLE), ramulator (0xADDR R|W), ramulator2 (LD|ST ADDR) or native (see README).",
        default: "dramsim3", parser: .oneOf(TraceFormat.allCases.map(\.rawValue)))
    static let frontEnd = Option<String>("--front-end", valueName: "KIND",
        help: "How --trace and --bench requests enter the controllers. in-order (default for --trace): one queue for the whole stream, so a full controller queue holds back every request behind it. per-channel: a queue per channel, so a full queue holds back only its own channel, and room is used one command clock later; the channels then run as independent simulators on --jobs threads (same output for any --jobs; not with remapping, BitLevel or SparseCode). --bench without --front-end measures both.",
        parser: .oneOf(["in-order", "per-channel"]))
    static let traceClock = Option<Double>("--trace-clock-mhz", valueName: "MHZ",
        help: "Clock of the trace's CYCLE column (default: the memory command clock).",
        parser: .double(in: 1...100_000))
    static let bench = Flag("--bench",
        help: "Benchmark the memory system: random and streaming traces (70 % reads, all offered at once) through each --memory preset, with the in-order front end on one thread and the per-channel one on --jobs threads (or the one --front-end names); prints requests/s and events/s.")
    static let benchRequests = Option<UInt64>("--bench-requests", valueName: "N",
        help: "Requests per benchmark trace.", default: 1_000_000, parser: .uint64(in: 1...1_000_000_000))
    static let check = Flag("--check",
        help: "After the run, verify its invariants (every request once, counters, energy sums, an independent replay of every command against the timing spec); for small runs: it keeps every command.")
    static let footprint = Flag("--footprint",
        help: "With --workload: report the memory footprint per layer and data category (bytes, cells) without simulating; --csv writes it.")
    static let analytic = Flag("--analytic",
        help: "Also apply the paper's own method (seed 000 §5.2) to the simulated counts: Σ accesses × Table 3 latency, Σ bits × pJ/bit; adds formula_* and per-mode count columns to the CSV and a block to the summary.")
    static let energyView = Option<String>("--energy-view", valueName: "VIEW",
        help: "access: the paper's accounting, access energy only (the energy_* columns). full: also GDDR5X activate/precharge, read/write bursts, refresh and background from IDD currents (DRAMPower-style) and STT-RAM background (assumed); adds energy_full_* columns and a summary block.",
        default: "access", parser: .oneOf(["access", "full"]))
    static let dumpProgram = Flag("--dump-program",
        help: "With --system neurotrainer --workload: print the compiled PMAG/PE programs per layer and phase (dataflow, tiles, step 0's counter nests) and exit.")
    static let listWorkloads = Flag("--list-workloads", help: "List the built-in workloads and exit.")
    static let listPresets = Flag("--list-presets", help: "List the system and memory presets and exit.")
    static let listGPUs = Flag("--list-gpus", help: "List the GPU parts (--gpu) with their sources and exit.")

    static let configuration = CommandConfiguration(
        name: "stt-cyclesim",
        abstract: "Cycle-level simulation of CNN training on a GPU with GDDR5X or MLC STT-RAM device memory.",
        discussion: """
            Runs one training iteration of a CNN (--workload) or a memory trace (--trace) through an \
            event-driven model of memory controllers and devices, once per memory configuration, \
            and prints time, bandwidth, latency and energy. Exit status: 0 success, 1 simulation \
            failure, 2 bad input, 130/143 interrupted by SIGINT/SIGTERM.
            """,
        version: STTCycleSimVersion.string,
        options: [workload, kernel, phase, batch, system, gpu, memory, jobs, streamElements, detail, offload, compress, timeline, waves, inputShape, values, csv, json, seed, trace, traceFormat,
                  traceClock, frontEnd, bench, benchRequests, check, footprint, analytic, energyView, dumpProgram, listWorkloads, listPresets, listGPUs] + ConfigOptions.all,
        examples: [
            Example("stt-cyclesim --workload vgg19 --batch 128", "The main job: VGG-19 on the GDDR5X baseline."),
            Example("stt-cyclesim --workload alexnet --memory dram,mlc --csv results/alexnet.csv", "Compare presets; write CSV."),
            Example("stt-cyclesim --trace t.trc --trace-format dramsim3 --memory dram,mlc", "Replay a DRAMsim3 trace."),
            Example("stt-cyclesim --memory mlc --set memory.device.mlc.hardStep=10ns --dump-config", "Show an edited config."),
            Example("stt-cyclesim --kernel conv:W=56,H=56,C=64,N=16,K=64,R=3,S=3,pad_h=1,pad_w=1 --phase backward_data", "One convolution alone (calibration against DeepBench)."),
            Example("stt-cyclesim --workload stream --memory dram,mlc", "Sustained bandwidth: copy, mul, add, triad."),
            Example("stt-cyclesim --bench", "Measure simulator speed."),
        ])

    var workload: String?
    var kernel: String?
    var phase: String
    var gpu: String
    var streamElements: Int
    var listGPUs: Bool
    var batch: Int
    var memory: [String]
    var jobs: Int
    var system: String
    var detail: String?
    var offload: String?
    var compress: String?
    var timeline: String?
    var waves: String?
    var inputShape: String?
    var valuesDirectory: String?
    var csv: String?
    var json: String?
    var seed: UInt64?
    var trace: String?
    var traceFormat: TraceFormat
    var traceClock: Double?
    var frontEnd: String?
    var bench: Bool
    var benchRequests: UInt64
    var check: Bool
    var footprint: Bool
    var analytic: Bool
    var energyView: String
    var listWorkloads: Bool
    var dumpProgram: Bool
    var listPresets: Bool
    var configFile: String?
    var overrides: [KeyValue]
    var dumpConfig: Bool

    init(from p: ParsedArguments) throws(UsageError) {
        workload = p[Self.workload]
        kernel = p[Self.kernel]
        phase = try p.value(Self.phase)
        gpu = try p.value(Self.gpu)
        streamElements = try p.value(Self.streamElements)
        listGPUs = p[Self.listGPUs]
        batch = try p.value(Self.batch)
        jobs = try p.value(Self.jobs)
        system = try p.value(Self.system)
        // A system may run on its own memory by default (the NeuroTrainer on HMC vaults).
        memory = p.isGiven(Self.memory) ? p[Self.memory] : SystemPresets.defaultMemory(system)
        detail = p[Self.detail]
        offload = p[Self.offload]
        compress = p[Self.compress]
        timeline = p[Self.timeline]
        waves = p[Self.waves]
        inputShape = p[Self.inputShape]
        valuesDirectory = p[Self.values]
        csv = p[Self.csv]
        json = p[Self.json]
        seed = p[Self.seed]
        trace = p[Self.trace]
        traceFormat = TraceFormat(rawValue: try p.value(Self.traceFormat)) ?? .dramsim3
        traceClock = p[Self.traceClock]
        frontEnd = p[Self.frontEnd]
        bench = p[Self.bench]
        benchRequests = try p.value(Self.benchRequests)
        check = p[Self.check]
        footprint = p[Self.footprint]
        analytic = p[Self.analytic]
        energyView = try p.value(Self.energyView)
        listWorkloads = p[Self.listWorkloads]
        dumpProgram = p[Self.dumpProgram]
        listPresets = p[Self.listPresets]
        configFile = p[ConfigOptions.config]
        overrides = p[ConfigOptions.set]
        dumpConfig = p[ConfigOptions.dumpConfig]
        try p.requireAtMostOne([Self.workload, Self.trace, Self.bench, Self.kernel])
    }

    func validate() throws(UsageError) {
        if dumpProgram && workload == nil {
            throw .invalid("--dump-program needs --workload", hint: "e.g. --system neurotrainer --workload alexnet --batch 32 --dump-program")
        }
        if footprint && workload == nil {
            throw .invalid("--footprint needs --workload", hint: "e.g. --workload vgg19 --batch 128 --footprint")
        }
        if analytic && workload == nil && trace == nil {
            throw .invalid("--analytic needs a run (--workload or --trace)", hint: "e.g. --trace t.trc --memory dram,mlc --analytic")
        }
        if analytic && footprint {
            throw .invalid("--analytic applies to simulated runs, not --footprint", hint: "drop one of the two")
        }
        if waves != nil && (workload == nil && kernel == nil || system != "gpu") {
            throw .invalid("--waves needs a GPU run (--workload or --kernel on --system gpu)", hint: "e.g. --kernel gemm:M=1024,N=1024,K=1024 --waves waves.csv")
        }
        if frontEnd != nil && trace == nil && !bench {
            throw .invalid("--front-end applies to --trace and --bench", hint: "e.g. --trace t.trc --front-end per-channel --jobs 2")
        }
        if Set(memory).count != memory.count {
            throw .invalid("--memory lists a preset twice", hint: "name each configuration once, e.g. --memory dram,mlc")
        }
        if !(workload != nil || kernel != nil || trace != nil || bench || listWorkloads || listPresets || listGPUs || dumpConfig) {
            throw .invalid("nothing to run", hint: "give --workload NAME, --kernel SPEC, --trace FILE or --bench (see --help)")
        }
    }
}
