import MemorySystem
import Workloads

/// Where workload and memory system meet: a tensor's role becomes the data category the
/// memory controller understands (seed 000 Table 1) — the software hint of §4.3.
public enum TensorCategories {
    /// - Feature maps of the convolutional stage: sparse candidates when a ReLU wrote them
    ///   or they are computed from ReLU outputs only (non-negative, e.g. max pooling);
    ///   otherwise dense. Feature maps of the fully connected stage: `fcFeatureMap`.
    /// - Weights and biases, and their gradients and momentum (same size, same
    ///   read-modify-write traffic; our reading of Table 1's "weights"): conv or FC by stage.
    /// - Input images (and labels) and gradient maps: `inputImagesAndGradients`.
    /// - Workspace and everything else: `other`.
    public static func category(of t: Tensor) -> DataCategory {
        switch t.role {
        case .featureMap:
            if t.stage == .fullyConnected { return .fcFeatureMap }
            return t.isReLUOutput || t.isNonNegative ? .sparseConvFeatureMap : .denseConvFeatureMap
        case .weight, .weightGradient, .momentum:
            return t.stage == .fullyConnected ? .fcWeights : .convWeights
        case .inputImage, .gradientMap:
            return .inputImagesAndGradients
        case .workspace, .other:
            return .other
        }
    }
}
