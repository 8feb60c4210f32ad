/// The typed result of parsing a command line, read through the option declarations.
///
/// `let batch = try parsed.value(Self.batch)`, `let verbose = parsed[Self.verbose]`,
/// `let sets = parsed[Self.set]`, `if parsed.isGiven(Self.trace) { … }`.
public struct ParsedArguments: Sendable {
    /// Parsed values by long option name, in command-line order.
    var values: [String: [any Sendable]] = [:]
    /// Long names of options given explicitly (flags included).
    var given: Set<String> = []
    /// Positional arguments, including everything after `--`.
    public internal(set) var positionals: [String] = []

    /// An empty result; the parser fills it.
    init() {}

    /// Whether the user wrote this option on the command line.
    public func isGiven(_ option: some OptionDeclaration) -> Bool { given.contains(option.spec.name) }

    /// Whether the flag was given.
    public subscript(_ flag: Flag) -> Bool { given.contains(flag.spec.name) }

    /// The given value, else the default, else `nil`.
    public subscript<Value>(_ option: Option<Value>) -> Value? {
        (values[option.spec.name]?.last as? Value) ?? option.defaultValue
    }

    /// The given values in order, else the default.
    public subscript<Value>(_ option: MultiOption<Value>) -> [Value] {
        guard let boxed = values[option.spec.name] else { return option.defaultValue }
        return boxed.compactMap { $0 as? Value }
    }

    /// The given value, else the default; throws "missing required option" when neither exists.
    public func value<Value>(_ option: Option<Value>) throws(UsageError) -> Value {
        guard let value = self[option] else { throw UsageError.missingRequired(option.spec) }
        return value
    }

    /// Throws the standard error when more than one of `options` was given explicitly.
    public func requireAtMostOne(_ options: [any OptionDeclaration]) throws(UsageError) {
        let present = options.map(\.spec.name).filter(given.contains)
        if present.count > 1 { throw UsageError.exclusive(present[0], present[1]) }
    }
}
