/// Every layer type, declared once, with its name in `.net` files and in Caffe prototxt
/// (the same spelling: Caffe's). Both parsers switch over it exhaustively and
/// `LayerKind.type` maps back, so a type added here without parsing or a `LayerKind` case
/// is a compile error, never a silent fallback.
public enum LayerType: String, CaseIterable, Sendable {
    case input = "Input", convolution = "Convolution", innerProduct = "InnerProduct", relu = "ReLU"
    case pooling = "Pooling", lrn = "LRN", dropout = "Dropout", concat = "Concat", eltwise = "Eltwise"
    case batchNorm = "BatchNorm", scale = "Scale", softmax = "Softmax", softmaxWithLoss = "SoftmaxWithLoss"

    /// The types that compute (all but `input`), in declaration order.
    public static let computing: [LayerType] = allCases.filter { $0 != .input }
}

/// What a layer computes, with the hyper-parameters that matter for shapes,
/// parameter counts, FLOPs and memory traffic. Names follow Caffe
/// (`caffe.proto`, BVLC Caffe 1.0); hyper-parameters that do not change any of
/// those quantities (fillers, learning-rate multipliers, LRN alpha/beta) are not kept.
public enum LayerKind: Hashable, Sendable, Codable {
    /// A network input (Caffe `Input`, `Data`, `MemoryData`, …): produces the image
    /// blob of `shape` and, if the layer has a second top, a per-image label.
    case input(shape: BlobShape)
    case convolution(ConvolutionParameters)
    /// Fully connected layer (Caffe `InnerProduct`) over the whole C×H×W input.
    case innerProduct(numOutput: Int, bias: Bool)
    case relu
    case pooling(PoolingParameters)
    /// Local response normalization across channels (Caffe default region).
    case lrn(localSize: Int)
    /// Inverted dropout with the given drop ratio; keeps a per-element mask.
    case dropout(ratio: Double)
    /// Concatenation along channels (Caffe `Concat`, axis 1).
    case concat
    case eltwise(EltwiseOperation)
    /// Batch normalization; its running statistics are not learnable (Caffe).
    case batchNorm
    /// Per-channel scale (and bias when `bias`), learnable (Caffe `Scale`).
    case scale(bias: Bool)
    case softmax
    /// Softmax followed by multinomial logistic loss against the label blob.
    case softmaxWithLoss

    /// The layer's type.
    public var type: LayerType {
        switch self {
        case .input: .input
        case .convolution: .convolution
        case .innerProduct: .innerProduct
        case .relu: .relu
        case .pooling: .pooling
        case .lrn: .lrn
        case .dropout: .dropout
        case .concat: .concat
        case .eltwise: .eltwise
        case .batchNorm: .batchNorm
        case .scale: .scale
        case .softmax: .softmax
        case .softmaxWithLoss: .softmaxWithLoss
        }
    }

    /// The Caffe type name, used by the `.net` format and in messages.
    public var typeName: String { type.rawValue }

    /// Layers that may (and in Caffe usually do) write their output over their input.
    public var mayRunInPlace: Bool {
        switch self {
        case .relu, .dropout, .batchNorm, .scale: true
        default: false
        }
    }

    /// Layers with learnable parameters (weights, and possibly a bias).
    public var isLearnable: Bool {
        switch self {
        case .convolution, .innerProduct, .scale: true
        default: false
        }
    }

    /// Loss layers end the forward pass and start the backward pass.
    public var isLoss: Bool { self == .softmaxWithLoss }
}

/// Convolution hyper-parameters (Caffe `ConvolutionParameter`). Kernel, stride
/// and pad may differ between height and width (`kernel_h`/`kernel_w` …).
public struct ConvolutionParameters: Hashable, Sendable, Codable {
    public var numOutput: Int
    public var kernelH: Int
    public var kernelW: Int
    public var strideH: Int = 1
    public var strideW: Int = 1
    public var padH: Int = 0
    public var padW: Int = 0
    public var group: Int = 1
    public var bias: Bool = true

    public init(numOutput: Int, kernel: Int, stride: Int = 1, pad: Int = 0,
                group: Int = 1, bias: Bool = true) {
        self.numOutput = numOutput
        self.kernelH = kernel
        self.kernelW = kernel
        self.strideH = stride
        self.strideW = stride
        self.padH = pad
        self.padW = pad
        self.group = group
        self.bias = bias
    }
}

/// Pooling method (Caffe `PoolingParameter.PoolMethod`; STOCHASTIC is not modeled).
public enum PoolMethod: String, Hashable, Sendable, Codable, CaseIterable {
    case max
    case ave
}

/// Pooling hyper-parameters. With `global`, the window is the whole input plane.
public struct PoolingParameters: Hashable, Sendable, Codable {
    public var method: PoolMethod
    public var kernelH: Int
    public var kernelW: Int
    public var strideH: Int = 1
    public var strideW: Int = 1
    public var padH: Int = 0
    public var padW: Int = 0
    public var global: Bool = false

    public init(method: PoolMethod, kernel: Int, stride: Int = 1, pad: Int = 0, global: Bool = false) {
        self.method = method
        self.kernelH = kernel
        self.kernelW = kernel
        self.strideH = stride
        self.strideW = stride
        self.padH = pad
        self.padW = pad
        self.global = global
    }
}

/// Element-wise combination of several equally shaped blobs (Caffe `EltwiseOp`).
public enum EltwiseOperation: String, Hashable, Sendable, Codable, CaseIterable {
    case sum
    case prod
    case max
}
