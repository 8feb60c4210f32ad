import CLIKit
import GPUModel
import Workloads

/// cuDNN-style algorithm choice (`cudnnFindConvolution{Forward,BackwardData}Algorithm`): for
/// every convolution and phase where more than implicit GEMM applies, each candidate that fits
/// `training.workspaceLimitBytes` is simulated alone — the layer's convolution at the run's
/// batch, on a fresh system of the same configuration — and the fastest is kept.
///
/// Candidates: implicit GEMM, fused Winograd F(2×2,3×3) and F(4×4,3×3) (forward and
/// backward-data of 3×3, stride-1, one-group convolutions with pad ≤ 1). Non-fused Winograd
/// stays selectable as a fixed policy but is not a candidate (it moves its transformed tensors
/// through DRAM; not measured against the others here). Backward-weight is always implicit GEMM.
/// A candidate whose compute-only time (its multiply-accumulates at the configured peak and
/// efficiency: a lower bound on its simulated time) is not below the best time found so far is
/// not simulated. Identical convolutions (same shapes and phase) are simulated once. The
/// trials run at `gpu.sampling.searchDetail` (default sampled, sampling less than a reported
/// run: see `fastestRun`), not at the run's `--detail`, so full and sampled runs choose alike;
/// `--kernel` reports the winning trial itself when the run's detail is the trials' detail.
public enum AlgorithmSearch {
    public static let candidates: [ConvolutionAlgorithm] = [.implicitGemm, .winogradFused2x2, .winogradFused4x4]

    /// The choice per `layer/phase` key (only for layers and phases with a choice to make).
    /// The distinct convolutions are searched on up to `jobs` threads, largest first; each
    /// search is independent (its own fresh systems), so the choices do not depend on `jobs`.
    public static func choices(network: Network, batch: Int, config: SystemConfig, layers: Set<String>? = nil,
                               phases: [Phase] = [.forward, .backwardData], jobs: Int = 1,
                               shouldStop: (@Sendable () -> Bool)? = nil) throws -> [String: ConvolutionAlgorithm] {
        var base = config.training
        base.convolutionAlgorithm = .implicitGemm
        let reference = try TrainingPlan(network: network, batch: batch, options: base)
        let present = Set(reference.ops.map { "\($0.layer)/\($0.phase.rawValue)" })
        // Distinct (spec, phase) pairs in network order, and the pair of each layer/phase.
        var searches: [(spec: String, phase: Phase, macs: Int)] = []
        var index: [String: Int] = [:]
        var pairOf: [(key: String, search: Int)] = []
        for layer in network.layers {
            guard case .convolution(let p) = layer.kind, layers?.contains(layer.name) ?? true,
                  TrainingOptions.winogradApplies(kernelH: p.kernelH, kernelW: p.kernelW, strideH: p.strideH,
                                                  strideW: p.strideW, group: p.group, padH: p.padH, padW: p.padW)
            else { continue }
            let input = layer.primaryInputShape
            let spec = "conv:W=\(input.width),H=\(input.height),C=\(input.channels),N=\(batch),K=\(p.numOutput),R=\(p.kernelH),S=\(p.kernelW),pad_h=\(p.padH),pad_w=\(p.padW),stride_v=\(p.strideH),stride_h=\(p.strideW)"
            for phase in phases where present.contains("\(layer.name)/\(phase.rawValue)") {
                let key = "\(spec)/\(phase.rawValue)"
                let i = index[key] ?? searches.count
                if i == searches.count {
                    index[key] = i
                    let out = layer.outputShapes[0]
                    searches.append((spec, phase, batch * out.height * out.width * p.numOutput * input.channels * p.kernelH * p.kernelW))
                }
                pairOf.append(("\(layer.name)/\(phase.rawValue)", i))
            }
        }
        // Largest first (by multiply-accumulates), so that the threads finish together; each
        // choice is put back in its search's place, so the order does not show.
        let order = searches.indices.sorted { (searches[$0].macs, $1) > (searches[$1].macs, $0) }
        let found = try ParallelMap.map(order.map { searches[$0] }, jobs: jobs) { s in
            try fastest(spec: try KernelSpec(parsing: s.spec), phase: s.phase, config: config, shouldStop: shouldStop)
        }
        var chosen = found
        for (position, i) in order.enumerated() { chosen[i] = found[position] }
        var result: [String: ConvolutionAlgorithm] = [:]
        for (key, i) in pairOf { result[key] = chosen[i] }
        return result
    }

    /// The fastest candidate for one kernel and phase.
    static func fastest(spec: KernelSpec, phase: Phase, config: SystemConfig,
                        shouldStop: (@Sendable () -> Bool)?) throws -> ConvolutionAlgorithm {
        try fastestRun(spec: spec, phase: phase, config: config, shouldStop: shouldStop).algorithm
    }

    /// The fastest candidate and its simulated run (the kernel alone on a fresh system with
    /// synthetic values: what `WorkloadRun.runKernel` reports for it).
    static func fastestRun(spec: KernelSpec, phase: Phase, config: SystemConfig,
                           shouldStop: (@Sendable () -> Bool)?) throws -> (algorithm: ConvolutionAlgorithm, run: RunResult) {
        var trial = config
        trial.values.directory = ""
        trial.gpu.sampling.detail = config.gpu.sampling.searchDetail
        // Ranking candidates needs less sampling than a reported run: at most 4 waves before
        // steady state may be declared, a window of 2 within 2 %, a cut after 8 (probes as
        // configured).
        if trial.gpu.sampling.detail == .sampled {
            trial.gpu.sampling.minWaves = min(trial.gpu.sampling.minWaves, 4)
            trial.gpu.sampling.window = min(trial.gpu.sampling.window, 2)
            trial.gpu.sampling.tolerance = max(trial.gpu.sampling.tolerance, 0.02)
            trial.gpu.sampling.maxWaves = min(trial.gpu.sampling.maxWaves, 8)
        }
        let network = try spec.network().withTrainingLoss()
        var timed: [(ConvolutionAlgorithm, Int64)] = []
        var runs: [ConvolutionAlgorithm: RunResult] = [:]
        var ranked: [(ConvolutionAlgorithm, Double)] = []
        for candidate in candidates {
            var options = config.training
            options.convolutionAlgorithm = ConvolutionPolicy(rawValue: candidate.rawValue)!
            let plan = try TrainingPlan(network: network, batch: spec.batch, options: options)
                .restricted { KernelSpec.belongs($0, phase: phase) }
            if candidate.fusedTile != nil {
                let bytes = plan.tensors.filter { $0.role == .workspace }.reduce(0) { $0 + $1.bytes }
                guard bytes <= config.training.workspaceLimitBytes else { continue }
            }
            ranked.append((candidate, computeBoundPs(plan, config.gpu)))
        }
        for (candidate, bound) in ranked.sorted(by: { $0.1 < $1.1 }) {
            if let best = timed.min(by: { $0.1 < $1.1 }), bound >= Double(best.1) { continue }
            trial.training.convolutionAlgorithm = ConvolutionPolicy(rawValue: candidate.rawValue)!
            let plan = try TrainingPlan(network: network, batch: spec.batch, options: trial.training)
                .restricted { KernelSpec.belongs($0, phase: phase) }
            let r = try WorkloadRun.simulate(plan: plan, network: network, batch: spec.batch, config: trial,
                                             shouldStop: shouldStop)
            timed.append((candidate, r.total.time.raw))
            runs[candidate] = r
        }
        // Ties keep the earlier candidate (implicit GEMM first).
        var best = timed[0]
        for t in timed.dropFirst() where t.1 < best.1 { best = t }
        return (best.0, runs[best.0]!)
    }

    /// Compute-only time of a plan's GEMMs on the whole GPU, ps: a lower bound of its simulated time.
    static func computeBoundPs(_ plan: TrainingPlan, _ gpu: GPUConfig) -> Double {
        var ps = 0.0
        for op in plan.ops {
            guard case .gemm(let shape) = op.kind else { continue }
            let efficiency = gpu.gemm.efficiency(for: shape, phase: op.phase)
            let perPs = Double(gpu.sms * gpu.smPeakFlopsPerCycle) * efficiency / Double(gpu.corePeriodPs)
            ps += 2 * Double(shape.macs) / perPs
        }
        return ps
    }
}
