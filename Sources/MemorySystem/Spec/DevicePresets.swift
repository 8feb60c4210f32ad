/// Device specs as data. Every number carries its source.
///
/// **Bandwidth organisation.** The paper's GPU (seed 000 Table 2) has 8 memory
/// controllers on a 352-bit GDDR5X bus; the GTX 1080 Ti runs it at 11 Gb/s per pin:
/// 352 × 11 / 8 = 484 GB/s. Per controller that is a 44-bit slice at 11 Gb/s =
/// 60.5 GB/s. We keep GDDR5X's x32 burst structure (BL16 → a 64-byte access atom, two
/// command-clock cycles of data per burst in QDR) and give each controller the
/// equivalent rate: 60.5 GB/s ÷ 4 B per beat = 15.125 Gb/s per pin, i.e. a command clock
/// of 15.125 / 8 GHz → tCK = 529 ps. Eight such channels deliver 8 × 64 B / 1.058 ns =
/// 483.9 GB/s. With 11 controllers (the real chip) set `tCK` to 0.727 ns (11 Gb/s).
public enum DevicePresets {
    /// GDDR5X 8 Gb x32 (Micron MT58K256M321JA: 16 banks in 4 bank groups, BL16).
    /// Timings: DRAMsim3 `configs/GDDR5X_8Gb_x32.ini` (tCK 0.666 ns), converted to ns
    /// with that tCK so they keep their absolute value at our faster clock; clock-bound
    /// ones (tBL, tCCD, tRTP, tRTRS) stay in cycles.
    public static let gddr5x = DeviceSpec(
        name: "GDDR5X-8Gb-x32",
        technology: .gddr5x,
        organization: DeviceOrganization(
            bankGroups: 4, banksPerGroup: 4,   // datasheet p.1: 16 banks, 4 bank groups
            rowBytes: 4096,                    // DRAMsim3: 64 columns × BL16 × 32 bits
            rowsPerBank: 16384,                // DRAMsim3: rows = 16384
            channelWidthBits: 32, burstLength: 16),
        timing: DeviceTiming(
            tCK: .ns(0.529),       // 15.125 Gb/s equivalent pin rate (see above)
            CL: .ns(15.984),       // 24 tCK × 0.666 ns
            CWL: .ns(4.662),       // 7 tCK × 0.666 ns
            tBL: .ck(2),           // BL16 in QDR: 16 beats / 8 beats per CK
            tRCDRD: .ns(15.984),   // 24 tCK
            tRCDWR: .ns(13.32),    // 20 tCK
            tRP: .ns(15.984),      // 24 tCK
            tRAS: .ns(37.296),     // 56 tCK
            tRC: .ns(53.28),       // tRAS + tRP
            tCCD_S: .ck(2),        // DRAMsim3 tCCD_S = 2
            tCCD_L: .ck(3),        // DRAMsim3 tCCD_L = 3; datasheet: 3–4 tCK
            tRRD_S: .ns(6.66),     // 10 tCK
            tRRD_L: .ns(6.66),     // 10 tCK
            tFAW: .ns(26.64),      // 40 tCK
            tWTR_S: .ns(6.66),     // 10 tCK
            tWTR_L: .ns(6.66),     // 10 tCK
            tWR: .ns(15.984),      // 24 tCK
            tRTP: .ck(2),          // DRAMsim3 tRTP_L = 2
            tRTRS: .ck(1),         // DRAMsim3 tRTRS = 1
            tRFC: .ns(49.284),     // 74 tCK
            tREFI: .ns(1900)),     // DRAMsim3 note: 1.9 µs for 16K rows
        energy: DeviceEnergy(
            readPJPerBit: 1.39,    // seed 000 Table 3, DRAM read energy
            writePJPerBit: 0.33,   // seed 000 Table 3, DRAM write energy
            hardStepPJPerBit: 0, softStepPJPerBit: 0,
            activatePJ: 0, refreshPJ: 0),
        mlc: nil)

    /// MLC STT-RAM behind the same interface as `gddr5x` (same bus, burst, CL/CWL, bank
    /// organisation and inter-command spacing); the array timing is replaced:
    /// activation senses in `mlc.readStep` steps, writes go to the cells in one or two
    /// steps (seed 000 Table 3), nothing needs refresh.
    public static let mlcSTTRAM: DeviceSpec = {
        var s = gddr5x
        s.name = "MLC-STT-RAM"
        s.technology = .mlcSTTRAM
        // Array timings that the MLC model computes per command instead (sensing, cell
        // writes) are zero here; the constraint table adds the dynamic terms.
        s.timing.tRCDRD = .ns(0)
        s.timing.tRCDWR = .ns(0)
        s.timing.tRAS = .ns(0)
        s.timing.tWR = .ns(0)
        s.timing.tRC = .ns(0)
        s.timing.tRP = .ck(1)      // assumption: precharge only resets the sense amplifiers (no restore)
        s.timing.tRFC = .ns(0)
        s.timing.tREFI = .ns(0)    // non-volatile: no refresh
        s.energy = DeviceEnergy(
            readPJPerBit: 0.51,       // seed 000 Table 3
            writePJPerBit: 0,
            hardStepPJPerBit: 2.69,   // seed 000 Table 3, hard transition
            softStepPJPerBit: 1.81,   // seed 000 Table 3, soft transition
            activatePJ: 0, refreshPJ: 0)
        s.mlc = MLCTiming(
            readStep: .ns(3.2),       // seed 000 Table 3 read speed, read as one sensing step
            hardStep: .ns(19.2),      // seed 000 Table 3 hard transition
            softStep: .ns(9.3),       // seed 000 Table 3 soft transition
            modeSwitch: .ns(3.2))     // assumption (no source): one sensing step
        return s
    }()

    /// SLC STT-RAM behind the same interface as `mlcSTTRAM` (same bus, burst, CL/CWL, bank
    /// organisation, zeroed DRAM array timings, no refresh), one bit per cell. Its cell
    /// figures are seed 000 Table 3's soft-bit ones: §2.2 notes that MLC STT-RAM "can
    /// perform in a similar way as SLC by only accessing the soft-bits", so one sensing
    /// step (3.2 ns) per activation and one soft-transition write (9.3 ns, 1.81 pJ/bit).
    /// Cross-check (not used): NVSim's sample SLC cell (`sample_STTRAM.cell`) switches
    /// with a 5 ns, 40.82 µA pulse, 0.194 pJ per cell before array overheads — the same
    /// order of write time.
    public static let slcSTTRAM: DeviceSpec = {
        var s = mlcSTTRAM
        s.name = "SLC-STT-RAM"
        s.technology = .slcSTTRAM
        s.energy = DeviceEnergy(
            readPJPerBit: 0.51,       // seed 000 Table 3 (the STT-RAM read energy)
            writePJPerBit: 1.81,      // seed 000 Table 3, soft transition: one bit per cell
            hardStepPJPerBit: 0, softStepPJPerBit: 0,
            activatePJ: 0, refreshPJ: 0)
        s.mlc = nil
        s.slc = SLCTiming(
            readStep: .ns(3.2),       // seed 000 Table 3 read speed, one sensing step
            writeStep: .ns(9.3))      // seed 000 Table 3 soft transition
        return s
    }()

    /// Preset devices by name.
    public static let all: [String: DeviceSpec] = ["gddr5x": gddr5x, "mlc-stt-ram": mlcSTTRAM, "slc-stt-ram": slcSTTRAM]
}
