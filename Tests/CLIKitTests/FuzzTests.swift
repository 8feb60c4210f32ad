import Testing
@testable import CLIKit

/// SplitMix64: a tiny seeded generator so fuzz cases are reproducible.
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

@Suite struct FuzzTests {
    static let tokens = [
        "--workload", "-w", "resnet18", "vgg16", "--trace", "t.bin", "--batch", "-b", "64", "0", "4097", "-1", "1_0",
        "99999999999999999999", "0x", "0xFF", "--clock-ghz", "1.5", "1e999", "nan", ".5", "--max-cycles", "--memory",
        "-m", "dram,mlc", "dram,,mlc", ",", "--set", "a=1", "=", "a", "--verbose", "-v", "--verbose=1", "--output",
        "-o", "-", "--", "-h", "--help", "--version", "--", "", " ", "é", "--wrokload", "-x", "--batch=", "--=", "-=x",
        "---", "--memory=bitlevel", "-b=7", "😀", "--set=k=v=w",
    ]

    @Test func argumentParserNeverCrashes() {
        var rng = SplitMix64(state: 20_240_601)
        var outcomes = [0, 0, 0, 0]
        for _ in 0..<6_000 {
            var args: [String] = []
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                if Int.random(in: 0..<10, using: &rng) == 0 {
                    // A random string of printable and odd characters.
                    let alphabet = Array("-=,.0123456789abcxyz_ é\u{0}\n")
                    args.append(String((0..<Int.random(in: 0...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
                } else {
                    args.append(Self.tokens.randomElement(using: &rng)!)
                }
            }
            switch SimCommand.parse(args) {
            case .run(let c):
                outcomes[0] += 1
                #expect((1...4096).contains(c.batch) && (0.1...5.0).contains(c.clock))
                #expect((c.workload == nil) != (c.trace == nil))
            case .help(let text): outcomes[1] += 1; #expect(text.hasPrefix("OVERVIEW:"))
            case .version(let text): outcomes[2] += 1; #expect(text == "stt-cyclesim 0.1.0\n")
            case .error(let e):
                outcomes[3] += 1
                #expect(e.description.hasPrefix("error: ") && !e.hint.isEmpty)
            }
        }
        // Every kind of outcome was exercised.
        #expect(outcomes.allSatisfy { $0 > 0 }, "\(outcomes)")
    }

    @Test func jsonParserAndStrictDecoderNeverCrash() throws {
        var rng = SplitMix64(state: 7)
        let valid = try ConfigCodec.dump(TestConfig.preset)
        let pieces: [String] = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "1", "-", "e", ".", "null",
                                "true", "\n", " ", "é", "\"channels\"", "99999999999999999999", "1e400", "0.5", "\u{0}"]
        var decoded = 0, rejected = 0
        for _ in 0..<6_000 {
            var chars = Array(valid.unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0...chars.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0 where at < chars.count: chars.remove(at: at)
                case 1: chars.insert(contentsOf: pieces.randomElement(using: &rng)!.unicodeScalars, at: at)
                case 2: chars = Array(chars.prefix(at))
                default:
                    let end = min(chars.count, at + Int.random(in: 1...12, using: &rng))
                    if at < end { chars.insert(contentsOf: chars[at..<end], at: at) }
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: chars)
            do {
                _ = try ConfigCodec.decode(TestConfig.self, from: text, source: "fuzz.json")
                decoded += 1
            } catch {
                rejected += 1
                #expect(!error.message.isEmpty)
                if case .syntax(let line, let column) = error.kind {
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                    #expect(line >= 1 && line <= lines.count && column >= 1 && column <= lines[line - 1].count + 1)
                }
            }
        }
        #expect(decoded > 0 && rejected > 0)
    }

    /// Random trees survive serialize → parse unchanged, pretty or compact.
    @Test func randomTreesRoundTrip() throws {
        var rng = SplitMix64(state: 99)
        func tree(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return JSONValue.double(Double(bitPattern: rng.next())) ?? .int(Int.random(in: -9...9, using: &rng))
            case 3:
                let scalars = (0..<Int.random(in: 0...5, using: &rng)).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0...0x1F6FF, using: &rng)) }
                var s = ""
                s.unicodeScalars.append(contentsOf: scalars)
                return .string(s)
            case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in tree(depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...4, using: &rng) { members["k\(Int.random(in: 0...9, using: &rng))"] = tree(depth + 1) }
                return .object(members)
            }
        }
        for _ in 0..<2_000 {
            let t = tree(0)
            #expect(try JSONParser.parse(t.serialized()) == t)
            #expect(try JSONParser.parse(t.serialized(pretty: false)) == t)
        }
    }

    @Test func overridesNeverCrash() {
        var rng = SplitMix64(state: 3)
        let keys = ["memory.channels", "memory.timing.tRCD", "memory.ecc", "memory.kind", "memory.note", "layers[0].size",
                    "layers.9.name", "layers", "labels.z", "seed", "memory", "memory.timing.x", "", ".", "a[", "layers[-1]",
                    "memory.capacity", "labels", "memory.channels.deeper"]
        let values = ["1", "-1", "2.5", "true", "x", "", "[]", "{}", "null", "99999999999999999999", "[{\"name\":\"a\",\"size\":1}]",
                      "\"q\"", "1e3", "mlc", "{\"a\":1}"]
        for _ in 0..<3_000 {
            let overrides = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                KeyValue(key: keys.randomElement(using: &rng)!, value: values.randomElement(using: &rng)!)
            }
            do {
                let c = try ConfigCodec.applying(overrides, to: TestConfig.preset)
                // Whatever was accepted dumps and reloads exactly.
                let dumped = try ConfigCodec.dump(c)
                #expect(try ConfigCodec.decode(TestConfig.self, from: dumped, source: "x") == c)
            } catch {
                #expect(error.description.hasPrefix("error: "))
            }
        }
    }
}
