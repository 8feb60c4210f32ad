// What the values of a tensor look like: a small, documented parameter set per kind
// of tensor. Every default names its source, or says that it is our own assumption.
// Sources are collected in workloads/VALUES.md.

/// A synthetic model of the 32-bit words (fp32 bit patterns) of one tensor.
///
/// A model is plain data (`Codable`, no references); `SyntheticValues` turns it plus a
/// seed and a tensor id into a random-access word generator. Tensors are laid out
/// NCHW: element `i` is at column `i % width`, row `(i / width) % height` of plane
/// (channel × image) `i / (width × height)`; spatial correlation follows that layout.
public enum ValueModel: Sendable, Hashable, Codable {
    /// Feature maps after ReLU: exact zeros in clusters, positive log-normal-ish magnitudes.
    case postReLU(PostReLUParameters)
    /// Pre-activation feature maps and gradient maps: signed, roughly Gaussian, spatially
    /// correlated, (almost) no exact zeros.
    case dense(DenseParameters)
    /// Weights: independent zero-mean Gaussian values.
    case weights(WeightParameters)
    /// Input images: 8-bit pixel values stored as fp32, spatially smooth.
    case images(ImageParameters)
    /// Every word equals `bits` (tests and traces).
    case constant(bits: UInt32)
    /// Every word is 32 independent uniform random bits (tests; the worst case for
    /// BitLevel and SparseCode).
    case uniformRandomBits

    /// Problems with the parameters, each naming the parameter's path
    /// (`postReLU.zeroFraction must be in [0, 1], got 1.5`); empty when valid.
    public func validate() -> [String] {
        switch self {
        case .postReLU(let p): p.validate(path: "postReLU")
        case .dense(let p): p.validate(path: "dense")
        case .weights(let p): p.validate(path: "weights")
        case .images(let p): p.validate(path: "images")
        case .constant, .uniformRandomBits: []
        }
    }
}

/// The spatial layout a smooth random field is drawn on: planes of `height` rows of
/// `width` elements (NCHW), correlated over `correlationLength` elements.
public struct PlaneGeometry: Sendable, Hashable, Codable {
    /// Elements per row (the feature map's W). Unit: elements. Default 56 (VGG conv3
    /// maps; our assumption — the simulator sets it per layer).
    public var width: Int = 56
    /// Rows per plane (the feature map's H). Unit: rows. Default 56 (as `width`).
    public var height: Int = 56
    /// Distance between the lattice points of the smooth field, along rows and columns.
    /// Unit: elements. Default 8 (our assumption: outputs of stacked 3×3 convolutions
    /// respond to image structures several pixels wide).
    public var correlationLength: Int = 8

    public init(width: Int = 56, height: Int = 56, correlationLength: Int = 8) {
        self.width = width
        self.height = height
        self.correlationLength = correlationLength
    }

    func validate(path: String) -> [String] {
        var problems: [String] = []
        let limit = 1 << 24
        if !(1...limit).contains(width) { problems.append("\(path).width must be in 1...\(limit) elements, got \(width)") }
        if !(1...limit).contains(height) { problems.append("\(path).height must be in 1...\(limit) rows, got \(height)") }
        if !(1...limit).contains(correlationLength) {
            problems.append("\(path).correlationLength must be in 1...\(limit) elements, got \(correlationLength)")
        }
        return problems
    }
}

/// Post-ReLU feature maps (outputs of ReLU, inputs of the next convolution or pooling).
///
/// A latent `z = √v·P + √(1−v)·(c·F + √(1−c²)·N)` (P one value per plane, F a
/// unit-variance smooth field over the plane, N independent per-element noise; all
/// ≈ N(0, 1), so z is too) is thresholded at Φ⁻¹(`zeroFraction`): below it the
/// word is +0.0 (bits 0). Above it the magnitude is `median · 2^(log2Spread · m)` with
/// `m = r·F + √(1−r²)·N₂`, so neighbours share exponents and large values sit inside
/// non-zero regions. The low 12 mantissa bits are uniformly random (dither).
public struct PostReLUParameters: Sendable, Hashable, Codable {
    /// Fraction of exact zeros. Unit: fraction of elements, [0, 1]. Default 0.44:
    /// Cnvlutin (Albericio et al., ISCA 2016) reports that convolution-layer inputs are
    /// 44 % zeros on average. cDMA (Rhu et al., HPCA 2018) reports higher sparsity in
    /// later layers (activation compression 2.6× average); set per layer when known.
    public var zeroFraction: Double = 0.44
    /// Where the zeros sit and how far the smooth field is correlated.
    public var geometry = PlaneGeometry()
    /// Weight c of the smooth field in the zero/non-zero latent, [0, 1). 0 gives
    /// independent zeros; larger values give longer zero runs. Default 0.95 (our
    /// assumption; seed 000 §3.2 observes that ReLU zeros "gather in contiguous areas").
    public var zeroClustering: Double = 0.95
    /// Share v of the latent's variance that is common to a whole plane (channel of one
    /// image), [0, 1). It makes some planes almost all zero and others almost dense, as
    /// ReLU channels are; it also lengthens zero runs. Default 0.5 (our assumption).
    /// Note: seed 000 Fig. 12's trend (larger SparseCode blocks compress better) needs
    /// zero runs ≫ 16 words, e.g. 0.9 with `zeroClustering` 0.995 and correlation length
    /// 16; the defaults give mean zero runs of ~9 words at p = 0.5 and do not show it.
    public var planeVariation: Double = 0.5
    /// Median non-zero magnitude. Unit: activation value (fp32). Default 1.0 (our assumption).
    public var medianMagnitude: Double = 1.0
    /// Standard deviation of log2 of the magnitude. Unit: binary orders of magnitude
    /// (octaves). Default 1.0 (our assumption: ~95 % of non-zeros within 1/4…4 × median).
    public var log2Spread: Double = 1.0
    /// Weight r of the smooth field in the log-magnitude, [0, 1]. Default 0.8
    /// (our assumption; seed 000 §2.3: max pooling clusters large values together).
    public var magnitudeCorrelation: Double = 0.8

    public init(zeroFraction: Double = 0.44, geometry: PlaneGeometry = PlaneGeometry(),
                zeroClustering: Double = 0.95, planeVariation: Double = 0.5, medianMagnitude: Double = 1.0,
                log2Spread: Double = 1.0, magnitudeCorrelation: Double = 0.8) {
        self.zeroFraction = zeroFraction
        self.geometry = geometry
        self.zeroClustering = zeroClustering
        self.planeVariation = planeVariation
        self.medianMagnitude = medianMagnitude
        self.log2Spread = log2Spread
        self.magnitudeCorrelation = magnitudeCorrelation
    }

    func validate(path: String) -> [String] {
        var problems = geometry.validate(path: "\(path).geometry")
        check(zeroFraction, in: 0...1, "\(path).zeroFraction", "a fraction", &problems)
        check(zeroClustering, in: 0...0.999, "\(path).zeroClustering", "a weight", &problems)
        check(planeVariation, in: 0...0.999, "\(path).planeVariation", "a variance share", &problems)
        check(medianMagnitude, in: 1e-30...1e30, "\(path).medianMagnitude", "a positive value", &problems)
        check(log2Spread, in: 0...32, "\(path).log2Spread", "octaves", &problems)
        check(magnitudeCorrelation, in: 0...1, "\(path).magnitudeCorrelation", "a weight", &problems)
        return problems
    }
}

/// Dense maps: pre-activation feature maps and gradient maps. Value
/// `sigma · (c·F + √(1−c²)·N)`; low 10 mantissa bits dithered.
public struct DenseParameters: Sendable, Hashable, Codable {
    /// Standard deviation. Unit: value (fp32). Default 1.0 (our assumption; gradient
    /// maps are typically orders of magnitude smaller — set per tensor when known).
    public var sigma: Double = 1.0
    /// Spatial layout of the correlation.
    public var geometry = PlaneGeometry()
    /// Weight c of the smooth field, [0, 1]. Default 0.7 (our assumption).
    public var correlation: Double = 0.7

    public init(sigma: Double = 1.0, geometry: PlaneGeometry = PlaneGeometry(), correlation: Double = 0.7) {
        self.sigma = sigma
        self.geometry = geometry
        self.correlation = correlation
    }

    func validate(path: String) -> [String] {
        var problems = geometry.validate(path: "\(path).geometry")
        check(sigma, in: 1e-30...1e30, "\(path).sigma", "a positive value", &problems)
        check(correlation, in: 0...1, "\(path).correlation", "a weight", &problems)
        return problems
    }
}

/// Weights: independent `N(0, sigma²)` values (as initialised by Caffe's Gaussian
/// filler); low 10 mantissa bits dithered.
public struct WeightParameters: Sendable, Hashable, Codable {
    /// Standard deviation. Unit: value (fp32). Default 0.01: the `gaussian` weight
    /// filler `std: 0.01` of BVLC AlexNet `train_val.prototxt` (fc6/fc7 use 0.005).
    public var sigma: Double = 0.01

    public init(sigma: Double = 0.01) { self.sigma = sigma }

    /// He initialisation (He et al., ICCV 2015): σ = √(2 / fanIn).
    public static func he(fanIn: Int) -> WeightParameters {
        WeightParameters(sigma: (2 / Double(max(fanIn, 1))).squareRoot())
    }

    func validate(path: String) -> [String] {
        var problems: [String] = []
        check(sigma, in: 1e-30...1e30, "\(path).sigma", "a positive value", &problems)
        return problems
    }
}

/// Input images: pixel `p = clamp(round(mean + std·(c·F + √(1−c²)·N)), 0, 255)`,
/// stored as the fp32 value `(p − offset) · scale`.
public struct ImageParameters: Sendable, Hashable, Codable {
    /// Mean pixel value. Unit: 8-bit level. Default 114.8: the average of the ImageNet
    /// RGB means 123.68 / 116.78 / 103.94 (the torchvision normalisation constants).
    public var mean: Double = 114.8
    /// Pixel standard deviation. Unit: 8-bit level. Default 57.6 (ImageNet RGB stds
    /// 0.229 / 0.224 / 0.225 × 255, torchvision).
    public var std: Double = 57.6
    /// Spatial layout. Default 224 × 224 (VGG input), correlation length 8 pixels
    /// (our assumption: natural images are smooth over several pixels).
    public var geometry = PlaneGeometry(width: 224, height: 224, correlationLength: 8)
    /// Weight c of the smooth field, [0, 1]. Default 0.95 (our assumption).
    public var smoothness: Double = 0.95
    /// Subtracted before storing. Unit: 8-bit level. Default 0 (raw pixels; Caffe's
    /// AlexNet/VGG data layers subtract the mean image or mean pixel — set it to `mean`).
    public var offset: Double = 0
    /// Multiplied after subtracting. Default 1 (use 1/255 for [0, 1] inputs).
    public var scale: Double = 1

    public init(mean: Double = 114.8, std: Double = 57.6,
                geometry: PlaneGeometry = PlaneGeometry(width: 224, height: 224, correlationLength: 8),
                smoothness: Double = 0.95, offset: Double = 0, scale: Double = 1) {
        self.mean = mean
        self.std = std
        self.geometry = geometry
        self.smoothness = smoothness
        self.offset = offset
        self.scale = scale
    }

    func validate(path: String) -> [String] {
        var problems = geometry.validate(path: "\(path).geometry")
        check(mean, in: 0...255, "\(path).mean", "an 8-bit level", &problems)
        check(std, in: 0...255, "\(path).std", "8-bit levels", &problems)
        check(smoothness, in: 0...1, "\(path).smoothness", "a weight", &problems)
        check(offset, in: -1e6...1e6, "\(path).offset", "8-bit levels", &problems)
        check(scale, in: -1e6...1e6, "\(path).scale", "a factor", &problems)
        return problems
    }
}

/// Appends a problem when `value` is NaN or outside `range`.
private func check(_ value: Double, in range: ClosedRange<Double>, _ path: String,
                   _ unit: String, _ problems: inout [String]) {
    if !range.contains(value) {
        problems.append("\(path) must be in \(range.lowerBound)...\(range.upperBound) (\(unit)), got \(value)")
    }
}
