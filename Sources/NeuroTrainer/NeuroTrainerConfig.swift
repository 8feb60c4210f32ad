/// Parameters of a NeuroTrainer (seed 002): processing engines in the logic die of an HMC,
/// one per vault, a common-data vault shared over a broadcast/merge bus. Every field has a
/// unit, a default and a source; `[assumed]` marks the ones the seed does not give.
public struct NeuroTrainerConfig: Sendable, Codable, Hashable {
    /// Processing engines, one per dedicated vault (seed §1: 15 for HMC 1.0's 16 vaults;
    /// 31 for the HMC 2.0 estimate of Table 6). Vaults = pes + 1 (the common-data vault).
    public var pes: Int = 15
    /// Logic clock of PEs, bus and PMAGs, MHz (seed §5.1: 2.5 GHz).
    public var clockMHz: Double = 2500
    /// MAC units per PE, k (seed §3.3.2: 32); each does one 32-bit or two 16-bit products a cycle.
    public var macsPerPE: Int = 32
    /// Bytes of each PE buffer, both halves together (double-buffered: compute uses one half
    /// while the other fills). The seed gives no sizes [assumed]: 32 KiB each for input 1
    /// (scalar operand a), input 2 (vector x) and the output (32-bit partial sums).
    public var input1Bytes: Int = 32768
    public var input2Bytes: Int = 32768
    public var outputBytes: Int = 32768
    /// Bus bytes per logic cycle (seed §3.4: "a bandwidth same as that of a single vault
    /// (10GBps)" → 10 GB/s ÷ 2.5 GHz = 4 B).
    public var busBytesPerCycle: Int = 4
    /// Cycles from the common vault to any PE (seed §3.4: 4-stage pipelined bus).
    public var busPipelineCycles: Int = 4
    /// REQ-ACK-SEND handshake per merge grant, cycles [assumed: 3, one per message].
    public var busGrantCycles: Int = 3
    /// Bytes a PE sends per merge grant before it re-arbitrates [assumed: 1 KiB].
    public var mergePacketBytes: Int = 1024
    /// Operand precision per phase, bits (seed Table 4: 16 forward, 32 backward and update).
    public var forwardBits: Int = 16
    public var backwardBits: Int = 32
    public var updateBits: Int = 32
    /// Steps (buffer-half fills) per PE simulated in detail per (layer, phase); the rest is
    /// extrapolated at the measured steady-state rate (`simulated_fraction` says how much).
    public var sampleSteps: Int = 24
    public var power = NeuroTrainerPower()

    public init() {}

    /// Problems, each naming its full path (prefix e.g. `neurotrainer`).
    public func validate(path: String) -> [String] {
        var e: [String] = []
        func positive(_ v: Int, _ name: String) { if v <= 0 { e.append("\(path).\(name) must be > 0 (is \(v))") } }
        positive(pes, "pes"); positive(macsPerPE, "macsPerPE"); positive(busBytesPerCycle, "busBytesPerCycle")
        positive(sampleSteps, "sampleSteps"); positive(mergePacketBytes, "mergePacketBytes")
        if pes > 255 { e.append("\(path).pes must be ≤ 255 (is \(pes))") }
        if !(clockMHz > 0 && clockMHz.isFinite) { e.append("\(path).clockMHz must be > 0 (is \(clockMHz))") }
        if busPipelineCycles < 0 || busGrantCycles < 0 { e.append("\(path).busPipelineCycles and busGrantCycles must be ≥ 0") }
        for (n, v) in [("input1Bytes", input1Bytes), ("input2Bytes", input2Bytes), ("outputBytes", outputBytes)] where v < 1024 {
            e.append("\(path).\(n) must be at least 1024 bytes (is \(v))")
        }
        for (n, v) in [("forwardBits", forwardBits), ("backwardBits", backwardBits), ("updateBits", updateBits)] where v != 16 && v != 32 {
            e.append("\(path).\(n) must be 16 or 32 (is \(v))")
        }
        e += power.validate(path: "\(path).power")
        return e
    }

    /// The HMC 2.0 variant of seed Table 6: 32 vaults, 31 PEs.
    public static var hmc2: NeuroTrainerConfig { var c = NeuroTrainerConfig(); c.pes = 31; return c }

    /// Peak operations per second (2 per MAC product) at `bits` precision: clock × PEs × k ×
    /// products per MAC (2 at 16 bit, 1 at 32 bit) × 2 (seed §5.1).
    public func peakOpsPerSecond(bits: Int) -> Double {
        clockMHz * 1e6 * Double(pes) * Double(macsPerPE) * Double(bits == 16 ? 2 : 1) * 2
    }
}

/// Power figures of the logic die (seed Table 5, 15 nm FinFET, averaged over 8 benchmarks)
/// and the MAC design (Table 1), plus the DRAM figures the energy report uses.
public struct NeuroTrainerPower: Sendable, Codable, Hashable {
    /// W per PE, per PMAG, per vault controller, for the 32-bit bus and the 16 KB iBuffer (Table 5).
    public var peWatts = 0.155
    public var pmagWatts = 0.00316
    public var vaultControllerWatts = 0.00427
    public var busWatts = 0.037
    public var iBufferWatts = 0.0102
    /// Power of one Fixed 32/16 + SR LO MAC at 2.5 GHz, mW (Table 1): energy per MAC-cycle =
    /// 3.78 mW ÷ 2.5 GHz = 1.512 pJ.
    public var macMilliwatts = 3.78
    /// The seed's DRAM energy, pJ per bit moved (§5.2, from Jeddeloh & Keeth, VLSI 2012).
    public var dramFlatPJPerBit = 3.7
    /// DRAM background per vault, mW: VDD·IDD3N = 1.2 V × 21 mA (DRAMsim3 HMC_2GB_4Lx16.ini).
    public var vaultBackgroundMilliwatts = 25.2

    public init() {}

    func validate(path: String) -> [String] {
        let all: [(String, Double)] = [("peWatts", peWatts), ("pmagWatts", pmagWatts), ("vaultControllerWatts", vaultControllerWatts),
                                       ("busWatts", busWatts), ("iBufferWatts", iBufferWatts), ("macMilliwatts", macMilliwatts),
                                       ("dramFlatPJPerBit", dramFlatPJPerBit), ("vaultBackgroundMilliwatts", vaultBackgroundMilliwatts)]
        return all.filter { !($0.1 >= 0 && $0.1.isFinite) }.map { "\(path).\($0.0) must be a finite number ≥ 0 (is \($0.1))" }
    }

    /// Logic power while running, W: every unit of Table 5 for `pes` PEs and `pes + 1` vaults.
    public func logicWatts(pes: Int) -> Double {
        Double(pes) * peWatts + Double(pes + 1) * (pmagWatts + vaultControllerWatts) + busWatts + iBufferWatts
    }
}
