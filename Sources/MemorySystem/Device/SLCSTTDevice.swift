/// Single-level STT-RAM: one bit per cell. An activation senses in one step; a write
/// drives the write current through every cell of the burst in one step, during which
/// the bank takes no other command — the same cell-array model as MLC STT-RAM
/// (`ConstraintTable.cellArrayRows`), so that the two differ only in the cell. No access
/// modes, no refresh; the write cost does not depend on the data.
///
/// Seed 000 §2.2 notes that MLC STT-RAM "can perform in a similar way as SLC by only
/// accessing the soft-bits"; the `slc-stt` preset takes that literally (Table 3's
/// soft-bit figures, see `DevicePresets.slcSTTRAM`), which makes it the fair middle
/// point between DRAM and MLC that the paper never showed.
public struct SLCSTTDevice: DeviceBehavior {
    let sense: Int64
    let writeStep: Int64
    let writeBurstFJ: Int64

    public init(spec: DeviceSpec, table: ConstraintTable, blockBits: Int) {
        sense = spec.slc.map { $0.readStep.cycles(tCKps: spec.tCKps) } ?? 0
        writeStep = spec.slc.map { $0.writeStep.cycles(tCKps: spec.tCKps) } ?? 0
        writeBurstFJ = Int64(MemoryRequest.burstBytes * 8) * DeviceModel.femtojoules(spec.energy.writePJPerBit)
    }

    public static func extraRows(spec: DeviceSpec, writeData: Int64) -> [ConstraintRow] {
        ConstraintTable.cellArrayRows(writeData: writeData, technology: "SLC")
    }

    public static func validate(_ spec: DeviceSpec, path: String) -> [String] {
        guard let t = spec.slc else { return ["\(path).slc is required when technology is slc-stt-ram"] }
        var errors: [String] = []
        if spec.organization.burstBytes != MemoryRequest.burstBytes {
            errors.append("\(path).organization: SLC STT-RAM cells are modelled per 64-byte burst (channelWidthBits × burstLength = 512)")
        }
        if t.readStep.cycles(tCKps: spec.tCKps) <= 0 { errors.append("\(path).slc.readStep must be > 0") }
        if t.writeStep.cycles(tCKps: spec.tCKps) <= 0 { errors.append("\(path).slc.writeStep must be > 0") }
        return errors
    }

    public static var hasAccessModes: Bool { false }
    public static func bitsPerCell(_ mode: AccessMode) -> Int { 1 }
    public static var writeDependsOnData: Bool { false }

    public func senseCycles(mode: AccessMode, switching: Bool) -> Int64 { sense }

    public func write(_ data: BurstData, mode: AccessMode) -> WriteOutcome {
        WriteOutcome(cycles: writeStep, steps: 1, hardCells: 0, softCells: 0, energyFJ: writeBurstFJ)
    }

    public func expectedCellWriteCycles(mode: AccessMode, steps: Int) -> Int64 { writeStep }
    public var plainWriteBurstFJ: Int64 { writeBurstFJ }

    /// The simulated access energies, no refresh, no activation term, and the same
    /// **assumed** background as MLC STT-RAM (`MLCSTTDevice.backgroundMW`).
    public static func fullEnergy(_ a: DeviceActivity, spec: DeviceSpec) -> FullEnergy {
        var v = FullEnergy()
        v.read = Double(a.energyReadFJ) / 1000
        v.write = Double(a.energyWriteFJ) / 1000
        v.background = a.timeNs * Double(a.channels) * MLCSTTDevice.backgroundMW
        return v
    }

    /// The paper's method with this cell's figures: every read one sensing step, every
    /// write one write step; bits × per-bit energies.
    public static func formula(_ c: DeviceActivity, spec: DeviceSpec) -> FormulaValues {
        var v = FormulaValues()
        guard let t = spec.slc else { return v }
        let bits = Double(MemoryRequest.burstBytes * 8)
        v.readsTwoBit = c.reads
        v.writesOneStep = c.writes
        v.readTimeNs = Double(c.reads) * spec.nanoseconds(t.readStep)
        v.writeTimeNs = Double(c.writes) * spec.nanoseconds(t.writeStep)
        v.energyReadPJ = Double(c.reads) * bits * spec.energy.readPJPerBit
        v.energyWritePJ = Double(c.writes) * bits * spec.energy.writePJPerBit
        return v
    }
}

/// SLC STT-RAM array timing (`memory.device.slc`).
public struct SLCTiming: Sendable, Codable, Hashable {
    /// One sensing step of an activation.
    public var readStep: TimingValue
    /// One write step: the cells of a burst switched by one write current.
    public var writeStep: TimingValue

    public init(readStep: TimingValue, writeStep: TimingValue) {
        self.readStep = readStep
        self.writeStep = writeStep
    }
}
