import GPUModel
import Testing

@Suite struct L2TagsTests {
    /// One slice, one set, `ways` ways: every line maps to set 0.
    func tags(ways: Int = 4) -> L2Tags { L2Tags(slices: 1, setsPerSlice: 1, ways: ways) }

    @Test func readMissAllocatesAndFetchesOnlyTheNeededHalves() {
        let t = tags()
        let o = t.access(slice: 0, line: 10, halves: 0b01, write: false)
        #expect(o.allocated && !o.ready && o.fetch == 0b01 && o.evictedDirty == 0)
        // Same line, other half: the line is present, only the missing half is fetched.
        let o2 = t.access(slice: 0, line: 10, halves: 0b11, write: false)
        #expect(!o2.allocated && !o2.ready && o2.fetch == 0b10 && o2.way == o.way)
        t.fill(way: o.way, half: 0)
        t.fill(way: o.way, half: 1)
        let hit = t.access(slice: 0, line: 10, halves: 0b11, write: false)
        #expect(hit.ready && hit.fetch == 0 && !hit.allocated)
    }

    @Test func writesAllocateWithoutFillAndEvictDirtyHalves() {
        let t = tags(ways: 2)
        let w = t.access(slice: 0, line: 1, halves: 0b10, write: true)
        #expect(w.ready && w.allocated && w.fetch == 0)
        #expect(t[w.way].dirty == 0b10 && t[w.way].valid == 0b10)
        _ = t.access(slice: 0, line: 2, halves: 0b11, write: true)
        // A third line evicts line 1 (least recently used) with its dirty half.
        let o = t.access(slice: 0, line: 3, halves: 0b01, write: false)
        #expect(o.evictedLine == 1 && o.evictedDirty == 0b10)
        #expect(t.find(slice: 0, line: 1) == nil && t.find(slice: 0, line: 2) != nil)
    }

    @Test func lruOrderFollowsUse() {
        let t = tags(ways: 4)
        for line in UInt64(1)...4 {
            let o = t.access(slice: 0, line: line, halves: 0b11, write: true)
            #expect(o.evictedDirty == 0)
        }
        // Touch 1 and 2: the LRU order is now 3, 4, 1, 2.
        _ = t.access(slice: 0, line: 1, halves: 0b01, write: false)
        _ = t.access(slice: 0, line: 2, halves: 0b01, write: false)
        var evicted: [UInt64] = []
        for line in UInt64(5)...8 { evicted.append(t.access(slice: 0, line: line, halves: 0b11, write: true).evictedLine) }
        #expect(evicted == [3, 4, 1, 2])
    }

    @Test func linesInFillAreNeverEvicted() {
        let t = tags(ways: 2)
        let a = t.access(slice: 0, line: 1, halves: 0b01, write: false)   // pending
        _ = t.access(slice: 0, line: 2, halves: 0b01, write: false)       // pending
        let stalled = t.access(slice: 0, line: 3, halves: 0b01, write: false)
        #expect(stalled.stalled)
        t.fill(way: a.way, half: 0)
        let o = t.access(slice: 0, line: 3, halves: 0b01, write: false)
        #expect(!o.stalled && o.evictedLine == 1 && o.evictedDirty == 0)
    }

    @Test func cleanLinesAreDroppedSilently() {
        let t = tags(ways: 1)
        let a = t.access(slice: 0, line: 1, halves: 0b11, write: false)
        t.fill(way: a.way, half: 0)
        t.fill(way: a.way, half: 1)
        let o = t.access(slice: 0, line: 2, halves: 0b11, write: false)
        #expect(o.evictedDirty == 0 && o.allocated)
    }

    @Test func slicesAreIndependent() {
        let t = L2Tags(slices: 2, setsPerSlice: 4, ways: 2)
        _ = t.access(slice: 0, line: 7, halves: 0b11, write: true)
        #expect(t.find(slice: 0, line: 7) != nil && t.find(slice: 1, line: 7) == nil)
    }
}

@Suite struct LineBufferTests {
    @Test func coalescesIntoLinesWithSubBlockMasks() {
        var b = LineBuffer()
        b.add(start: 0, bytes: 64, write: false)         // first half of line 0
        b.add(start: 64, bytes: 64, write: false)        // second half merges
        b.add(start: 200, bytes: 100, write: false)      // bytes 200..<300: lines 128 (half 1) and 256 (half 0)
        b.add(start: 300, bytes: 4, write: true)         // a store to line 256 is a separate request
        let expected: [UInt64] = [3, 128 + 2, 256 + 1, 256 + 1 + LineBuffer.writeBit]
        #expect(Array(b.entries) == expected)
        #expect(b.requestedBytes == 5 * 64)
    }
}
