import Foundation

/// A scratchpad technology as data (`...partitions[i].technology`): access latencies,
/// per-bit energies, leakage and cell area; an STT-MRAM row carries its MTJ, from which
/// its write latency, cell write energy and write error rate follow for a write mode.
/// The two rows are `ScratchpadTechnologies.sram` and `.sttMram`; nothing branches on the name.
public struct ScratchpadTechnology: Sendable, Codable, Hashable {
    /// Name shown in reports ("sram", "stt-mram").
    public var name: String
    /// Bits per bank word (one scratchpad access). 128 (NVSim `sample_STTRAM_macro.cfg`).
    public var wordBits: Int = 128
    /// Bank busy time of a read, ns.
    public var readLatencyNs: Double
    /// Bank busy time of a write, ns; with an MTJ, the periphery part added to the pulse.
    public var writeLatencyNs: Double
    /// Read energy per bit (array + periphery), fJ.
    public var readFJPerBit: Double
    /// Write energy per bit, fJ; with an MTJ, the periphery part added to the cell's V²t/R.
    public var writeFJPerBit: Double
    /// Static power per KB of capacity, nW.
    public var leakageNWPerKB: Double
    /// Cell area, F².
    public var cellAreaF2: Double
    /// The MTJ of a non-volatile cell (nil: SRAM; writes never fail).
    public var mtj: MTJParams?

    /// Bank busy time of one write in `mode`, ns.
    public func writeNs(_ mode: WriteMode) -> Double {
        guard let mtj else { return writeLatencyNs }
        return mtj.nominalPulseNs * mode.pulseScale + writeLatencyNs
    }

    /// Write energy per written bit in `mode`, fJ.
    public func writeFJ(_ mode: WriteMode) -> Double {
        guard let mtj else { return writeFJPerBit }
        return writeFJPerBit + mtj.cellWriteEnergyFJ(voltage: mtj.nominalVoltageV * mode.voltageScale,
                                                    pulseNs: mtj.nominalPulseNs * mode.pulseScale)
    }

    /// WER per switching bit in `mode`, the mean of AP→P and P→AP (equal shares [assumed]); 0 for SRAM.
    public func wer(_ mode: WriteMode) -> Double {
        guard let mtj else { return 0 }
        let w = mtj.wer(voltage: mtj.nominalVoltageV * mode.voltageScale, pulseNs: mtj.nominalPulseNs * mode.pulseScale,
                        ic0: mtj.criticalCurrentA)
        return (w.toP + w.toAP) / 2
    }

    public func validate(path: String) -> [String] {
        var e: [String] = []
        if name.isEmpty { e.append("\(path).name must not be empty") }
        if !(8...4096).contains(wordBits) || wordBits % 8 != 0 { e.append("\(path).wordBits must be a multiple of 8 in 8...4096") }
        for (n, v) in [("readLatencyNs", readLatencyNs), ("writeLatencyNs", writeLatencyNs), ("readFJPerBit", readFJPerBit),
                       ("writeFJPerBit", writeFJPerBit), ("leakageNWPerKB", leakageNWPerKB), ("cellAreaF2", cellAreaF2)]
            where !(v >= 0 && v.isFinite) {
            e.append("\(path).\(n) must be a finite number >= 0 (is \(v))")
        }
        if let mtj { e += mtj.validate(path: "\(path).mtj") }
        return e
    }
}

/// The technology rows. Sources are tagged; [assumed] values are the project's stand-ins,
/// swept in `results/REPRODUCTION-sttmram.md`.
public enum ScratchpadTechnologies {
    /// SRAM: 146 F² cell (NVSim `SRAM.cell`); 1 ns read and write [assumed]; 30 fJ/bit per
    /// access [assumed, CACTI-class 22 nm order of magnitude]; leakage 20 µW/KB [assumed,
    /// high-performance 22 nm order of magnitude].
    public static let sram = ScratchpadTechnology(name: "sram", readLatencyNs: 1, writeLatencyNs: 1, readFJPerBit: 30,
                                                  writeFJPerBit: 30, leakageNWPerKB: 20_000, cellAreaF2: 146, mtj: nil)
    /// STT-MRAM: 57.5 F² cell, R_P/R_AP 6/12 kΩ, 5 ns × 40.82 µA write ≈ 0.194 pJ/bit (NVSim
    /// `sample_STTRAM.cell`; the cell energy is recomputed from the MTJ, see `MTJParams`);
    /// read 2 ns, 25 fJ/bit [assumed: current-mode sensing at 0.25 V, NVSim cell]; write periphery
    /// 1 ns and 20 fJ/bit [assumed]; leakage 1 µW/KB [assumed: periphery only, cells non-volatile].
    public static let sttMram = ScratchpadTechnology(name: "stt-mram", readLatencyNs: 2, writeLatencyNs: 1, readFJPerBit: 25,
                                                     writeFJPerBit: 20, leakageNWPerKB: 1_000, cellAreaF2: 57.5, mtj: MTJParams())
}
