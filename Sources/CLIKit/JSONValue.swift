/// A JSON document as a tree: what configs are turned into for strict checking,
/// `--set` overrides and deterministic `--dump-config` output.
///
/// Numbers keep their literal text, so `18446744073709551615` or `1e-05` survive a
/// load/dump round trip exactly. Object key order is not kept: output sorts keys.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// A number, as its validated JSON literal text.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A number from an integer.
    public static func int<T: BinaryInteger>(_ n: T) -> JSONValue { .number(String(n)) }

    /// A number from a finite `Double`, in shortest round-trip form; `nil` for NaN/infinity (not JSON).
    public static func double(_ x: Double) -> JSONValue? { x.isFinite ? .number("\(x)") : nil }

    /// The member `key` of an object, else `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    /// The value as an `Int` if it is an integral number that fits.
    public var intValue: Int? { if case .number(let text) = self { Int(text) } else { nil } }

    /// The value as a `Double` if it is a number.
    public var doubleValue: Double? { if case .number(let text) = self { Double(text) } else { nil } }

    /// "an object", "a string", … for messages.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .number(let text): text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? "a number" : "an integer"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A short rendering for "found …" in messages: scalars as JSON, containers by kind.
    public var shortDescription: String {
        switch self {
        case .array: return "an array"
        case .object: return "an object"
        default:
            let text = serialized(pretty: false)
            return text.count > 40 ? String(text.prefix(37)) + "...\"" : text
        }
    }
}

// MARK: - Serialization

extension JSONValue {
    /// JSON text with object keys sorted (by Unicode scalar values), so equal trees give
    /// identical bytes. Pretty output indents by two spaces and writes `"key": value`;
    /// compact output has no spaces. No trailing newline.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text): out += text
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", to: &out, pretty: pretty, indent: indent)
        case .object(let members):
            let sorted = members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            writeContainer(sorted.map { ($0.key, $0.value) }, open: "{", close: "}", to: &out, pretty: pretty, indent: indent)
        }
    }

    private func writeContainer(_ items: [(String?, JSONValue)], open: String, close: String,
                                to out: inout String, pretty: Bool, indent: Int) {
        guard !items.isEmpty else { out += open + close; return }
        out += open
        let inner = String(repeating: " ", count: (indent + 1) * 2)
        for (i, (key, value)) in items.enumerated() {
            if i > 0 { out += "," }
            if pretty { out += "\n" + inner }
            if let key {
                JSONValue.writeString(key, to: &out)
                out += pretty ? ": " : ":"
            }
            value.write(to: &out, pretty: pretty, indent: indent + 1)
        }
        if pretty { out += "\n" + String(repeating: " ", count: indent * 2) }
        out += close
    }

    /// Writes `s` as a JSON string: escapes `"`, `\` and control characters; keeps other text as is.
    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
