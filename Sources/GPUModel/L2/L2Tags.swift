import SimKernel

/// Tag state of one L2 way: a 128-byte line of two 64-byte sub-blocks (one memory
/// burst each), with per-sub-block valid, dirty and fill-pending bits.
public struct L2Way: Sendable, Equatable {
    /// Line number (byte address >> 7) when `present`.
    public var line: UInt64 = 0
    /// Last-use stamp for LRU (larger = more recent).
    public var stamp: UInt32 = 0
    /// Head of the list of requests waiting for this line's fills (`L2Tags.noWaiter` if none).
    public var waiters: UInt32 = L2Tags.noWaiter
    /// Bits: 0–1 valid, 2–3 dirty, 4–5 fill pending (per sub-block), 6 present.
    public var state: UInt8 = 0

    @inlinable public var present: Bool { state & 0x40 != 0 }
    @inlinable public var valid: UInt8 { state & 0x3 }
    @inlinable public var dirty: UInt8 { (state >> 2) & 0x3 }
    @inlinable public var pending: UInt8 { (state >> 4) & 0x3 }
}

/// What an access found and what the cache must do about it.
public struct L2Outcome: Sendable, Equatable {
    /// Global way index (`(slice × sets + set) × ways + way`) holding the line; meaningless when `stalled`.
    public var way: Int
    /// Every requested sub-block is valid: the data (or the write) is done.
    public var ready: Bool
    /// The line was not in the cache (a new line was allocated).
    public var allocated: Bool
    /// Sub-blocks (bit mask) whose fill the caller must request from memory.
    public var fetch: UInt8
    /// Line number and dirty sub-blocks of an evicted line to write back (dirty 0: none).
    public var evictedLine: UInt64
    public var evictedDirty: UInt8
    /// Every way of the set waits for a fill: nothing was done; retry later.
    public var stalled: Bool
}

/// The tag arrays of all L2 slices: set-associative, LRU, write-back, write-allocate,
/// 64-byte sub-blocks. A line in fill (some sub-block pending) is locked: it is never
/// chosen as a victim, so fills always find their way.
///
/// Set index: a multiplicative hash of the line number (the channel interleaving
/// leaves each slice a scattered subset of lines; hashing spreads them over all sets,
/// as GPU L2s hash their set index).
public final class L2Tags {
    public static let noWaiter = UInt32.max
    public let slices: Int
    public let sets: Int
    public let ways: Int
    let setShift: UInt64
    @usableFromInline let table: FixedArray<L2Way>
    var clock: UInt32 = 0

    public init(slices: Int, setsPerSlice: Int, ways: Int) {
        precondition(setsPerSlice > 0 && setsPerSlice & (setsPerSlice - 1) == 0, "sets must be a power of two")
        self.slices = slices
        self.sets = setsPerSlice
        self.ways = ways
        self.setShift = UInt64(64 - setsPerSlice.trailingZeroBitCount)
        self.table = FixedArray(repeating: L2Way(), count: slices * setsPerSlice * ways)
    }

    /// The set of `line` within its slice.
    @inline(__always)
    public func set(of line: UInt64) -> Int {
        sets == 1 ? 0 : Int((line &* 0x9E37_79B9_7F4A_7C15) &>> setShift)   // setShift in 1...63 when sets > 1
    }

    @inline(__always)
    public subscript(way: Int) -> L2Way {
        get { table[way] }
        set { table[way] = newValue }
    }

    /// The global way index holding `line` in `slice`, if present.
    public func find(slice: Int, line: UInt64) -> Int? {
        let base = (slice * sets + set(of: line)) * ways
        for w in base..<(base + ways) where table[w].present && table[w].line == line { return w }
        return nil
    }

    /// Reads (`write == false`: the sub-blocks `halves` must become valid) or writes
    /// (`halves` become valid and dirty without a fill) `line` in `slice`.
    public func access(slice: Int, line: UInt64, halves: UInt8, write: Bool) -> L2Outcome {
        clock &+= 1
        let base = (slice * sets + set(of: line)) * ways
        // Hits first (most accesses hit): a scan of the tags alone; the victim only on a miss.
        // (One combined pass cost the LRU comparison on every way before a hit: 6.5 % of the
        // instructions of a GEMM kernel under callgrind.)
        for w in base..<(base + ways) {
            let way = table[w]
            if way.present && way.line == line { return hit(w, halves: halves, write: write) }
        }
        // The first empty unlocked way; otherwise the least recently used unlocked one (the
        // first of equal age).
        var victim = -1
        var victimAge: UInt32 = 0
        for w in base..<(base + ways) {
            let way = table[w]
            if way.pending != 0 { continue }
            if !way.present { victim = w; break }
            let age = clock &- way.stamp
            if victim < 0 || age > victimAge {
                victim = w
                victimAge = age
            }
        }
        guard victim >= 0 else {
            return L2Outcome(way: base, ready: false, allocated: false, fetch: 0, evictedLine: 0, evictedDirty: 0, stalled: true)
        }
        let old = table[victim]
        let evictedDirty = old.present ? old.dirty : 0
        table[victim] = L2Way(line: line, stamp: clock, waiters: Self.noWaiter,
                              state: 0x40 | (write ? halves | halves << 2 : halves << 4))
        return L2Outcome(way: victim, ready: write, allocated: true, fetch: write ? 0 : halves,
                         evictedLine: old.line, evictedDirty: evictedDirty, stalled: false)
    }

    private func hit(_ w: Int, halves: UInt8, write: Bool) -> L2Outcome {
        table[w].stamp = clock
        if write {
            table[w].state |= halves | halves << 2
            return L2Outcome(way: w, ready: true, allocated: false, fetch: 0, evictedLine: 0, evictedDirty: 0, stalled: false)
        }
        let way = table[w]
        let missing = halves & ~way.valid & ~way.pending
        table[w].state |= missing << 4
        return L2Outcome(way: w, ready: halves & ~way.valid == 0, allocated: false, fetch: missing,
                         evictedLine: 0, evictedDirty: 0, stalled: false)
    }

    /// A fill of sub-block `half` of the line in `way` arrived: valid, no longer pending.
    public func fill(way w: Int, half: Int) {
        table[w].state = (table[w].state & ~(UInt8(0x10) << UInt8(half))) | UInt8(1) << UInt8(half)
    }

    /// Lines holding dirty data (tests and end-of-run reports).
    public var dirtyLines: Int { table.array.filter { $0.present && $0.dirty != 0 }.count }
}
