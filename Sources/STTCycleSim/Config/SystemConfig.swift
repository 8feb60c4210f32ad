import MemorySystem
import GPUModel
import Workloads
import Systolic
import Offload
import DataValues
import NeuroTrainer

/// Everything a run needs, printable as JSON (`--dump-config`) and loadable back
/// (`--config`). Presets are named starting points; `--set key=value` edits any field.
public struct SystemConfig: Sendable, Codable, Hashable {
    /// Name shown in reports (the preset's name unless changed).
    public var name: String
    /// Which system the run composes (compute engine + memory hierarchy + devices); `--system`.
    public var system: SystemSpec
    /// Seed of every random choice (synthetic data values, default trace payloads).
    public var seed: UInt64
    public var memory: MemoryConfig
    /// The paper's mechanisms (seed 000 §3–§4); all off for `dram` and `mlc`.
    public var mechanisms: MechanismSettings
    /// The GPU in front of the memory (workload runs).
    public var gpu: GPUConfig
    /// How a network becomes a training iteration (convolution algorithm, momentum, …).
    public var training: TrainingOptions
    /// Where written tensors get their bits.
    public var values: ValuesConfig
    /// What happens when the footprint exceeds device memory: vDNN offload over PCIe,
    /// optionally through cDMA's compressing copy engine (seed 003; `--offload`, `--compress`).
    public var offload: OffloadConfig
    /// The NeuroTrainer (seed 002) when `system.kind` is `neurotrainer`; absent otherwise
    /// (so GPU configurations print and load exactly as before).
    public var neurotrainer: NeuroTrainerConfig?

    public init(name: String, system: SystemSpec = SystemSpec(), seed: UInt64 = 1, memory: MemoryConfig, mechanisms: MechanismSettings = .off,
                gpu: GPUConfig = GPUConfig(), training: TrainingOptions = TrainingOptions(), values: ValuesConfig = ValuesConfig(),
                offload: OffloadConfig = OffloadConfig()) {
        self.name = name
        self.system = system
        self.seed = seed
        self.memory = memory
        self.mechanisms = mechanisms
        self.gpu = gpu
        self.training = training
        self.values = values
        self.offload = offload
    }

    /// All problems, each naming the parameter's full path.
    public func validate() -> [String] {
        var e = memory.validate(path: "memory")
        if name.isEmpty { e.append("name must not be empty") }
        e += mechanisms.validate(path: "mechanisms", device: memory.device)
        e += gpu.validate(path: "gpu", channels: memory.channels)
        e += training.validate()
        e += values.validate(path: "values")
        e += system.validate(path: "system")
        e += offload.validate(path: "offload")
        switch system.kind {
        case .gpu, .systolic: break
        case .neurotrainer:
            if let nt = neurotrainer {
                e += nt.validate(path: "neurotrainer")
                if memory.channels != nt.pes + 1 {
                    e.append("memory.channels must be neurotrainer.pes + 1 = \(nt.pes + 1) (one vault per PE and the common vault; is \(memory.channels)); set both")
                }
            }
            else { e.append("neurotrainer must be present when system.kind is neurotrainer (use --system neurotrainer)") }
        }
        return e
    }
}

/// The kinds of system a run can compose. A new kind is a case here, its run path (one
/// file) and a `SystemPresets` entry; the GPU path stays untouched.
public enum SystemKind: String, Sendable, Codable, CaseIterable {
    /// A GPU — SMs, sectored L2 slices, crossbar — in front of the memory controllers (seed 000).
    case gpu
    /// A systolic-array training accelerator with per-class SRAM / STT-MRAM scratchpads and
    /// DRAM spills (seed 001); `system.systolic` holds it.
    case systolic
    /// Seed 002's NeuroTrainer: PEs in an HMC's logic die fed by PMAG-programmed vaults and a
    /// broadcast/merge bus (`NeuroTrainer` module; run path `WorkloadRun.runOnNeuroTrainer`).
    case neurotrainer
}

/// The system axis of a configuration, beside the memory axis (`memory`).
public struct SystemSpec: Sendable, Codable, Hashable {
    /// The composition: which compute engine and on-chip memory front the memory system.
    public var kind: SystemKind = .gpu
    /// The accelerator of a `systolic` system (absent, and not written, for a GPU).
    public var systolic: SystolicConfig?
    public init(kind: SystemKind = .gpu, systolic: SystolicConfig? = nil) { self.kind = kind; self.systolic = systolic }

    public func validate(path: String) -> [String] {
        switch kind {
        case .gpu, .neurotrainer: return systolic == nil ? [] : ["\(path).systolic applies only to kind systolic; remove it"]
        case .systolic:
            guard let systolic else { return ["\(path).systolic is missing; kind systolic needs it (start from --system systolic)"] }
            return systolic.validate(path: "\(path).systolic")
        }
    }
}

/// The named systems (`--system`), each printable and editable like the memory presets.
public enum SystemPresets {
    /// Names in the order `--list-presets` lists them.
    public static let names = ["gpu"] + SystolicPresets.systemNames + ["neurotrainer", "neurotrainer-hmc2"]

    /// A one-line description per system preset.
    public static let summaries: [String: String] = [
        "gpu": "GPU (SMs, L2 slices, crossbar of the --gpu part) training a CNN (seed 000 Table 2)",
        "neurotrainer": "NeuroTrainer (seed 002): 15 PEs × 32 MACs at 2.5 GHz in an HMC 1.0 logic die, PMAG-fed vaults, 10 GB/s bus",
        "neurotrainer-hmc2": "NeuroTrainer on HMC 2.0 (seed 002 Table 6 estimate): 31 PEs, 32 vaults",
    ].merging(SystolicPresets.systems.map { ($0.name, $0.summary) }) { a, _ in a }

    public static func named(_ name: String) -> SystemSpec? {
        switch name {
        case "gpu": return SystemSpec(kind: .gpu)
        case "neurotrainer", "neurotrainer-hmc2": return SystemSpec(kind: .neurotrainer)
        default: return SystolicPresets.system(name).map { SystemSpec(kind: .systolic, systolic: $0) }
        }
    }

    /// The NeuroTrainer parameters of a system preset (nil for other kinds).
    public static func neurotrainer(_ name: String) -> NeuroTrainerConfig? {
        switch name {
        case "neurotrainer": return NeuroTrainerConfig()
        case "neurotrainer-hmc2": return .hmc2
        default: return nil
        }
    }

    /// The memory presets a system runs on when `--memory` is not given.
    public static func defaultMemory(_ name: String) -> [String] {
        switch SystemPresets.named(name)?.kind {
        case .neurotrainer: ["hmc-vault"]
        case .systolic: ["sram-iso"]   // a systolic system's SRAM baseline
        default: ["dram"]
        }
    }
}

/// The memory presets of each system kind: the GPU's device memories (`Presets`), the
/// systolic accelerator's scratchpad technologies (`SystolicPresets.memories`).
public enum MemoryAxis {
    /// Every `--memory` name, for argument parsing.
    public static var allNames: [String] { Presets.names + SystolicPresets.memoryNames }

    /// The systolic systems' scratchpad presets with their summaries (`--list-presets`).
    public static var systolicMemories: [(name: String, summary: String)] { SystolicPresets.memories }

    /// The `--memory` names that apply to `kind`.
    public static func names(for kind: SystemKind) -> [String] {
        switch kind {
        case .gpu, .neurotrainer: Presets.names
        case .systolic: SystolicPresets.memoryNames
        }
    }

    /// The configuration of memory preset `name` on `system`, nil when the two do not combine.
    /// A systolic system's DRAM is GDDR5X (`dram`) behind its default controllers [assumed].
    public static func configuration(_ name: String, system: SystemSpec) -> SystemConfig? {
        switch system.kind {
        case .gpu, .neurotrainer:
            guard var c = Presets.named(name) else { return nil }
            c.system = system
            return c
        case .systolic:
            guard let base = system.systolic, let s = SystolicPresets.apply(memory: name, to: base),
                  var c = Presets.named("dram") else { return nil }
            c.name = name
            c.system = SystemSpec(kind: .systolic, systolic: s)
            return c
        }
    }
}

/// The named configurations of seed 000 §5.3.
public enum Presets {
    /// Presets whose channel count and clock are their own, not set by the `--gpu` part's bus.
    public static let ownBus: Set<String> = ["hmc-vault"]
    /// Names in the order reports list them.
    public static let names = ["dram", "mlc", "bitlevel", "bitlevel+sparsecode", "slc-stt", "hmc-vault"]

    /// A one-line description per preset, for `--list-presets`.
    public static let summaries: [String: String] = [
        "dram": "GDDR5X baseline (channels and clock of the --gpu part)",
        "mlc": "MLC STT-RAM behind the same interface, no remapping (naive replacement)",
        "bitlevel": "MLC STT-RAM with data remapping and BitLevel",
        "bitlevel+sparsecode": "MLC STT-RAM with remapping, BitLevel and SparseCode",
        "slc-stt": "SLC STT-RAM behind the same interface: one bit per cell (MLC's soft-bit figures), no mechanisms",
        "hmc-vault": "HMC vaults (CasHMC timing, 32 B transactions, 8 banks, 10 GB/s each); one per channel (seed 002)",
    ]

    public static func named(_ name: String) -> SystemConfig? {
        switch name {
        case "dram": return SystemConfig(name: name, memory: MemoryConfig(device: DevicePresets.gddr5x))
        case "mlc": return SystemConfig(name: name, memory: MemoryConfig(device: DevicePresets.mlcSTTRAM))
        case "slc-stt": return SystemConfig(name: name, memory: MemoryConfig(device: DevicePresets.slcSTTRAM))
        case "hmc-vault":
            // 16 vaults of HMC 1.0 (seed 002 §3); 32 B interleave would split a row; 256 B runs as the GPU map.
            return SystemConfig(name: name, memory: MemoryConfig(channels: 16, device: DevicePresets.hmcVault))
        case "bitlevel":
            return SystemConfig(name: name, memory: MemoryConfig(device: DevicePresets.mlcSTTRAM),
                                mechanisms: MechanismSettings(remap: true, bitLevel: true))
        case "bitlevel+sparsecode":
            return SystemConfig(name: name, memory: MemoryConfig(device: DevicePresets.mlcSTTRAM),
                                mechanisms: MechanismSettings(remap: true, bitLevel: true, sparseCode: true))
        default: return nil
        }
    }
}
