/// A `Decoder` reading a `JSONValue` tree directly, built for configs:
/// every error carries the full key path and the offending value, numbers are
/// checked against the exact integer type, and every key the decoded type asks
/// for is logged, so keys it never asked for can be reported as unknown.
struct JSONTreeDecoder: Decoder {
    let value: JSONValue
    let path: [ConfigPathComponent]
    let log: DecodingLog
    var codingPath: [any CodingKey] { path.map(PathKey.init) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw TreeDecodingError.mismatch(path, expected: "an object", found: value) }
        log.visit(path)
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, path: path, log: log))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw TreeDecodingError.mismatch(path, expected: "an array", found: value) }
        return UnkeyedContainer(items: items, path: path, log: log)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValue(decoder: self) }

    /// Decodes `T` from `value`, marking keys as it goes.
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }
}

/// Which object paths were opened as keyed containers, which keys were asked for
/// there, and which objects enumerated all their keys (dictionaries: any key is valid).
final class DecodingLog {
    private(set) var requested: [[ConfigPathComponent]: Set<String>] = [:]
    private(set) var openObjects: Set<[ConfigPathComponent]> = []
    func visit(_ path: [ConfigPathComponent]) { requested[path, default: []].formUnion([]) }
    func ask(_ key: String, at path: [ConfigPathComponent]) { requested[path, default: []].insert(key) }
    func enumerate(at path: [ConfigPathComponent]) { openObjects.insert(path) }
}

/// What went wrong while decoding, before it is phrased for the user.
enum TreeDecodingError: Error {
    case mismatch([ConfigPathComponent], expected: String, found: JSONValue)
    case missing([ConfigPathComponent], key: String)
}

/// A coding key standing for one path component.
struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
    init(_ component: ConfigPathComponent) {
        switch component {
        case .key(let k): self.init(stringValue: k)
        case .index(let i): self.init(intValue: i)
        }
    }
}

// MARK: - Single values: where the type checks live

private struct SingleValue: SingleValueDecodingContainer {
    let decoder: JSONTreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    private var value: JSONValue { decoder.value }

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let b) = value else { throw TreeDecodingError.mismatch(decoder.path, expected: "true or false", found: value) }
        return b
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let s) = value else { throw TreeDecodingError.mismatch(decoder.path, expected: "a string", found: value) }
        return s
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .number(let text) = value, let x = Double(text), x.isFinite else {
            throw TreeDecodingError.mismatch(decoder.path, expected: "a number", found: value)
        }
        return x
    }

    func decode(_ type: Float.Type) throws -> Float {
        let x = try decode(Double.self)
        guard abs(x) <= Double(Float.greatestFiniteMagnitude) else {
            throw TreeDecodingError.mismatch(decoder.path, expected: "a number within Float's range", found: value)
        }
        return Float(x)
    }

    /// Integers: exact literal, or an integral value written with a fraction/exponent (`1e3`).
    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .number(let text) = value else { throw TreeDecodingError.mismatch(decoder.path, expected: "an integer", found: value) }
        if let n = T(text) { return n }
        if let x = Double(text), x.rounded() == x, let n = T(exactly: x) { return n }
        let isIntegral = Double(text).map { $0.rounded() == $0 } ?? false
        let expected = isIntegral ? "an integer in \(T.min)...\(T.max)" : "an integer"
        throw TreeDecodingError.mismatch(decoder.path, expected: expected, found: value)
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}

// MARK: - Objects

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let path: [ConfigPathComponent]
    let log: DecodingLog
    var codingPath: [any CodingKey] { path.map(PathKey.init) }

    var allKeys: [Key] {
        // A type enumerating keys (a dictionary) uses them all.
        log.enumerate(at: path)
        return members.keys.sorted().compactMap { name in
            log.ask(name, at: path)
            return Key(stringValue: name)
        }
    }

    func contains(_ key: Key) -> Bool {
        log.ask(key.stringValue, at: path)
        return members[key.stringValue] != nil
    }

    private func child(_ key: Key) throws -> JSONTreeDecoder {
        log.ask(key.stringValue, at: path)
        guard let value = members[key.stringValue] else { throw TreeDecodingError.missing(path, key: key.stringValue) }
        return JSONTreeDecoder(value: value, path: path + [.key(key.stringValue)], log: log)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).value == .null }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { try child(Key(stringValue: "super")!) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

// MARK: - Arrays

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let path: [ConfigPathComponent]
    let log: DecodingLog
    var currentIndex = 0
    var codingPath: [any CodingKey] { path.map(PathKey.init) }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [JSONValue], path: [ConfigPathComponent], log: DecodingLog) {
        self.items = items
        self.path = path
        self.log = log
    }

    private mutating func next() throws -> JSONTreeDecoder {
        guard !isAtEnd else { throw TreeDecodingError.missing(path, key: "[\(currentIndex)]") }
        defer { currentIndex += 1 }
        return JSONTreeDecoder(value: items[currentIndex], path: path + [.index(currentIndex)], log: log)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}
