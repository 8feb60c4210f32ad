import Testing
@testable import MemorySystem

/// The readings of Table 3 as `memory.device.mlc` parameters (README "Readings of Table 3").
@Suite struct MLCReadingTests {
    static func model(policy: MLCSoftStepPolicy = .differingCells, energy: MLCHardEnergyAccounting = .perCell,
                      read: MLCReadLatencyReading = .sensingStep, blockBits: Int = 128) -> DeviceModel {
        var s = DevicePresets.mlcSTTRAM
        s.mlc!.softStepPolicy = policy
        s.mlc!.hardEnergyAccounting = energy
        s.mlc!.readLatencyReading = read
        return DeviceModel(spec: s, blockBits: blockBits)
    }

    /// Soft and hard bit of every cell agree (pairs 00 and 11), and the 128-bit neighbour
    /// blocks are identical: no cell needs step 2 under `differingCells`.
    static let agreeing = BurstData(0x0F0F_F0F0_3333_CCCC, 0xFFFF_0000_FFFF_0000, 0x0F0F_F0F0_3333_CCCC, 0xFFFF_0000_FFFF_0000,
                                    0x3C3C_3C3C_0000_FFFF, 0xC3C3_C3C3_F0F0_0F0F, 0x3C3C_3C3C_0000_FFFF, 0xC3C3_C3C3_F0F0_0F0F)

    @Test func allCellsDrivesEveryCellOfANaiveWriteEvenWhenBitsAgree() {
        let diff = Self.model(policy: .differingCells), all = Self.model(policy: .allCells)
        let a = diff.write(Self.agreeing, mode: .normal)
        #expect(a.steps == 1 && a.softCells == 0)
        let b = all.write(Self.agreeing, mode: .normal)
        #expect(b.steps == 2 && b.softCells == MLCCells.cellsTwoBit)
        #expect(b.cycles == all.table.hardStep + all.table.softStep)
        #expect(b.energyFJ == 256 * 2690 + 256 * 1810)
        // Data with one differing cell: differingCells drives one cell, allCells all 256.
        var one = BurstData(repeating: 0)
        one[3] = 0b01
        #expect(diff.write(one, mode: .normal).softCells == 1)
        #expect(all.write(one, mode: .normal).softCells == 256)
    }

    @Test(arguments: [32, 64, 128])
    func bitLevelWritesIgnoreTheSoftStepPolicy(block: Int) {
        let diff = Self.model(policy: .differingCells, blockBits: block), all = Self.model(policy: .allCells, blockBits: block)
        var rng = SyntheticSource(pattern: .random, count: 1, readFraction: 0, seed: 9)
        for i in 0..<200 {
            var d = BurstData()
            for k in 0..<8 { d[k] = rng.random() }
            if i % 3 == 0 { d = Self.agreeing }
            #expect(diff.write(d, mode: .bitLevel) == all.write(d, mode: .bitLevel))
            #expect(diff.write(d, mode: .softOnly) == all.write(d, mode: .softOnly))
        }
        // Identical 128-bit neighbour blocks skip step 2 under allCells too.
        let same = BurstData(7, 9, 7, 9, 0x33, 0x44, 0x33, 0x44)
        #expect(Self.model(policy: .allCells, blockBits: 128).write(same, mode: .bitLevel).steps == 1)
    }

    @Test func perDataBitDoublesTheHardStepEnergyOfATwoBitBurst() {
        let cell = Self.model(energy: .perCell), bit = Self.model(energy: .perDataBit)
        var d = BurstData(repeating: 0x5555_5555_5555_5555)   // every cell: hard 1, soft 0 → all differ
        let a = cell.write(d, mode: .normal), b = bit.write(d, mode: .normal)
        #expect(a.hardFJ == 256 * 2690 && b.hardFJ == 2 * a.hardFJ)
        #expect(a.softFJ == b.softFJ && a.softFJ == 256 * 1810)
        #expect(b.energyFJ == b.hardFJ + b.softFJ)
        #expect(a.cycles == b.cycles && a.hardCells == b.hardCells)
        // Soft-only writes carry no hard step and stay the same.
        d = BurstData(repeating: 0xDEAD_BEEF)
        #expect(cell.write(d, mode: .softOnly) == bit.write(d, mode: .softOnly))
    }

    @Test func wholeReadSensesATwoBitRowInOneReadStep() {
        let step = Self.model(read: .sensingStep), whole = Self.model(read: .wholeRead)
        let r = step.table.senseStep   // cycles of 3.2 ns
        #expect(step.senseCycles(mode: .normal, switching: false) == 2 * r)
        #expect(step.senseCycles(mode: .softOnly, switching: false) == r)
        #expect(whole.senseCycles(mode: .normal, switching: false) == r)
        let half = TimingValue.ns(1.6).cycles(tCKps: DevicePresets.mlcSTTRAM.tCKps)
        #expect(whole.senseCycles(mode: .softOnly, switching: false) == half)
        #expect(half < r)
        #expect(whole.senseCycles(mode: .normal, switching: true) == r + whole.table.modeSwitch)
    }

    @Test func defaultsAreTheFirstReading() {
        let m = DevicePresets.mlcSTTRAM.mlc!
        #expect(m.softStepPolicy == .differingCells && m.hardEnergyAccounting == .perCell && m.readLatencyReading == .sensingStep)
    }
}
