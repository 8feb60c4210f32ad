/// How one GEMM maps onto an R×C array: the folds (array-sized pieces run one after the
/// other) and each fold's cycles as fill + stream + drain.
///
/// A GEMM C[M×N] += A[M×K]·B[K×N] (per group and batch entry, `Workloads.GemmShape`
/// conventions) has, per dataflow, a spatial extent Sr × Sc held in the array and a
/// temporal extent T streamed through it (SCALE-Sim's terms, Samajdar et al., ISPASS 2020):
/// - OS: Sr = M, Sc = N, T = K;  WS: Sr = K, Sc = M, T = N;  IS: Sr = K, Sc = N, T = M.
/// Folds = ⌈Sr/R⌉·⌈Sc/C⌉ per group and batch entry. Every fold takes
/// fill = R + C − 2 cycles (operands skew to the far corner), stream = T, drain = R
/// (results shift out row by row): 2R + C + T − 2, SCALE-Sim's per-fold runtime for a
/// full-size array. Partly used folds cost the same cycles (the skew is the array's).
public struct FoldPlan: Sendable, Equatable {
    public var folds: Int
    public var fill: Int
    public var stream: Int
    public var drain: Int
    /// Per fold (the folds of a GEMM are alike in cycles; their used sizes differ at the edges).
    public var cyclesPerFold: Int { fill + stream + drain }
    public var totalCycles: Int { folds * cyclesPerFold }
    /// (spatial rows used, spatial cols used) of each distinct fold shape with its count.
    public var shapes: [(rows: Int, cols: Int, count: Int)]

    public static func == (a: FoldPlan, b: FoldPlan) -> Bool {
        a.folds == b.folds && a.fill == b.fill && a.stream == b.stream && a.drain == b.drain
            && a.shapes.map { [$0.rows, $0.cols, $0.count] } == b.shapes.map { [$0.rows, $0.cols, $0.count] }
    }

    /// The folds of an M×N×K GEMM repeated `repeats` times (groups × batch entries).
    public init(m: Int, n: Int, k: Int, repeats: Int = 1, array: ArrayConfig) {
        let (sr, sc, t): (Int, Int, Int)
        switch array.dataflow {
        case .outputStationary: (sr, sc, t) = (m, n, k)
        case .weightStationary: (sr, sc, t) = (k, m, n)
        case .inputStationary: (sr, sc, t) = (k, n, m)
        }
        let r = array.rows, c = array.cols
        fill = r + c - 2
        stream = t
        drain = r
        func pieces(_ extent: Int, _ size: Int) -> [(Int, Int)] {   // (used size, count)
            let full = extent / size, rest = extent % size
            return (full > 0 ? [(size, full)] : []) + (rest > 0 ? [(rest, 1)] : [])
        }
        var s: [(rows: Int, cols: Int, count: Int)] = []
        for (ur, nr) in pieces(sr, r) { for (uc, nc) in pieces(sc, c) { s.append((ur, uc, nr * nc * repeats)) } }
        shapes = s
        folds = s.reduce(0) { $0 + $1.count }
    }

    /// Values one fold of shape (rows, cols) reads from the scratchpad (stationary block once,
    /// streamed operand once per spatial row or column) and writes (its outputs or partial sums).
    public static func traffic(rows: Int, cols: Int, stream t: Int, dataflow: Dataflow) -> (readA: Int, readB: Int, write: Int) {
        switch dataflow {
        case .outputStationary: return (rows * t, t * cols, rows * cols)        // A rows × K, K × B cols, outputs
        case .weightStationary: return (rows * cols, rows * t, cols * t)        // weights K×M block, inputs K×N, partial sums M×N
        case .inputStationary: return (t * rows, rows * cols, cols * t)         // weights M×K, input block K×N, partial sums
        }
    }

    /// Whether outputs leave only during the drain (OS) or during the stream (WS, IS).
    public static func writesDuringStream(_ d: Dataflow) -> Bool { d != .outputStationary }
}
