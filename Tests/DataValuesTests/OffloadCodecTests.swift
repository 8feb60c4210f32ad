import Foundation
import Testing
@testable import DataValues

@Suite struct OffloadCodecTests {
    /// Words with a given density of non-zeros (deterministic for a seed).
    static func words(count: Int, density: Double, seed: UInt64) -> [UInt32] {
        var g = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let r = g.next()
            return Double(r >> 11) / Double(1 << 53) < density ? UInt32(truncatingIfNeeded: r) | 1 : 0
        }
    }

    /// Round trip for every codec over random densities, lengths (not window multiples)
    /// and parameters; the encoded length equals the size function.
    @Test(arguments: OffloadCodec.allCases)
    func roundTrip(codec: OffloadCodec) throws {
        var g = SplitMix64(seed: 7)
        for trial in 0..<60 {
            let n = Int(g.next() % 700)
            let d = [0, 0.01, 0.1, 0.35, 0.5, 0.9, 1][trial % 7]
            let p = OffloadCodecParameters(zvcWindowWords: [32, 8, 13, 64][trial % 4], rleRunBits: [8, 2, 4, 15][trial % 4])
            let w = Self.words(count: n, density: d, seed: g.next())
            let bytes = OffloadCodecs.encode(w, codec: codec, parameters: p)
            #expect(bytes.count == OffloadCodecs.compressedBytes(w, codec: codec, parameters: p))
            #expect(try OffloadCodecs.decode(bytes, count: n, codec: codec, parameters: p) == w, "trial \(trial)")
        }
    }

    /// ZVC's size at density d is 32/(32d + 1) of raw, to window rounding: exactly
    /// (n/32)·(4 + 4·nnz/(n/32)) bytes for whole windows.
    @Test(arguments: [0.0, 0.04, 0.2, 0.35, 0.6, 1.0])
    func zvcSizeLaw(density: Double) {
        let n = 32 * 4096
        let w = Self.words(count: n, density: density, seed: 3)
        let nnz = w.filter { $0 != 0 }.count
        let size = OffloadCodecs.compressedBytes(w, codec: .zvc)
        #expect(size == n / 32 * 4 + 4 * nnz)
        let measuredDensity = Double(nnz) / Double(n)
        let ratio = Double(n * 4) / Double(size)
        #expect(abs(ratio - 32 / (32 * measuredDensity + 1)) < 1e-9)
    }

    /// A dense tensor grows by the masks; an all-zero one shrinks to the masks.
    @Test func zvcDenseAndEmpty() {
        let n = 1024
        let dense = [UInt32](repeating: 0x3F80_0000, count: n)
        #expect(OffloadCodecs.compressedBytes(dense, codec: .zvc) == n * 4 + n / 8)
        #expect(OffloadCodecs.compressedBytes([UInt32](repeating: 0, count: n), codec: .zvc) == n / 8)
    }

    /// Zero-RLE: a long zero run costs ⌊run / (2^b − 1 + 1)⌋ explicit zeros; trailing zeros cost nothing;
    /// scattered zeros at density 0.35 compress worse than ZVC, long runs better.
    @Test func rleRunsAndComparison() throws {
        let p = OffloadCodecParameters(rleRunBits: 4)   // runs up to 15
        let w: [UInt32] = [1] + [UInt32](repeating: 0, count: 40) + [2] + [UInt32](repeating: 0, count: 9)
        // 40 zeros: 15 then an explicit zero (16 consumed), again (32), then 8 zeros and the 2.
        #expect(OffloadCodecs.compressedBytes(w, codec: .rle, parameters: p) == (4 * 36 + 7) / 8)
        #expect(try OffloadCodecs.decode(OffloadCodecs.encode(w, codec: .rle, parameters: p), count: w.count, codec: .rle, parameters: p) == w)
        let scattered = Self.words(count: 32 * 1024, density: 0.35, seed: 11)
        #expect(OffloadCodecs.compressedBytes(scattered, codec: .rle) > OffloadCodecs.compressedBytes(scattered, codec: .zvc))
        let runs = [UInt32](repeating: 0, count: 30_000) + [5] + [UInt32](repeating: 0, count: 2_767)
        #expect(OffloadCodecs.compressedBytes(runs, codec: .rle) < OffloadCodecs.compressedBytes(runs, codec: .zvc))
    }

    /// Corrupt or short input is an error, not a crash.
    @Test func corruptStreams() {
        let w = Self.words(count: 100, density: 0.5, seed: 5)
        for codec in OffloadCodec.allCases {
            let bytes = OffloadCodecs.encode(w, codec: codec)
            #expect(throws: ValueError.self) { _ = try OffloadCodecs.decode(Array(bytes.dropLast(3)), count: 100, codec: codec) }
            #expect(throws: ValueError.self) { _ = try OffloadCodecs.decode(bytes + [1, 2, 3], count: 100, codec: codec) }
        }
    }
}
