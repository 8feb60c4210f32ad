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

    /// One vault of a Hybrid Memory Cube (seed 002's HMC 1.0: 16 vaults at 10 GB/s each): a
    /// DRAM channel with 32-byte transactions and 8 banks, open page, behind its own vault
    /// controller. It is a DRAM, so it uses the DRAM behaviour (`GDDR5XDevice`: the fixed
    /// JEDEC table, refresh, per-bit energies) with this data; only the numbers differ.
    ///
    /// Timing: CasHMC v1.3 `ConfigDRAM.ini` ("HMC_2500_x32(DDR3_1600_x64) - Gem5 HMC
    /// modeling"; estwings57/CasHMC), per vault, in ns. CasHMC models a 32-vault 4 GB cube;
    /// using its per-vault timing for HMC 1.0 is an assumption. One 32 B transaction per
    /// tCCD = 3.2 ns gives exactly 10 GB/s per vault, the seed's figure (seed 002 §3.4).
    /// Energy (the controller's per-command terms): DRAMPower-style terms (Chandrasekar et
    /// al., DATE 2013) from the currents of DRAMsim3 `configs/HMC_2GB_4Lx16.ini` `[power]`
    /// (VDD 1.2 V, IDD0 25, IDD2N 19, IDD3N 21, IDD4R 64, IDD4W 61, IDD5AB 150 mA, taken as
    /// per vault) over the CasHMC timing: ACT+PRE = VDD·(IDD0·tRC − IDD3N·tRAS − IDD2N·tRP)
    /// = 240.1 pJ; read burst VDD·(IDD4R − IDD3N)·tBL = 165.1 pJ per 256 bits = 0.645 pJ/bit;
    /// write 153.6 pJ = 0.600 pJ/bit; refresh VDD·(IDD5AB − IDD3N)·tRFC = 9,133 pJ.
    /// Background (VDD·IDD3N = 25.2 mW per vault) is not a command and is added by the
    /// system that uses the vaults. Seed 002 itself charges a flat 3.7 pJ/bit (§5.2).
    public static let hmcVault = DeviceSpec(
        name: "HMC-vault",
        technology: .gddr5x,               // the DRAM behaviour (no branch on the technology anywhere)
        organization: DeviceOrganization(
            bankGroups: 1, banksPerGroup: 8,   // CasHMC NUM_BANKS = 8 (4 GB cube); DRAMsim3 HMC_2GB: 8 banks
            rowBytes: 1024,                    // CasHMC NUM_COLS = 1024 bytes per row (gem5 hmc.py: 256; a parameter)
            rowsPerBank: 16384,                // CasHMC NUM_ROWS = 16384 (16 MB per bank)
            channelWidthBits: 32, burstLength: 8),  // 32 B transaction (CasHMC MAX_BLOCK_32B); x32 × BL8 assumed
        timing: DeviceTiming(
            tCK: .ns(0.8),         // CasHMC tCK = 0.8 ns (1250 MHz)
            CL: .ns(9.9),          // CasHMC CL
            CWL: .ns(3.2),         // CasHMC CWL
            tBL: .ns(3.2),         // 32 B at 10 GB/s: the transaction occupies the vault's data path for tCCD
            tRCDRD: .ns(10.2),     // CasHMC tRCD
            tRCDWR: .ns(10.2),     // CasHMC tRCD
            tRP: .ns(7.7),         // CasHMC tRP
            tRAS: .ns(21.6),       // CasHMC tRAS
            tRC: .ns(32.0),        // CasHMC tRC
            tCCD_S: .ns(3.2),      // CasHMC tCCD (one bank group: _S = _L)
            tCCD_L: .ns(3.2),      // CasHMC tCCD
            tRRD_S: .ns(3.2),      // CasHMC tRRD
            tRRD_L: .ns(3.2),      // CasHMC tRRD
            tFAW: .ns(19.2),       // CasHMC tFAW
            tWTR_S: .ns(4.9),      // CasHMC tWTR
            tWTR_L: .ns(4.9),      // CasHMC tWTR
            tWR: .ns(8.0),         // CasHMC tWR
            tRTP: .ns(4.9),        // CasHMC tRTP
            tRTRS: .ns(0.8),       // CasHMC tRTRS
            tRFC: .ns(59.0),       // CasHMC tRFC
            tREFI: .ns(7800)),     // CasHMC REFRESH_PERIOD = 7800 ns
        energy: DeviceEnergy(
            readPJPerBit: 0.645,   // DRAMsim3 HMC_2GB currents, see above
            writePJPerBit: 0.600,  // idem
            hardStepPJPerBit: 0, softStepPJPerBit: 0,
            activatePJ: 240.1,     // idem: one ACT with its PRE
            refreshPJ: 9133),      // idem: one all-bank refresh
        mlc: nil)

    /// Preset devices by name.
    public static let all: [String: DeviceSpec] = ["gddr5x": gddr5x, "mlc-stt-ram": mlcSTTRAM, "slc-stt-ram": slcSTTRAM,
                                                   "hmc-vault": hmcVault]
}
