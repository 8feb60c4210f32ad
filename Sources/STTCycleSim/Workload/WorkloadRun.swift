import Foundation
import SimKernel
import MemorySystem
import GPUModel
import Workloads

/// A workload run: one training iteration of a network at a batch size, through the GPU
/// model and one configuration's memory system.
public enum WorkloadRun {
    /// Loads a built-in workload, a `.net` file or a Caffe `.prototxt`; a network without
    /// a loss gets Softmax-with-loss so that the iteration has a backward pass.
    /// The built-in and library workload names (`--list-workloads`).
    public static var availableWorkloads: [String] { WorkloadLibrary().availableNames + [streamWorkloadName] }
    /// `--workload stream`: the BabelStream-style bandwidth kernels (`StreamBenchmark`).
    public static let streamWorkloadName = StreamBenchmark.name

    /// Loads a workload; `inputShapeText` is `CxHxW` for Caffe files whose data layers give none.
    /// - Throws: `InputError` for a malformed shape, `WorkloadError` for a bad workload.
    public static func loadNetwork(_ nameOrPath: String, inputShapeText: String?) throws -> Network {
        var shape: BlobShape? = nil
        if let text = inputShapeText {
            guard let s = BlobShape(parsing: Substring(text)) else {
                throw InputError("--input-shape '\(text)' is not CxHxW; write e.g. 3x227x227")
            }
            shape = s
        }
        return try loadNetwork(nameOrPath, inputShape: shape)
    }

    public static func loadNetwork(_ nameOrPath: String, inputShape: BlobShape? = nil) throws -> Network {
        var options = CaffeImportOptions()
        options.inputShape = inputShape
        let network = try WorkloadLibrary().load(nameOrPath, importOptions: options)
        return network.hasLoss ? network : try network.withTrainingLoss()
    }

    /// Simulates one iteration. `progress(opsDone, opsTotal)` returning false, or
    /// `shouldStop` (polled inside kernels) returning true, stops the run; it then throws
    /// `CancellationError`. Under the `auto` convolution policy the algorithms are chosen
    /// first (`AlgorithmSearch`), on fresh systems of the same configuration, with up to
    /// `searchJobs` distinct convolutions searched at once on their own threads (the choices,
    /// and so every output, do not depend on it).
    public static func run(network: Network, batch: Int, config: SystemConfig, searchJobs: Int = 1,
                           shouldStop: (@Sendable () -> Bool)? = nil,
                           progress: ((Int, Int) -> Bool)? = nil) throws -> RunResult {
        switch config.system.kind {
        case .gpu:
            return try runOnGPU(network: network, batch: batch, config: config, searchJobs: searchJobs, shouldStop: shouldStop,
                                progress: progress)
        case .systolic: return try SystolicRun.run(network: network, batch: batch, config: config, shouldStop: shouldStop, progress: progress)
        case .neurotrainer:
            return try runOnNeuroTrainer(network: network, batch: batch, config: config, shouldStop: shouldStop, progress: progress)
        }
    }

    /// GPU (SMs, L2 slices, crossbar) + memory controllers + devices.
    static func runOnGPU(network: Network, batch: Int, config: SystemConfig, searchJobs: Int, shouldStop: (@Sendable () -> Bool)?,
                         progress: ((Int, Int) -> Bool)?) throws -> RunResult {
        var options = config.training
        if options.convolutionAlgorithm == .auto {
            options.algorithmChoices = try AlgorithmSearch.choices(network: network, batch: batch, config: config,
                                                                   jobs: searchJobs, shouldStop: shouldStop)
        }
        let plan = try TrainingPlan(network: network, batch: batch, options: options)
        let (schedule, decision) = try offloadSchedule(plan: plan, network: network, config: config)
        return try simulate(plan: plan, network: network, batch: batch, config: config, shouldStop: shouldStop,
                            progress: progress, offload: (schedule, decision))
    }

    /// `runKernel` from the command line's words: `text` a `KernelSpec` string, `phase` a phase name.
    /// - Throws: `WorkloadError` for a bad spec, `InputError` for a bad phase.
    public static func runKernel(_ text: String, phase: String, config: SystemConfig,
                                 shouldStop: (@Sendable () -> Bool)? = nil) throws -> RunResult {
        guard let p = Phase(rawValue: phase), p != .update else {
            throw InputError("--phase '\(phase)' must be forward, backward_data or backward_weight")
        }
        return try runKernel(try KernelSpec(parsing: text), phase: p, config: config, shouldStop: shouldStop)
    }

    /// One kernel (`KernelSpec`) in one phase, alone on a fresh system: its ops only (the
    /// main kernel, and a fused Winograd's filter transform). The algorithm follows the
    /// configuration's policy (`auto`: the fastest candidate, as cuDNN's find does).
    public static func runKernel(_ spec: KernelSpec, phase: Phase, config: SystemConfig,
                                 shouldStop: (@Sendable () -> Bool)? = nil) throws -> RunResult {
        try requireGPU(config, "--kernel")
        let network = try spec.network().withTrainingLoss()
        guard let layer = network.layer(named: KernelSpec.layerName) else { throw InputError("--kernel: no kernel layer") }
        var options = config.training
        if options.convolutionAlgorithm == .auto, case .convolution(let p) = layer.kind,
           TrainingOptions.winogradApplies(kernelH: p.kernelH, kernelW: p.kernelW, strideH: p.strideH, strideW: p.strideW,
                                           group: p.group, padH: p.padH, padW: p.padW),
           phase != .backwardWeight {
            let (algorithm, trial) = try AlgorithmSearch.fastestRun(spec: spec, phase: phase, config: config,
                                                                    shouldStop: shouldStop)
            // The search already simulated the winner alone on a fresh system at the run's
            // detail: that is the run. Otherwise the winner runs again at the run's detail.
            if config.gpu.sampling.detail == config.gpu.sampling.searchDetail, config.values.directory.isEmpty {
                return trial
            }
            options.algorithmChoices = ["\(KernelSpec.layerName)/\(phase.rawValue)": algorithm]
        } else if options.convolutionAlgorithm == .auto, case .convolution = layer.kind {
            options.algorithmChoices = try AlgorithmSearch.choices(network: network, batch: spec.batch, config: config,
                                                                   layers: [KernelSpec.layerName], phases: [phase],
                                                                   shouldStop: shouldStop)
        }
        let plan = spec.adapt(try TrainingPlan(network: network, batch: spec.batch, options: options)
            .restricted { KernelSpec.belongs($0, phase: phase) })
        guard !plan.ops.isEmpty else {
            throw InputError("--kernel \(spec.kind.rawValue) has no \(phase.rawValue) op")
        }
        return try simulate(plan: plan, network: network, batch: spec.batch, config: config, shouldStop: shouldStop)
    }

    /// The BabelStream-style bandwidth workload (`StreamBenchmark`): copy, mul, add, triad.
    public static func runStream(config: SystemConfig, elements: Int = StreamBenchmark.defaultElements,
                                 shouldStop: (@Sendable () -> Bool)? = nil,
                                 progress: ((Int, Int) -> Bool)? = nil) throws -> RunResult {
        try requireGPU(config, "--workload stream")
        let plan = StreamBenchmark.plan(elements: elements, options: config.training)
        let network = try Network(name: StreamBenchmark.name, file: "(built-in stream)", specs: [
            LayerSpec(name: "arrays", kind: .input(shape: BlobShape(channels: 1, height: 1, width: 1)),
                      bottoms: [], tops: ["arrays"])])
        return try simulate(plan: plan, network: network, batch: 1, config: config, shouldStop: shouldStop, progress: progress)
    }

    /// Kernel and stream runs exist for the GPU only.
    static func requireGPU(_ config: SystemConfig, _ what: String) throws {
        guard config.system.kind == .gpu else {
            throw InputError("\(what) runs on --system gpu only; with --system \(config.system.kind.rawValue) give a network (--workload NAME|.net|.prototxt)")
        }
    }

    /// Simulates every op of `plan` on a fresh system of `config`.
    public static func simulate(plan: TrainingPlan, network: Network, batch: Int, config: SystemConfig,
                                shouldStop: (@Sendable () -> Bool)? = nil,
                                progress: ((Int, Int) -> Bool)? = nil,
                                offload: (VDNNSchedule, OffloadDecision)? = nil) throws -> RunResult {
        let sim = Simulator()
        let memory = MemorySystem(config: config.memory, mechanisms: config.mechanisms, sim: sim)
        let categories = plan.tensors.map(TensorCategories.category(of:))
        func annotate(_ id: TensorID) {
            let r = plan.allocation.region(of: id)
            memory.annotate(region: UInt64(r.start)..<UInt64(r.end), category: categories[id.rawValue])
        }
        for t in plan.tensors { annotate(t.id) }
        let values = try WorkloadValues(plan: plan, network: network, config: config.values, seed: config.seed)
        let gpu = GPU(config: config.gpu, memory: memory, sim: sim, data: values)
        let gate = offload.flatMap { $0.0.offloads.isEmpty ? nil : attachOffload($0.0, config: config, memory: memory, sim: sim,
                                                                                    values: values, plan: plan) }
        var snapshots: [MechanismStats] = []
        snapshots.reserveCapacity(plan.ops.count + 1)
        let result = gpu.run(plan: plan, willStart: { index in
            // The software hint before a layer writes a feature map: a new write pass.
            for a in plan.ops[index].accesses where a.mode == .write && plan.tensors[a.tensor.rawValue].role == .featureMap {
                annotate(a.tensor)
            }
            snapshots.append(memory.mechanismTotals)
        }, gate: gate, shouldStop: shouldStop, progress: progress)
        guard result.ops.count == plan.ops.count else { throw CancellationError() }
        snapshots.append(memory.mechanismTotals)
        var report = WorkloadReport.build(plan: plan, network: network, batch: batch, config: config, result: result,
                                          snapshots: snapshots, memory: memory, categories: categories)
        addOffload(gate, decision: offload?.1, result: result, plan: plan, report: &report)
        report.warnings = values.unmatchedFiles.map { "\($0) matches no blob of \(network.name) and is not used (files are named after blobs, '/' written '_')" }
        return report
    }
}
