import Foundation

// Counter-based random numbers: every value is a pure function of (key, counter),
// so any element of a tensor can be generated without generating its predecessors.

/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014; the generator behind `java.util.SplittableRandom`), written once for every
/// target: a state advanced by the golden-ratio increment and an output function.
public struct SplitMix64: Sendable {
    /// 2^64 / φ, the increment.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The output function (a bijection on `UInt64`).
    @inlinable @inline(__always)
    public static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The first output of a generator seeded with `x`: `finalize(x + increment)`.
    @inlinable @inline(__always)
    public static func hash(_ x: UInt64) -> UInt64 { finalize(x &+ increment) }

    /// The next output.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.finalize(state)
    }
}

/// Stream keys and counter-based words for the value models. `mix` (SplitMix64's output
/// function) derives stream keys; `word` is the counter-based generator of the streams.
@usableFromInline
enum Mix {
    /// 2^64 / φ, the SplitMix64 increment.
    @usableFromInline static let golden: UInt64 = SplitMix64.increment

    /// The SplitMix64 output function.
    @inlinable @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 { SplitMix64.finalize(value) }

    /// The random word number `counter` of the stream `key`: wyrand (Wang Yi, the
    /// wyhash project; passes BigCrush and PractRand) with state `key + counter · inc`,
    /// one 64×64→128-bit multiply, about half the cost of a SplitMix64 output.
    @inlinable @inline(__always)
    static func word(_ key: UInt64, _ counter: UInt64) -> UInt64 {
        let state = key &+ (counter &+ 1) &* 0xA076_1D64_78BD_642F
        let (high, low) = state.multipliedFullWidth(by: state ^ 0xE703_7ED1_A0B4_28DB)
        return high ^ low
    }

    /// A stream key derived from a parent key and a label (tensor id, purpose).
    @inlinable
    static func key(_ parent: UInt64, _ label: UInt64) -> UInt64 {
        mix(mix(parent ^ 0x5851_F42D_4C95_7F2D) &+ label &* golden)
    }

    /// An approximately standard-normal number from 64 random bits: the sum of four
    /// 16-bit uniforms (Irwin–Hall, n = 4), centred and scaled to unit variance.
    /// Bounded to ±3.46; its CDF differs from Φ by about 0.003 at most, far
    /// below the tolerance the value models promise.
    @inlinable @inline(__always)
    static func gaussian(_ bits: UInt64) -> Float {
        let sum = (bits & 0xFFFF) &+ ((bits >> 16) & 0xFFFF)
            &+ ((bits >> 32) & 0xFFFF) &+ (bits >> 48)
        // Mean 4 × 32767.5, standard deviation 65536 / √3.
        return (Float(Int64(bitPattern: sum)) - 131_070) * (1.732_050_8 / 65_536)
    }
}

/// Inverse of the standard normal CDF, Φ⁻¹(p), for 0 < p < 1.
///
/// Acklam's rational approximation (relative error < 1.15e-9), computed once per
/// model at set-up, never per element.
func inverseNormalCDF(_ p: Double) -> Double {
    if p <= 0 { return -.infinity }
    if p >= 1 { return .infinity }
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
             1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
             6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
             -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
             3.754408661907416e+00]
    let low = 0.02425
    func tail(_ q: Double) -> Double {
        (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    if p < low { return tail((-2 * log(p)).squareRoot()) }
    if p > 1 - low { return -tail((-2 * log(1 - p)).squareRoot()) }
    let q = p - 0.5, r = q * q
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
}
