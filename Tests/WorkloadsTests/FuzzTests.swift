import Foundation
import Testing
@testable import Workloads

/// SplitMix64: a small seeded generator so fuzz runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutation fuzz of both parsers: each mutated input must end in a network or
/// a `WorkloadError` with a line inside the text — never a crash.
@Suite struct FuzzTests {
    /// One random mutation: truncation, byte flips, line deletion, duplication or swap.
    static func mutate(_ text: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = text
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
        case 1:
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                let pool: [UInt8] = Array("{}:#\"'-0123456789x=>,\n ".utf8) + [0, 0xFF, 0xC3]
                let value = Bool.random(using: &rng) ? pool.randomElement(using: &rng) ?? 0 : UInt8.random(in: 0...255, using: &rng)
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = value
            }
        default:
            var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
            guard lines.count > 1 else { return bytes }
            let a = Int.random(in: 0..<lines.count, using: &rng)
            let b = Int.random(in: 0..<lines.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: lines.remove(at: a)
            case 1: lines.insert(lines[a], at: b)
            default: lines.swapAt(a, b)
            }
            bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        }
        return bytes
    }

    static func run(seed: UInt64, base: String, count: Int, parse: (String) throws(WorkloadError) -> Network) -> (ok: Int, errors: Int) {
        var rng = SplitMix64(state: seed)
        let original = Array(base.utf8)
        let lineCount = base.split(separator: "\n", omittingEmptySubsequences: false).count
        var ok = 0
        var errors = 0
        for index in 0..<count {
            var bytes = original
            for _ in 0..<(index % 3 + 1) { bytes = mutate(bytes, &rng) }
            do {
                let network = try parse(String(decoding: bytes, as: UTF8.self))
                if index % 50 == 0 { _ = try? TrainingPlan(network: network, batch: 2) }
                ok += 1
            } catch {
                #expect(error.line >= 0 && error.line <= lineCount + 4, "\(error)")
                #expect(!error.message.isEmpty)
                errors += 1
            }
        }
        return (ok, errors)
    }

    @Test func netParserSurvivesMutations() throws {
        let base = try TestPaths.read(try TestPaths.workloads().appendingPathComponent("alexnet.net"))
        let (ok, errors) = Self.run(seed: 1, base: base, count: 2000) { (text: String) throws(WorkloadError) in
            try NetworkParser.parse(text: text, file: "fuzz.net")
        }
        #expect(ok + errors == 2000)
        #expect(errors > 500, "mutations should mostly break the file")
    }

    @Test func caffeImporterSurvivesMutations() throws {
        let base = try TestPaths.read(try TestPaths.caffe("bvlc_alexnet_deploy.prototxt"))
        let (ok, errors) = Self.run(seed: 2, base: base, count: 2000) { (text: String) throws(WorkloadError) in
            try CaffeImporter.importNetwork(text: text, file: "fuzz.prototxt")
        }
        #expect(ok + errors == 2000)
        #expect(ok > 100 && errors > 500)
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let text = String(repeating: "a {", count: 100_000)
        #expect(throws: WorkloadError.self) { try CaffeImporter.importNetwork(text: text, file: "deep.prototxt") }
    }
}
