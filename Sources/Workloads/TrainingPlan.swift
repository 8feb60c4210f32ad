/// One training iteration of a network at a batch size, as a GPU would run it
/// (Caffe with cuDNN, fp32): the ops in execution order, the tensors they
/// touch, and where those tensors live in device memory.
///
/// Order: read the input batch; forward through every layer (ReLU, Dropout,
/// BatchNorm and Scale in place as in Caffe; dropout keeps a mask), the loss;
/// backward for every layer that needs it in reverse order (conv/FC:
/// backward-weight, bias gradient, backward-data); then one SGD update per
/// learnable layer. See `TrainingOptions` for the choices.
public struct TrainingPlan: Hashable, Sendable, Codable {
    /// fp32 everywhere (masks and labels too, as Caffe stores them in 4-byte words).
    public static let bytesPerElement = 4
    /// Largest batch accepted (keeps every byte count far below `Int.max`).
    public static let maximumBatch = 65_536

    public var networkName: String
    public var batch: Int
    public var options: TrainingOptions
    /// Every tensor; `tensors[id.rawValue].id == id`.
    public var tensors: [Tensor]
    /// The iteration's ops in execution order; `ops[i].index == i`.
    public var ops: [Op]
    public var allocation: Allocation

    /// Plans one iteration.
    /// - Throws: `WorkloadError` (naming the network's file) for a batch outside
    ///   1…`maximumBatch` or invalid options.
    public init(network: Network, batch: Int, options: TrainingOptions = TrainingOptions()) throws(WorkloadError) {
        guard (1...Self.maximumBatch).contains(batch) else {
            throw WorkloadError(file: network.file, line: 0, message: "batch size must be between 1 and \(Self.maximumBatch), got \(batch)")
        }
        if let problem = options.validate().first {
            throw WorkloadError(file: network.file, line: 0, message: problem)
        }
        var builder = PlanBuilder(network: network, batch: batch, options: options)
        self.ops = builder.build()
        try Self.checkTotals(tensors: builder.table.tensors, ops: ops, file: network.file)
        self.tensors = builder.table.tensors
        self.networkName = network.name
        self.batch = batch
        self.options = options
        self.allocation = Allocation(tensors: builder.table.tensors, alignment: options.alignment, baseAddress: options.baseAddress)
    }

    /// Keeps sums over tensors and ops (footprint, FLOPs) far from `Int` overflow
    /// for absurdly large networks.
    private static func checkTotals(tensors: [Tensor], ops: [Op], file: String) throws(WorkloadError) {
        var bytes = 0
        var flops = 0
        for tensor in tensors {
            bytes = bytes.addingReportingOverflow(tensor.bytes + 1 << 30).partialValue
            guard bytes >= 0, bytes < 1 << 56 else {
                throw WorkloadError(file: file, line: 0, message: "the training iteration needs more than 2^56 bytes; use a smaller batch or network")
            }
        }
        for op in ops {
            flops = flops.addingReportingOverflow(op.flops).partialValue
            guard flops >= 0, flops < 1 << 62 else {
                throw WorkloadError(file: file, line: 0, message: "the training iteration needs more than 2^62 FLOPs; use a smaller batch or network")
            }
        }
    }

    public func tensor(_ id: TensorID) -> Tensor { tensors[id.rawValue] }

    /// Device memory the iteration needs, in bytes (all tensors, aligned; with
    /// `options.gradientMaps == .recycled` the gradient maps count as their recycled pool).
    public var footprintBytes: Int {
        guard options.gradientMaps == .recycled else { return allocation.footprintBytes }
        return allocation.footprintBytes - gradientMapBytes(.caffe) + gradientMapBytes(.recycled)
    }
    /// FLOPs of all ops.
    public var totalFlops: Int { ops.reduce(0) { $0 + $1.flops } }
    /// Multiply-accumulates of the GEMM ops of `phase`.
    public func gemmMACs(phase: Phase) -> Int {
        ops.filter { $0.phase == phase }.reduce(0) { total, op in
            if case .gemm(let shape) = op.kind { total + shape.macs } else { total }
        }
    }
    /// Bytes of all tensors of `role`.
    public func bytes(of role: TensorRole) -> Int {
        tensors.filter { $0.role == role }.reduce(0) { $0 + $1.bytes }
    }
}
