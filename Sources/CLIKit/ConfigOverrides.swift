/// `--set key=value` overrides on a `Codable` config.
///
/// The key is a dotted path into the config's JSON form (`memory.timing.tRCD`;
/// array elements as `layers[2].name` or `layers.2.name`). The value is typed like
/// the value it replaces: a number where there was a number, `true`/`false` for a
/// bool, text for a string, JSON for arrays and objects. A key that exists in the
/// type but is absent from the JSON (a `nil` optional) can be set too. After each
/// override the config is decoded strictly, so a wrong type is reported as
/// `memory.channels: expected an integer, found "eight"`.
extension ConfigCodec {
    /// `value` with every override applied in order.
    /// `config = try ConfigCodec.applying([KeyValue(key: "memory.channels", value: "16")], to: config)`.
    public static func applying<T: Codable>(_ overrides: [KeyValue], to value: T) throws(ConfigError) -> T {
        var current = value
        for override in overrides {
            let source = "--set \(override)"
            let tree = try tree(of: current)
            let log = DecodingLog()
            _ = try? JSONTreeDecoder(value: tree, path: [], log: log).decode(T.self)
            let path = try parseKeyPath(override.key, source: source)
            var guessed = false
            let updated = try set(override.value, at: path[...], in: tree, walked: [], log: log, source: source, guessed: &guessed)
            do {
                current = try decode(T.self, from: updated, source: source)
            } catch {
                // A newly set optional whose text looked like JSON (`8`) may be a string field.
                guard guessed, case .typeMismatch = error.kind else { throw error }
                var unused = false
                let asString = try set(override.value, at: path[...], in: tree, walked: [], log: log, source: source,
                                       guessed: &unused, forceString: true)
                guard let value = try? decode(T.self, from: asString, source: source) else { throw error }
                current = value
            }
        }
        return current
    }

    /// `a.b[2].c` → `[.key("a"), .key("b"), .index(2), .key("c")]`; a purely numeric
    /// dotted part stays a key here and is read as an index when it meets an array.
    static func parseKeyPath(_ key: String, source: String) throws(ConfigError) -> [ConfigPathComponent] {
        var result: [ConfigPathComponent] = []
        for part in key.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part), indexes: [Int] = []
            while name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                guard let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]), i >= 0 else { break }
                indexes.insert(i, at: 0)
                name = name[..<open]
            }
            guard !name.isEmpty, !name.contains(where: { "[]".contains($0) }) else {
                throw ConfigError(kind: .malformedOverride, source: source,
                                  message: "'\(key)' is not a valid key path",
                                  hint: "write dotted keys like memory.timing.tRCD or layers[0].name.")
            }
            result.append(.key(String(name)))
            result += indexes.map(ConfigPathComponent.index)
        }
        return result
    }

    private static func set(_ text: String, at path: ArraySlice<ConfigPathComponent>, in node: JSONValue,
                            walked: [ConfigPathComponent], log: DecodingLog, source: String,
                            guessed: inout Bool, forceString: Bool = false) throws(ConfigError) -> JSONValue {
        guard let step = path.first else { return try typedValue(text, replacing: node, at: walked, source: source) }
        let rest = path.dropFirst()
        switch (step, node) {
        case (.key(let k), .array(let items)) where Int(k) != nil:
            return try set(text, at: [.index(Int(k)!)] + rest, in: .array(items), walked: walked, log: log, source: source,
                           guessed: &guessed, forceString: forceString)
        case (.key(let k), .object(var members)):
            let here = walked + [.key(k)]
            if let child = members[k] {
                members[k] = try set(text, at: rest, in: child, walked: here, log: log, source: source,
                                     guessed: &guessed, forceString: forceString)
            } else if rest.isEmpty, log.requested[walked]?.contains(k) == true || log.openObjects.contains(walked) {
                // A known key whose value is absent (a nil optional), or a new dictionary entry.
                members[k] = forceString ? .string(text) : guessedValue(text)
                guessed = true
            } else {
                let known = Set(members.keys).union(log.requested[walked] ?? []).sorted()
                let near = Suggestion.closest(to: k, in: known).map { dottedPath(walked + [.key($0)]) }
                throw ConfigError.unknownKey(dottedPath(here), suggestion: near, source: source)
            }
            return .object(members)
        case (.index(let i), .array(var items)):
            guard items.indices.contains(i) else {
                let p = dottedPath(walked)
                throw ConfigError(kind: .unknownKey(path: dottedPath(walked + [.index(i)]), suggestion: nil), source: source,
                                  message: "\(p) has \(items.count) element(s); index \(i) is out of range",
                                  hint: "use an index from 0 to \(max(0, items.count - 1)), or set the whole array: \(p)=[...].")
            }
            items[i] = try set(text, at: rest, in: items[i], walked: walked + [.index(i)], log: log, source: source,
                               guessed: &guessed, forceString: forceString)
            return .array(items)
        default:
            let p = dottedPath(walked)
            throw ConfigError(kind: .typeMismatch(path: p), source: source,
                              message: "\(p) is \(node.kindDescription), so it has no member '\(dottedPath(Array(path)))'",
                              hint: "set \(p) itself, or check the key path with '--dump-config'.")
        }
    }

    /// The override text typed like the value it replaces. Text that does not fit is
    /// kept as a string so strict decoding reports the exact expected type.
    private static func typedValue(_ text: String, replacing old: JSONValue,
                                   at path: [ConfigPathComponent], source: String) throws(ConfigError) -> JSONValue {
        switch old {
        case .string: return .string(text)
        case .bool: return text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        case .number:
            if case .number(let literal)? = try? JSONParser.parse(text) { return .number(literal) }
            return .string(text)
        case .null: return guessedValue(text)
        case .array, .object:
            do { return try JSONParser.parse(text) } catch {
                let p = dottedPath(path)
                throw ConfigError(kind: .typeMismatch(path: p), source: source,
                                  message: "\(p) is \(old.kindDescription); the value is not valid JSON (\(error.message))",
                                  hint: "give JSON, quoted for the shell: --set '\(p)=\(old.serialized(pretty: false).prefix(60))'.")
            }
        }
    }

    /// For a key with no current value: JSON if the text is a JSON literal, else a string.
    private static func guessedValue(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text)) ?? .string(text)
    }
}
