import Workloads
import SimKernel
import MemorySystem

/// Everything that describes the GPU side of a system (seed 000 Table 2: a GTX 1080 Ti
/// class GPU). Every parameter states its unit, default and source; numbers marked
/// *assumption* have no published figure and are parameters so that their effect can be
/// measured. Nothing here is fitted to a result: times, stalls and bandwidth emerge from
/// the simulation.
public struct GPUConfig: Sendable, Codable, Hashable {
    /// Streaming multiprocessors. Default 28 (GTX 1080 Ti / GP102; seed 000 Table 2).
    public var sms: Int = 28
    /// Core clock, MHz. Default 1850: the assumed sustained GPU Boost clock of a GTX 1080 Ti
    /// (nominal base/boost 1480/1582 MHz; seed 000 Table 2 says 1.5 GHz). See `GPUPresets`.
    public var coreClockMHz: Double = 1850
    /// FP32 lanes per SM. Default 128 (GP102: 3584 CUDA cores / 28 SMs).
    public var lanesPerSM: Int = 128
    /// FLOPs per lane per core cycle. Default 2 (one fused multiply-add).
    public var flopsPerLanePerCycle: Int = 2
    public var sm = SMConfig()
    public var gemm = GemmConfig()
    public var elementwise = ElementwiseConfig()
    public var l2 = L2Config()
    public var crossbar = CrossbarConfig()
    public var sampling = SamplingConfig()

    public init() {}

    /// Core clock period in integer picoseconds.
    public var corePeriodPs: Int64 { max(1, Int64((1_000_000 / coreClockMHz).rounded())) }
    /// Peak FP32 FLOPs per core cycle of one SM.
    public var smPeakFlopsPerCycle: Int { lanesPerSM * flopsPerLanePerCycle }

    /// All problems, each naming the parameter's full path (prefix e.g. `gpu`).
    public func validate(path: String) -> [String] {
        var e: [String] = []
        func range(_ v: Int, _ lo: Int, _ hi: Int, _ name: String) {
            if v < lo || v > hi { e.append("\(path).\(name) must be in \(lo)…\(hi) (is \(v))") }
        }
        func pow2(_ v: Int, _ name: String) {
            if v <= 0 || v & (v - 1) != 0 { e.append("\(path).\(name) must be a positive power of two (is \(v))") }
        }
        func fraction(_ v: Double, _ name: String) {
            if !(v > 0 && v <= 1) { e.append("\(path).\(name) must be in (0, 1] (is \(v))") }
        }
        range(sms, 1, 1024, "sms")
        if !(coreClockMHz >= 1 && coreClockMHz <= 100_000) { e.append("\(path).coreClockMHz must be in 1…100000 MHz (is \(coreClockMHz))") }
        range(lanesPerSM, 1, 4096, "lanesPerSM")
        range(flopsPerLanePerCycle, 1, 64, "flopsPerLanePerCycle")
        range(sm.maxOutstandingRequests, 1, 65_536, "sm.maxOutstandingRequests")
        range(sm.issueIntervalCycles, 1, 1024, "sm.issueIntervalCycles")
        for (v, n) in [(gemm.tileM, "gemm.tileM"), (gemm.tileN, "gemm.tileN"), (gemm.minimumTile, "gemm.minimumTile"),
                       (gemm.winogradTileM, "gemm.winogradTileM"), (gemm.winogradTileN2x2, "gemm.winogradTileN2x2"),
                       (gemm.winogradTileN4x4, "gemm.winogradTileN4x4"),
                       (gemm.kChunk, "gemm.kChunk")] {
            pow2(v, n)
            range(v, 1, 4096, n)
        }
        if gemm.minimumTile > min(gemm.tileM, gemm.tileN, gemm.winogradTileM, gemm.winogradTileN2x2, gemm.winogradTileN4x4) {
            e.append("\(path).gemm.minimumTile must be ≤ gemm.tileM and gemm.tileN (is \(gemm.minimumTile))")
        }
        fraction(gemm.efficiency, "gemm.efficiency")
        fraction(gemm.winogradEfficiency, "gemm.winogradEfficiency")
        fraction(gemm.forwardConvolutionEfficiency, "gemm.forwardConvolutionEfficiency")
        fraction(gemm.backwardDataConvolutionEfficiency, "gemm.backwardDataConvolutionEfficiency")
        fraction(gemm.backwardWeightConvolutionEfficiency, "gemm.backwardWeightConvolutionEfficiency")
        range(gemm.ctasPerSM, 1, 64, "gemm.ctasPerSM")
        range(gemm.maxKChunksPerCTA, 1, 1 << 30, "gemm.maxKChunksPerCTA")
        range(gemm.splitKTargetWaves, 0, 1024, "gemm.splitKTargetWaves")
        range(elementwise.ctaBytes, 128, 1 << 26, "elementwise.ctaBytes")
        fraction(elementwise.efficiency, "elementwise.efficiency")
        range(elementwise.ctasPerSM, 1, 64, "elementwise.ctasPerSM")
        pow2(l2.ways, "l2.ways")
        range(l2.ways, 1, 64, "l2.ways")
        range(l2.hitLatencyCycles, 0, 100_000, "l2.hitLatencyCycles")
        range(l2.writebackBufferBursts, 0, 1 << 30, "l2.writebackBufferBursts")
        if l2.totalBytes < 1 << 12 || l2.totalBytes > 1 << 34 {
            e.append("\(path).l2.totalBytes must be in 4096…2^34 bytes (is \(l2.totalBytes))")
        }
        range(crossbar.latencyCycles, 0, 100_000, "crossbar.latencyCycles")
        range(crossbar.portBytesPerCycle, 1, 1 << 20, "crossbar.portBytesPerCycle")
        e += sampling.validate(path: "\(path).sampling")
        return e
    }

    /// Problems that depend on the memory side: the L2 is sliced evenly over `channels`
    /// slices of whole sets of `l2.ways` 128-byte lines, a power of two sets each.
    public func validate(path: String, channels: Int) -> [String] {
        var e = validate(path: path)
        let perSlice = l2.totalBytes / max(channels, 1)
        let sets = perSlice / (L2Config.lineBytes * max(l2.ways, 1))
        if sets < 1 || sets & (sets - 1) != 0 || sets * L2Config.lineBytes * l2.ways * channels != l2.totalBytes {
            // Suggest the nearest valid sizes (a power of two sets per slice).
            let unit = L2Config.lineBytes * max(l2.ways, 1) * max(channels, 1)
            var lower = 1
            while lower * 2 * unit <= l2.totalBytes { lower *= 2 }
            e.append("\(path).l2.totalBytes must split into \(channels) slices of a power-of-two number of sets of \(l2.ways) × 128-byte lines (is \(l2.totalBytes) bytes: \(sets) sets per slice); e.g. \(lower * unit) or \(lower * 2 * unit) bytes for \(channels) channels")
        }
        return e
    }
}

/// One streaming multiprocessor's memory front end.
public struct SMConfig: Sendable, Codable, Hashable {
    /// Line requests an SM may have in flight to the L2 (an MSHR-like limit); an SM
    /// stalls issuing when it is reached. Default 128 lines (16 KB). *Assumption*: by
    /// Little's law 484 GB/s × ~0.5 µs loaded latency ≈ 240 KB ≈ 68 lines per SM are
    /// needed to saturate the memory; 128 leaves headroom, as real SMs do.
    public var maxOutstandingRequests: Int = 128
    /// Core cycles between two line requests of one SM (its load/store unit issues one
    /// coalesced 128-byte request per cycle). Default 1.
    public var issueIntervalCycles: Int = 1
    public init() {}
}

/// Element-wise, pooling, LRN, softmax, reduction, copy, transfer and Winograd-transform kernels.
public struct ElementwiseConfig: Sendable, Codable, Hashable {
    /// Bytes of the op's largest tensor access handled by one CTA; every other access is
    /// sliced in the same proportion. Default 2048: Caffe's kernels run 512 threads per
    /// CTA, one fp32 value per thread (`CAFFE_CUDA_NUM_THREADS`, `CUDA_KERNEL_LOOP`).
    public var ctaBytes: Int = 2048
    /// Fraction of the SM's peak FP32 rate these kernels achieve on their FLOPs.
    /// Default 0.5. *Assumption* (they are memory-bound; the value matters little).
    public var efficiency: Double = 0.5
    /// CTAs resident per SM. Default 4 (4 × 512 threads = 2048, GP102's thread limit per SM).
    public var ctasPerSM: Int = 4
    public init() {}
}

/// The L2 cache: sliced evenly over the memory channels (one slice per controller).
public struct L2Config: Sendable, Codable, Hashable {
    /// Line size in bytes (fixed): 128 B lines of two 64-byte sub-blocks, each the size
    /// of one memory burst, with their own valid and dirty bits.
    public static let lineBytes = 128
    /// Total capacity, bytes. Default 4 MiB (seed 000 Table 2; the GTX 1080 Ti ships 2.75 MiB).
    public var totalBytes: Int = 4 << 20
    /// Associativity. Default 16 (GPGPU-Sim GP102 config: 16 ways). LRU, write-back,
    /// write-allocate.
    public var ways: Int = 16
    /// Core cycles from a request's arrival at its slice to the data being ready (tag
    /// and data access). Default 150: with 2 × `crossbar.latencyCycles` a load that hits
    /// takes ≈ 230 cycles, the Pascal L2 hit latency measured by Jia et al.
    /// ("Dissecting the NVIDIA Volta GPU Architecture via Microbenchmarking", 2018: P100 ≈ 234 cycles).
    public var hitLatencyCycles: Int = 150
    /// Bursts. Dirty write-backs one slice may hold while they wait for room in its
    /// controller's write queue. While that many wait, the slice's pipeline stalls: it looks
    /// up no request (hits included, as an in-order L2 pipeline whose head cannot allocate)
    /// until a write-back leaves, so stores that outrun memory stall the SMs instead of
    /// piling up. Default 64 since stop 25. GP102's eviction buffer size is not public, so
    /// the value is *assumed*: GPGPU-Sim's GP102 configuration (`configs/tested-cfgs/SM6_TITANX`:
    /// `-gpgpu_dram_partition_queues 32:32:32:32`, two sub-partitions per channel) queues 64
    /// L2-to-DRAM requests per channel. 0: no limit (the model of stops 1–24, in which a
    /// store-only kernel such as AlexNet b128's input transfer left ~850 k bursts, 54 MB, far
    /// beyond the L2's capacity, to drain during the next kernel).
    public var writebackBufferBursts: Int = 64
    public init() {}
}

/// The SM ↔ L2 crossbar.
public struct CrossbarConfig: Sendable, Codable, Hashable {
    /// One-way latency, core cycles. Default 40 (see `L2Config.hitLatencyCycles`).
    public var latencyCycles: Int = 40
    /// Bytes one L2 slice port moves per core cycle. Default 128 (8 slices × 128 B ×
    /// 1.5 GHz ≈ 1.5 TB/s, in line with measured Pascal L2 bandwidth, ~3 × DRAM). *Assumption.*
    public var portBytesPerCycle: Int = 128
    public init() {}
}
