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

    public init() {}

    public func validate(path: String) -> [String] {
        ValueModel.postReLU(reluFeatureMaps).validate().map { "\(path).reluFeatureMaps: \($0)" }
            + ValueModel.dense(denseFeatureMaps).validate().map { "\(path).denseFeatureMaps: \($0)" }
            + ValueModel.dense(gradients).validate().map { "\(path).gradients: \($0)" }
            + ValueModel.weights(weights).validate().map { "\(path).weights: \($0)" }
            + ValueModel.images(images).validate().map { "\(path).images: \($0)" }
    }
}
