/// Named accelerators (`--system`) and scratchpad technologies (`--memory`) of the systolic
/// system. The paper's sizes are unknown (SYSTEMS.md A2): the arrays and buffer sizes are
/// SCALE-Sim's public configurations, used as stand-ins [public: scalesim-project/scale-sim-v2
/// configs/scale.cfg, configs/google.cfg].
public enum SystolicPresets {
    /// `--system` names, with one-line summaries.
    public static let systems: [(name: String, summary: String)] = [
        ("systolic", "256×256 systolic training accelerator, scratchpads 6144/6144/2048/2048 KB (activations/weights/errors/gradients; SCALE-Sim google.cfg sizes as a stand-in), OS dataflow, DRAM spills"),
        ("systolic-32", "32×32 systolic training accelerator, scratchpads 64 KB per class (SCALE-Sim scale.cfg sizes as a stand-in), OS dataflow, DRAM spills"),
    ]

    /// `--memory` names for the systolic systems, with one-line summaries.
    public static let memories: [(name: String, summary: String)] = [
        ("sram-iso", "systolic: every scratchpad partition SRAM (the baseline)"),
        ("stt-mram-iso-capacity", "systolic: every partition STT-MRAM, same capacities (smaller area), nominal writes"),
        ("stt-mram-iso-area", "systolic: every partition STT-MRAM in SRAM's area (system.systolic.densityRatio × the capacity), nominal writes"),
        ("stt-mram-relaxed", "systolic: STT-MRAM iso-capacity, all writes at 0.8× voltage and 0.6× pulse (higher WER, less write energy)"),
        ("stt-mram-hetero", "systolic: STT-MRAM iso-capacity; relaxed writes (0.8× V, 0.6× t) for activations and errors, nominal for weights and gradients"),
    ]

    public static var systemNames: [String] { systems.map(\.name) }
    public static var memoryNames: [String] { memories.map(\.name) }

    /// The accelerator of a `--system` name, its partitions SRAM (the memory preset sets the technology).
    public static func system(_ name: String) -> SystolicConfig? {
        switch name {
        case "systolic":
            return SystolicConfig(array: ArrayConfig(rows: 256, cols: 256, dataflow: .outputStationary),
                                  partitions: sizes([6144, 6144, 2048, 2048], banks: 64))
        case "systolic-32":
            return SystolicConfig(array: ArrayConfig(rows: 32, cols: 32, dataflow: .outputStationary),
                                  partitions: sizes([64, 64, 64, 64], banks: 8))
        default: return nil
        }
    }

    /// Banks [assumed]: one 128-bit word per cycle per 4 PE rows (R·32 bits of operands per cycle).
    static func sizes(_ kb: [Int], banks: Int) -> [PartitionConfig] {
        zip(TensorClass.allCases, kb).map { PartitionConfig($0, ScratchpadTechnologies.sram, capacityKB: $1, banks: banks) }
    }

    /// The relaxed write mode of `stt-mram-relaxed` and `stt-mram-hetero` [assumed].
    public static let relaxed = WriteMode(voltageScale: 0.8, pulseScale: 0.6)

    /// `base` with the scratchpad technology of a `--memory` name; nil for an unknown name.
    public static func apply(memory name: String, to base: SystolicConfig) -> SystolicConfig? {
        var c = base
        func all(_ t: ScratchpadTechnology, _ mode: (TensorClass) -> WriteMode = { _ in WriteMode() }) {
            for i in c.partitions.indices {
                c.partitions[i].technology = t
                c.partitions[i].writeMode = mode(c.partitions[i].tensorClass)
            }
        }
        switch name {
        case "sram-iso": all(ScratchpadTechnologies.sram)
        case "stt-mram-iso-capacity": all(ScratchpadTechnologies.sttMram)
        case "stt-mram-iso-area": all(ScratchpadTechnologies.sttMram); c.isoArea = true
        case "stt-mram-relaxed": all(ScratchpadTechnologies.sttMram) { _ in relaxed }
        case "stt-mram-hetero":
            all(ScratchpadTechnologies.sttMram) { $0 == .activations || $0 == .errors ? relaxed : WriteMode() }
        default: return nil
        }
        return c
    }
}
