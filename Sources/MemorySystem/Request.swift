import SimKernel

/// Direction of a memory request.
public enum AccessKind: UInt8, Sendable, Codable {
    case read, write
}

/// How the cells behind a request are used (seed 000 §3.1, Table 1). DRAM ignores it.
///
/// - `normal`: full MLC: two consecutive data bits per cell (bit 2i → hard, 2i+1 → soft);
///   two-step reads and writes.
/// - `softOnly`: one data bit per cell, in the soft bit; one-step reads and writes
///   (the paper's "fast soft bit access"); needs twice the cells.
/// - `bitLevel`: BitLevel: bit j of a data block A in the hard bit and bit j of its
///   neighbour block B in the soft bit of the same cell (block size set per controller).
public enum AccessMode: UInt8, Sendable, Codable, CaseIterable {
    case normal, softOnly, bitLevel
}

/// The 64 bytes of one device burst (BL16 × 32 bits), as eight little-endian words.
public typealias BurstData = SIMD8<UInt64>

/// One memory request of one burst (64 B), as it travels from a client to a controller.
///
/// A plain value with no references, so queues hold it without reference counting.
/// Writes carry their data so that devices decide per cell from real bits.
public struct MemoryRequest: Sendable {
    /// Client-chosen identifier (returned with the completion).
    public var id: UInt64
    /// Byte address; the controller serves the 64-byte burst that contains it.
    public var address: UInt64
    public var kind: AccessKind
    public var mode: AccessMode
    /// Client-chosen tag (e.g. the SM or trace stream that issued it).
    public var source: UInt32
    /// The bytes written (ignored for reads).
    public var data: BurstData

    public init(id: UInt64, address: UInt64, kind: AccessKind, mode: AccessMode = .normal,
                source: UInt32 = 0, data: BurstData = BurstData()) {
        self.id = id
        self.address = address
        self.kind = kind
        self.mode = mode
        self.source = source
        self.data = data
    }

    /// Bytes moved by one request (one BL16 burst on a 32-bit channel).
    public static let burstBytes: Int = 64
}

/// What a controller tells its client about a finished request.
public struct Completion: Sendable {
    public var request: MemoryRequest
    /// When the request entered the controller's queue.
    public var arrival: Picoseconds
    /// When the request finished: the last data beat of a read; for a write, the end of
    /// the write into the array (DRAM: last data beat into the row buffer; MLC STT-RAM:
    /// the end of the last cell write step).
    public var done: Picoseconds
    public var channel: Int
}

/// The side that sends requests and hears back about them.
public protocol MemoryClient: AnyObject {
    /// `completion.done` may lie in the future of `sim.now`: the controller knows the
    /// finishing time as soon as the column command issues. Clients that must act at that
    /// time schedule their own event.
    func memoryCompleted(_ completion: Completion, _ sim: Simulator)
    /// A full queue of `channel` has room again.
    func memorySpaceAvailable(channel: Int, _ sim: Simulator)
}
