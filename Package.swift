// swift-tools-version:6.0
// stt-cyclesim — a cycle-level, discrete-event simulator of CNN training on a GPU
// whose device memory is GDDR5X DRAM or MLC STT-RAM. No third-party packages.
import PackageDescription

// MARK: - Settings shared by every target

/// Release builds are what we measure; `-Ounchecked` is never used so that
/// preconditions guarding invariants stay in. Cross-module optimization lets the
/// kernel's small helpers inline into the callers. Dynamic exclusivity checks are off in
/// release only (measured: they took ~35 % of a memory-bound run in swift_beginAccess);
/// debug builds, which run the tests, keep them.
let optimize: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "stt-cyclesim",
    platforms: [.macOS(.v13)],
    products: [
        // The command-line simulator users run.
        .executable(name: "stt-cyclesim", targets: ["stt-cyclesim"]),
        // The library, for embedding the simulator in other Swift code.
        .library(name: "STTCycleSim", targets: ["STTCycleSim"]),
    ],
    targets: [
        // MARK: - Layers, lowest first (no arrow points upward)

        // Simulated time, clock domains, the event queue, stats. Knows nothing domain-specific.
        .target(name: "SimKernel", swiftSettings: optimize),
        // Bits of tensors: synthetic value models, .npy loading, SparseCode codec,
        // bit-level statistics. Knows nothing of memories or CNNs.
        .target(name: "DataValues", swiftSettings: optimize),
        // Requests, address mapping, memory controllers, GDDR5X and MLC STT-RAM devices, energy.
        .target(name: "MemorySystem", dependencies: ["SimKernel", "DataValues"],
                exclude: ["Mechanisms/MECHANISMS.md"], swiftSettings: optimize),
        // CNN descriptions, Caffe prototxt import, layer math, training plans, tensor roles.
        .target(name: "Workloads", swiftSettings: optimize),
        // SMs, kernel dispatcher, L2 slices, crossbar: turns a training plan into memory traffic.
        .target(name: "GPUModel", dependencies: ["SimKernel", "MemorySystem", "Workloads", "DataValues"], swiftSettings: optimize),
        // Systolic-array training accelerator (seed 001): folds, SRAM / STT-MRAM scratchpad
        // partitions, write-error physics, DRAM spills through MemorySystem.
        .target(name: "Systolic", dependencies: ["SimKernel", "MemorySystem", "Workloads", "DataValues"], swiftSettings: optimize),
        // The host link and the GPU's copy engine with its compressor (seed 003, cDMA/vDNN):
        // PCIe TLP serialisation per direction, DMA reads and writes through the memory system.
        .target(name: "Offload", dependencies: ["SimKernel", "MemorySystem", "DataValues"], swiftSettings: optimize),
        // Seed 002's NeuroTrainer: PEs in an HMC's logic die, PMAG programs, broadcast/merge bus,
        // vaults through the memory controllers.
        .target(name: "NeuroTrainer", dependencies: ["SimKernel", "MemorySystem", "Workloads"], swiftSettings: optimize),
        // Generic command-line plumbing: declarative argument parsing, atomic files, CSV, JSON overrides.
        .target(name: "CLIKit", swiftSettings: optimize),
        // System configuration and presets, assembly of a System, run loops, report writers.
        .target(name: "STTCycleSim",
                dependencies: ["SimKernel", "MemorySystem", "Workloads", "GPUModel", "Systolic", "NeuroTrainer", "DataValues", "CLIKit", "Offload"],
                swiftSettings: optimize),
        // The executable: argument parsing and exit codes only.
        .executableTarget(name: "stt-cyclesim", dependencies: ["STTCycleSim", "CLIKit"],
                         swiftSettings: optimize),

        // MARK: - Tests (Swift Testing)

        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel"]),
        .testTarget(name: "DataValuesTests", dependencies: ["DataValues"]),
        .testTarget(name: "MemorySystemTests", dependencies: ["MemorySystem", "SimKernel", "DataValues"]),
        .testTarget(name: "WorkloadsTests", dependencies: ["Workloads"]),
        .testTarget(name: "GPUModelTests", dependencies: ["GPUModel", "SimKernel", "MemorySystem", "Workloads"]),
        .testTarget(name: "CLIKitTests", dependencies: ["CLIKit"]),
        .testTarget(name: "SystolicTests", dependencies: ["Systolic", "SimKernel", "MemorySystem", "Workloads", "DataValues"]),
        .testTarget(name: "OffloadTests", dependencies: ["Offload", "MemorySystem", "SimKernel", "DataValues"]),
        .testTarget(name: "NeuroTrainerTests", dependencies: ["NeuroTrainer", "MemorySystem", "SimKernel", "Workloads"]),
        .testTarget(name: "STTCycleSimTests", dependencies: ["STTCycleSim", "stt-cyclesim", "Offload", "DataValues"]),
    ],
    swiftLanguageModes: [.v6]
)
