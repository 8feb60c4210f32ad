import MemorySystem
import GPUModel

/// GPU parts (`--gpu NAME`): SM count, core clock, L2 size and the memory bus (channels and
/// per-pin data rate, which sets the command clock of every device preset behind it, GDDR5X
/// or MLC STT-RAM alike). Numbers are datasheet and whitepaper specifications, not fitted to
/// any result. Each channel is a 32-bit GDDR5X interface with 64-byte (BL16) bursts; its
/// command clock is tCK = 8 / pin rate (see `DevicePresets.gddr5x`).
public struct GPUPreset: Sendable {
    public var name: String
    public var summary: String
    public var sms: Int
    /// Core clock the simulation runs at, MHz, and where it comes from.
    public var coreClockMHz: Double
    public var l2Bytes: Int
    public var channels: Int
    /// Per-pin data rate of the memory bus, Gb/s (`nil`: keep the device preset's clock).
    public var pinRateGbps: Double?
    /// Device memory, GB of 8 Gb GDDR5X chips (sets `memory.capacityCells` = GB × 2^33).
    public var memoryGB: Int
    public var source: String

    /// Applies the part to a configuration.
    public func apply(to c: inout SystemConfig) {
        c.gpu.sms = sms
        c.gpu.coreClockMHz = coreClockMHz
        c.gpu.l2.totalBytes = l2Bytes
        c.memory.channels = channels
        c.memory.capacityCells = UInt64(memoryGB) << 33
        if let pinRateGbps { c.memory.device.timing.tCK = .ns(((8 / pinRateGbps) * 1000).rounded() / 1000) }
    }
}

public enum GPUPresets {
    public static let defaultName = "gtx1080ti"

    public static let all: [GPUPreset] = [
        GPUPreset(name: "gtx1080ti", summary: "GTX 1080 Ti (GP102): 28 SMs, 11 × 32-bit GDDR5X at 11 Gb/s = 484 GB/s, 2.75 MiB L2",
                  sms: 28, coreClockMHz: 1850, l2Bytes: 2_883_584, channels: 11, pinRateGbps: 11, memoryGB: 11,
                  source: "NVIDIA GTX 1080 Ti specifications and GP102 (Pascal) whitepaper: 3584 CUDA cores = 28 SMs × 128 lanes, 352-bit GDDR5X at 11 Gb/s = 484 GB/s (11 controllers of 32 bits), 11 GB (eleven 8 Gb chips), 2.75 MiB L2 (11 slices of 256 KiB). Clock 1850 MHz: assumed sustained GPU Boost 3.0 clock of a cool card running short kernels, the clock DeepBench's card is taken to have run at (nominal boost 1582 MHz; Tom's Hardware measured 1845 MHz initial boost on a GTX 1080 Ti; DeepBench's fastest SGEMM, 12.12 TFLOP/s, needs ≥ 1691 MHz at 100 % of peak). Seed 000 Table 2 says 1.5 GHz: --set gpu.coreClockMHz=1500."),
        GPUPreset(name: "gtx1080ti-paper", summary: "GTX 1080 Ti as seed 000 Table 2 models it: 8 controllers (484 GB/s), 4 MiB L2",
                  sms: 28, coreClockMHz: 1850, l2Bytes: 4 << 20, channels: 8, pinRateGbps: 15.125, memoryGB: 11,
                  source: "Seed 000 Table 2: 8 memory controllers sharing the 352-bit, 11 Gb/s bus (44 bits × 11 Gb/s = 60.5 GB/s each, modelled as 32-bit channels at the equivalent 15.125 Gb/s: DevicePresets.gddr5x), 4 MiB L2; SMs and clock as gtx1080ti."),
        GPUPreset(name: "gtx1080", summary: "GTX 1080 (GP104): 20 SMs, 320 GB/s GDDR5X (8 × 32-bit at 10 Gb/s)",
                  sms: 20, coreClockMHz: 1733, l2Bytes: 2 << 20, channels: 8, pinRateGbps: 10, memoryGB: 8,
                  source: "NVIDIA GTX 1080 specifications and GP104 whitepaper: 2560 CUDA cores (20 SMs), boost 1733 MHz (nominal; assumed sustained), 256-bit GDDR5X at 10 Gb/s = 320 GB/s, 8 GB, 2 MiB L2."),
        GPUPreset(name: "titanxp", summary: "Titan Xp (GP102): 30 SMs, 547.7 GB/s GDDR5X (12 × 32-bit at 11.41 Gb/s)",
                  sms: 30, coreClockMHz: 1582, l2Bytes: 3 << 20, channels: 12, pinRateGbps: 11.41, memoryGB: 12,
                  source: "NVIDIA Titan Xp specifications: 3840 CUDA cores (30 SMs), boost 1582 MHz (nominal; assumed sustained), 384-bit GDDR5X at 11.4 Gb/s = 547.7 GB/s, 12 GB, 3 MiB L2 (12 × 256 KiB slices)."),
    ]

    public static var names: [String] { all.map(\.name) }
    public static func named(_ name: String) -> GPUPreset? { all.first { $0.name == name } }
}
