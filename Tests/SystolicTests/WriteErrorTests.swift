import Foundation
import Testing
import DataValues
@testable import Systolic

@Suite struct WriteErrorTests {
    let mtj = MTJParams()

    /// Precessional regime (i > 1): ln WER is linear in the pulse width, with slope
    /// −(2(i−1)/τ_D + 1/τ0) (Butler 2012's asymptote times the independent thermal factor).
    @Test(arguments: [1.5, 2.0, 3.0])
    func logWERFallsLinearlyWithPulseWidth(i: Double) {
        let ts = stride(from: 10.0, through: 20.0, by: 1.0).map { $0 }
        let logs = ts.map { log(mtj.wer(i: i, tNs: $0)) }
        let slope = -(2 * (i - 1) / mtj.tauDNs + 1 / mtj.tau0Ns)
        for k in 1..<logs.count {
            let measured = logs[k] - logs[k - 1]
            #expect(abs(measured - slope) < 1e-3 * abs(slope), "i=\(i) t=\(ts[k]): Δln WER \(measured), expected \(slope)")
        }
        #expect(logs.last! < logs.first!)
    }

    /// Lower voltage ⇒ less current ⇒ higher WER, through both regimes; and the nominal
    /// point is where the calibration put it.
    @Test func werRisesAsVoltageFalls() {
        let ic0 = mtj.criticalCurrentA
        var previous = 0.0
        for v in stride(from: 1.4, through: 0.2, by: -0.05) {
            let w = mtj.wer(voltage: v, pulseNs: mtj.nominalPulseNs, ic0: ic0)
            #expect(w.toP >= previous, "WER fell as V went down to \(v)")
            #expect(w.toP >= w.toAP, "AP→P sees less current than P→AP, so fails at least as often")
            previous = w.toP
        }
        #expect(previous > 0.5, "far below Ic0 writes mostly fail")
        let nominal = mtj.wer(voltage: mtj.nominalVoltageV, pulseNs: mtj.nominalPulseNs, ic0: ic0).toP
        #expect(abs(log10(nominal) - log10(mtj.nominalWER)) < 1e-6)
    }

    @Test func writeEnergyMatchesTheNVSimCell() {
        // NVSim sample_STTRAM.cell: 0.194 pJ per set/reset at 40.82 µA × 5 ns.
        let e = mtj.cellWriteEnergyFJ(voltage: mtj.nominalVoltageV, pulseNs: mtj.nominalPulseNs)
        #expect(abs(e - 194) < 5, "cell write energy \(e) fJ")
        #expect(abs(mtj.cellWriteEnergyFJ(voltage: 0.8 * 0.95, pulseNs: 0.5 * 5) / e - 0.32) < 1e-9)
    }

    /// Only switching cells can fail: old == new never fails, even at WER 1.
    @Test func noFailuresWhenOldEqualsNew() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<1000 {
            let x = rng.next()
            #expect(BitFailures.failedMask(old: x, new: x, toP: 1, toAP: 1, rng: &rng) == 0)
        }
        // At WER 1 every switching bit fails, and only those.
        let old: UInt64 = 0x00FF_00FF_00FF_00FF, new: UInt64 = 0x0F0F_0F0F_0F0F_0F0F
        #expect(BitFailures.failedMask(old: old, new: new, toP: 1, toAP: 1, rng: &rng) == old ^ new)
        #expect(BitFailures.failedMask(old: old, new: new, toP: 0, toAP: 1, rng: &rng) == (old ^ new) & new)
        #expect(BitFailures.sample(switched: 0, wer: 1, rng: &rng) == 0)
    }
}
