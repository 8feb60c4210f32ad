import DataValues

/// The value models that give every written tensor its bits (see workloads/VALUES.md
/// for each parameter's source). The plane geometry of feature maps and gradients is
/// taken from each tensor's own shape; the parameters here set the rest.
public struct ValuesConfig: Sendable, Codable, Hashable {
    /// Feature maps written by ReLU or computed from ReLU outputs (non-negative).
    public var reluFeatureMaps = PostReLUParameters()
    /// Other feature maps (e.g. a convolution's output before an out-of-place ReLU).
    public var denseFeatureMaps = DenseParameters()
    /// Gradient maps (the diff of each blob).
    public var gradients = DenseParameters()
    /// Weights, biases, their gradients and momentum.
    public var weights = WeightParameters()
    /// Input images.
    public var images = ImageParameters()
    /// Directory of `.npy` tensors (float32, C order) named after blobs (`/` in a blob
    /// name becomes `_`): when a blob's file exists its feature map uses those values
    /// (repeated if the file holds fewer elements than the batch needs). Empty: none.
    public var directory: String = ""
    /// Per-layer ReLU zero fractions: network name → blob → fraction of zero words; a blob
    /// listed here uses it instead of `reluFeatureMaps.zeroFraction`. Defaults: VGG-16's
    /// measured on real trained activations (`scripts/real_activations.py`, see
    /// workloads/VALUES.md and workloads/vgg16_real_stats.csv); VGG-19 takes the same
    /// per-blob values, its fourth conv of blocks 3–5 that of the block's third (assumed).
    public var reluZeroFractions: [String: [String: Double]] = ValuesConfig.measuredVGG

    /// Zero words per post-ReLU blob of VGG-16, measured by
    /// `python3 scripts/real_activations.py --out acts/vgg16 --batch 8` (trained HED VGG-16
    /// conv stack, 8 scikit-image photographs, 224×224).
    public static let vgg16Measured: [String: Double] = [
        "conv1_1": 0.459, "conv1_2": 0.7132, "pool1": 0.6136, "conv2_1": 0.7802, "conv2_2": 0.9392, "pool2": 0.9137,
        "conv3_1": 0.6405, "conv3_2": 0.665, "conv3_3": 0.8791, "pool3": 0.8126, "conv4_1": 0.5542, "conv4_2": 0.6754,
        "conv4_3": 0.8098, "pool4": 0.685, "conv5_1": 0.8834, "conv5_2": 0.8577, "conv5_3": 0.7285, "pool5": 0.5638,
    ]

    public static let measuredVGG: [String: [String: Double]] = {
        var vgg19 = vgg16Measured
        vgg19["conv3_4"] = vgg16Measured["conv3_3"]
        vgg19["conv4_4"] = vgg16Measured["conv4_3"]
        vgg19["conv5_4"] = vgg16Measured["conv5_3"]
        return ["VGG_ILSVRC_16_layers": vgg16Measured, "VGG_ILSVRC_19_layers": vgg19]
    }()

    public init() {}

    public func validate(path: String) -> [String] {
        reluZeroFractions.sorted { $0.key < $1.key }.flatMap { net, blobs in
            blobs.sorted { $0.key < $1.key }.compactMap { blob, p in
                (p >= 0 && p < 1) ? nil : "\(path).reluZeroFractions.\(net).\(blob) must be in [0, 1) (is \(p))"
            }
        }
            + ValueModel.postReLU(reluFeatureMaps).validate().map { "\(path).reluFeatureMaps: \($0)" }
            + ValueModel.dense(denseFeatureMaps).validate().map { "\(path).denseFeatureMaps: \($0)" }
            + ValueModel.dense(gradients).validate().map { "\(path).gradients: \($0)" }
            + ValueModel.weights(weights).validate().map { "\(path).weights: \($0)" }
            + ValueModel.images(images).validate().map { "\(path).images: \($0)" }
    }
}
