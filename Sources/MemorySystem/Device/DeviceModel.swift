/// What a device does to a command, beyond the fixed constraint table: how long an
/// activation senses, how long a write takes in the cells, and what each costs in
/// energy. Parameters are data (the spec); the technology picks the formulas.
///
/// Energy is kept in integer femtojoules so that totals are exact sums of per-bit terms.
public struct DeviceModel: Sendable {
    public let technology: MemoryTechnology
    public let table: ConstraintTable
    /// Energy per bit read, fJ.
    public let readFJPerBit: Int64
    /// DRAM energy per bit written, fJ.
    public let writeFJPerBit: Int64
    /// MLC energy per cell driven by the hard / soft current, fJ.
    public let hardFJPerCell: Int64
    public let softFJPerCell: Int64
    public let activateFJ: Int64
    public let refreshFJ: Int64
    /// BitLevel neighbour-block size in bits (32, 64, 128).
    public let blockBits: Int
    /// Readings of Table 3 (`memory.device.mlc`; defaults for DRAM, where they are unused).
    public let softStepPolicy: MLCSoftStepPolicy
    /// Hard-current charges per cell driven: 1 (`perCell`) or 2 (`perDataBit`).
    public let hardChargesPerCell: Int64

    public init(spec: DeviceSpec, blockBits: Int) {
        technology = spec.technology
        table = ConstraintTable(spec: spec)
        func fj(_ pj: Double) -> Int64 { Int64((pj * 1000).rounded()) }
        readFJPerBit = fj(spec.energy.readPJPerBit)
        writeFJPerBit = fj(spec.energy.writePJPerBit)
        hardFJPerCell = fj(spec.energy.hardStepPJPerBit)
        softFJPerCell = fj(spec.energy.softStepPJPerBit)
        activateFJ = fj(spec.energy.activatePJ)
        refreshFJ = fj(spec.energy.refreshPJ)
        self.blockBits = blockBits
        softStepPolicy = spec.mlc?.softStepPolicy ?? .differingCells
        hardChargesPerCell = spec.mlc?.hardEnergyAccounting == .perDataBit ? 2 : 1
    }

    public var isMLC: Bool { technology == .mlcSTTRAM }

    /// Sensing cycles of an activation in `mode` (MLC: two steps, one in soft-only mode;
    /// plus the mode-switch time when the bank's mode controller changes mode). DRAM: 0,
    /// its tRCD is in the fixed table.
    public func senseCycles(mode: AccessMode, switching: Bool) -> Int64 {
        guard isMLC else { return 0 }
        return (mode == .softOnly ? table.senseSoftOnly : table.senseTwoBit) + (switching ? table.modeSwitch : 0)
    }

    /// Energy of reading one burst, fJ.
    public var readBurstFJ: Int64 { Int64(MemoryRequest.burstBytes * 8) * readFJPerBit }

    /// The outcome of writing one burst into the cells.
    public struct WriteOutcome: Sendable, Equatable {
        /// Cycles the cells are busy (MLC write steps; DRAM: 0, tWR is in the table).
        public var cycles: Int64
        /// Write steps taken: 1 or 2 (MLC), 1 (DRAM).
        public var steps: Int
        /// Cells driven by the hard current / the soft current.
        public var hardCells: Int
        public var softCells: Int
        /// Energy, fJ: DRAM bits × per-bit energy; MLC hard cells × hard (× 2 under
        /// `perDataBit`) + soft cells × soft.
        public var energyFJ: Int64
        /// The MLC parts of `energyFJ`: hard step, soft step (0 for DRAM).
        public var hardFJ: Int64 = 0
        public var softFJ: Int64 = 0
    }

    /// What writing `data` in `mode` costs.
    public func write(_ data: BurstData, mode: AccessMode) -> WriteOutcome {
        guard isMLC else {
            let bits = Int64(MemoryRequest.burstBytes * 8)
            return WriteOutcome(cycles: 0, steps: 1, hardCells: 0, softCells: 0, energyFJ: bits * writeFJPerBit)
        }
        switch mode {
        case .softOnly:
            let cells = MLCCells.cellsSoftOnly
            let soft = Int64(cells) * softFJPerCell
            return WriteOutcome(cycles: table.softStep, steps: 1, hardCells: 0, softCells: cells,
                                energyFJ: soft, hardFJ: 0, softFJ: soft)
        case .normal, .bitLevel:
            let cells = MLCCells.cellsTwoBit
            let flips: Int
            if mode == .bitLevel {
                flips = MLCCells.softFlipsBitLevel(data, blockBits: blockBits)   // always differingCells
            } else {
                flips = softStepPolicy == .allCells ? cells : MLCCells.softFlipsNormal(data)
            }
            let two = flips > 0
            let hard = Int64(cells) * hardChargesPerCell * hardFJPerCell
            let soft = Int64(flips) * softFJPerCell
            return WriteOutcome(cycles: table.hardStep + (two ? table.softStep : 0), steps: two ? 2 : 1,
                                hardCells: cells, softCells: flips,
                                energyFJ: hard + soft, hardFJ: hard, softFJ: soft)
        }
    }
}
