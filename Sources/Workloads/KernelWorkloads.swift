import Foundation

/// Workloads that are not whole networks: one GEMM or convolution in isolation (for
/// per-kernel calibration against measurements such as DeepBench), and a BabelStream-style
/// bandwidth benchmark.

/// One GEMM or convolution, as DeepBench describes its kernels, turned into a tiny network
/// whose plan holds that kernel; `select` keeps only its ops of one phase.
///
/// Spec strings (`--kernel`), keys in any order, integers:
/// - `gemm:M=1760,N=128,K=1760[,tA=1][,tB=1]` — C(M×N) = op(A)(M×K)·op(B)(K×N), cuBLAS
///   column-major with the given transposes (default N, N), run as a fully connected layer's
///   forward GEMM (M outputs, batch N, K inputs) with the operands at those layouts;
/// - `conv:W=56,H=56,C=64,N=16,K=64,R=3,S=3,pad_h=1,pad_w=1,stride_v=1,stride_h=1` — input
///   W×H×C, batch N, K filters of R (height) × S (width); pads and strides default 0 and 1.
///
/// The layer is named `kernel`; a learnable `Scale` layer before it gives its input a
/// gradient, so that backward-data exists (DeepBench times it for every layer but a network's first).
public struct KernelSpec: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case gemm, conv }
    public var kind: Kind
    /// The parsed fields (upper-case GEMM/DeepBench names as given).
    public var fields: [String: Int]
    public static let layerName = "kernel"

    /// Mini-batch of the kernel's network: N of a GEMM (its columns) or of a convolution.
    public var batch: Int { fields["N"] ?? 1 }

    public init(parsing text: String) throws(WorkloadError) {
        let file = "--kernel"
        func fail(_ m: String) -> WorkloadError {
            WorkloadError(file: file, line: 0, message: "\(m); write e.g. gemm:M=1760,N=128,K=1760 or conv:W=56,H=56,C=64,N=16,K=64,R=3,S=3,pad_h=1,pad_w=1")
        }
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0]).lowercased()) else {
            throw fail("'\(text)' must start with gemm: or conv:")
        }
        let allowed: Set<String> = kind == .gemm ? ["M", "N", "K", "tA", "tB"]
            : ["W", "H", "C", "N", "K", "R", "S", "pad_h", "pad_w", "stride_v", "stride_h"]
        let required: Set<String> = kind == .gemm ? ["M", "N", "K"] : ["W", "H", "C", "N", "K", "R", "S"]
        var fields: [String: Int] = [:]
        for item in parts[1].split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, allowed.contains(kv[0]) else {
                throw fail("'\(item)' is not one of \(allowed.sorted().joined(separator: ", ")) as KEY=VALUE")
            }
            let range = kv[0].hasPrefix("t") ? 0...1 : (kv[0].hasPrefix("pad") ? 0 : 1)...1_048_576
            guard let v = Int(kv[1]), range ~= v else {
                throw fail("\(kv[0])=\(kv[1]) must be an integer in \(range.lowerBound)…\(range.upperBound)")
            }
            guard fields[kv[0]] == nil else { throw fail("\(kv[0]) is given twice") }
            fields[kv[0]] = v
        }
        let missing = required.subtracting(fields.keys)
        guard missing.isEmpty else { throw fail("missing \(missing.sorted().joined(separator: ", "))") }
        self.kind = kind
        self.fields = fields
    }

    /// The kernel's network, in `.net` form.
    public var netText: String {
        let f = fields
        switch kind {
        case .gemm:
            return """
                network gemm_M\(f["M"]!)_N\(f["N"]!)_K\(f["K"]!)
                Input data -> data shape=\(f["K"]!)x1x1
                Scale pre data -> pre
                InnerProduct \(Self.layerName) pre -> \(Self.layerName) num_output=\(f["M"]!) bias=false
                end

                """
        case .conv:
            let (ph, pw, sv, sh) = (f["pad_h"] ?? 0, f["pad_w"] ?? 0, f["stride_v"] ?? 1, f["stride_h"] ?? 1)
            return """
                network conv_W\(f["W"]!)_H\(f["H"]!)_C\(f["C"]!)_N\(f["N"]!)_K\(f["K"]!)_R\(f["R"]!)_S\(f["S"]!)
                Input data -> data shape=\(f["C"]!)x\(f["H"]!)x\(f["W"]!)
                Scale pre data -> pre
                Convolution \(Self.layerName) pre -> \(Self.layerName) num_output=\(f["K"]!) kernel=\(f["R"]!)x\(f["S"]!) stride=\(sv)x\(sh) pad=\(ph)x\(pw) bias=false
                end

                """
        }
    }

    /// The kernel's plan: a GEMM's op gets its BLAS operand layouts.
    public func adapt(_ plan: TrainingPlan) -> TrainingPlan {
        guard kind == .gemm else { return plan }
        var p = plan
        for i in p.ops.indices where p.ops[i].layer == Self.layerName && p.ops[i].phase == .forward {
            if case .gemm(var shape) = p.ops[i].kind {
                shape.blas = BLASLayout(transA: fields["tA"] == 1, transB: fields["tB"] == 1)
                p.ops[i].kind = .gemm(shape)
            }
        }
        return p
    }

    /// The network (a loss is added by the caller where a plan needs one).
    public func network() throws(WorkloadError) -> Network {
        try NetworkParser.parse(text: netText, file: "--kernel")
    }

    /// Whether `op` is part of the kernel in `phase` (its main op and, for fused Winograd,
    /// the filter transform; not the bias gradient, which DeepBench does not time).
    public static func belongs(_ op: Op, phase: Phase) -> Bool {
        op.layer == layerName && op.phase == phase && !op.name.hasSuffix("/bias")
    }
}

extension TrainingPlan {
    /// The same plan (tensors, allocation) with only the ops `keep` accepts, re-indexed.
    public func restricted(to keep: (Op) -> Bool) -> TrainingPlan {
        var copy = self
        copy.ops = ops.filter(keep).enumerated().map { i, op in
            var o = op
            o.index = i
            return o
        }
        return copy
    }

    /// A plan of stream kernels over fresh fp32 arrays: `arrays` names them, `kernels` gives
    /// each kernel's name, the arrays it reads and writes, and FLOPs per element. Every array
    /// has `elements` values; the kernels run in order as forward ops of layers named after them.
    public init(streamNamed name: String, arrays: [String], elements: Int,
                kernels: [(name: String, reads: [String], writes: [String], flopsPerElement: Int)],
                options: TrainingOptions = TrainingOptions()) {
        var tensors: [Tensor] = []
        var ids: [String: TensorID] = [:]
        for a in arrays {
            let id = TensorID(tensors.count)
            ids[a] = id
            tensors.append(Tensor(id: id, name: a, role: .other, layer: a, layerType: "Array", blob: nil,
                                  elementCount: elements, stage: .convolutional))
        }
        var ops: [Op] = []
        for k in kernels {
            let accesses = k.reads.map { TensorAccess(tensor: ids[$0]!, mode: .read, bytes: elements * Self.bytesPerElement) }
                + k.writes.map { TensorAccess(tensor: ids[$0]!, mode: .write, bytes: elements * Self.bytesPerElement) }
            ops.append(Op(index: ops.count, name: "\(k.name)/forward", layer: k.name, layerType: "Stream", phase: .forward,
                          kind: .elementwise, flops: k.flopsPerElement * elements, accesses: accesses))
        }
        self.networkName = name
        self.batch = 1
        self.options = options
        self.tensors = tensors
        self.ops = ops
        self.allocation = Allocation(tensors: tensors, alignment: options.alignment, baseAddress: options.baseAddress)
    }
}

/// BabelStream's four kernels (Deakin et al., "GPU-STREAM v2.0", 2016): copy c = a,
/// mul b = q·c, add c = a + b, triad a = b + q·c, over three arrays.
public enum StreamBenchmark {
    /// Default array length: 2^25 fp32 values (128 MiB per array, BabelStream's default), far
    /// larger than any L2.
    public static let defaultElements = 1 << 25
    public static let name = "stream"

    public static func plan(elements: Int = defaultElements, options: TrainingOptions = TrainingOptions()) -> TrainingPlan {
        TrainingPlan(streamNamed: name, arrays: ["a", "b", "c"], elements: elements, kernels: [
            ("copy", ["a"], ["c"], 0),
            ("mul", ["c"], ["b"], 1),
            ("add", ["a", "b"], ["c"], 1),
            ("triad", ["b", "c"], ["a"], 2),
        ], options: options)
    }
}
