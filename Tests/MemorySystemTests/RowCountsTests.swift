import Testing
import SimKernel
@testable import MemorySystem
import DataValues

/// `RowCounts` against a dictionary: random adds and removes in a small, crowded table (long
/// probe runs that wrap around the end, so deletion must shift entries back correctly).
@Suite struct RowCountsTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func matchesADictionary(seed: UInt64) {
        let entries = 24
        let arena = FixedArena()   // owns the table's memory: kept alive to the end
        let table = RowCounts(entries: entries, arena: arena)
        defer { withExtendedLifetime(arena) {} }
        var rng = SplitMix64(seed: seed)
        var reference: [Int64: [Int32]] = [:]   // key row × 64 + bank → counts per direction
        var queued: [(bank: Int, row: Int64, dir: Int)] = []
        for _ in 0..<20_000 {
            if queued.count < entries && (queued.isEmpty || rng.next() % 2 == 0) {
                // Few banks and rows, so that keys repeat and collide.
                let r = (bank: Int(rng.next() % 4), row: Int64(rng.next() % 9), dir: Int(rng.next() % 2))
                table.add(bank: r.bank, row: r.row, dir: r.dir)
                reference[r.row * 64 + Int64(r.bank), default: [0, 0]][r.dir] += 1
                queued.append(r)
            } else {
                let r = queued.remove(at: Int(rng.next() % UInt64(queued.count)))
                table.remove(bank: r.bank, row: r.row, dir: r.dir)
                reference[r.row * 64 + Int64(r.bank)]![r.dir] -= 1
            }
            for bank in 0..<4 {
                for row in Int64(0)..<9 {
                    for dir in 0..<2 {
                        #expect(table.count(bank: bank, row: row, dir: dir) == reference[row * 64 + Int64(bank)]?[dir] ?? 0)
                    }
                }
            }
        }
        // Emptied: no key left behind.
        for r in queued { table.remove(bank: r.bank, row: r.row, dir: r.dir) }
        #expect(table.table.array.allSatisfy { $0.key == 0 })
    }
}
