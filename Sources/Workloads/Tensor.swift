/// Identifies a tensor within one `TrainingPlan` (its index in `plan.tensors`).
public struct TensorID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: Int

    public init(_ rawValue: Int) { self.rawValue = rawValue }

    public static func < (lhs: TensorID, rhs: TensorID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "t\(rawValue)" }
}

/// What a tensor holds during training. Together with the flags of `Tensor`
/// this is what a later layer needs to assign seed 000's Table 1 data
/// categories (dense/sparse conv feature maps, FC feature maps, conv/FC
/// weights, input images and gradient maps, other).
public enum TensorRole: String, Hashable, Sendable, Codable, CaseIterable {
    /// The input batch copied to the device: images, and their labels.
    case inputImage
    /// A layer's output (one per distinct blob; in-place layers share it).
    case featureMap
    /// Learnable parameters: weights and biases (`Tensor.isBias` tells which).
    case weight
    /// Gradients of the learnable parameters.
    case weightGradient
    /// SGD momentum history of the learnable parameters.
    case momentum
    /// The gradient (Caffe "diff") of a blob, computed in the backward pass.
    case gradientMap
    /// Scratch space of convolution algorithms (Winograd transforms).
    case workspace
    /// Everything else: dropout masks, loss, BatchNorm statistics, layer-internal buffers.
    case other
}

/// Which part of the network a tensor belongs to: the convolutional stage
/// (convolution, ReLU, pooling, LRN … before any fully connected layer) or the
/// fully connected stage (an InnerProduct layer and everything computed from
/// its output). Decided by data flow, so GoogLeNet's auxiliary classifiers are
/// FC stage while the inception modules after them stay convolutional.
public enum NetworkStage: String, Hashable, Sendable, Codable, CaseIterable {
    case convolutional
    case fullyConnected
}

/// One tensor of a training iteration: fp32, all `batch` images for
/// per-image data, or a single copy for parameters.
public struct Tensor: Hashable, Sendable, Codable {
    public var id: TensorID
    /// Unique, readable name, e.g. `conv1_1`, `conv1_1.weight`, `conv1_1.diff`.
    public var name: String
    public var role: TensorRole
    /// The layer that produces (feature and gradient maps) or owns (parameters, buffers) it.
    public var layer: String
    /// That layer's Caffe type name (`Convolution`, `ReLU`, …).
    public var layerType: String
    /// The blob it stores (data or diff), for input, feature and gradient maps.
    public var blob: String?
    /// Number of fp32 values.
    public var elementCount: Int
    /// Stage of the producing/owning layer.
    public var stage: NetworkStage
    /// True for bias parameters and their gradients and momenta.
    public var isBias: Bool = false
    /// True when a ReLU writes this blob (in place), so its values are ≥ 0 and
    /// often zero: the sparse-feature-map candidates of Table 1.
    public var isReLUOutput: Bool = false
    /// True when the blob derives from a ReLU output through layers that keep
    /// zeros (pooling, dropout, concat), so it is non-negative and may be sparse.
    public var isNonNegative: Bool = false
    /// True for state kept across iterations (weights, momenta, BatchNorm running statistics).
    public var persistent: Bool = false

    /// Bytes of fp32 storage.
    public var bytes: Int { elementCount * TrainingPlan.bytesPerElement }
}
