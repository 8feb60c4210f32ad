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
        // Default `co,bg,ba`: a channel's consecutive bursts share one row of one bank (a
        // 256-byte run is four columns of it) ...
        let run = (0..<4).map { m.decode(UInt64($0) * 64) }
        #expect(Set(run.map(\.bank)).count == 1 && Set(run.map(\.row)).count == 1)
        #expect(Set(run.map(\.column)).count == 4)
        // ... while `bg,co,ba` sends the four bursts of a run to four bank groups.
        let spread = AddressMapper(config: AddressMappingConfig(order: "bg,co,ba"), channels: channels,
                                   organization: DevicePresets.gddr5x.organization)
        let groups = (0..<4).map { spread.decode(UInt64($0) * 64).bankGroup }
        #expect(Set(groups).count == 4)
    }

    /// XOR bank hashing: two arrays a power-of-two row stripe apart land on different banks
    /// with it, on the same bank without it; either way every burst has its own place.
    @Test func bankHashingSeparatesArraysARowStripeApart() {
        let o = DevicePresets.gddr5x.organization
        let stripe = UInt64(8 * o.rowBytes * o.bankGroups * o.banksPerGroup)  // 8 channels × one row of every bank
        for hash in [false, true] {
            let m = AddressMapper(config: AddressMappingConfig(hashChannels: false, hashBanks: hash), channels: 8, organization: o)
            let a = m.decode(0), b = m.decode(stripe)
            #expect(a.channel == b.channel && a.row + 1 == b.row)
            #expect((a.bank != b.bank) == hash, "hashBanks \(hash)")
            var seen = Set<DecodedAddress>()
            var unique = true
            for i in 0..<UInt64(8 * 2048) { unique = seen.insert(m.decode(i * 64 * 97)).inserted && unique }
            #expect(unique, "two bursts decode to the same place")
        }
    }

    /// `channel(of:)`, the channel alone (the SMs' slice choice), agrees with `decode` on
    /// random addresses for channel counts that are and are not powers of two, hashed or not.
    @Test(arguments: [(8, true), (11, true), (11, false), (12, true), (32, false)])
    func channelAloneAgreesWithDecode(channels: Int, hash: Bool) {
        var state = UInt64(channels) * 31 + (hash ? 1 : 0)
        func next() -> UInt64 {   // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let m = AddressMapper(config: AddressMappingConfig(hashChannels: hash), channels: channels,
                              organization: DevicePresets.gddr5x.organization)
        for _ in 0..<20_000 {
            let a = next() & ((1 << 40) - 1)
            #expect(m.channel(of: a) == m.decode(a).channel)
        }
    }
}
