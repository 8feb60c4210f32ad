import Workloads

extension SystolicEngine {
    /// The DRAM traffic of `op` under the residency policy (`Residency`), as burst segments;
    /// counted per partition (`dramReadBytes`, `dramWriteBytes`).
    func spill(_ op: Op) -> [(address: UInt64, bytes: Int, write: Bool)] {
        var out: [(address: UInt64, bytes: Int, write: Bool)] = []
        func region(_ t: TensorID, offset: Int = 0) -> UInt64 { UInt64(plan.allocation.region(of: t).start + offset) }
        func cls(_ t: TensorID) -> Int { Self.tensorClass(plan.tensors[t.rawValue].role).index }
        func dram(_ t: TensorID, offset: Int, bytes: Int, write: Bool) {
            guard bytes > 0 else { return }
            out.append((region(t, offset: offset), bytes, write))
            if write { partitions[cls(t)].counters.dramWriteBytes += Int64(bytes) }
            else { partitions[cls(t)].counters.dramReadBytes += Int64(bytes) }
        }
        let keep = Set(op.accesses.map(\.tensor))
        func hold(_ t: TensorID, dirty: Bool) -> Bool {
            let c = cls(t)
            guard let evicted = residency[c].insert(t, bytes: plan.tensors[t.rawValue].bytes, dirty: dirty, keep: keep) else { return false }
            for (v, b) in evicted { dram(v, offset: 0, bytes: b, write: true) }
            return true
        }
        // GEMM operand re-reads when neither of the two largest read operands fits its partition.
        var refetch: [TensorID: Int] = [:]
        if case .gemm = op.kind {
            let reads = op.accesses.filter { $0.mode == .read }.sorted { $0.bytes > $1.bytes }
            if reads.count >= 2 {
                let a = reads[0], b = reads[1]
                let capA = residency[cls(a.tensor)].capacity, capB = residency[cls(b.tensor)].capacity
                if a.bytes > capA && b.bytes > capB && capA > 0 && capB > 0 {
                    let chunksA = (a.bytes + capA - 1) / capA, chunksB = (b.bytes + capB - 1) / capB
                    if a.bytes + chunksA * b.bytes <= b.bytes + chunksB * a.bytes { refetch[b.tensor] = chunksA }
                    else { refetch[a.tensor] = chunksB }
                }
            }
        }
        for a in op.accesses where a.mode == .read {
            let c = cls(a.tensor)
            if residency[c].holds(a.tensor) { _ = hold(a.tensor, dirty: false); continue }
            let times = refetch[a.tensor] ?? 1
            for _ in 0..<times { dram(a.tensor, offset: a.offset, bytes: a.bytes, write: false) }
            _ = hold(a.tensor, dirty: false)
        }
        for a in op.accesses where a.mode == .write {
            if !hold(a.tensor, dirty: true) { dram(a.tensor, offset: a.offset, bytes: a.bytes, write: true) }
        }
        for a in op.accesses where lastUse[a.tensor.rawValue] == op.index && !plan.tensors[a.tensor.rawValue].persistent {
            residency[cls(a.tensor)].drop(a.tensor)
        }
        return out
    }
}
