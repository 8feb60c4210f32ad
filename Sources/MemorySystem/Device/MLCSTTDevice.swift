/// Series MLC STT-RAM (seed 000 §2.2): a cell holds a hard and a soft bit. A full
/// (two-bit) activation senses in two steps, a soft-only one in one; a two-bit write
/// drives the hard current through every cell (step 1) and the soft current through the
/// cells whose soft bit must differ (step 2); a soft-only write is one soft step. A bank
/// changing between full and soft-only access pays a mode switch. No refresh.
/// The cell arithmetic is `MLCCells`; the readings of Table 3 are `MLCTiming`'s choices.
public struct MLCSTTDevice: DeviceBehavior {
    let senseTwoBit: Int64
    let senseSoftOnly: Int64
    let modeSwitch: Int64
    let hardStep: Int64
    let softStep: Int64
    let hardFJPerCell: Int64
    let softFJPerCell: Int64
    let hardChargesPerCell: Int64
    let softStepPolicy: MLCSoftStepPolicy
    let blockBits: Int

    public init(spec: DeviceSpec, table: ConstraintTable, blockBits: Int) {
        senseTwoBit = table.senseTwoBit
        senseSoftOnly = table.senseSoftOnly
        modeSwitch = table.modeSwitch
        hardStep = table.hardStep
        softStep = table.softStep
        hardFJPerCell = DeviceModel.femtojoules(spec.energy.hardStepPJPerBit)
        softFJPerCell = DeviceModel.femtojoules(spec.energy.softStepPJPerBit)
        hardChargesPerCell = spec.mlc?.hardEnergyAccounting == .perDataBit ? 2 : 1
        softStepPolicy = spec.mlc?.softStepPolicy ?? .differingCells
        self.blockBits = blockBits
    }

    /// Sensing per activation and cell writes per burst (`ConstraintTable.cellArrayRows`).
    public static func extraRows(spec: DeviceSpec, writeData: Int64) -> [ConstraintRow] {
        ConstraintTable.cellArrayRows(writeData: writeData, technology: "MLC")
    }

    public static func validate(_ spec: DeviceSpec, path: String) -> [String] {
        guard let m = spec.mlc else { return ["\(path).mlc is required when technology is mlc-stt-ram"] }
        var errors: [String] = []
        if spec.organization.burstBytes != MemoryRequest.burstBytes {
            errors.append("\(path).organization: MLC STT-RAM cells are modelled per 64-byte burst (channelWidthBits × burstLength = 512)")
        }
        if m.readStep.cycles(tCKps: spec.tCKps) <= 0 { errors.append("\(path).mlc.readStep must be > 0") }
        if m.hardStep.cycles(tCKps: spec.tCKps) <= 0 { errors.append("\(path).mlc.hardStep must be > 0") }
        if m.softStep.cycles(tCKps: spec.tCKps) <= 0 { errors.append("\(path).mlc.softStep must be > 0") }
        return errors
    }

    public static var hasAccessModes: Bool { true }
    public static func bitsPerCell(_ mode: AccessMode) -> Int { mode == .softOnly ? 1 : 2 }
    public static var writeDependsOnData: Bool { true }

    public func senseCycles(mode: AccessMode, switching: Bool) -> Int64 {
        (mode == .softOnly ? senseSoftOnly : senseTwoBit) + (switching ? modeSwitch : 0)
    }

    public func write(_ data: BurstData, mode: AccessMode) -> WriteOutcome {
        switch mode {
        case .softOnly:
            let cells = MLCCells.cellsSoftOnly
            let soft = Int64(cells) * softFJPerCell
            return WriteOutcome(cycles: softStep, steps: 1, hardCells: 0, softCells: cells,
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
            return WriteOutcome(cycles: hardStep + (two ? softStep : 0), steps: two ? 2 : 1,
                                hardCells: cells, softCells: flips,
                                energyFJ: hard + soft, hardFJ: hard, softFJ: soft)
        }
    }

    public func expectedCellWriteCycles(mode: AccessMode, steps: Int) -> Int64 {
        mode == .softOnly ? softStep : hardStep + (steps == 2 ? softStep : 0)
    }

    /// Every MLC write is split into its hard and soft parts.
    public var plainWriteBurstFJ: Int64 { 0 }

    /// Background power of one channel, mW: **assumed** equal to GDDR5X's precharged
    /// standby VDD × IDD2N (1.35 V × 45 mA = 60.75 mW): the same interface, DLL, command
    /// decoding and peripheral circuits, but no refresh and no open-row (IDD3N) array
    /// current, the array being non-volatile. No published figure for this device.
    public static var backgroundMW: Double { GDDR5XDevice.currents.vdd * GDDR5XDevice.currents.idd2n }

    /// Table 3's access energies (what the simulation charges), no refresh, no activation
    /// term (sensing is in the per-bit read energy), the assumed background.
    public static func fullEnergy(_ a: DeviceActivity, spec: DeviceSpec) -> FullEnergy {
        var v = FullEnergy()
        v.read = Double(a.energyReadFJ) / 1000
        v.write = Double(a.energyWriteFJ) / 1000
        v.background = a.timeNs * Double(a.channels) * backgroundMW
        return v
    }

    /// Accesses by mode from the simulation: two-bit writes are the writes whose cells the
    /// hard step drove (`cellsHardStep` / 256), the rest are soft-only; soft-only reads are
    /// counted by the controllers. Latencies under the spec's readings of Table 3.
    public static func formula(_ c: DeviceActivity, spec: DeviceSpec) -> FormulaValues {
        var v = FormulaValues()
        guard let m = spec.mlc else { return v }
        let step = spec.nanoseconds(m.readStep)
        let readTwoBitNs: Double, readSoftOnlyNs: Double
        switch m.readLatencyReading {
        case .sensingStep: readTwoBitNs = 2 * step; readSoftOnlyNs = step
        case .wholeRead: readTwoBitNs = step; readSoftOnlyNs = step / 2
        }
        let writeOneStepNs = spec.nanoseconds(m.hardStep)
        let writeTwoStepNs = spec.nanoseconds(m.hardStep) + spec.nanoseconds(m.softStep)
        let writeSoftOnlyNs = spec.nanoseconds(m.softStep)
        let hardPJPerCell = spec.energy.hardStepPJPerBit * (m.hardEnergyAccounting == .perDataBit ? 2 : 1)
        let softPJPerCell = spec.energy.softStepPJPerBit
        // Sampled runs extrapolate each counter separately, so derived counts may be off
        // by a rounding step: round, and never go below zero.
        func minus(_ a: UInt64, _ b: UInt64) -> UInt64 { a > b ? a - b : 0 }
        let cells = UInt64(MLCCells.cellsTwoBit)
        let twoBit = (c.cellsHardStep + cells / 2) / cells
        v.readsSoftOnly = min(c.readsSoftOnly, c.reads)
        v.readsTwoBit = minus(c.reads, c.readsSoftOnly)
        v.writesTwoStep = c.writesTwoStep
        v.writesOneStep = minus(twoBit, c.writesTwoStep)
        v.writesSoftOnly = minus(c.writes, max(twoBit, c.writesTwoStep))
        v.energyWritePJ = Double(c.cellsHardStep) * hardPJPerCell + Double(c.cellsSoftStep) * softPJPerCell
        v.readTimeNs = Double(v.readsTwoBit) * readTwoBitNs + Double(v.readsSoftOnly) * readSoftOnlyNs
        v.writeTimeNs = Double(v.writesOneStep) * writeOneStepNs + Double(v.writesTwoStep) * writeTwoStepNs
            + Double(v.writesSoftOnly) * writeSoftOnlyNs
        v.energyReadPJ = Double(c.reads) * Double(MemoryRequest.burstBytes * 8) * spec.energy.readPJPerBit
        return v
    }
}

/// MLC STT-RAM array timing (seed 000 Table 3 and §4.1).
public struct MLCTiming: Sendable, Codable, Hashable {
    /// One sensing step. Table 3 lists 3.2 ns "read speed"; we read it as one sensing
    /// step, so a full-MLC activation senses in two steps (soft, then hard) and a
    /// soft-only activation in one.
    public var readStep: TimingValue
    /// Step 1 of a write: the hard-transition current (sets the hard bit and, by write
    /// disturbance, the soft bit to the same value). Table 3: 19.2 ns.
    public var hardStep: TimingValue
    /// Step 2 of a write, or a soft-only write: the soft-transition current. Table 3: 9.3 ns.
    public var softStep: TimingValue
    /// Extra activation latency when a bank's mode controller switches between full-MLC
    /// and soft-bit-only access. No published figure: our assumption, one sensing step.
    public var modeSwitch: TimingValue
    /// Reading of Table 3 (README "Readings of Table 3"): which cells of a normal-mode
    /// (non-remapped) two-bit write take the soft step. BitLevel-remapped writes always
    /// use `differingCells`.
    public var softStepPolicy: MLCSoftStepPolicy = .differingCells
    /// Reading of Table 3: whether the hard-transition energy is charged per cell driven
    /// or per data bit the cell stores after step 1 (two).
    public var hardEnergyAccounting: MLCHardEnergyAccounting = .perCell
    /// Reading of Table 3: whether `readStep` ("read speed 3.2 ns") is one sensing step or
    /// a whole two-bit read.
    public var readLatencyReading: MLCReadLatencyReading = .sensingStep

    public init(readStep: TimingValue, hardStep: TimingValue, softStep: TimingValue, modeSwitch: TimingValue,
                softStepPolicy: MLCSoftStepPolicy = .differingCells, hardEnergyAccounting: MLCHardEnergyAccounting = .perCell,
                readLatencyReading: MLCReadLatencyReading = .sensingStep) {
        self.readStep = readStep
        self.hardStep = hardStep
        self.softStep = softStep
        self.modeSwitch = modeSwitch
        self.softStepPolicy = softStepPolicy
        self.hardEnergyAccounting = hardEnergyAccounting
        self.readLatencyReading = readLatencyReading
    }
}

/// Which cells of a normal-mode two-bit MLC write are driven by the soft (step-2) current.
public enum MLCSoftStepPolicy: String, Sendable, Hashable, NamedConfigChoice {
    /// Step 2 only in the cells whose new soft bit differs from the hard bit step 1 wrote
    /// (a write none of whose cells differ is one step). Default.
    case differingCells
    /// Every normal-mode write is two steps and every cell takes step 2: the controller
    /// does not inspect the data (the naive design of seed 000 §3.2 as one may read it).
    case allCells
}

/// How the hard-transition energy of Table 3 ("2.69 pJ/bit") is charged.
public enum MLCHardEnergyAccounting: String, Sendable, Hashable, NamedConfigChoice {
    /// Per cell driven by the hard current (one charge per cell). Default.
    case perCell
    /// Per data bit written by step 1: a cell stores two bits after it, so two charges per
    /// cell. The soft step writes one bit per cell either way.
    case perDataBit
}

/// What Table 3's MLC "read speed 3.2 ns" denotes.
public enum MLCReadLatencyReading: String, Sendable, Hashable, NamedConfigChoice {
    /// One sensing step: a full-MLC activation senses in 2 × `readStep`, soft-only in one. Default.
    case sensingStep
    /// A whole two-bit read: a full-MLC activation senses in `readStep`, a soft-only one
    /// (one of the two steps) in `readStep` / 2.
    case wholeRead
}

