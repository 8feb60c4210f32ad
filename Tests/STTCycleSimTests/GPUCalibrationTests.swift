import Foundation
import Testing
import GPUModel
import Workloads
@testable import STTCycleSim

/// The GPU model's calibrated mechanisms: cuDNN-style algorithm choice, fused Winograd's
/// on-chip transforms, the tail wave, and memory-level parallelism of streaming kernels.
@Suite(.serialized) struct GPUCalibrationTests {
    /// A small L2: 11 slices (the gtx1080ti default's channels) of 32 KiB, so that tiny tensors still reach memory.
    static let smallL2 = 11 * (32 << 10)

    /// The default preset (gtx1080ti), optionally with another L2 size.
    func config(l2: Int? = nil) throws -> SystemConfig {
        var c = try ConfigResolution.resolve(presets: ["dram"], configFile: nil, overrides: [], seed: nil)[0]
        if let l2 { c.gpu.l2.totalBytes = l2 }
        return c
    }

    func memoryBytes(_ r: RunResult) -> UInt64 { r.total.readBytes + r.total.writeBytes }

    /// The default preset with the loosest sampling (a window of one wave, no warm-up, no
    /// probes), so that small kernels of a few waves are sampled.
    func looseSampling() throws -> SystemConfig {
        var c = try config()
        c.gpu.sampling.minWaves = 1
        c.gpu.sampling.window = 1
        c.gpu.sampling.maxWaves = 1
        c.gpu.sampling.probes = 0
        c.gpu.sampling.warmupL2Turnover = 0
        c.gpu.sampling.minMeasuredBursts = 0
        return c
    }

    @Test func autoChoosesWinogradForA3x3Stride1LayerAndGemmForA1x1() throws {
        let net = try NetworkParser.parse(text: """
            Input data -> data shape=128x28x28
            Scale pre data -> pre
            Convolution c3 pre -> c3 num_output=128 kernel=3 pad=1
            Convolution c1 c3 -> c1 num_output=128 kernel=1
            end
            """, file: "t.net").withTrainingLoss()
        let choices = try AlgorithmSearch.choices(network: net, batch: 4, config: try config())
        #expect(choices["c3/forward"]?.fusedTile != nil, "\(choices)")
        #expect(choices["c3/backward_data"]?.fusedTile != nil, "\(choices)")
        #expect(choices["c1/forward"] == nil, "a 1×1 convolution has no Winograd candidate")
        var options = TrainingOptions()
        options.algorithmChoices = choices
        let plan = try TrainingPlan(network: net, batch: 4, options: options)
        let c1 = plan.ops.first { $0.name == "c1/forward" }!
        guard case .gemm(let shape) = c1.kind else { Issue.record("c1 is not a GEMM"); return }
        #expect(shape.algorithm == .implicitGemm)
    }

    /// The distinct searches run on several threads (`--jobs`), largest first, and each choice
    /// lands on its own layer and phase: this network's searches pick all three candidates,
    /// so a choice given to the wrong layer would show.
    @Test func theSearchChoosesAlikeOnAnyNumberOfThreads() throws {
        let net = try NetworkParser.parse(text: """
            Input data -> data shape=16x28x28
            Scale pre data -> pre
            Convolution c3 pre -> c3 num_output=64 kernel=3 pad=1
            Convolution c4 c3 -> c4 num_output=8 kernel=3 pad=1
            Convolution c5 c4 -> c5 num_output=128 kernel=3 pad=1
            end
            """, file: "t.net").withTrainingLoss()
        let serial = try AlgorithmSearch.choices(network: net, batch: 4, config: try config(), jobs: 1)
        #expect(serial.count == 6, "\(serial)")
        #expect(Set(serial.values).count == 3, "the test needs searches that choose differently: \(serial)")
        let parallel = try AlgorithmSearch.choices(network: net, batch: 4, config: try config(), jobs: 2)
        #expect(parallel == serial)
        // The searches run largest first: each choice must still be its own layer's, as a
        // search of that layer and phase alone finds it.
        for (key, choice) in serial {
            let parts = key.split(separator: "/").map(String.init)
            let alone = try AlgorithmSearch.choices(network: net, batch: 4, config: try config(), layers: [parts[0]],
                                                    phases: [Phase(rawValue: parts[1])!], jobs: 1)
            #expect(alone == [key: choice], "\(key)")
        }
    }

    /// The search's trials run at `gpu.sampling.searchDetail`, not at the run's `--detail`: a
    /// full-detail run chooses what a sampled run chooses, and then simulates the choice in
    /// full. This kernel is one where the two trial details rank the candidates differently
    /// (sampled trials pick F(2×2), full trials F(4×4)), so the test fails if the trials
    /// follow `--detail`.
    @Test func theAlgorithmSearchRunsAtItsOwnDetailNotTheRuns() throws {
        let spec = try KernelSpec(parsing: "conv:W=8,H=8,C=4,N=1024,K=32,R=3,S=3,pad_h=1,pad_w=1")
        func run(detail: SimulationDetail, search: SimulationDetail) throws -> (String, Double) {
            var c = try looseSampling()
            c.gpu.sampling.detail = detail
            c.gpu.sampling.searchDetail = search
            let r = try WorkloadRun.runKernel(spec, phase: .forward, config: c)
            let row = r.rows.first { $0.layer == KernelSpec.layerName }!
            return (row.gpu?.algorithm ?? "", r.total.gpu?.simulatedFraction ?? 1)
        }
        let sampled = try run(detail: .sampled, search: .sampled)
        let full = try run(detail: .full, search: .sampled)
        let fullTrials = try run(detail: .full, search: .full)
        #expect(sampled.1 < 1, "the sampled run samples: \(sampled)")
        #expect(fullTrials.0 != sampled.0, "full and sampled trials must disagree here, or the test shows nothing")
        #expect(full.0 == sampled.0, "full detail with sampled trials chooses as the sampled run: \(full) vs \(sampled)")
        #expect(full.1 == 1, "and simulates its choice in full")
    }

    @Test func fusedWinogradMovesFewerDRAMBytesThanNonFused() throws {
        let spec = try KernelSpec(parsing: "conv:W=28,H=28,C=64,N=4,K=64,R=3,S=3,pad_h=1,pad_w=1")
        var bytes: [ConvolutionPolicy: UInt64] = [:]
        for policy in [ConvolutionPolicy.winograd, .winogradFused2x2] {
            var c = try config(l2: Self.smallL2)
            c.training.convolutionAlgorithm = policy
            c.gpu.sampling.detail = .full
            bytes[policy] = memoryBytes(try WorkloadRun.runKernel(spec, phase: .forward, config: c))
        }
        #expect(bytes[.winogradFused2x2]! > 0)
        #expect(bytes[.winogradFused2x2]! * 2 < bytes[.winograd]!, "\(bytes)")
    }

    @Test func aKernelWith29CTAsOn28SMsPaysForASecondWave() throws {
        var times: [Int: Double] = [:]
        for tiles in [28, 29] {
            // 128×128 tiles, one column of tiles, K = 2048: compute-bound, no split-K.
            let spec = try KernelSpec(parsing: "gemm:M=\(128 * tiles),N=128,K=2048")
            var c = try config()
            c.gpu.sampling.detail = .full
            let r = try WorkloadRun.runKernel(spec, phase: .forward, config: c)
            times[tiles] = r.total.timeNs
        }
        // The 29th CTA shares an SM with another: that SM computes two tiles back to back.
        #expect(times[29]! > 1.6 * times[28]!, "\(times)")
    }

    /// Sampling keeps the tail effect: with 5 waves of 56 CTAs and one more, full detail
    /// pays for the lone last CTA; a sampled run that skips whole waves keeps that CTA alone
    /// at the end too (skipping a wave and a CTA instead would leave one lockstep wave and
    /// lose it).
    @Test func aSampledKernelStillPaysForItsPartialLastWave() throws {
        let spec = try KernelSpec(parsing: "gemm:M=\(128 * 281),N=128,K=128")
        var times: [SimulationDetail: Double] = [:]
        var fraction = 1.0
        for detail in [SimulationDetail.full, .sampled] {
            var c = try looseSampling()
            c.gpu.sampling.detail = detail
            // K = 128: stores outrun memory. With an unbounded L2 write-back buffer
            // (`gpu.l2.writebackBufferBursts=0`) the backlog rule (4096) would never let this
            // kernel be cut; the tail, not the backlog, is under test here, so no rule.
            c.gpu.sampling.maxCutBacklog = 0
            let r = try WorkloadRun.runKernel(spec, phase: .forward, config: c)
            times[detail] = r.total.timeNs
            if detail == .sampled { fraction = r.total.gpu?.simulatedFraction ?? 1 }
        }
        #expect(fraction < 1, "the kernel must be sampled for this test to show anything")
        let error = times[.sampled]! / times[.full]! - 1
        // Measured: −1.5 % skipping whole waves; −8.3 % when the skip took the lone CTA too.
        #expect(abs(error) < 0.04, "sampled \(times[.sampled]!) ns against full \(times[.full]!) ns (\(error))")
    }

    @Test func streamBandwidthRisesWithOutstandingRequestsAndSaturatesBelowPeak() throws {
        var bandwidth: [Double] = []
        var peak = 0.0
        for outstanding in [2, 8, 32, 128] {
            var c = try config(l2: Self.smallL2)
            c.gpu.sm.maxOutstandingRequests = outstanding
            let r = try WorkloadRun.runStream(config: c, elements: 1 << 19)
            let copy = r.rows.first { $0.layer == "copy" }!
            bandwidth.append(Double(copy.readBytes + copy.writeBytes) / copy.timeNs)
            peak = r.peakBandwidthGBps
        }
        for i in 1..<bandwidth.count { #expect(bandwidth[i] >= bandwidth[i - 1] * 0.98, "\(bandwidth)") }
        #expect(bandwidth[1] > 1.5 * bandwidth[0], "\(bandwidth)")
        #expect(bandwidth.last! < peak, "\(bandwidth) vs peak \(peak)")
        #expect(bandwidth.last! > 0.5 * peak, "\(bandwidth) vs peak \(peak)")
    }

    @Test func gpuPresetsComeFromSpecifications() throws {
        for g in GPUPresets.all {
            let c = try ConfigResolution.resolve(presets: ["dram", "mlc"], gpu: g.name, configFile: nil, overrides: [], seed: nil)
            for cfg in c {
                #expect(cfg.gpu.sms == g.sms)
                #expect(cfg.memory.channels == g.channels)
            }
        }
        let x = try ConfigResolution.resolve(presets: ["dram"], gpu: "titanxp", configFile: nil, overrides: [], seed: nil)[0]
        #expect(abs(x.memory.peakBandwidthBytesPerSecond / 1e9 - 547.7) < 1.5)
        let g = try ConfigResolution.resolve(presets: ["dram"], gpu: "gtx1080", configFile: nil, overrides: [], seed: nil)[0]
        #expect(abs(g.memory.peakBandwidthBytesPerSecond / 1e9 - 320) < 1)
        #expect(throws: InputError.self) { try ConfigResolution.resolve(presets: ["dram"], gpu: "rtx9090", configFile: nil, overrides: [], seed: nil) }
    }

    @Test func kernelSpecsRejectBadInput() throws {
        for bad in ["gemm:M=1,N=2", "fft:M=1", "gemm:M=1,N=2,K=0", "conv:W=1,H=1,C=1,N=1,K=1,R=1", "gemm:M=1,N=2,K=3,Q=4", "gemm:M=1,M=2,N=1,K=1"] {
            #expect(throws: WorkloadError.self) { try KernelSpec(parsing: bad) }
        }
        let s = try KernelSpec(parsing: "conv:W=56,H=56,C=64,N=16,K=64,R=3,S=3,pad_h=1,pad_w=1")
        #expect(s.batch == 16)
        let net = try s.network()
        #expect(net.layer(named: KernelSpec.layerName)?.outputShapes[0] == BlobShape(channels: 64, height: 56, width: 56))
    }
}
