import MemorySystem

/// Which of the paper's mechanisms (seed 000 §3–§4) are on. The memory technology itself
/// is chosen by `memory.device`.
public struct MechanismConfig: Sendable, Codable, Hashable {
    /// Data remapping by data category (Table 1): soft-only and BitLevel access modes.
    public var remap: Bool
    /// BitLevel pairing of neighbour blocks in hard and soft bits (needs `remap`).
    public var bitLevel: Bool
    /// SparseCode zero-run encoding of sparse feature maps (needs `remap`).
    public var sparseCode: Bool

    public init(remap: Bool = false, bitLevel: Bool = false, sparseCode: Bool = false) {
        self.remap = remap
        self.bitLevel = bitLevel
        self.sparseCode = sparseCode
    }
}

/// Everything a run needs, printable as JSON (`--dump-config`) and loadable back
/// (`--config`). Presets are named starting points; `--set key=value` edits any field.
public struct SystemConfig: Sendable, Codable, Hashable {
    /// Name shown in reports (the preset's name unless changed).
    public var name: String
    /// Seed of every random choice (synthetic data values, default trace payloads).
    public var seed: UInt64
    public var memory: MemoryConfig
    public var mechanisms: MechanismConfig

    public init(name: String, seed: UInt64 = 1, memory: MemoryConfig, mechanisms: MechanismConfig = MechanismConfig()) {
        self.name = name
        self.seed = seed
        self.memory = memory
        self.mechanisms = mechanisms
    }

    /// All problems, each naming the parameter's full path.
    public func validate() -> [String] {
        var e = memory.validate(path: "memory")
        if name.isEmpty { e.append("name must not be empty") }
        if mechanisms.bitLevel && !mechanisms.remap { e.append("mechanisms.bitLevel needs mechanisms.remap = true") }
        if mechanisms.sparseCode && !mechanisms.remap { e.append("mechanisms.sparseCode needs mechanisms.remap = true") }
        if (mechanisms.remap || mechanisms.bitLevel || mechanisms.sparseCode) && memory.device.technology != .mlcSTTRAM {
            e.append("mechanisms need an MLC STT-RAM device (memory.device.technology = mlc-stt-ram)")
        }
        return e
    }
}

/// The named configurations of seed 000 §5.3.
public enum Presets {
    /// Names in the order reports list them.
    public static let names = ["dram", "mlc", "bitlevel", "bitlevel+sparsecode"]

    /// A one-line description per preset, for `--list-presets`.
    public static let summaries: [String: String] = [
        "dram": "GDDR5X baseline (GTX 1080 Ti class, 8 controllers, 484 GB/s)",
        "mlc": "MLC STT-RAM behind the same interface, no remapping (naive replacement)",
        "bitlevel": "MLC STT-RAM with data remapping and BitLevel",
        "bitlevel+sparsecode": "MLC STT-RAM with remapping, BitLevel and SparseCode",
    ]

    public static func named(_ name: String) -> SystemConfig? {
        switch name {
        case "dram": return SystemConfig(name: name, memory: MemoryConfig(device: DevicePresets.gddr5x))
        case "mlc": return SystemConfig(name: name, memory: MemoryConfig(device: DevicePresets.mlcSTTRAM))
        case "bitlevel":
            return SystemConfig(name: name, memory: MemoryConfig(device: DevicePresets.mlcSTTRAM),
                                mechanisms: MechanismConfig(remap: true, bitLevel: true))
        case "bitlevel+sparsecode":
            return SystemConfig(name: name, memory: MemoryConfig(device: DevicePresets.mlcSTTRAM),
                                mechanisms: MechanismConfig(remap: true, bitLevel: true, sparseCode: true))
        default: return nil
        }
    }
}
