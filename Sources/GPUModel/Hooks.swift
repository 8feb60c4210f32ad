import MemorySystem
import DataValues

/// The memory side's access mode (normal, soft-only, BitLevel); `Workloads.AccessDirection` is read/write.
public typealias MemoryAccessMode = AccessMode

/// Chooses the access mode of each memory burst (seed 000 Table 1 remapping). The GPU
/// model asks it for every fill and write-back burst; the layer above (which knows the
/// data categories of the tensors) supplies the mapping. Kept free of any preset logic.
public protocol AccessModeMap {
    /// The access mode of the 64-byte burst at `address`.
    func mode(for address: UInt64) -> MemoryAccessMode
}

/// Supplies the bytes of every write burst (dirty L2 write-backs), so that devices
/// decide per cell from real bits. The layer above plugs in value models.
public protocol WriteDataSource {
    /// The 64 bytes written to the burst at `address` (64-byte aligned).
    func data(forBurstAt address: UInt64) -> BurstData
}

/// Every burst in `.normal` mode (no remapping).
public struct UniformAccessMode: AccessModeMap, Sendable {
    public var mode: MemoryAccessMode
    public init(_ mode: MemoryAccessMode = .normal) { self.mode = mode }
    @inlinable public func mode(for address: UInt64) -> MemoryAccessMode { mode }
}

/// Pseudo-random write data: word i of the burst at address a is SplitMix64 of
/// `seed ⊕ (a + 8·i)`: deterministic, a function of the address only (rewriting a burst
/// writes the same bits), and uniformly random (50 % of bits differ between neighbours),
/// i.e. the "no structure" baseline a value model improves on.
public struct SplitMixWriteData: WriteDataSource, Sendable {
    public var seed: UInt64
    public init(seed: UInt64 = 1) { self.seed = seed }

    @inlinable
    public func data(forBurstAt address: UInt64) -> BurstData {
        var d = BurstData()
        for i in 0..<8 { d[i] = Self.mix(seed ^ (address &+ UInt64(8 * i))) }
        return d
    }

    /// SplitMix64's finaliser (Steele, Lea & Flood, OOPSLA 2014).
    @inlinable
    public static func mix(_ x: UInt64) -> UInt64 { SplitMix64.hash(x) }
}

/// Another agent sharing the simulator with the GPU (a copy engine, say) that may hold
/// ops back: it drives the simulator itself while it holds, so its memory traffic and
/// the kernels' compete in the same controllers. The GPU calls it around every op.
public protocol OpGate: AnyObject {
    /// Just before op `index` is dispatched. Returns the time it held the op, ps.
    func beforeOp(_ index: Int) -> Int64
    /// After op `index`'s kernel ended. A sampled kernel's skipped waves stand for
    /// `extrapolatedPs` of time that the simulator did not run; the gate may let its own
    /// work run through that stretch (`catchUp`, whose memory traffic the GPU does not
    /// count again: the extrapolation already stands for it).
    func catchUp(_ index: Int, extrapolatedPs: Int64)
    /// After `catchUp`: returns the time it held the op past its end, ps.
    func afterOp(_ index: Int) -> Int64
}
