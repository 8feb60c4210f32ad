/// How a training iteration is planned. Every field has a default; a JSON
/// object may give any subset of them (missing keys keep their defaults).
public struct TrainingOptions: Codable, Sendable, Hashable {
    /// Convolution algorithm policy. Default `.implicitGemm` for every convolution.
    /// With `.winograd`, convolutions cuDNN can run as Winograd F(2×2,3×3)
    /// (3×3 kernel, stride 1, one group) use it for forward and backward-data
    /// (2.25× fewer multiplies in the main product, plus transform ops and
    /// workspace traffic); backward-weight and all other convolutions stay implicit GEMM.
    public var convolutionAlgorithm: ConvolutionAlgorithm = .implicitGemm
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

    private enum CodingKeys: String, CodingKey {
        case convolutionAlgorithm, workspaceLimitBytes, momentum, layerBuffers, alignment, baseAddress, gradientMaps
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingOptions()
        convolutionAlgorithm = try c.decodeIfPresent(ConvolutionAlgorithm.self, forKey: .convolutionAlgorithm) ?? d.convolutionAlgorithm
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
