import Testing
@testable import MemorySystem

@Suite struct MLCCellTests {
    let model = DeviceModel(spec: DevicePresets.mlcSTTRAM, blockBits: 128)
    var t: ConstraintTable { model.table }

    @Test func allCellsEqualNeedOneStep() {
        // normal mode: bit pairs (2i, 2i+1) equal → 0b00 or 0b11 pairs.
        let w = model.write(BurstData(repeating: 0xF0F0_3C3C_FFFF_0000), mode: .normal)
        #expect(w.steps == 1 && w.softCells == 0 && w.cycles == t.hardStep)
        #expect(w.hardCells == 256)
        #expect(w.energyFJ == 256 * 2690)
    }

    @Test func oneDifferingCellNeedsTwoSteps() {
        var d = BurstData(repeating: 0)
        d[5] = 0b10   // cell 1 of word 5: hard 0, soft 1
        let w = model.write(d, mode: .normal)
        #expect(w.steps == 2 && w.softCells == 1 && w.cycles == t.hardStep + t.softStep)
        #expect(w.energyFJ == 256 * 2690 + 1810)
    }

    @Test func softOnlyIsOneSoftStep() {
        let w = model.write(BurstData(repeating: 0xDEAD_BEEF), mode: .softOnly)
        #expect(w.steps == 1 && w.hardCells == 0 && w.softCells == 512 && w.cycles == t.softStep)
    }

    @Test(arguments: [32, 64, 128])
    func bitLevelIdenticalNeighboursSkipStepTwo(block: Int) {
        let m = DeviceModel(spec: DevicePresets.mlcSTTRAM, blockBits: block)
        let same: BurstData = block == 32 ? BurstData(repeating: 0x1234_5678_1234_5678)
                            : block == 64 ? BurstData(0xA, 0xA, 0xB, 0xB, 0xC, 0xC, 0xD, 0xD)
                            : BurstData(1, 2, 1, 2, 3, 4, 3, 4)
        #expect(m.write(same, mode: .bitLevel).steps == 1)
        var diff = same
        diff[1] ^= 1 << 40
        let w = m.write(diff, mode: .bitLevel)
        #expect(w.steps == 2 && w.softCells == 1)
    }

    @Test func randomBitsNeedAboutHalfTheCells() {
        var rng = SyntheticSource(pattern: .random, count: 1, readFraction: 0, seed: 5)
        var flips = 0, cells = 0
        for _ in 0..<2000 {
            var d = BurstData()
            for k in 0..<8 { d[k] = rng.random() }
            flips += MLCCells.softFlipsBitLevel(d, blockBits: 128)
            cells += 256
        }
        let f = Double(flips) / Double(cells)
        #expect(abs(f - 0.5) < 0.01, "fraction \(f)")
    }

    @Test func modeSwitchAddsLatency() {
        #expect(model.senseCycles(mode: .normal, switching: false) == 2 * t.senseStep)
        #expect(model.senseCycles(mode: .softOnly, switching: false) == t.senseStep)
        #expect(model.senseCycles(mode: .softOnly, switching: true) == t.senseStep + t.modeSwitch)
    }
}

@Suite struct AddressMappingTests {
    @Test(arguments: [8, 11])
    func sequentialBurstsSpreadOverChannelsAndGroups(channels: Int) {
        let m = AddressMapper(config: AddressMappingConfig(), channels: channels, organization: DevicePresets.gddr5x.organization)
        var perChannel = [Int](repeating: 0, count: channels)
        var seen = Set<DecodedAddress>()
        for i in 0..<UInt64(channels * 4096) {
            let d = m.decode(i * 64)
            perChannel[d.channel] += 1
            #expect(seen.insert(d).inserted, "two bursts decode to the same place")
        }
        #expect(perChannel.allSatisfy { $0 == 4096 })
        // Within a 256-byte run the four bursts go to four bank groups.
        let groups = (0..<4).map { m.decode(UInt64($0) * 64).bankGroup }
        #expect(Set(groups).count == 4)
    }
}
