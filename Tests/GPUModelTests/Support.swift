import Foundation
@testable import GPUModel
@testable import MemorySystem
import SimKernel
import Workloads

/// Tiny networks and a one-call harness for GPU runs.
enum Nets {
    /// Two convolutions (compute-heavy) and two fully connected layers.
    static let small = """
    network small
    Input           data -> data label shape=3x32x32
    Convolution     conv1 data -> conv1 num_output=32 kernel=3 pad=1
    ReLU            relu1 conv1 -> conv1
    Pooling         pool1 conv1 -> pool1 pool=max kernel=2 stride=2
    Convolution     conv2 pool1 -> conv2 num_output=64 kernel=3 pad=1
    ReLU            relu2 conv2 -> conv2
    InnerProduct    fc1 conv2 -> fc1 num_output=512
    ReLU            relu3 fc1 -> fc1
    InnerProduct    fc2 fc1 -> fc2 num_output=10
    SoftmaxWithLoss loss fc2 label -> loss
    end
    """

    /// A wide 3×3 convolution (compute-bound) next to a big fully connected layer
    /// (memory-bound at a small batch) and an element-wise ReLU.
    static let contrast = """
    network contrast
    Input           data -> data label shape=64x14x14
    Convolution     conv data -> conv num_output=128 kernel=3 pad=1
    ReLU            relu conv -> conv
    InnerProduct    fc conv -> fc num_output=64
    SoftmaxWithLoss loss fc label -> loss
    end
    """

    /// Many waves of one convolution: the sampling target.
    static let long = """
    network long
    Input           data -> data label shape=16x64x64
    Convolution     conv data -> conv num_output=32 kernel=3 pad=1
    ReLU            relu conv -> conv
    InnerProduct    fc conv -> fc num_output=10
    SoftmaxWithLoss loss fc label -> loss
    end
    """

    /// A large input (the transfer writes 4 MB at batch 32, faster than memory absorbs) and
    /// a small convolution after it.
    static let transfer = """
    network transfer
    Input           data -> data label shape=8x64x64
    Convolution     conv data -> conv num_output=8 kernel=3 pad=1
    InnerProduct    fc conv -> fc num_output=10
    SoftmaxWithLoss loss fc label -> loss
    end
    """

    static func plan(_ text: String, batch: Int, options: TrainingOptions = TrainingOptions()) throws -> TrainingPlan {
        try TrainingPlan(network: NetworkParser.parse(text: text, file: "test.net"), batch: batch, options: options)
    }
}

struct Harness {
    var gpu = GPUConfig()
    var memory = MemoryConfig()
    /// The controllers also look at cycles where nothing can issue (as before stop 22).
    var looksEveryCycle = false
    /// Seed 000's mechanisms and the software hints given before the run.
    var mechanisms = MechanismSettings.off
    var hints: [(Range<UInt64>, DataCategory)] = []

    init(detail: SimulationDetail = .full) {
        gpu.sampling.detail = detail
    }

    /// A fresh GPU and memory system with this harness's settings.
    func makeGPU() -> GPU {
        let sim = Simulator()
        let mem = MemorySystem(config: memory, mechanisms: mechanisms, sim: sim)
        for (region, category) in hints { mem.annotate(region: region, category: category) }
        for c in mem.controllers { c.sleepsUntilReady = !looksEveryCycle }
        return GPU(config: gpu, memory: mem, sim: sim)
    }

    /// Runs `plan` (optionally a range of ops) on a fresh system.
    func run(_ plan: TrainingPlan, ops: Range<Int>? = nil) -> (GPURunResult, GPU) {
        let g = makeGPU()
        return (g.run(plan: plan, ops: ops), g)
    }

    /// Runs ops `0..<2` of `plan` on a fresh system and returns the L2's write-back backlog
    /// (`L2Cache.pendingWritebacks`) when op 1 starts, and the GPU (for its counters).
    func runRecordingBacklog(_ plan: TrainingPlan) -> (GPURunResult, backlog: Int, GPU) {
        let g = makeGPU()
        var backlog = -1
        let r = g.run(plan: plan, ops: 0..<2, willStart: { if $0 == 1 { backlog = g.l2.pendingWritebacks } })
        return (r, backlog, g)
    }
}

extension GPURunResult {
    func op(_ name: String) -> OpResult? { ops.first { $0.name == name } }
}
