/// How long a gradient map (a blob's Caffe "diff") occupies device memory.
public enum GradientMapPolicy: String, Hashable, Sendable, Codable, CaseIterable {
    /// Caffe: every blob keeps its diff for the whole iteration (default; what Caffe does).
    case caffe
    /// Recycled: a gradient map lives from the op that first writes it until the last op
    /// that reads it (the layer below has consumed it); its space is then reused by later
    /// gradient maps (seed 000 §3.1: "the generated gradient map for layer N+1 is no
    /// longer useful once the backward propagation reaches layer N").
    case recycled
}

extension TrainingPlan {
    /// Every gradient map with the ops that first and last touch it, in order of first use.
    public func gradientMapLifetimes() -> [(tensor: TensorID, ops: ClosedRange<Int>)] {
        var first: [Int: Int] = [:], last: [Int: Int] = [:]
        for op in ops {
            for a in op.accesses where tensors[a.tensor.rawValue].role == .gradientMap {
                let k = a.tensor.rawValue
                if first[k] == nil { first[k] = op.index }
                last[k] = op.index
            }
        }
        return first.keys.sorted { (first[$0]!, $0) < (first[$1]!, $1) }
            .map { (TensorID($0), first[$0]!...last[$0]!) }
    }

    /// Device bytes the gradient maps occupy (each aligned to `options.alignment`).
    /// `caffe`: their sum. `recycled`: the peak of a first-fit pool in which a map's range
    /// is free again after its last use (deterministic: maps placed in order of first use,
    /// at the lowest offset that overlaps no live map).
    public func gradientMapBytes(_ policy: GradientMapPolicy) -> Int {
        let a = options.alignment
        func size(_ id: TensorID) -> Int { Allocation.alignUp(tensors[id.rawValue].bytes, to: a) }
        let lives = gradientMapLifetimes()
        switch policy {
        case .caffe:
            return tensors.filter { $0.role == .gradientMap }.reduce(0) { $0 + Allocation.alignUp($1.bytes, to: a) }
        case .recycled:
            var live: [(offset: Int, size: Int, end: Int)] = []
            var peak = 0
            for (id, span) in lives {
                live.removeAll { $0.end < span.lowerBound }
                let n = size(id)
                var offset = 0
                for l in live.sorted(by: { $0.offset < $1.offset }) {
                    if offset + n <= l.offset { break }
                    offset = max(offset, l.offset + l.size)
                }
                live.append((offset, n, span.upperBound))
                peak = max(peak, offset + n)
            }
            // Gradient maps no op touches (none in practice) keep their own space.
            let touched = Set(lives.map { $0.tensor.rawValue })
            return peak + tensors.filter { $0.role == .gradientMap && !touched.contains($0.id.rawValue) }
                .reduce(0) { $0 + Allocation.alignUp($1.bytes, to: a) }
        }
    }
}
