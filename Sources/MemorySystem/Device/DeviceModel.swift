/// The device behind one channel as the controller and the checker use it: the
/// constraint table, the per-bit energies, and the technology's behaviour
/// (`DeviceBehavior`: sensing, cell writes, access modes). Parameters are data (the
/// spec); the technology's file holds the formulas.
///
/// Energy is kept in integer femtojoules so that totals are exact sums of per-bit terms.
public struct DeviceModel: Sendable {
    public let technology: MemoryTechnology
    public let table: ConstraintTable
    /// The technology's formulas.
    public let behavior: any DeviceBehavior
    /// Whether banks change between access modes at a cost (`DeviceBehavior.hasAccessModes`).
    public let hasAccessModes: Bool
    /// Energy per bit read, fJ.
    public let readFJPerBit: Int64
    /// MLC energy per cell driven by the hard / soft current, fJ.
    public let hardFJPerCell: Int64
    public let softFJPerCell: Int64
    public let activateFJ: Int64
    public let refreshFJ: Int64
    /// BitLevel neighbour-block size in bits (32, 64, 128).
    public let blockBits: Int
    /// Hard-current charges per cell driven: 1 (`perCell`) or 2 (`perDataBit`).
    public let hardChargesPerCell: Int64
    /// Bits of one burst (the device's access atom).
    public let burstBits: Int64

    /// pJ to integer fJ (the one rounding of energy parameters).
    public static func femtojoules(_ pj: Double) -> Int64 { Int64((pj * 1000).rounded()) }

    public init(spec: DeviceSpec, blockBits: Int) {
        technology = spec.technology
        table = ConstraintTable(spec: spec)
        behavior = spec.technology.behavior.init(spec: spec, table: table, blockBits: blockBits)
        hasAccessModes = spec.technology.behavior.hasAccessModes
        readFJPerBit = Self.femtojoules(spec.energy.readPJPerBit)
        hardFJPerCell = Self.femtojoules(spec.energy.hardStepPJPerBit)
        softFJPerCell = Self.femtojoules(spec.energy.softStepPJPerBit)
        activateFJ = Self.femtojoules(spec.energy.activatePJ)
        refreshFJ = Self.femtojoules(spec.energy.refreshPJ)
        self.blockBits = blockBits
        burstBits = Int64(spec.organization.burstBytes * 8)
        hardChargesPerCell = spec.mlc?.hardEnergyAccounting == .perDataBit ? 2 : 1
    }

    /// Sensing cycles of an activation in `mode` beyond the fixed table (plus the mode
    /// switch when the bank changes access mode).
    @inline(__always)
    public func senseCycles(mode: AccessMode, switching: Bool) -> Int64 { behavior.senseCycles(mode: mode, switching: switching) }

    /// Energy of reading one burst, fJ.
    public var readBurstFJ: Int64 { burstBits * readFJPerBit }

    /// What writing `data` in `mode` costs.
    @inline(__always)
    public func write(_ data: BurstData, mode: AccessMode) -> WriteOutcome { behavior.write(data, mode: mode) }
}
