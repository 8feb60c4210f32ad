import Foundation
import DataValues

/// The magnetic tunnel junction of an STT-MRAM cell and its write physics
/// (`...technology.mtj`). Every default: unit, meaning, source.
///
/// Write current from voltage: I = V / (R_state + R_access), R_state the resistance of the
/// state the cell starts from, so P→AP (starts at R_P) and AP→P (starts at R_AP) writes
/// see different currents and error rates [I]. Bit value 1 is stored as AP [assumed].
///
/// Write error rate (WER) of one cell that must switch, i = I / Ic0, t = pulse:
/// - precessional regime (i > 1), the closed form used in architecture papers
///   (Butler et al., IEEE T-Mag 48(12) 2012; its tail ∝ exp[−2(i−1)t/τ_D] is the cited asymptote):
///   WER_p = 1 − exp{−(π²Δ/4)(i−1) / (i·e^{2(i−1)t/τ_D} − 1)}, and WER_p = 1 for i ≤ 1;
/// - thermal regime: P_sw = 1 − exp(−t/τ), τ = τ0·exp[Δ(1−i)²] for i < 1 (n = 2, Taniguchi &
///   Imamura [unverified]) and τ = τ0 for i ≥ 1;
/// - the two are treated as independent ways to switch [assumed]: WER = WER_p · e^{−t/τ}.
///   This makes WER continuous at i = 1 and monotone in V and t; in the precessional regime
///   ln WER falls linearly in t with slope −(2(i−1)/τ_D + 1/τ0).
/// τ_D = (1 + α²)/(α·γ·B_k), γ = 1.7609e11 rad/(s·T).
/// Ic0 is not a parameter: it is solved so that an AP→P write at the nominal (V, t) fails
/// with `nominalWER` (calibration at component level, SYSTEMS.md A2).
public struct MTJParams: Sendable, Codable, Hashable {
    /// Thermal stability factor Δ = E_b / kT. Default 60 [assumed, typical].
    public var delta: Double = 60
    /// Gilbert damping α. Default 0.01 [assumed, typical].
    public var alpha: Double = 0.01
    /// Effective anisotropy field μ0·H_k, tesla. Default 1.0 [assumed: perpendicular MTJ].
    public var anisotropyFieldT: Double = 1.0
    /// Thermal attempt time τ0, ns. Default 1 [assumed, SYSTEMS.md A2].
    public var tau0Ns: Double = 1
    /// Parallel (low) resistance, Ω. Default 6000 (NVSim `sample_STTRAM.cell`, R_on).
    public var rParallelOhm: Double = 6000
    /// Antiparallel (high) resistance, Ω. Default 12000 (NVSim `sample_STTRAM.cell`, R_off).
    public var rAntiParallelOhm: Double = 12000
    /// Access transistor + line resistance in series, Ω. Default 14700 [I]: makes the mean
    /// write current at 0.95 V NVSim's 40.82 µA.
    public var rAccessOhm: Double = 14_700
    /// Nominal write voltage, V. Default 0.95 [I]: NVSim's 0.194 pJ / (40.82 µA × 5 ns).
    public var nominalVoltageV: Double = 0.95
    /// Nominal write pulse, ns. Default 5 (NVSim `sample_STTRAM.cell`).
    public var nominalPulseNs: Double = 5
    /// WER of an AP→P write at the nominal voltage and pulse, per switching bit. Default 1e-9 [assumed].
    public var nominalWER: Double = 1e-9

    public init() {}

    static let gyromagneticRadPerSecondTesla = 1.7609e11

    /// τ_D, ns.
    public var tauDNs: Double { (1 + alpha * alpha) / (alpha * Self.gyromagneticRadPerSecondTesla * anisotropyFieldT) * 1e9 }

    /// Write current, A, at `voltage` for a cell starting in AP (`fromAP`) or P.
    public func current(voltage: Double, fromAP: Bool) -> Double {
        voltage / ((fromAP ? rAntiParallelOhm : rParallelOhm) + rAccessOhm)
    }

    /// WER of one switching cell at normalized current `i` = I/Ic0 and pulse `tNs`.
    public func wer(i: Double, tNs: Double) -> Double {
        var precessional = 1.0
        if i > 1 {
            let e = 2 * (i - 1) * tNs / tauDNs
            let x = (Double.pi * Double.pi * delta / 4) * (i - 1) / (i * exp(e) - 1)
            precessional = -expm1(-x)
        }
        let tau = i < 1 ? tau0Ns * exp(delta * (1 - i) * (1 - i)) : tau0Ns
        return precessional * exp(-tNs / tau)
    }

    /// The critical current Ic0, A, that puts the nominal AP→P write at `nominalWER` (bisection in log space).
    public var criticalCurrentA: Double {
        let iNom = current(voltage: nominalVoltageV, fromAP: true)
        var lo = 1e-3, hi = 100.0   // bounds on I/Ic0; WER falls as i rises
        for _ in 0..<200 {
            let mid = (lo * hi).squareRoot()
            if wer(i: mid, tNs: nominalPulseNs) > nominalWER { lo = mid } else { hi = mid }
        }
        return iNom / (lo * hi).squareRoot()
    }

    /// WER per switching bit of a write at `voltage` and `pulseNs`, for AP→P and P→AP, given Ic0.
    public func wer(voltage: Double, pulseNs: Double, ic0: Double) -> (toP: Double, toAP: Double) {
        (wer(i: current(voltage: voltage, fromAP: true) / ic0, tNs: pulseNs),
         wer(i: current(voltage: voltage, fromAP: false) / ic0, tNs: pulseNs))
    }

    /// Energy of driving one cell, fJ: V²·t / (R_state + R_access), the mean over a cell
    /// starting in P or AP (every written bit is driven: no read-before-write) [assumed].
    public func cellWriteEnergyFJ(voltage: Double, pulseNs: Double) -> Double {
        let g = 0.5 / (rParallelOhm + rAccessOhm) + 0.5 / (rAntiParallelOhm + rAccessOhm)
        return voltage * voltage * pulseNs * g * 1e6   // V²·ns/Ω = 1e-9 J = 1e6 fJ
    }

    public func validate(path: String) -> [String] {
        var e: [String] = []
        for (name, v) in [("delta", delta), ("alpha", alpha), ("anisotropyFieldT", anisotropyFieldT), ("tau0Ns", tau0Ns),
                          ("rParallelOhm", rParallelOhm), ("rAntiParallelOhm", rAntiParallelOhm),
                          ("nominalVoltageV", nominalVoltageV), ("nominalPulseNs", nominalPulseNs)] where !(v > 0 && v.isFinite) {
            e.append("\(path).\(name) must be a positive number (is \(v))")
        }
        if !(rAccessOhm >= 0) { e.append("\(path).rAccessOhm must be >= 0 Ω") }
        if !(nominalWER > 0 && nominalWER < 1) { e.append("\(path).nominalWER must be in (0, 1) (is \(nominalWER))") }
        if rAntiParallelOhm < rParallelOhm { e.append("\(path).rAntiParallelOhm must be >= rParallelOhm") }
        return e
    }
}

/// Which written bits fail. Only a cell whose value must change can fail (a cell that
/// already holds the new bit is not switched) [SYSTEMS.md A6].
public enum BitFailures {
    /// The bits of `new` that end up wrong when written over `old`: each bit that must go
    /// 0→1 (P→AP) fails with `toAP`, each 1→0 (AP→P) with `toP`. Returns the failed-bit mask.
    public static func failedMask(old: UInt64, new: UInt64, toP: Double, toAP: Double, rng: inout SplitMix64) -> UInt64 {
        var switching = old ^ new
        var failed: UInt64 = 0
        while switching != 0 {
            let b = switching.trailingZeroBitCount
            switching &= switching - 1
            let p = (new >> UInt64(b)) & 1 == 1 ? toAP : toP
            if uniform(&rng) < p { failed |= 1 << UInt64(b) }
        }
        return failed
    }

    /// A uniform number in [0, 1).
    @inline(__always) static func uniform(_ rng: inout SplitMix64) -> Double {
        rng.state &+= SplitMix64.increment
        return Double(SplitMix64.finalize(rng.state) >> 11) * 0x1p-53
    }

    /// Failed bits among `switched` switching bits at `wer` each: a seeded Poisson draw
    /// (normal approximation above a mean of 64), the aggregate stand-in for `failedMask`
    /// when no old/new values are simulated.
    public static func sample(switched: UInt64, wer: Double, rng: inout SplitMix64) -> UInt64 {
        let mean = Double(switched) * wer
        if mean <= 0 { return 0 }
        if mean > 64 {
            let u1 = max(uniform(&rng), 1e-300), u2 = uniform(&rng)
            let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            return UInt64(max(0, (mean + z * mean.squareRoot()).rounded()))
        }
        var k: UInt64 = 0
        var p = 1.0
        let limit = exp(-mean)
        while true {
            p *= uniform(&rng)
            if p <= limit { return min(k, switched) }
            k += 1
        }
    }
}
