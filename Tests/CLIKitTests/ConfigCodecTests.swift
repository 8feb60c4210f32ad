import Foundation
import Testing
@testable import CLIKit

/// A config shaped like the simulator's.
struct TestConfig: Codable, Equatable {
    struct Timing: Codable, Equatable {
        var tRCD: Double
        var tRP: Double
        var burst: Int
    }
    enum Kind: String, Codable, Equatable { case dram, mlc }
    struct Memory: Codable, Equatable {
        var kind: Kind
        var channels: Int
        var ecc: Bool
        var name: String
        var timing: Timing
        var note: String?
        var capacity: UInt64
    }
    struct Layer: Codable, Equatable {
        var name: String
        var size: Int
    }
    var memory: Memory
    var layers: [Layer]
    var seed: UInt64?
    var labels: [String: Int]

    static let preset = TestConfig(
        memory: Memory(kind: .dram, channels: 8, ecc: false, name: "gddr5x", timing: Timing(tRCD: 14, tRP: 14.5, burst: 8),
                       note: nil, capacity: UInt64.max),
        layers: [Layer(name: "conv1", size: 64), Layer(name: "fc", size: 10)], seed: nil, labels: ["a": 1])
}

@Suite struct ConfigCodecTests {
    func decodeError(_ text: String) -> ConfigError? {
        do { _ = try ConfigCodec.decode(TestConfig.self, from: text, source: "sim.json"); return nil } catch { return error }
    }

    func withMemory(_ patch: (inout [String: JSONValue]) -> Void) throws -> String {
        guard case .object(var top) = try ConfigCodec.tree(of: TestConfig.preset),
              case .object(var memory)? = top["memory"] else { throw Boom() }
        patch(&memory)
        top["memory"] = .object(memory)
        return JSONValue.object(top).serialized()
    }

    @Test func dumpLoadDumpIsByteIdentical() throws {
        var config = TestConfig.preset
        config.memory.timing.tRCD = 0.1 + 0.2
        config.memory.note = "quote \" and \\ and \n and é"
        config.seed = 42
        let first = try ConfigCodec.dump(config)
        let loaded = try ConfigCodec.decode(TestConfig.self, from: first, source: "dump")
        #expect(loaded == config)
        #expect(try ConfigCodec.dump(loaded) == first)
        #expect(first.hasSuffix("}\n"))
        #expect(first.contains("\"capacity\": 18446744073709551615"))
        // Keys sorted at every level.
        let keys = first.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(keys == ["labels", "layers", "memory", "seed"])
    }

    @Test func unknownKeyWithFullPathAndSuggestion() throws {
        let text = try withMemory { m in
            guard case .object(var t)? = m["timing"] else { return }
            t["tRCDx"] = .number("1")
            m["timing"] = .object(t)
        }
        let e = decodeError(text)
        #expect(e?.kind == .unknownKey(path: "memory.timing.tRCDx", suggestion: "memory.timing.tRCD"))
        #expect(e?.description == """
            error: sim.json: memory.timing.tRCDx is not a known key; did you mean memory.timing.tRCD?
            hint: remove or rename the key; '--dump-config' prints every known key.
            """)
        // An optional key that is absent in the dump is still known.
        let withNote = try withMemory { $0["note"] = .string("x") }
        #expect(decodeError(withNote) == nil)
        let inArray = try ConfigCodec.dump(TestConfig.preset).replacing("\"size\": 10", with: "\"size\": 10, \"sise\": 3")
        #expect(decodeError(inArray)?.kind == .unknownKey(path: "layers[1].sise", suggestion: "layers[1].size"))
    }

    @Test func wrongTypesNameThePath() throws {
        let e = decodeError(try withMemory { $0["channels"] = .string("eight") })
        #expect(e?.message == "memory.channels: expected an integer, found \"eight\"")
        #expect(e?.kind == .typeMismatch(path: "memory.channels"))
        #expect(decodeError(try withMemory { $0["channels"] = .number("2.5") })?.message
                == "memory.channels: expected an integer, found 2.5")
        #expect(decodeError(try withMemory { $0["channels"] = .number("99999999999999999999") })?.message
                == "memory.channels: expected an integer in -9223372036854775808...9223372036854775807, found 99999999999999999999")
        #expect(decodeError(try withMemory { $0["channels"] = .number("1e1") }) == nil)
        #expect(decodeError(try withMemory { $0["ecc"] = .string("yes") })?.message == "memory.ecc: expected true or false, found \"yes\"")
        #expect(decodeError(try withMemory { $0["timing"] = .array([]) })?.message == "memory.timing: expected an object, found an array")
        #expect(decodeError(try withMemory { $0["capacity"] = .number("-1") })?.message
                == "memory.capacity: expected an integer in 0...18446744073709551615, found -1")
        let badKind = decodeError(try withMemory { $0["kind"] = .string("dramx") })
        #expect(badKind?.kind == .invalidValue(path: "memory.kind"))
        #expect(badKind?.message.hasPrefix("memory.kind: invalid value \"dramx\": ") == true)
        #expect(decodeError(try withMemory { $0["name"] = .null })?.message == "memory.name: expected a string, found null")
        #expect(decodeError(try withMemory { $0["channels"] = nil })?.message == "missing required key memory.channels")
    }

    @Test func syntaxErrorsHaveLineAndColumn() {
        let e = decodeError("{\n  \"memory\": {\n    \"channels\": 8,\n  }\n}")
        #expect(e?.kind == .syntax(line: 4, column: 3))
        #expect(e?.description == """
            error: sim.json: invalid JSON at line 4, column 3: expected a quoted key, found '}'
            hint: fix the JSON at that position; '--dump-config' prints a valid config to start from.
            """)
        #expect(decodeError("{\"memory\": {\"channels\": 8")?.message
                == "invalid JSON at line 1, column 26: expected ',' or '}' after an object member, found the end of the input")
        #expect(decodeError("")?.kind == .syntax(line: 1, column: 1))
    }

    @Test func loadFromFileAndFileErrors() throws {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/sim.json"
        try AtomicFileWriter(path: path, signalGuard: nil).write(try ConfigCodec.dump(TestConfig.preset))
        #expect(try ConfigCodec.load(TestConfig.self, path: path) == TestConfig.preset)
        do { _ = try ConfigCodec.load(TestConfig.self, path: dir + "/nope.json") } catch {
            #expect(error.kind == .file)
            #expect(error.description.hasPrefix("error: \(dir)/nope.json: cannot read the file: no such file"))
        }
        // A partial file overlays the preset.
        try AtomicFileWriter(path: path, signalGuard: nil).write(#"{"memory": {"channels": 4, "timing": {"burst": 16}}}"#)
        let resolved = try ConfigCodec.resolve(TestConfig.preset, configFile: path,
                                               overrides: [KeyValue(key: "memory.ecc", value: "true")])
        #expect(resolved.memory.channels == 4 && resolved.memory.timing.burst == 16 && resolved.memory.timing.tRCD == 14)
        #expect(resolved.memory.ecc)
    }
}

@Suite struct ConfigOverrideTests {
    func apply(_ pairs: [(String, String)]) throws(ConfigError) -> TestConfig {
        try ConfigCodec.applying(pairs.map { KeyValue(key: $0.0, value: $0.1) }, to: TestConfig.preset)
    }

    func overrideError(_ key: String, _ value: String) -> ConfigError? {
        do { _ = try apply([(key, value)]); return nil } catch { return error }
    }

    @Test func setsValuesOfEachType() throws {
        let c = try apply([("memory.channels", "16"), ("memory.timing.tRCD", "15.5"), ("memory.ecc", "true"),
                           ("memory.name", "12"), ("memory.kind", "mlc"), ("layers[1].size", "100"), ("layers.0.name", "c1"),
                           ("memory.note", "hello"), ("seed", "7"), ("labels.b", "2"), ("memory.capacity", "18446744073709551615"),
                           ("memory.timing.tRP", "1e1")])
        #expect(c.memory.channels == 16 && c.memory.timing.tRCD == 15.5 && c.memory.ecc && c.memory.name == "12")
        #expect(c.memory.kind == .mlc && c.layers[1].size == 100 && c.layers[0].name == "c1")
        #expect(c.memory.note == "hello" && c.seed == 7 && c.memory.timing.tRP == 10)
        #expect(c.labels == ["a": 1, "b": 2])
        let arrays = try apply([("layers", #"[{"name":"only","size":1}]"#)])
        #expect(arrays.layers == [TestConfig.Layer(name: "only", size: 1)])
        // A nil optional String given a numeric-looking value stays a string.
        #expect(try apply([("memory.note", "8")]).memory.note == "8")
    }

    @Test func laterOverridesWin() throws {
        #expect(try apply([("memory.channels", "2"), ("memory.channels", "4")]).memory.channels == 4)
    }

    @Test func unknownKeySuggestsNearest() {
        let e = overrideError("memory.timing.tRCDx", "15")
        #expect(e?.kind == .unknownKey(path: "memory.timing.tRCDx", suggestion: "memory.timing.tRCD"))
        #expect(e?.description == """
            error: --set memory.timing.tRCDx=15: memory.timing.tRCDx is not a known key; did you mean memory.timing.tRCD?
            hint: remove or rename the key; '--dump-config' prints every known key.
            """)
        #expect(overrideError("memroy.channels", "1")?.kind == .unknownKey(path: "memroy", suggestion: "memory"))
        #expect(overrideError("layers[5].size", "1")?.message == "layers has 2 element(s); index 5 is out of range")
        #expect(overrideError("memory.channels.x", "1")?.message == "memory.channels is an integer, so it has no member 'x'")
        #expect(overrideError("memory..x", "1")?.kind == .malformedOverride)
    }

    @Test func wrongTypesAreRefused() {
        #expect(overrideError("memory.channels", "eight")?.message == "memory.channels: expected an integer, found \"eight\"")
        #expect(overrideError("memory.channels", "2.5")?.message == "memory.channels: expected an integer, found 2.5")
        #expect(overrideError("memory.timing.tRCD", "fast")?.message == "memory.timing.tRCD: expected a number, found \"fast\"")
        #expect(overrideError("memory.ecc", "yes")?.message == "memory.ecc: expected true or false, found \"yes\"")
        #expect(overrideError("memory.kind", "sram")?.kind == .invalidValue(path: "memory.kind"))
        #expect(overrideError("layers", "[1,")?.kind == .typeMismatch(path: "layers"))
        #expect(overrideError("memory.channels", "eight")?.source == "--set memory.channels=eight")
    }
}

/// The intended wiring of --config, --set and --dump-config, end to end.
@Suite struct ConfigWiringTests {
    struct Tool: ParsableCommand {
        static let configuration = CommandConfiguration(name: "tool", abstract: "A tool.", options: ConfigOptions.all)
        var configFile: String?
        var overrides: [KeyValue]
        var dump: Bool
        init(from parsed: ParsedArguments) throws(UsageError) {
            configFile = parsed[ConfigOptions.config]
            overrides = parsed[ConfigOptions.set]
            dump = parsed[ConfigOptions.dumpConfig]
        }
    }

    @Test func dumpThenLoadWithOverrides() throws {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/dumped.json"
        guard case .run(let first) = Tool.parse(["--set", "memory.channels=4", "--dump-config"]) else { throw Boom() }
        let resolved = try ConfigCodec.resolve(TestConfig.preset, configFile: first.configFile, overrides: first.overrides)
        try AtomicFileWriter(path: path, signalGuard: nil).write(try ConfigCodec.dump(resolved))

        guard case .run(let second) = Tool.parse(["-c", path, "--set", "memory.ecc=true"]) else { throw Boom() }
        let reloaded = try ConfigCodec.resolve(TestConfig.preset, configFile: second.configFile, overrides: second.overrides)
        #expect(reloaded.memory.channels == 4 && reloaded.memory.ecc)
        #expect(Tool.helpText.contains("--set <KEY=VALUE>") && Tool.helpText.contains("--dump-config"))
        #expect(Tool.configuration.declarationProblems().isEmpty)
    }
}
