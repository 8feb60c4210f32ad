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
    public static var availableWorkloads: [String] { WorkloadLibrary().availableNames }

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

    /// Simulates one iteration on the system `config.system.kind` composes.
    /// `progress(opsDone, opsTotal)` returning false, or `shouldStop` (polled inside
    /// kernels) returning true, stops the run; it then throws `CancellationError`.
    public static func run(network: Network, batch: Int, config: SystemConfig, shouldStop: (() -> Bool)? = nil,
                           progress: ((Int, Int) -> Bool)? = nil) throws -> RunResult {
        switch config.system.kind {
        case .gpu: return try runOnGPU(network: network, batch: batch, config: config, shouldStop: shouldStop, progress: progress)
        }
    }

    /// GPU (SMs, L2 slices, crossbar) + memory controllers + devices.
    static func runOnGPU(network: Network, batch: Int, config: SystemConfig, shouldStop: (() -> Bool)?,
                         progress: ((Int, Int) -> Bool)?) throws -> RunResult {
        let plan = try TrainingPlan(network: network, batch: batch, options: config.training)
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
        var snapshots: [MechanismStats] = []
        snapshots.reserveCapacity(plan.ops.count + 1)
        let result = gpu.run(plan: plan, willStart: { index in
            // The software hint before a layer writes a feature map: a new write pass.
            for a in plan.ops[index].accesses where a.mode == .write && plan.tensors[a.tensor.rawValue].role == .featureMap {
                annotate(a.tensor)
            }
            snapshots.append(memory.mechanismTotals)
        }, shouldStop: shouldStop, progress: progress)
        guard result.ops.count == plan.ops.count else { throw CancellationError() }
        snapshots.append(memory.mechanismTotals)
        var report = WorkloadReport.build(plan: plan, network: network, batch: batch, config: config, result: result,
                                          snapshots: snapshots, memory: memory, categories: categories)
        report.warnings = values.unmatchedFiles.map { "\($0) matches no blob of \(network.name) and is not used (files are named after blobs, '/' written '_')" }
        return report
    }
}
