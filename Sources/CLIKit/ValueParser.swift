/// Turns the text given to an option into a typed value, or says precisely why it cannot.
///
/// Built-in parsers: `.string`, `.int(in:)`, `.uint64(in:)`, `.double(in:)`,
/// `.oneOf([...])`, `.cases` (a `String`-backed `CaseIterable` enum) and `.keyValue`.
/// Usage: `Option<Int>("--batch", valueName: "N", help: "…", default: 64, parser: .int(in: 1...4096))`.
public struct ValueParser<Value: Sendable>: Sendable {
    /// What a value must be, for messages: "an integer", "a number", "one of the listed values".
    public var expected: String
    /// The range or rule shown in help and errors ("1...4096", "≥ 0"), if any.
    public var constraint: String?
    /// The allowed strings for enumerations, shown in help and in errors.
    public var allowedValues: [String]?
    /// A valid sample value, used in hints ("e.g. '--batch 64'").
    public var example: String?
    /// Parses one value (one list item for comma-separated options).
    public var parse: @Sendable (String) -> Result<Value, ValueProblem>
    /// Renders a value back as it would be typed, for "(default: …)" in help.
    public var render: @Sendable (Value) -> String

    /// A parser from its parts; prefer the built-in static constructors.
    public init(expected: String, constraint: String? = nil, allowedValues: [String]? = nil, example: String? = nil,
                parse: @escaping @Sendable (String) -> Result<Value, ValueProblem>,
                render: @escaping @Sendable (Value) -> String) {
        self.expected = expected
        self.constraint = constraint
        self.allowedValues = allowedValues
        self.example = example
        self.parse = parse
        self.render = render
    }
}

// MARK: - Strings and enumerations

extension ValueParser where Value == String {
    /// Any text, taken verbatim.
    public static var string: ValueParser<String> {
        ValueParser(expected: "a string", parse: { .success($0) }, render: { $0 })
    }

    /// One of `allowed`, matched exactly; a near miss is suggested.
    public static func oneOf(_ allowed: [String]) -> ValueParser<String> {
        ValueParser(expected: "one of the listed values", allowedValues: allowed, example: allowed.first,
                    parse: { text in
                        allowed.contains(text) ? .success(text)
                            : .failure(.notAllowed(allowed: allowed, suggestion: Suggestion.closest(to: text, in: allowed)))
                    }, render: { $0 })
    }
}

extension ValueParser where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    /// A case of a `String`-backed enum, by raw value: `parser: .cases`.
    public static var cases: ValueParser<Value> {
        let allowed = Value.allCases.map(\.rawValue)
        return ValueParser(expected: "one of the listed values", allowedValues: allowed, example: allowed.first,
                           parse: { text in
                               if let value = Value(rawValue: text) { return .success(value) }
                               return .failure(.notAllowed(allowed: allowed, suggestion: Suggestion.closest(to: text, in: allowed)))
                           }, render: { $0.rawValue })
    }
}

// MARK: - Numbers

/// Lexical checks shared by the numeric parsers.
enum NumberText {
    /// `[+-]?digits` with optional `_` between digits, or `0x` hex digits; returns the cleaned text.
    static func integerLiteral(_ text: String) -> (sign: String, digits: String, radix: Int)? {
        var body = Substring(text), sign = ""
        if let first = body.first, first == "+" || first == "-" { sign = first == "-" ? "-" : ""; body = body.dropFirst() }
        var radix = 10
        if body.hasPrefix("0x") || body.hasPrefix("0X") { radix = 16; body = body.dropFirst(2) }
        guard let first = body.first, first != "_", body.last != "_", !body.contains("__") else { return nil }
        let digits = body.filter { $0 != "_" }
        let valid = digits.allSatisfy { radix == 16 ? $0.isHexDigit : ("0"..."9").contains($0) } && !digits.isEmpty
        return valid ? (sign, String(digits), radix) : nil
    }

    static func describe<T: Comparable>(_ range: ClosedRange<T>?, min: T, max: T) -> String? {
        guard let range else { return nil }
        switch (range.lowerBound == min, range.upperBound == max) {
        case (true, true): return nil
        case (false, true): return "≥ \(range.lowerBound)"
        case (true, false): return "≤ \(range.upperBound)"
        case (false, false): return "\(range.lowerBound)...\(range.upperBound)"
        }
    }
}

extension ValueParser where Value: FixedWidthInteger & Sendable {
    /// An integer of type `Value` (decimal, `_` separators or `0x` hex), optionally within `range`.
    /// Distinguishes "not a number", "out of range" and "too large for the type".
    public static func integer(in range: ClosedRange<Value>? = nil, typeName: String) -> ValueParser<Value> {
        let constraint = NumberText.describe(range, min: Value.min, max: Value.max)
        let full = "\(Value.min)...\(Value.max)"
        let example = range.map { String($0.lowerBound == Value.min ? min(0, $0.upperBound) : $0.lowerBound) } ?? "1"
        return ValueParser(expected: "an integer", constraint: constraint, example: example, parse: { text in
            guard let literal = NumberText.integerLiteral(text) else { return .failure(.notANumber(expected: "an integer")) }
            guard let value = Value(literal.sign + literal.digits, radix: literal.radix) else {
                if literal.sign == "-" && Value.min == 0 { return .failure(.outOfRange(range: constraint ?? "≥ 0")) }
                return .failure(.overflow(type: typeName, range: constraint ?? full))
            }
            if let range, !range.contains(value) { return .failure(.outOfRange(range: constraint ?? full)) }
            return .success(value)
        }, render: { String($0) })
    }
}

extension ValueParser where Value == Int {
    /// A signed 64-bit integer, optionally within `range`: `.int(in: 1...4096)`.
    public static func int(in range: ClosedRange<Int>? = nil) -> ValueParser<Int> { integer(in: range, typeName: "Int") }
}

extension ValueParser where Value == UInt64 {
    /// An unsigned 64-bit integer (addresses, cycle counts), optionally within `range`.
    public static func uint64(in range: ClosedRange<UInt64>? = nil) -> ValueParser<UInt64> { integer(in: range, typeName: "UInt64") }
}

extension ValueParser where Value == Double {
    /// A finite decimal number (`1.5`, `2e-3`), optionally within `range`.
    public static func double(in range: ClosedRange<Double>? = nil) -> ValueParser<Double> {
        let constraint = NumberText.describe(range, min: -Double.greatestFiniteMagnitude, max: Double.greatestFiniteMagnitude)
        let allowed = Set("0123456789+-.eE")
        let example = range.map { $0.lowerBound.isFinite && $0.lowerBound > -1e300 ? "\($0.lowerBound)" : "1.0" } ?? "1.0"
        return ValueParser(expected: "a number", constraint: constraint, example: example, parse: { text in
            guard !text.isEmpty, text.allSatisfy({ allowed.contains($0) }), let value = Double(text) else {
                return .failure(.notANumber(expected: "a number"))
            }
            guard value.isFinite else { return .failure(.overflow(type: "Double", range: constraint ?? "finite")) }
            if let range, !range.contains(value) { return .failure(.outOfRange(range: constraint ?? "finite")) }
            return .success(value)
        }, render: { "\($0)" })
    }
}

// MARK: - key=value

/// One `--set key=value` override: a dotted key and the text after the first `=`.
public struct KeyValue: Hashable, Sendable, CustomStringConvertible {
    /// The dotted path, e.g. `memory.timing.tRCD`.
    public var key: String
    /// The value text, not yet typed (typing needs the config's existing value).
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    public var description: String { "\(key)=\(value)" }
}

extension ValueParser where Value == KeyValue {
    /// `key=value` with a non-empty key free of spaces; the value may be empty or contain `=`.
    public static var keyValue: ValueParser<KeyValue> {
        ValueParser(expected: "key=value", example: "memory.channels=8", parse: { text in
            guard let eq = text.firstIndex(of: "=") else { return .failure(.malformed("expected key=value (no '=' found)")) }
            let key = String(text[..<eq])
            guard !key.isEmpty, !key.contains(where: \.isWhitespace) else {
                return .failure(.malformed("expected key=value with a non-empty key without spaces"))
            }
            return .success(KeyValue(key: key, value: String(text[text.index(after: eq)...])))
        }, render: { $0.description })
    }
}
