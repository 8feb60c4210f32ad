import Foundation

/// JSON configs for `Codable` types: strict loading, `--set` overrides, deterministic dumps.
///
/// Wiring in a command (`--config FILE`, repeatable `--set KEY=VALUE`, `--dump-config`):
/// ```
/// var config = SystemConfig.preset(command.memory)             // named preset
/// do {
///     config = try ConfigCodec.resolve(config, configFile: command.configFile, overrides: command.sets)
/// } catch {
///     Stderr.print(error.description); exit(ExitCode.usage.rawValue)
/// }
/// if command.dumpConfig { Stdout.write(try ConfigCodec.dump(config)); exit(0) }
/// ```
/// A dumped config loads back to an equal value, and dump → load → dump is byte-identical.
public enum ConfigCodec {
    /// Parses JSON text, reporting syntax errors with line and column.
    public static func parse(_ text: String, source: String) throws(ConfigError) -> JSONValue {
        do { return try JSONParser.parse(text) } catch { throw ConfigError.from(error, source: source) }
    }

    /// Decodes `T` from JSON text, strictly: unknown keys, wrong types, missing keys and
    /// invalid values are errors naming the full dotted path.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String, source: String) throws(ConfigError) -> T {
        try decode(type, from: parse(text, source: source), source: source)
    }

    /// Decodes `T` from a tree, strictly (see `decode(_:from:source:)`).
    public static func decode<T: Decodable>(_ type: T.Type, from tree: JSONValue, source: String) throws(ConfigError) -> T {
        let log = DecodingLog()
        let value: T
        do {
            value = try JSONTreeDecoder(value: tree, path: [], log: log).decode(type)
        } catch {
            throw describe(error, in: tree, source: source)
        }
        if let unknown = firstUnknownKey(in: tree, at: [], log: log) {
            throw ConfigError.unknownKey(dottedPath(unknown.path), suggestion: unknown.suggestion, source: source)
        }
        return value
    }

    /// Reads and strictly decodes a config file.
    public static func load<T: Decodable>(_ type: T.Type, path: String) throws(ConfigError) -> T {
        let text: String
        do { text = try readTextFile(path) } catch { throw ConfigError.from(error) }
        return try decode(type, from: text, source: path)
    }

    /// The value as a JSON tree (through `JSONEncoder`).
    public static func tree<T: Encodable>(of value: T) throws(ConfigError) -> JSONValue {
        let data: Data
        do {
            data = try JSONEncoder().encode(value)
        } catch let EncodingError.invalidValue(bad, context) {
            let path = dottedPath(context.codingPath.map(component))
            throw ConfigError(kind: .invalidValue(path: path), source: "config", message: "\(path): cannot be written as JSON (\(bad))",
                              hint: "JSON has no NaN or infinity; give the parameter a finite value.")
        } catch {
            throw ConfigError(kind: .invalidValue(path: ""), source: "config", message: "cannot encode: \(error)", hint: "report this as a bug.")
        }
        do { return try JSONParser.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw ConfigError(kind: .invalidValue(path: ""), source: "config", message: "encoder produced invalid JSON: \(error)", hint: "report this as a bug.")
        }
    }

    /// Pretty JSON with sorted keys and a final newline, for `--dump-config`.
    public static func dump<T: Encodable>(_ value: T) throws(ConfigError) -> String {
        try tree(of: value).serialized(pretty: true) + "\n"
    }

    /// `base`, overlaid with the config file (objects merge key by key; arrays and scalars
    /// replace), then with each `--set` in order. Every step is decoded strictly.
    public static func resolve<T: Codable>(_ base: T, configFile: String?, overrides: [KeyValue]) throws(ConfigError) -> T {
        var config = base
        if let configFile {
            let text: String
            do { text = try readTextFile(configFile) } catch { throw ConfigError.from(error) }
            let file = try parse(text, source: configFile)
            config = try decode(T.self, from: merge(try tree(of: base), with: file), source: configFile)
        }
        return try applying(overrides, to: config)
    }

    /// `overlay` on top of `base`: objects merge recursively, anything else replaces.
    public static func merge(_ base: JSONValue, with overlay: JSONValue) -> JSONValue {
        guard case .object(var merged) = base, case .object(let top) = overlay else { return overlay }
        for (key, value) in top { merged[key] = merged[key].map { merge($0, with: value) } ?? value }
        return .object(merged)
    }

    // MARK: - Error phrasing

    static func component(_ key: any CodingKey) -> ConfigPathComponent {
        if let i = key.intValue, key.stringValue.hasPrefix("Index ") { return .index(i) }
        return .key(key.stringValue)
    }

    static func lookUp(_ path: [ConfigPathComponent], in tree: JSONValue) -> JSONValue? {
        var node = tree
        for step in path {
            switch (step, node) {
            case (.key(let k), .object(let members)): guard let next = members[k] else { return nil }; node = next
            case (.index(let i), .array(let items)): guard items.indices.contains(i) else { return nil }; node = items[i]
            default: return nil
            }
        }
        return node
    }

    static func describe(_ error: any Error, in tree: JSONValue, source: String) -> ConfigError {
        switch error {
        case TreeDecodingError.mismatch(let path, let expected, let found):
            let p = dottedPath(path)
            return ConfigError(kind: .typeMismatch(path: p), source: source,
                               message: "\(p): expected \(expected), found \(found.shortDescription)",
                               hint: "change the value of \(p) to \(expected).")
        case TreeDecodingError.missing(let path, let key):
            let p = dottedPath(path + [.key(key)])
            return ConfigError(kind: .missingKey(path: p), source: source,
                               message: "missing required key \(p)",
                               hint: "add \(p); '--dump-config' prints a complete config to start from.")
        case DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(component)
            let p = dottedPath(path)
            let found = lookUp(path, in: tree).map { "invalid value \($0.shortDescription)" } ?? "invalid value"
            return ConfigError(kind: .invalidValue(path: p), source: source,
                               message: "\(p): \(found): \(context.debugDescription)",
                               hint: "change the value of \(p).")
        default:
            return ConfigError(kind: .invalidValue(path: ""), source: source, message: "\(error)", hint: "check the config values.")
        }
    }

    /// The first key (in sorted order, depth first) the decoded type never asked for.
    static func firstUnknownKey(in tree: JSONValue, at path: [ConfigPathComponent],
                                log: DecodingLog) -> (path: [ConfigPathComponent], suggestion: String?)? {
        switch tree {
        case .object(let members):
            // Objects never opened as keyed containers were decoded some other way; skip them.
            guard let asked = log.requested[path] else { return nil }
            for key in members.keys.sorted() {
                let childPath = path + [.key(key)]
                if !asked.contains(key) {
                    let near = Suggestion.closest(to: key, in: asked.sorted())
                    return (childPath, near.map { dottedPath(path + [.key($0)]) })
                }
                if let found = firstUnknownKey(in: members[key]!, at: childPath, log: log) { return found }
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                if let found = firstUnknownKey(in: item, at: path + [.index(i)], log: log) { return found }
            }
        default: break
        }
        return nil
    }
}
