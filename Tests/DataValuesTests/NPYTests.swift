import Foundation
import Testing
@testable import DataValues

@Suite struct NPYTests {
    /// A hand-written file: `major.minor`, dict text, then `count` little-endian words 1, 2, ….
    private func file(_ dict: String, major: UInt8 = 1, count: Int, pad: Bool = true) -> [UInt8] {
        var header = Array(dict.utf8)
        if pad { header += Array(repeating: 0x20, count: 5) + [0x0A] }
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
        let lengthBytes = major == 1 ? 2 : 4
        for k in 0..<lengthBytes { bytes.append(UInt8(truncatingIfNeeded: header.count >> (8 * k))) }
        bytes += header
        for word in 1...max(count, 1) where count > 0 {
            bytes += [UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), 0, 0]
        }
        return bytes
    }

    @Test(arguments: [[Int](), [5], [2, 3], [1, 2, 3, 4], [70_000]])
    func writeThenParse(shape: [Int]) throws {
        let count = shape.reduce(1, *)
        let words = synthetic(.uniformRandomBits).words(from: 0, count: count)
        let bytes = NPY.encode(shape: shape, words: words)
        let headerEnd = bytes.firstIndex(of: 0x0A)! + 1
        #expect(headerEnd % 64 == 0)
        let loaded = try NPY.parse(bytes, source: "t.npy", expectedElementCount: count)
        #expect(loaded.shape == shape && loaded.words == words)
    }

    @Test func versionsAndHeaderSpellings() throws {
        let dicts = [
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
            "{\"shape\": (2,3), \"fortran_order\": False, \"descr\": \"<f4\"}",
            "{'descr':'<f4','fortran_order':False,'shape':(2L, 3L)}",
        ]
        for major: UInt8 in [1, 2, 3] {
            for dict in dicts {
                let loaded = try NPY.parse(file(dict, major: major, count: 6), source: "v.npy")
                #expect(loaded.shape == [2, 3])
                #expect(loaded.words == [1, 2, 3, 4, 5, 6])
            }
        }
    }

    @Test func loadFromDiskAndAccessModuloCount() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dv-\(UInt32.random(in: 0...UInt32.max)).npy").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let words: [UInt32] = [10, 11, 12, 13, 14, 15]
        try NPY.write(path: path, shape: [2, 3], words: words)
        let loaded = try NPY.load(path: path, expectedElementCount: 6)
        let source = ValueSource.loaded(loaded)
        #expect(source.word(at: 7) == 11)
        #expect(source.words(from: 4, count: 5) == [14, 15, 10, 11, 12])
        #expect(source.burst(at: 5).array == (5..<21).map { words[$0 % 6] })
        #expect(throws: ValueError.self) { try NPY.load(path: path + ".missing") }
        #expect(throws: ValueError.self) { try NPY.write(path: "/nonexistent-dir/x.npy", shape: [1], words: [1]) }
    }

    @Test(arguments: [
        ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 4, ValueError.Kind.unsupportedDType),
        ("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 2, .unsupportedDType),
        ("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 2, .fortranOrder),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 2, .truncatedData),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 2, .extraData),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }", 0, .emptyTensor),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999, 99999999999), }", 0, .badShape),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': ('a',), }", 0, .badShape),
        ("{'descr': '<f4', 'shape': (2,), }", 2, .malformedHeader),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", 2, .malformedHeader),
    ])
    func badFilesAreExplained(dict: String, count: Int, kind: ValueError.Kind) {
        do {
            _ = try NPY.parse(file(dict, count: count), source: "bad.npy")
            Issue.record("expected \(kind)")
        } catch {
            #expect(error.kind == kind)
            #expect(error.description.hasPrefix("bad.npy: ") && error.description.contains("Fix: "))
        }
    }

    @Test func badPrefixes() {
        let good = NPY.encode(shape: [2], words: [1, 2])
        func kind(_ bytes: [UInt8], expected: Int? = nil) -> ValueError.Kind? {
            do { _ = try NPY.parse(bytes, source: "p.npy", expectedElementCount: expected); return nil } catch { return error.kind }
        }
        #expect(kind(Array("PK\u{3}\u{4}zip".utf8)) == .badMagic)
        #expect(kind([]) == .badMagic)
        #expect(kind(Array(good.prefix(7))) == .truncatedHeader)
        #expect(kind(Array(good.prefix(9))) == .truncatedHeader)
        #expect(kind(Array(good.prefix(40))) == .truncatedHeader)
        var version4 = good
        version4[6] = 4
        #expect(kind(version4) == .unsupportedVersion)
        #expect(kind(good, expected: 3) == .shapeMismatch)
        #expect(kind(good, expected: 2) == nil)
    }

    /// ≥ 2,000 mutated files (truncations, byte flips, insertions, deletions): each ends
    /// in a consistent load or a `ValueError`, never a trap.
    @Test func fuzzedFilesNeverCrash() {
        var rng = SeededGenerator(seed: 2018)
        let seeds: [[UInt8]] = [
            NPY.encode(shape: [3, 4], words: Array(0..<12)),
            NPY.encode(shape: [], words: [7]),
            file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", major: 2, count: 4),
            file("{'descr':'<f4','fortran_order':False,'shape':(5L,)}", major: 3, count: 5, pad: false),
        ]
        var loaded = 0, rejected = 0
        for trial in 0..<2_400 {
            var bytes = seeds[trial % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0...max(bytes.count - 1, 0), using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: bytes = Array(bytes.prefix(at))
                case 1 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 2 where !bytes.isEmpty: bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                case 3: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: min(at, bytes.count))
                default: if !bytes.isEmpty { bytes.remove(at: at) }
                }
            }
            do {
                let values = try NPY.parse(bytes, source: "fuzz.npy")
                #expect(values.words.count == values.shape.reduce(1, *) && values.elementCount > 0)
                loaded += 1
            } catch {
                #expect(!error.description.isEmpty)
                rejected += 1
            }
        }
        #expect(loaded + rejected == 2_400 && loaded > 0 && rejected > 1_000)
    }
}
