/// How a GEMM's operands sit in the array (SCALE-Sim's three dataflows, Samajdar et al.,
/// ISPASS 2020): which operand stays in the PEs while the other streams through.
public enum Dataflow: String, Sendable, Codable, CaseIterable, Hashable {
    /// Output-stationary: each PE accumulates one output; A rows and B columns stream in.
    case outputStationary = "os"
    /// Weight-stationary: a K×M block of weights is preloaded; the N inputs stream through.
    case weightStationary = "ws"
    /// Input-stationary: a K×N block of inputs is preloaded; the M weight rows stream through.
    case inputStationary = "is"
}

/// The compute array (`system.systolic.array`).
public struct ArrayConfig: Sendable, Codable, Hashable {
    /// PE rows R. Default 256 (SCALE-Sim `google.cfg`, a public stand-in; the paper's size is unknown).
    public var rows: Int = 256
    /// PE columns C. Default 256 (as `rows`).
    public var cols: Int = 256
    /// Dataflow. Default `ws` (SCALE-Sim `google.cfg`).
    public var dataflow: Dataflow = .weightStationary
    /// Array clock, MHz. Default 1000 [assumed].
    public var clockMHz: Double = 1000
    /// Energy of one fp32 multiply-accumulate, fJ. Default 4600: 3.7 pJ multiply + 0.9 pJ add at
    /// 45 nm (Horowitz, ISSCC 2014) [recalled, unverified here].
    public var macEnergyFJ: Int64 = 4600
    /// Elements per cycle of the vector unit that runs the non-GEMM ops (ReLU, pooling, LRN,
    /// softmax, update), in units of `cols` [assumed 1: one array row's width].
    public var vectorLanesPerCol: Int = 1

    public init() {}
    public init(rows: Int, cols: Int, dataflow: Dataflow) { self.rows = rows; self.cols = cols; self.dataflow = dataflow }

    public func validate(path: String) -> [String] {
        var e: [String] = []
        if !(1...65_536).contains(rows) { e.append("\(path).rows must be in 1...65536 (is \(rows))") }
        if !(1...65_536).contains(cols) { e.append("\(path).cols must be in 1...65536 (is \(cols))") }
        if !(clockMHz > 0 && clockMHz <= 100_000) { e.append("\(path).clockMHz must be in (0, 100000] MHz (is \(clockMHz))") }
        if macEnergyFJ < 0 { e.append("\(path).macEnergyFJ must be >= 0 fJ") }
        if !(1...1024).contains(vectorLanesPerCol) { e.append("\(path).vectorLanesPerCol must be in 1...1024") }
        return e
    }
}

/// The four tensor classes, each with its own scratchpad partition. The seed analyses
/// input activations, weights and errors; the fourth (weight gradients and optimizer
/// state) is [assumed].
public enum TensorClass: String, Sendable, Codable, CaseIterable, Hashable {
    case activations, weights, errors, gradients
    public var index: Int { Self.allCases.firstIndex(of: self)! }
}

/// The write knobs of an STT-MRAM partition: voltage and pulse width as multiples of the
/// cell's nominal write (`MTJParams.nominalVoltageV`, `nominalPulseNs`). Ignored for SRAM.
public struct WriteMode: Sendable, Codable, Hashable {
    /// Write voltage ÷ nominal. Default 1.
    public var voltageScale: Double = 1
    /// Write pulse ÷ nominal. Default 1.
    public var pulseScale: Double = 1
    public init(voltageScale: Double = 1, pulseScale: Double = 1) { self.voltageScale = voltageScale; self.pulseScale = pulseScale }
}

/// One scratchpad partition (`system.systolic.partitions[i]`): a tensor class's own memory.
public struct PartitionConfig: Sendable, Codable, Hashable {
    public var tensorClass: TensorClass
    /// Technology and its parameters (a row of `ScratchpadTechnologies`).
    public var technology: ScratchpadTechnology
    /// Capacity, KB (1 KB = 1024 B).
    public var capacityKB: Int
    /// Independent banks; a word goes to bank (word index mod banks). Default 8 [assumed].
    public var banks: Int = 8
    /// Write mode (STT-MRAM only).
    public var writeMode: WriteMode = WriteMode()

    public init(_ tensorClass: TensorClass, _ technology: ScratchpadTechnology, capacityKB: Int, banks: Int = 8,
                writeMode: WriteMode = WriteMode()) {
        self.tensorClass = tensorClass; self.technology = technology; self.capacityKB = capacityKB
        self.banks = banks; self.writeMode = writeMode
    }

    public var capacityBytes: Int { capacityKB * 1024 }

    public func validate(path: String) -> [String] {
        var e = technology.validate(path: "\(path).technology")
        if capacityKB < 0 { e.append("\(path).capacityKB must be >= 0 KB") }
        if !(1...4096).contains(banks) { e.append("\(path).banks must be in 1...4096 (is \(banks))") }
        if !(writeMode.voltageScale > 0 && writeMode.voltageScale <= 4) { e.append("\(path).writeMode.voltageScale must be in (0, 4]") }
        if !(writeMode.pulseScale > 0 && writeMode.pulseScale <= 100) { e.append("\(path).writeMode.pulseScale must be in (0, 100]") }
        return e
    }
}

/// The systolic accelerator (`system.systolic`): array, per-class scratchpad partitions,
/// write-buffer depth and the bit-switching model.
public struct SystolicConfig: Sendable, Codable, Hashable {
    public var array = ArrayConfig()
    /// One partition per tensor class, in `TensorClass.allCases` order.
    public var partitions: [PartitionConfig]
    /// Write-buffer entries (one word each) in front of every partition; full ⇒ the array
    /// stalls. Default 8 [assumed, SYSTEMS.md A3].
    public var writeBufferEntries: Int = 8
    /// Probability that a written bit differs from the bit the cell held (the switching-
    /// probability model that stands in for old/new values). Default 0.5 [assumed:
    /// independent, equiprobable old and new bits].
    public var switchProbability: Double = 0.5
    /// Density of STT-MRAM over SRAM used by the iso-area preset (bytes per area). Default 3
    /// (the low end of the seed's 3–4×; NVSim's cell areas give 146/57.5 = 2.54×).
    public var densityRatio: Double = 3
    /// Iso-area: every STT-MRAM partition holds `densityRatio` × its `capacityKB` (the SRAM
    /// capacity of the same area). Default false (iso-capacity).
    public var isoArea: Bool = false

    public init(array: ArrayConfig = ArrayConfig(), partitions: [PartitionConfig]) {
        self.array = array
        self.partitions = partitions
    }

    public func partition(_ c: TensorClass) -> PartitionConfig { partitions[c.index] }

    /// A partition's effective capacity, KB (scaled by `densityRatio` under iso-area for a non-volatile cell).
    public func effectiveCapacityKB(_ p: PartitionConfig) -> Int {
        isoArea && p.technology.mtj != nil ? Int((Double(p.capacityKB) * densityRatio).rounded()) : p.capacityKB
    }

    public func validate(path: String) -> [String] {
        var e = array.validate(path: "\(path).array")
        if partitions.map(\.tensorClass) != TensorClass.allCases {
            e.append("\(path).partitions must list one partition per class in the order \(TensorClass.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        for (i, p) in partitions.enumerated() { e += p.validate(path: "\(path).partitions[\(i)]") }
        if !(1...65_536).contains(writeBufferEntries) { e.append("\(path).writeBufferEntries must be in 1...65536") }
        if !(0...1).contains(switchProbability) { e.append("\(path).switchProbability must be in [0, 1]") }
        if !(densityRatio >= 1 && densityRatio <= 100) { e.append("\(path).densityRatio must be in [1, 100]") }
        return e
    }
}
