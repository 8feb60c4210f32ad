/// GDDR5X DRAM: all array timing (tRCD, tRAS, tWR, tRP) is in the fixed constraint table;
/// rows are refreshed every tREFI; a write costs its bits × the per-bit energy whatever
/// the data; one bit per cell.
public struct GDDR5XDevice: DeviceBehavior {
    /// Per-device currents, mA, and supply, V, for the `full` energy view (DRAMPower-style,
    /// Chandrasekar et al., DATE 2013). Source: DRAMsim3 `configs/GDDR5X_8Gb_x32.ini`
    /// `[power]` (the config our GDDR5X timing comes from); not checked against Micron's
    /// MT58K256M321JA datasheet here (no copy offline).
    public struct Currents: Sendable, Equatable {
        public var vdd = 1.35
        public var idd0 = 75.0
        public var idd2n = 45.0
        public var idd3n = 55.0
        public var idd4r = 211.0
        public var idd4w = 198.0
        public var idd5ab = 286.0
    }
    public static let currents = Currents()

    /// Table 3 gives DRAM one "read speed" and one "write speed", both 7.1 ns: the paper's
    /// formula charges it per access (seed 000 Table 3).
    public static let formulaAccessNs = 7.1

    let writeBurstFJ: Int64

    public init(spec: DeviceSpec, table: ConstraintTable, blockBits: Int) {
        writeBurstFJ = Int64(spec.organization.burstBytes * 8) * DeviceModel.femtojoules(spec.energy.writePJPerBit)
    }

    public static func extraRows(spec: DeviceSpec, writeData: Int64) -> [ConstraintRow] { [] }
    public static func validate(_ spec: DeviceSpec, path: String) -> [String] { [] }
    public static var hasAccessModes: Bool { false }
    public static func bitsPerCell(_ mode: AccessMode) -> Int { 1 }
    public static var writeDependsOnData: Bool { false }

    public func senseCycles(mode: AccessMode, switching: Bool) -> Int64 { 0 }

    public func write(_ data: BurstData, mode: AccessMode) -> WriteOutcome {
        WriteOutcome(cycles: 0, steps: 1, hardCells: 0, softCells: 0, energyFJ: writeBurstFJ)
    }

    public func expectedCellWriteCycles(mode: AccessMode, steps: Int) -> Int64 { 0 }
    public var plainWriteBurstFJ: Int64 { writeBurstFJ }

    /// IDD-based energies: activate/precharge from IDD0 over tRC net of the standby
    /// currents, read and write bursts from IDD4R/W over the burst, refresh from IDD5 over
    /// tRFC, and active standby (IDD3N) all the time — with the open-page policy some row
    /// is open in nearly every bank between accesses (an upper bound; IDD2N the lower).
    public static func fullEnergy(_ a: DeviceActivity, spec: DeviceSpec) -> FullEnergy {
        var v = FullEnergy()
        let c = currents, t = spec.timing
        let tBurst = spec.nanoseconds(t.tBL)
        // mA × ns × V = pJ.
        let actPre = c.vdd * (c.idd0 * spec.nanoseconds(t.tRC) - (c.idd3n * spec.nanoseconds(t.tRAS) + c.idd2n * spec.nanoseconds(t.tRP)))
        v.activatePrecharge = Double(a.activations) * max(actPre, 0)
        v.read = Double(a.reads) * c.vdd * (c.idd4r - c.idd3n) * tBurst
        v.write = Double(a.writes) * c.vdd * (c.idd4w - c.idd3n) * tBurst
        v.refresh = Double(a.refreshes) * c.vdd * (c.idd5ab - c.idd3n) * spec.nanoseconds(t.tRFC)
        v.background = a.timeNs * Double(a.channels) * c.vdd * c.idd3n
        return v
    }

    /// Every access at Table 3's 7.1 ns; bits × per-bit energies.
    public static func formula(_ c: DeviceActivity, spec: DeviceSpec) -> FormulaValues {
        var v = FormulaValues()
        let bits = Double(spec.organization.burstBytes * 8)
        v.readsTwoBit = c.reads
        v.writesOneStep = c.writes
        v.readTimeNs = Double(v.readsTwoBit) * formulaAccessNs
        v.writeTimeNs = Double(v.writesOneStep) * formulaAccessNs
        v.energyReadPJ = Double(c.reads) * bits * spec.energy.readPJPerBit
        v.energyWritePJ = Double(c.writes) * bits * spec.energy.writePJPerBit
        return v
    }
}
