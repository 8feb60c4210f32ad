/// The memory technology behind a channel. Adding one is one new file with a
/// `DeviceBehavior`, one case here (with its line in `behavior`) and preset data.
public enum MemoryTechnology: String, Sendable, Codable, CaseIterable {
    /// GDDR5X DRAM: destructive-read rows restored by precharge, refresh (`GDDR5XDevice`).
    case gddr5x
    /// Series MLC STT-RAM (seed 000 §2.2): two-step sensing and writes, no refresh (`MLCSTTDevice`).
    case mlcSTTRAM = "mlc-stt-ram"
    /// Single-level STT-RAM: one bit per cell, one sensing step, one write step (`SLCSTTDevice`).
    case slcSTTRAM = "slc-stt-ram"

    /// The type that models this technology.
    public var behavior: any DeviceBehavior.Type {
        switch self {
        case .gddr5x: GDDR5XDevice.self
        case .mlcSTTRAM: MLCSTTDevice.self
        case .slcSTTRAM: SLCSTTDevice.self
        }
    }

    /// The technology ratios are reported against (the DRAM baseline).
    public static let baseline = MemoryTechnology.gddr5x
}

/// What one memory technology does beyond the common JEDEC-style constraint table: the
/// rows it adds, how long activations sense and cell writes take, what a write costs,
/// how many bits a cell holds, which parameters it needs, and its energy views. The
/// controller, the checker, the mechanisms and the reports ask it; none of them branches
/// on the technology.
public protocol DeviceBehavior: Sendable {
    /// The behaviour of a device with `spec`, whose constraint table is `table`;
    /// `blockBits` is BitLevel's neighbour-block size (used by devices with access modes).
    init(spec: DeviceSpec, table: ConstraintTable, blockBits: Int)

    /// Constraint rows this technology adds to the common table (`ConstraintTable.init`);
    /// `writeData` is CWL + tBL in cycles.
    static func extraRows(spec: DeviceSpec, writeData: Int64) -> [ConstraintRow]

    /// Problems with the technology's own parameters, each naming its full path.
    static func validate(_ spec: DeviceSpec, path: String) -> [String]

    /// Whether a bank serves access modes (full / soft-only) whose change costs a mode
    /// switch, so that the mechanisms (remapping, BitLevel, SparseCode) apply.
    static var hasAccessModes: Bool { get }

    /// Data bits one cell stores in `mode` (footprints in cells).
    static func bitsPerCell(_ mode: AccessMode) -> Int

    /// Whether the cost of a write depends on the bits written (clients may skip
    /// generating data when no device or mechanism needs it).
    static var writeDependsOnData: Bool { get }

    /// Sensing cycles of an activation in `mode` beyond the fixed table (the `.sense`
    /// dynamic term); `switching`: the bank changes access mode.
    func senseCycles(mode: AccessMode, switching: Bool) -> Int64

    /// What writing `data` in `mode` costs (cycles are the `.cellWrite` dynamic term).
    func write(_ data: BurstData, mode: AccessMode) -> WriteOutcome

    /// The cell-write cycles a WR in `mode` that took `steps` steps must carry (the
    /// checker's independent expectation).
    func expectedCellWriteCycles(mode: AccessMode, steps: Int) -> Int64

    /// Energy of the write bursts that `energyWriteFJ` counts (the part of a write not
    /// split into hard and soft steps), fJ per burst: the invariant check's expectation.
    var plainWriteBurstFJ: Int64 { get }

    /// The `full` energy view (`--energy-view full`) of one row's activity.
    static func fullEnergy(_ a: DeviceActivity, spec: DeviceSpec) -> FullEnergy

    /// The paper's formula (seed 000 §5.2) on one row's counts (`--analytic`).
    static func formula(_ c: DeviceActivity, spec: DeviceSpec) -> FormulaValues
}

/// The outcome of writing one burst into the cells.
public struct WriteOutcome: Sendable, Equatable {
    /// Cycles the cells are busy (STT-RAM write steps; DRAM: 0, tWR is in the table).
    public var cycles: Int64
    /// Write steps taken: 1 or 2 (MLC), 1 (DRAM, SLC).
    public var steps: Int
    /// Cells driven by the hard current / the soft current (MLC; 0 otherwise).
    public var hardCells: Int
    public var softCells: Int
    /// Energy, fJ.
    public var energyFJ: Int64
    /// The MLC parts of `energyFJ`: hard step, soft step (0 for other devices).
    public var hardFJ: Int64 = 0
    public var softFJ: Int64 = 0
}

/// The counts of one report row that the energy views and the formula read.
public struct DeviceActivity: Sendable, Equatable {
    public var reads: UInt64 = 0
    public var readsSoftOnly: UInt64 = 0
    public var writes: UInt64 = 0
    public var writesTwoStep: UInt64 = 0
    public var cellsHardStep: UInt64 = 0
    public var cellsSoftStep: UInt64 = 0
    /// Activations: row misses + conflicts (each opened a row, later precharged).
    public var activations: UInt64 = 0
    public var refreshes: UInt64 = 0
    /// The simulation's access energies, fJ.
    public var energyReadFJ: Int64 = 0
    public var energyWriteFJ: Int64 = 0
    /// Duration of the row, ns, and channels of the memory system.
    public var timeNs: Double = 0
    public var channels: Int = 1
    public init() {}
}

/// The `full` energy view of a row, pJ.
public struct FullEnergy: Sendable, Equatable {
    public var activatePrecharge = 0.0
    public var read = 0.0
    public var write = 0.0
    public var refresh = 0.0
    public var background = 0.0
    public var total: Double { activatePrecharge + read + write + refresh + background }
    public init() {}
}

/// The paper's formula on one row: accesses by class, Σ accesses × per-access latency and
/// Σ bits × per-bit energy.
public struct FormulaValues: Sendable, Equatable {
    public var readsTwoBit: UInt64 = 0
    public var readsSoftOnly: UInt64 = 0
    public var writesOneStep: UInt64 = 0
    public var writesTwoStep: UInt64 = 0
    public var writesSoftOnly: UInt64 = 0
    /// Σ accesses × per-access latency, ns.
    public var readTimeNs: Double = 0
    public var writeTimeNs: Double = 0
    public var accessTimeNs: Double { readTimeNs + writeTimeNs }
    /// Σ bits (cells) × per-bit (per-cell) energy, pJ.
    public var energyReadPJ: Double = 0
    public var energyWritePJ: Double = 0
    public var energyPJ: Double { energyReadPJ + energyWritePJ }
    public init() {}
}

extension DeviceSpec {
    /// A parameter in ns (cycle counts at this spec's clock).
    public func nanoseconds(_ v: TimingValue) -> Double {
        switch v {
        case .ns(let x): return x
        case .ck(let n): return Double(n) * (Double(tCKps) / 1000)
        }
    }

    /// Whether ratios are reported against this device (the DRAM baseline).
    public var isBaseline: Bool { technology == MemoryTechnology.baseline }
}
