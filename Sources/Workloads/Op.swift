/// The pass an op belongs to. Raw values are the names used in CSV output.
public enum Phase: String, Hashable, Sendable, Codable, CaseIterable {
    case forward
    case backwardData = "backward_data"
    case backwardWeight = "backward_weight"
    case update
}

/// Direction of a tensor access.
public enum AccessDirection: String, Hashable, Sendable, Codable {
    case read
    case write
}

/// Bytes an op reads or writes in one tensor: `bytes` from `offset` (both
/// within the tensor). Normally the whole tensor; slices for chunked algorithms.
public struct TensorAccess: Hashable, Sendable, Codable {
    public var tensor: TensorID
    public var mode: AccessDirection
    public var offset: Int
    public var bytes: Int

    public init(tensor: TensorID, mode: AccessDirection, offset: Int = 0, bytes: Int) {
        self.tensor = tensor
        self.mode = mode
        self.offset = offset
        self.bytes = bytes
    }
}

/// Convolution algorithm of one op, as cuDNN offers them.
public enum ConvolutionAlgorithm: String, Hashable, Sendable, Codable, CaseIterable {
    /// Implicit (precomputed) GEMM: the convolution as one GEMM per group, im2col done on the fly.
    case implicitGemm
    /// Winograd F(2×2, 3×3), non-fused: transforms through a workspace and 16 batched GEMMs.
    case winograd
    /// Winograd F(2×2, 3×3), fused (cuDNN's `WINOGRAD`): a filter-transform kernel writes the
    /// transformed filters (16·C_in·C_out values) to the workspace; one main kernel transforms
    /// input tiles, multiplies and transforms back on chip, reading the input and writing the
    /// output directly (Lavin & Gray, CVPR 2016).
    case winogradFused2x2
    /// Winograd F(4×4, 3×3), fused as above: 36 transformed values per 4×4 output tile
    /// (4× fewer multiplies than direct convolution, against 2.25× for F(2×2, 3×3)).
    case winogradFused4x4

    /// Output tile side m of a fused Winograd F(m×m, 3×3), nil otherwise.
    public var fusedTile: Int? {
        switch self {
        case .winogradFused2x2: 2
        case .winogradFused4x4: 4
        case .implicitGemm, .winograd: nil
        }
    }
}

/// How the convolution algorithm of each op is chosen (`TrainingOptions.convolutionAlgorithm`).
public enum ConvolutionPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// As `cudnnFindConvolution*Algorithm` does: every candidate that applies and fits the
    /// workspace limit is simulated in isolation and the fastest is kept, per layer and phase
    /// (the run fills `TrainingOptions.algorithmChoices`; without choices, implicit GEMM).
    case auto
    case implicitGemm
    case winograd
    case winogradFused2x2
    case winogradFused4x4

    /// The fixed algorithm of a non-`auto` policy.
    public var fixed: ConvolutionAlgorithm? { ConvolutionAlgorithm(rawValue: rawValue) }
}

/// Geometry of the convolution a GEMM computes (whole batch, forward view).
public struct ConvolutionGeometry: Hashable, Sendable, Codable {
    public var batch: Int
    public var input: BlobShape
    public var output: BlobShape
    public var kernelH: Int
    public var kernelW: Int
    public var strideH: Int
    public var strideW: Int
    public var padH: Int
    public var padW: Int
    public var group: Int
}

/// A (batched, grouped) matrix product C[M×N] += A[M×K]·B[K×N], performed
/// `groups × batchCount` times. Multiply-accumulates = M·N·K·groups·batchCount.
///
/// Conventions (per group; B images; C channels, H×W planes, k×k kernel, s stride):
/// - conv forward: M = C_out, N = B·H_out·W_out, K = C_in·k·k;
/// - conv backward-data: M = C_in, N = B·H_in·W_in, K = C_out·⌈k/s⌉² (each input
///   pixel receives from ⌈k/s⌉² output positions per channel, cuDNN-style strided dgrad);
/// - conv backward-weight: M = C_out, N = C_in·k·k, K = B·H_out·W_out;
/// - FC: forward M = out, N = B, K = in; backward-data M = in, N = B, K = out;
///   backward-weight M = out, N = in, K = B;
/// - Winograd (non-fused): M = C_out, N = images·⌈H/2⌉·⌈W/2⌉ tiles, K = C_in, batchCount 16.
/// - fused Winograd F(m×m, 3×3): M = C_out, N = images·⌈H/m⌉·⌈W/m⌉ tiles, K = C_in; each
///   multiply-accumulate stands for (m+2)² of them in the transformed domain (`macs`).
public struct GemmShape: Hashable, Sendable, Codable {
    public var m: Int
    public var n: Int
    public var k: Int
    public var groups: Int = 1
    public var batchCount: Int = 1
    public var algorithm: ConvolutionAlgorithm = .implicitGemm
    /// The convolution, or nil for fully connected layers.
    public var convolution: ConvolutionGeometry?
    /// A plain BLAS GEMM's operand layouts (column-major, cuBLAS conventions), for kernels
    /// measured in isolation (DeepBench); nil: the layer's own tensor layouts.
    public var blas: BLASLayout?

    /// Multiply-accumulates actually performed (for fused Winograd, the (m+2)² products per tile).
    public var macs: Int { m * n * k * groups * batchCount * transformedElements }
    /// Products per (M, N, K) element: (m+2)² for fused Winograd F(m×m, 3×3), else 1.
    public var transformedElements: Int { algorithm.fusedTile.map { ($0 + 2) * ($0 + 2) } ?? 1 }
}

/// Operand layouts of a column-major BLAS GEMM C(M×N) = op(A)·op(B): `transA` means A is
/// stored K×M (element (m, k) at k + m·K), else M×K (m + k·M); `transB` means B is stored N×K
/// (n + k·N), else K×N (k + n·K). C is M×N column-major.
public struct BLASLayout: Hashable, Sendable, Codable {
    public var transA: Bool
    public var transB: Bool
    public init(transA: Bool, transB: Bool) { self.transA = transA; self.transB = transB }
}

/// Stage of a Winograd convolution.
public enum WinogradStage: String, Hashable, Sendable, Codable {
    /// Filter g → G·g·Gᵀ (4×4 per filter).
    case filterTransform
    /// Input tile d → Bᵀ·d·B (4×4 per 2×2 output tile).
    case inputTransform
    /// Product m → Aᵀ·m·A (2×2 output tile).
    case outputTransform
}

/// The computation of an op, for a GPU timing model.
public enum OpKind: Hashable, Sendable, Codable {
    case gemm(GemmShape)
    case winogradTransform(WinogradStage)
    /// Independent per-element work (ReLU, dropout, scale, eltwise, update, …).
    case elementwise
    /// Pooling with `window` input values per output value.
    case pooling(window: Int)
    /// Local response normalization over `size` channels.
    case lrn(size: Int)
    case softmax
    /// Reductions over the batch and plane (bias gradients, BatchNorm statistics).
    case reduction
    /// Pure data movement on the device (concat).
    case copy
    /// Host-to-device transfer of the input batch (images and labels).
    case dataTransfer
}

/// One step of a training iteration: a kernel (or a few fused ones) of one
/// layer in one phase, with its arithmetic and the bytes it touches.
public struct Op: Hashable, Sendable, Codable {
    /// Position in `TrainingPlan.ops`.
    public var index: Int
    /// Readable unique name, e.g. `conv1_1/forward`, `conv1_1/backward_weight/bias`.
    public var name: String
    public var layer: String
    public var layerType: String
    public var phase: Phase
    public var kind: OpKind
    /// Floating-point operations (a multiply-accumulate counts 2).
    public var flops: Int
    public var accesses: [TensorAccess]

    public var readBytes: Int { accesses.filter { $0.mode == .read }.reduce(0) { $0 + $1.bytes } }
    public var writeBytes: Int { accesses.filter { $0.mode == .write }.reduce(0) { $0 + $1.bytes } }
}
