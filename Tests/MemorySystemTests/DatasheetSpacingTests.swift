import Testing
@testable import MemorySystem

/// Each device's constraint rows against an independent expectation: minimum command
/// spacings in cycles computed here from the datasheet values (DRAMsim3's
/// GDDR5X_8Gb_x32.ini, Micron MT58K256M321JA; seed 000 Table 3 for MLC), by this file's
/// own ceiling division — not from `ConstraintTable`, `DeviceSpec` or `TimingValue`.
/// A wrong row in `ConstraintTable.swift` (e.g. tRCDWR 2 cycles short, tWTR_L 3 short)
/// fails here, although the controller and the checker, which share the table, agree.
@Suite struct DatasheetSpacingTests {
    /// Command clock, ps (15.125 Gb/s equivalent pin rate: README "Bandwidth organisation").
    static let tCK: Int64 = 529
    /// ⌈ns / tCK⌉ with ns given in picoseconds.
    static func ck(ps: Int64) -> Int64 { (ps + tCK - 1) / tCK }

    struct Spacing: Hashable, CustomStringConvertible {
        var preceding: Command, following: Command, scope: ConstraintScope, cycles: Int64, dynamic: DynamicTerm
        var description: String { "\(preceding)→\(following) [\(scope)] \(cycles)\(dynamic == .none ? "" : " + \(dynamic)")" }
    }

    // GDDR5X datasheet values (DRAMsim3 cycles × 0.666 ns, as entered in ns; clock-bound ones in cycles).
    static let CL = ck(ps: 15_984), CWL = ck(ps: 4_662), tBL: Int64 = 2
    static let tRCDRD = ck(ps: 15_984), tRCDWR = ck(ps: 13_320), tRP = ck(ps: 15_984), tRAS = ck(ps: 37_296)
    static let tRC = ck(ps: 53_280), tRRD = ck(ps: 6_660), tFAW = ck(ps: 26_640), tWTR_S = ck(ps: 6_660)
    static let tWTR_L = ck(ps: 6_660), tWR = ck(ps: 15_984), tRFC = ck(ps: 49_284), tREFI = ck(ps: 1_900_000)
    static let tCCD_S: Int64 = 2, tCCD_L: Int64 = 3, tRTP: Int64 = 2, tRTRS: Int64 = 1

    static func s(_ a: Command, _ b: Command, _ sc: ConstraintScope, _ c: Int64, _ d: DynamicTerm = .none) -> Spacing {
        Spacing(preceding: a, following: b, scope: sc, cycles: c, dynamic: d)
    }

    /// The spacings common to both devices (bus, burst, inter-command), with the array
    /// timings passed in.
    static func common(tRC: Int64, tRCDRD: Int64, tRCDWR: Int64, tRAS: Int64, tRP: Int64, tWR: Int64, tRFC: Int64) -> [Spacing] {
        [s(.act, .act, .bank, tRC), s(.act, .act, .bankGroup, tRRD), s(.act, .act, .channel, tRRD),
         s(.act, .rd, .bank, tRCDRD), s(.act, .wr, .bank, tRCDWR), s(.act, .pre, .bank, tRAS),
         s(.pre, .act, .bank, tRP), s(.pre, .ref, .channel, tRP),
         s(.rd, .rd, .bankGroup, tCCD_L), s(.rd, .rd, .channel, tCCD_S), s(.rd, .wr, .channel, CL + tBL + tRTRS - CWL),
         s(.rd, .pre, .bank, tRTP),
         s(.wr, .wr, .bankGroup, tCCD_L), s(.wr, .wr, .channel, tCCD_S),
         s(.wr, .rd, .bankGroup, CWL + tBL + tWTR_L), s(.wr, .rd, .channel, CWL + tBL + tWTR_S),
         s(.wr, .pre, .bank, CWL + tBL + tWR),
         s(.ref, .act, .channel, tRFC), s(.ref, .ref, .channel, tRFC)]
    }

    static let gddr5x = common(tRC: tRC, tRCDRD: tRCDRD, tRCDWR: tRCDWR, tRAS: tRAS, tRP: tRP, tWR: tWR, tRFC: tRFC)

    /// MLC STT-RAM: array timings replaced by sensing and cell-write terms; precharge 1 tCK
    /// (assumed), no restore, no refresh.
    static let mlc = common(tRC: 0, tRCDRD: 0, tRCDWR: 0, tRAS: 0, tRP: 1, tWR: 0, tRFC: 0) + [
        s(.act, .rd, .bank, 0, .sense), s(.act, .wr, .bank, 0, .sense), s(.act, .pre, .bank, 0, .sense),
        s(.wr, .pre, .bank, CWL + tBL, .cellWrite), s(.wr, .rd, .bank, CWL + tBL, .cellWrite),
        s(.wr, .wr, .bank, CWL + tBL, .cellWrite),
    ]

    /// SLC STT-RAM: the same cell-array model as MLC (sensing and one write step as dynamic
    /// terms), the same zeroed DRAM array timings, no refresh.
    static let slc = mlc

    static func rows(_ spec: DeviceSpec) -> [Spacing] {
        ConstraintTable(spec: spec).rows.map { Spacing(preceding: $0.preceding, following: $0.following, scope: $0.scope,
                                                       cycles: $0.cycles, dynamic: $0.dynamic) }
    }

    @Test func datasheetCyclesAreWhatTheHandTableSays() {
        // Spot values written out, so the conversion itself is checked by hand too.
        #expect([Self.CL, Self.CWL, Self.tRCDRD, Self.tRCDWR, Self.tRAS, Self.tRC] == [31, 9, 31, 26, 71, 101])
        #expect([Self.tRRD, Self.tFAW, Self.tWTR_L, Self.tWR, Self.tRFC, Self.tREFI] == [13, 51, 13, 31, 94, 3592])
    }

    @Test(arguments: [("gddr5x", DevicePresets.gddr5x), ("mlc", DevicePresets.mlcSTTRAM), ("slc", DevicePresets.slcSTTRAM)])
    func everyRowMatchesTheDatasheet(name: String, spec: DeviceSpec) {
        let expected = ["mlc": Self.mlc, "slc": Self.slc][name] ?? Self.gddr5x
        let got = Self.rows(spec)
        let missing = expected.filter { !got.contains($0) }, extra = got.filter { !expected.contains($0) }
        #expect(missing.isEmpty && extra.isEmpty, "\(name): rows differ from the datasheet; expected but absent \(missing), present but unexpected \(extra)")
        #expect(got.count == expected.count)
        let t = ConstraintTable(spec: spec)
        #expect([t.CL, t.CWL, t.tBL, t.tFAW] == [Self.CL, Self.CWL, Self.tBL, Self.tFAW])
        #expect(t.tREFI == (name == "gddr5x" ? Self.tREFI : 0))
    }

    /// MLC dynamic terms from seed 000 Table 3: one sensing step 3.2 ns, hard step 19.2 ns,
    /// soft step 9.3 ns; a mode switch costs one sensing step (assumed).
    @Test func mlcDynamicTermsMatchTable3() {
        let sense = Self.ck(ps: 3_200), hard = Self.ck(ps: 19_200), soft = Self.ck(ps: 9_300)
        #expect([sense, hard, soft] == [7, 37, 18])
        let d = DeviceModel(spec: DevicePresets.mlcSTTRAM, blockBits: 128)
        #expect(d.senseCycles(mode: .normal, switching: false) == 2 * sense)
        #expect(d.senseCycles(mode: .softOnly, switching: false) == sense)
        #expect(d.senseCycles(mode: .normal, switching: true) == 3 * sense)
        var differing = BurstData()
        differing[0] = 0b10          // cell 0: hard bit 0, soft bit 1 → needs the soft step
        #expect(d.write(differing, mode: .normal).cycles == hard + soft)
        #expect(d.write(BurstData(), mode: .normal).cycles == hard)
        #expect(d.write(BurstData(), mode: .softOnly).cycles == soft)
    }

    /// SLC dynamic terms: one sensing step of 3.2 ns whatever the mode (no mode switch),
    /// one write step of 9.3 ns whatever the data.
    @Test func slcDynamicTermsAreOneStepEach() {
        let sense = Self.ck(ps: 3_200), write = Self.ck(ps: 9_300)
        let d = DeviceModel(spec: DevicePresets.slcSTTRAM, blockBits: 128)
        for mode in [AccessMode.normal, .softOnly] {
            #expect(d.senseCycles(mode: mode, switching: false) == sense)
            #expect(d.senseCycles(mode: mode, switching: true) == sense)
        }
        var differing = BurstData()
        differing[0] = 0b10
        #expect(d.write(differing, mode: .normal).cycles == write)
        #expect(d.write(BurstData(), mode: .normal).cycles == write)
        #expect(d.write(BurstData(), mode: .normal).steps == 1)
    }
}
