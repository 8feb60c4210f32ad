import Workloads

/// Which tensors a partition holds, and the DRAM traffic of keeping it so.
///
/// Policy (explicit, SYSTEMS.md A6): whole tensors are resident, least recently used first
/// out. A tensor read while not resident is fetched from DRAM (and kept if it fits); a
/// written tensor that fits is kept dirty, one that does not is written straight to DRAM.
/// Evicting a dirty tensor writes it back. A tensor is dropped without write-back after its
/// last use in the iteration unless it persists (weights, momentum). So the minibatch's
/// activations, written in forward and read in backward, stay on chip exactly as far as the
/// activation partition holds them. GEMM operands that do not fit are tiled: the larger
/// one is split into partition-sized chunks and the other is re-read once per chunk (the
/// cheaper of the two orders).
public struct Residency: Sendable {
    struct Entry { var bytes: Int; var dirty: Bool; var stamp: Int }
    public let capacity: Int
    var used = 0
    var entries: [TensorID: Entry] = [:]
    var clock = 0

    public init(capacity: Int) { self.capacity = capacity }

    public func holds(_ t: TensorID) -> Bool { entries[t] != nil }

    /// Makes room for `bytes`, evicting LRU tensors other than `keep`; returns the evicted dirty ones.
    mutating func makeRoom(_ bytes: Int, keep: Set<TensorID>) -> [(TensorID, Int)] {
        var out: [(TensorID, Int)] = []
        while used + bytes > capacity {
            guard let victim = entries.filter({ !keep.contains($0.key) }).min(by: { $0.value.stamp < $1.value.stamp }) else { break }
            entries[victim.key] = nil
            used -= victim.value.bytes
            if victim.value.dirty { out.append((victim.key, victim.value.bytes)) }
        }
        return out
    }

    /// Records a use of `t` (`bytes` its size); returns the dirty tensors evicted to make room.
    /// Returns nil when `t` cannot be held (larger than the partition, or no room).
    public mutating func insert(_ t: TensorID, bytes: Int, dirty: Bool, keep: Set<TensorID>) -> [(TensorID, Int)]? {
        clock += 1
        if var e = entries[t] {
            e.stamp = clock; e.dirty = e.dirty || dirty
            entries[t] = e
            return []
        }
        guard bytes <= capacity else { return nil }
        let evicted = makeRoom(bytes, keep: keep)
        guard used + bytes <= capacity else { return nil }
        entries[t] = Entry(bytes: bytes, dirty: dirty, stamp: clock)
        used += bytes
        return evicted
    }

    /// Drops `t` without write-back (dead after its last use).
    public mutating func drop(_ t: TensorID) {
        if let e = entries.removeValue(forKey: t) { used -= e.bytes }
    }
}
