/// Bytes and cells one data category occupies.
public struct CategoryCapacity: Sendable, Hashable {
    public var category: DataCategory
    /// Logical bytes annotated with the category.
    public var bytes: UInt64 = 0
    /// Cells they occupy: DRAM 1 bit per cell; MLC 2 bits per cell in `normal` and
    /// `bitLevel`, 1 in `softOnly`; SparseCode-encoded parts count their encoded bytes
    /// (data words and packed indexes, including what is still staged in the buffer).
    public var cells: UInt64 = 0
    /// Bytes the cells hold as stored (logical bytes minus SparseCode savings).
    public var storedBytes: UInt64 = 0
}

/// The software-hint interface of seed 000 §4.3 and the mechanism counters.
extension MemorySystem {
    /// Marks `region` as holding `category` — the paper's `begin_feature(i, N)`: a
    /// feature map of N blobs starting at blob i is `annotate(region: i..<i + N × blobBytes,
    /// category: …)`. Call it before a layer writes the region (each call on the same
    /// range starts a new write pass: the sparsity register decides afresh). The start
    /// must be 64-byte aligned; the end is rounded up to a burst. Overlapped parts of
    /// earlier annotations are replaced. Unannotated addresses are `other`.
    /// - Complexity: O(regions) per call; lookups per request are O(1) for a stream
    ///   within one region and O(log regions) otherwise.
    public func annotate(region: Range<UInt64>, category: DataCategory) {
        mechanisms.annotate(region, category: category)
    }

    /// True when the remap logic keeps per-write state that a client simulating only part
    /// of its writes (a sampled kernel) should credit the rest to (`creditSkippedWrite`):
    /// SparseCode's write passes.
    public var wantsSkippedWrites: Bool { mechanisms.settings.remap && mechanisms.settings.sparseCode }

    /// A 64-byte write at `address` that a sampling client skipped (it stands for it in
    /// its extrapolation): bookkeeping only — no request, no device burst, no energy. A
    /// SparseCode map counts it in its write pass and stream as if written; `data` is
    /// called only while the map's sparsity register is still undecided. Anything else
    /// ignores it. Credit each skipped burst once, in the order the client would write.
    public func creditSkippedWrite(address: UInt64, data: () -> BurstData) {
        mechanisms.creditSkippedWrite(address, data: data)
    }

    /// The category software gave `address` (`other` when none).
    public func category(of address: UInt64) -> DataCategory { mechanisms.category(of: address) }

    /// Mechanism counters of all controllers added up (all zero when no mechanism is on:
    /// requests then bypass the remap logic).
    public var mechanismTotals: MechanismStats { mechanisms.totals }

    /// Capacity per category (indexed by `DataCategory.index`) of the annotated regions.
    public func capacity() -> [CategoryCapacity] { mechanisms.capacityByCategory() }
}

extension MechanismEngine {
    func capacityByCategory() -> [CategoryCapacity] {
        var out = DataCategory.allCases.map { CategoryCapacity(category: $0) }
        var covered = [UInt64](repeating: 0, count: regions.count)
        for i in 0..<table.count { covered[Int(table.ids[i])] += table.ends[i] - table.starts[i] }
        for (id, region) in regions.enumerated() where covered[id] > 0 {
            let k = region.category.index
            var stored = Int64(covered[id])
            if region.detector != nil {
                for c in 0..<controllers.count {
                    let st = streams[region.streamBase + c]
                    stored += Int64(st.encodedBytes) - Int64(st.encodedBursts * MemoryRequest.burstBytes)
                }
            }
            let bitsPerCell = Int64(technology.bitsPerCell(settings.remap ? region.mode : .normal))
            out[k].bytes += covered[id]
            out[k].storedBytes += UInt64(max(stored, 0))
            out[k].cells += UInt64(max(stored, 0) * 8 / bitsPerCell)
        }
        return out
    }
}
