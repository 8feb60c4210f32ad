import Foundation

// The per-element arithmetic of the synthetic value models, with every parameter
// precomputed once per tensor (thresholds, mixing weights) as plain `Float`s.

/// The precomputed form of a `ValueModel` for one tensor.
@usableFromInline
struct ValueKernel: Sendable, Hashable {
    @usableFromInline enum Kind: UInt8, Sendable { case postReLU, dense, weights, images, constant, random }

    @usableFromInline let kind: Kind
    @usableFromInline let field: FieldLayout
    /// Key of the per-element noise stream.
    @usableFromInline let key: UInt64
    /// Weights of the field and of the noise in the latent (c and √(1−c²)).
    @usableFromInline var fieldWeight: Float = 0, noiseWeight: Float = 1
    /// postReLU: weight √v of the per-plane value in the latent.
    @usableFromInline var planeWeight: Float = 0
    /// postReLU: zero iff latent < threshold.
    @usableFromInline var threshold: Float = 0
    /// postReLU: log-magnitude weights, log2(median), spread (octaves).
    @usableFromInline var magnitudeField: Float = 0, magnitudeNoise: Float = 1
    @usableFromInline var log2Median: Float = 0, spread: Float = 0
    /// dense/weights: σ; images: mean, std, offset, scale.
    @usableFromInline var scale: Float = 1, mean: Float = 0, std: Float = 1, offset: Float = 0
    @usableFromInline var bits: UInt32 = 0

    init(_ model: ValueModel, seed: UInt64, tensorID: UInt64) {
        let tensorKey = Mix.key(seed, tensorID)
        key = Mix.key(tensorKey, 1)
        let fieldKey = Mix.key(tensorKey, 2)
        switch model {
        case .postReLU(let p):
            kind = .postReLU
            field = FieldLayout(p.geometry, key: fieldKey)
            setLatent(p.zeroClustering, planeShare: p.planeVariation)
            threshold = Float(inverseNormalCDF(p.zeroFraction))
            magnitudeField = Float(p.magnitudeCorrelation)
            magnitudeNoise = Float((1 - p.magnitudeCorrelation * p.magnitudeCorrelation).squareRoot())
            log2Median = Float(log2(p.medianMagnitude))
            spread = Float(p.log2Spread)
        case .dense(let p):
            kind = .dense
            field = FieldLayout(p.geometry, key: fieldKey)
            setLatent(p.correlation)
            scale = Float(p.sigma)
        case .weights(let p):
            kind = .weights
            field = FieldLayout(PlaneGeometry(), key: fieldKey)
            scale = Float(p.sigma)
        case .images(let p):
            kind = .images
            field = FieldLayout(p.geometry, key: fieldKey)
            setLatent(p.smoothness)
            (mean, std, offset, scale) = (Float(p.mean), Float(p.std), Float(p.offset), Float(p.scale))
        case .constant(let value):
            kind = .constant
            field = FieldLayout(PlaneGeometry(), key: fieldKey)
            bits = value
        case .uniformRandomBits:
            kind = .random
            field = FieldLayout(PlaneGeometry(), key: fieldKey)
        }
    }

    private mutating func setLatent(_ weight: Double, planeShare: Double = 0) {
        let rest = (1 - planeShare).squareRoot()
        planeWeight = Float(planeShare.squareRoot())
        fieldWeight = Float(weight * rest)
        noiseWeight = Float((1 - weight * weight).squareRoot() * rest)
    }

    /// The word of element `index`, given the field cursor positioned at that element
    /// (the cursor is advanced by one element).
    @inlinable @inline(__always)
    func word(_ index: Int, _ cursor: inout FieldCursor) -> UInt32 {
        switch kind {
        case .constant: return bits
        case .random: return UInt32(truncatingIfNeeded: Mix.word(key, UInt64(index)))
        case .weights:
            let h = Mix.word(key, UInt64(index))
            return dithered(scale * Mix.gaussian(h), h)
        case .dense:
            let f = cursor.next()
            let h = Mix.word(key, UInt64(index))
            return dithered(scale * (fieldWeight * f + noiseWeight * Mix.gaussian(h)), h)
        case .images:
            let f = cursor.next()
            let n = Mix.gaussian(Mix.word(key, UInt64(index)))
            let level = min(max(mean + std * (fieldWeight * f + noiseWeight * n), 0), 255)
            let pixel = Float(Int32(level + 0.5))  // round half up; level ≥ 0
            return ((pixel - offset) * scale).bitPattern
        case .postReLU:
            let plane = cursor.planeValue
            return postReLU(index, plane, cursor.next())
        }
    }

    @inlinable @inline(__always)
    func postReLU(_ index: Int, _ plane: Float, _ f: Float) -> UInt32 {
        let h = Mix.word(key, UInt64(index))
        if planeWeight * plane + fieldWeight * f + noiseWeight * Mix.gaussian(h) < threshold { return 0 }
        let h2 = Mix.mix(h)
        let m = magnitudeField * f + magnitudeNoise * Mix.gaussian(h2)
        let e = min(max(log2Median + spread * m, -126), 127.9)
        let biased = Int32(e + 127)  // e + 127 ∈ [1, 254.9]: truncation is floor
        let high = min(UInt32((e + 127 - Float(biased)) * 2048), 2047)
        return UInt32(biased) << 23 | high << 12 | UInt32(truncatingIfNeeded: h2) & 0xFFF
    }

    /// `value`'s bits with the low 10 mantissa bits replaced by random bits derived from
    /// `h` (values that are zero, subnormal or not finite keep their bits).
    @inlinable @inline(__always)
    func dithered(_ value: Float, _ h: UInt64) -> UInt32 {
        let raw = value.bitPattern
        let exponent = raw & 0x7F80_0000
        guard exponent != 0, exponent != 0x7F80_0000 else { return raw }
        let noise = UInt32(truncatingIfNeeded: Mix.mix(h)) & 0x3FF
        return raw & ~0x3FF | noise
    }
}
