import SimKernel

/// How many queued requests of each direction address each (bank, row): an open-addressing
/// hash table (linear probing, deletion by backward shift) in the controller's arena.
/// An activation needs the number of requests that will hit the row it opens; with it the
/// controller walks a bank's list only when there is a hit to find (on random traffic with
/// full 256-entry queues the walks of both lists took 11–12 % of the time: `--bench`).
struct RowCounts {
    /// A slot: `key + 1` (0: empty), key = row × 64 + bank; and the counts, reads in the
    /// low 16 bits, writes in the high 16 (one 16-byte record: a probe touches one line).
    struct Entry {
        var key: UInt64
        var counts: UInt32
    }
    let table: FixedView<Entry>
    let mask: Int
    let shift: UInt64

    /// A table for at most `entries` queued requests (load factor ≤ 1/2).
    init(entries: Int, arena: FixedArena) {
        precondition(entries >= 1 && entries < 1 << 16, "RowCounts: 1…65,535 entries (a count is 16 bits)")
        var size = 2
        while size < 2 * entries { size <<= 1 }
        table = arena.view(repeating: Entry(key: 0, counts: 0), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    static func key(bank: Int, row: Int64) -> UInt64 { UInt64(bitPattern: row) &* 64 &+ UInt64(bank) &+ 1 }

    @inline(__always)
    func home(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) &>> shift) }

    /// The slot holding `k`, or the empty slot where it would go.
    @inline(__always)
    func find(_ k: UInt64) -> Int {
        var i = home(k)
        while true {
            let v = table[i].key
            if v == k || v == 0 { return i }
            i = (i &+ 1) & mask
        }
    }

    /// Requests of direction `dir` (0 read, 1 write) queued for `row` of `bank`.
    @inline(__always)
    func count(bank: Int, row: Int64, dir: Int) -> Int32 {
        let i = find(Self.key(bank: bank, row: row))
        return table[i].key == 0 ? 0 : Int32((table[i].counts &>> UInt32(dir &* 16)) & 0xFFFF)
    }

    @inline(__always)
    func add(bank: Int, row: Int64, dir: Int) {
        let k = Self.key(bank: bank, row: row)
        let i = find(k)
        if table[i].key == 0 { table[i].key = k; table[i].counts = 0 }
        table[i].counts &+= 1 &<< UInt32(dir &* 16)
    }

    /// - Precondition: such a request is counted.
    @inline(__always)
    func remove(bank: Int, row: Int64, dir: Int) {
        var i = find(Self.key(bank: bank, row: row))
        assert(table[i].key != 0 && (table[i].counts &>> UInt32(dir &* 16)) & 0xFFFF > 0, "RowCounts: removing a request not counted")
        table[i].counts &-= 1 &<< UInt32(dir &* 16)
        guard table[i].counts == 0 else { return }
        // Backward-shift deletion: move later entries of the probe run into the hole when
        // their home position does not lie strictly between the hole and them.
        var j = i
        while true {
            j = (j &+ 1) & mask
            let v = table[j].key
            if v == 0 { break }
            let h = home(v)
            let between = i <= j ? (h > i && h <= j) : (h > i || h <= j)
            if between { continue }
            table[i].key = v
            table[i].counts = table[j].counts
            i = j
        }
        table[i].key = 0
        table[i].counts = 0
    }
}
