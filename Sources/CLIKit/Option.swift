/// How an option consumes the command line.
public enum OptionKind: Equatable, Sendable {
    /// Present or absent, takes no value: `--verbose`.
    case flag
    /// Exactly one value, at most once: `--batch 64`.
    case single
    /// One value per occurrence, may repeat: `--set a=1 --set b=2`.
    case repeated
    /// Comma-separated values, may also repeat: `--memory dram,mlc`.
    case list
}

/// The untyped description of one option: everything the parser and the help
/// formatter need. Typed declarations (`Flag`, `Option`, `MultiOption`) produce one.
public struct OptionSpec: Sendable {
    /// The long name with dashes, `--workload`.
    public var name: String
    /// The short name with its dash, `-w`, if any.
    public var short: String?
    /// The placeholder shown in help, `NAME` in `--workload <NAME>`.
    public var valueName: String
    /// One or more sentences of help.
    public var help: String
    public var kind: OptionKind
    /// The default rendered as typed, shown as "(default: …)".
    public var defaultText: String?
    /// Whether the command cannot run without it.
    public var isRequired: Bool
    /// From the value parser: "an integer", the range, the allowed values, a sample.
    public var expected: String
    public var constraint: String?
    public var allowedValues: [String]?
    public var example: String?
    /// Parses one value (or list item) to the option's type, boxed.
    public var parse: @Sendable (String) -> Result<any Sendable, ValueProblem>

    /// Whether the option consumes a value.
    public var takesValue: Bool { kind != .flag }
}

/// Anything that declares an option: `Flag`, `Option`, `MultiOption`.
public protocol OptionDeclaration: Sendable {
    /// The untyped description used by the parser and help.
    var spec: OptionSpec { get }
}

/// Normalizes `workload`/`--workload` to `--workload` and `w`/`-w` to `-w`.
func dashed(_ name: String, long: Bool) -> String {
    let bare = name.drop { $0 == "-" }
    return (long ? "--" : "-") + bare
}

/// A boolean switch: present means `true`. Read with `parsed[flag]`.
///
/// `static let verbose = Flag("--verbose", short: "-v", help: "Print per-layer progress.")`
public struct Flag: OptionDeclaration {
    public let spec: OptionSpec

    public init(_ name: String, short: String? = nil, help: String) {
        spec = OptionSpec(name: dashed(name, long: true), short: short.map { dashed($0, long: false) }, valueName: "",
                          help: help, kind: .flag, defaultText: nil, isRequired: false, expected: "nothing",
                          constraint: nil, allowedValues: nil, example: nil, parse: { _ in .success(true) })
    }
}

/// A single-valued option of type `Value`. Read with `try parsed.value(option)`
/// (given value, else default, else a missing-required error) or `parsed[option]` (optional).
///
/// `static let batch = Option<Int>("--batch", short: "-b", valueName: "N", help: "Mini-batch size.", default: 64, parser: .int(in: 1...4096))`
public struct Option<Value: Sendable>: OptionDeclaration {
    public let spec: OptionSpec
    /// The value used when the option is absent; `nil` means optional (or required, see `isRequired`).
    public let defaultValue: Value?

    /// - Parameters:
    ///   - isRequired: if `true` and there is no default, parsing fails without it.
    public init(_ name: String, short: String? = nil, valueName: String, help: String,
                default defaultValue: Value? = nil, isRequired: Bool = false, parser: ValueParser<Value>) {
        self.defaultValue = defaultValue
        let parse = parser.parse
        spec = OptionSpec(name: dashed(name, long: true), short: short.map { dashed($0, long: false) }, valueName: valueName,
                          help: help, kind: .single, defaultText: defaultValue.map(parser.render),
                          isRequired: isRequired && defaultValue == nil, expected: parser.expected,
                          constraint: parser.constraint, allowedValues: parser.allowedValues, example: parser.example,
                          parse: { text in parse(text).map { $0 as any Sendable } })
    }
}

extension Option where Value == String {
    /// A string option with no parser argument: `Option("--trace", valueName: "FILE", help: "…")`.
    public init(_ name: String, short: String? = nil, valueName: String, help: String,
                default defaultValue: String? = nil, isRequired: Bool = false) {
        self.init(name, short: short, valueName: valueName, help: help, default: defaultValue,
                  isRequired: isRequired, parser: .string)
    }
}

/// An option that collects several values of type `Value`, in command-line order.
/// Read with `parsed[option]` (the default when absent).
///
/// `static let set = MultiOption<KeyValue>("--set", valueName: "KEY=VALUE", help: "Override a config key.", style: .repeated, parser: .keyValue)`
/// `static let memory = MultiOption<String>("--memory", valueName: "LIST", help: "Memories.", style: .list, default: ["dram"], parser: .oneOf(["dram", "mlc"]))`
public struct MultiOption<Value: Sendable>: OptionDeclaration {
    /// `--x a --x b` (`.repeated`) or `--x a,b` (`.list`, which may also repeat).
    public enum Style: Sendable { case repeated, list }

    public let spec: OptionSpec
    /// The values used when the option is absent.
    public let defaultValue: [Value]

    public init(_ name: String, short: String? = nil, valueName: String, help: String, style: Style,
                default defaultValue: [Value] = [], parser: ValueParser<Value>) {
        self.defaultValue = defaultValue
        let parse = parser.parse
        let defaultText = defaultValue.isEmpty ? nil : defaultValue.map(parser.render).joined(separator: style == .list ? "," : " ")
        spec = OptionSpec(name: dashed(name, long: true), short: short.map { dashed($0, long: false) }, valueName: valueName,
                          help: help, kind: style == .list ? .list : .repeated, defaultText: defaultText,
                          isRequired: false, expected: parser.expected, constraint: parser.constraint,
                          allowedValues: parser.allowedValues, example: parser.example,
                          parse: { text in parse(text).map { $0 as any Sendable } })
    }
}
