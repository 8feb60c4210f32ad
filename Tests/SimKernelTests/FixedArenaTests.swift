import Testing
@testable import SimKernel

@Suite struct FixedArenaTests {
    /// Views carved from one arena (several blocks, mixed element types and alignments, one
    /// view larger than a block) keep their own values: writing each through its view and
    /// reading all back finds no overlap, and every view is aligned for its type.
    @Test func viewsDoNotOverlapAndAreAligned() {
        let arena = FixedArena(blockBytes: 64)
        let bytes = arena.view(repeating: UInt8(0), count: 3)
        let words = arena.view(repeating: Int64(0), count: 5)
        let flags = arena.view(repeating: false, count: 7)
        let big = arena.view(repeating: Int32(0), count: 100)   // 400 bytes: a block of its own
        let opt = arena.view(repeating: Int32?.none, count: 9)
        let list = arena.view([10, 20, 30] as [Int])
        for i in 0..<bytes.count { bytes[i] = UInt8(200 + i) }
        for i in 0..<words.count { words[i] = -Int64(i) - 1 }
        for i in 0..<flags.count { flags[i] = i % 2 == 0 }
        for i in 0..<big.count { big[i] = Int32(i * 3) }
        for i in 0..<opt.count where i % 3 == 0 { opt[i] = Int32(i) }
        #expect(bytes.array == [200, 201, 202])
        #expect(words.array == [-1, -2, -3, -4, -5])
        #expect(flags.array == [true, false, true, false, true, false, true])
        let bigExpected: [Int32] = (0..<100).map { Int32($0 * 3) }
        let optExpected: [Int32?] = (0..<9).map { i -> Int32? in i % 3 == 0 ? Int32(i) : nil }
        #expect(big.array == bigExpected)
        #expect(opt.array == optExpected)
        #expect(list.array == [10, 20, 30])
        #expect(Int(bitPattern: words.base) % MemoryLayout<Int64>.alignment == 0)
        #expect(Int(bitPattern: big.base) % MemoryLayout<Int32>.alignment == 0)
        #expect(Int(bitPattern: list.base) % MemoryLayout<Int>.alignment == 0)
    }

    /// A copy of a view is the same storage (views are references to the arena's memory).
    @Test func copiesShareStorage() {
        let arena = FixedArena()
        let a = arena.view(repeating: 0.0, count: 4)
        let b = a
        b[2] = 1.5
        #expect(a[2] == 1.5)
    }
}
