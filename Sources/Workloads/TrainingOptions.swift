/// How a training iteration is planned. Every field has a default; a JSON
/// object may give any subset of them (missing keys keep their defaults).
public struct TrainingOptions: Codable, Sendable, Hashable {
    /// Convolution algorithm policy. Default `.auto`: cuDNN-style choice among implicit GEMM
    /// and fused Winograd F(2×2,3×3) / F(4×4,3×3) per layer and phase, by simulating each
    /// candidate (the run fills `algorithmChoices`). A fixed algorithm applies where it can:
    /// Winograd (fused or not) only to 3×3, stride-1, one-group convolutions with pad ≤ 1, in
    /// forward and backward-data; backward-weight and all other convolutions stay implicit GEMM.
    public var convolutionAlgorithm: ConvolutionPolicy = .auto
    /// The algorithm chosen per op under `.auto`, keyed `layer/phase` (e.g. `conv1_1/forward`).
    /// Filled by the run's algorithm search; not part of the configuration file.
    public var algorithmChoices: [String: ConvolutionAlgorithm] = [:]
    /// Largest Winograd workspace in bytes (default 512 MiB). The batch is
    /// processed in chunks of images whose transformed data fit (at least one image).
    public var workspaceLimitBytes: Int = 512 << 20
    /// SGD with momentum (Caffe solvers of these nets: momentum 0.9). Default true:
    /// a momentum tensor per parameter, read and written by the update.
    public var momentum: Bool = true
    /// Model Caffe's layer-internal buffers: BatchNorm's normalized copy
    /// (`x_norm_`) and the bottom copy of an in-place Scale (`temp_`). Default true.
    /// Dropout masks and the softmax probabilities of a loss are always modeled.
    public var layerBuffers: Bool = true
    /// Alignment of every tensor's start address in bytes (default 4 KiB, a power of two).
    public var alignment: Int = 4096
    /// Address of the first tensor (default 0), a multiple of `alignment`.
    public var baseAddress: Int = 0
    /// Gradient-map lifetime: `caffe` (every diff kept all iteration, default) or
    /// `recycled` (freed once the layer below consumed it). Changes the footprint only:
    /// simulated addresses stay distinct, so traffic is the same (README).
    public var gradientMaps: GradientMapPolicy = .caffe

    public init() {}

    /// Whether Winograd (fused or not) can compute a convolution with these parameters.
    public static func winogradApplies(kernelH: Int, kernelW: Int, strideH: Int, strideW: Int, group: Int,
                                       padH: Int, padW: Int) -> Bool {
        kernelH == 3 && kernelW == 3 && strideH == 1 && strideW == 1 && group == 1 && padH <= 1 && padW <= 1
    }

    /// The algorithm of `layer`'s convolution in `phase` under this policy; `winogradOK` says
    /// whether Winograd applies to the layer (backward-weight is always implicit GEMM).
    public func algorithm(layer: String, phase: Phase, winogradOK: Bool) -> ConvolutionAlgorithm {
        guard winogradOK, phase == .forward || phase == .backwardData else { return .implicitGemm }
        if let fixed = convolutionAlgorithm.fixed { return fixed }
        return algorithmChoices["\(layer)/\(phase.rawValue)"] ?? .implicitGemm
    }

    private enum CodingKeys: String, CodingKey {
        case convolutionAlgorithm, workspaceLimitBytes, momentum, layerBuffers, alignment, baseAddress, gradientMaps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingOptions()
        convolutionAlgorithm = try c.decodeIfPresent(ConvolutionPolicy.self, forKey: .convolutionAlgorithm) ?? d.convolutionAlgorithm
        workspaceLimitBytes = try c.decodeIfPresent(Int.self, forKey: .workspaceLimitBytes) ?? d.workspaceLimitBytes
        momentum = try c.decodeIfPresent(Bool.self, forKey: .momentum) ?? d.momentum
        layerBuffers = try c.decodeIfPresent(Bool.self, forKey: .layerBuffers) ?? d.layerBuffers
        alignment = try c.decodeIfPresent(Int.self, forKey: .alignment) ?? d.alignment
        baseAddress = try c.decodeIfPresent(Int.self, forKey: .baseAddress) ?? d.baseAddress
        gradientMaps = try c.decodeIfPresent(GradientMapPolicy.self, forKey: .gradientMaps) ?? d.gradientMaps
    }

    /// Problems with the options, each naming the field; empty when valid.
    public func validate() -> [String] {
        var problems: [String] = []
        if alignment <= 0 || alignment & (alignment - 1) != 0 || alignment > 1 << 30 {
            problems.append("training.alignment must be a power of two between 1 and 2^30 bytes, got \(alignment)")
        }
        if baseAddress < 0 || baseAddress > 1 << 50 || (alignment > 0 && baseAddress % alignment != 0) {
            problems.append("training.baseAddress must be a non-negative multiple of alignment below 2^50, got \(baseAddress)")
        }
        if workspaceLimitBytes <= 0 {
            problems.append("training.workspaceLimitBytes must be > 0, got \(workspaceLimitBytes)")
        }
        return problems
    }
}
