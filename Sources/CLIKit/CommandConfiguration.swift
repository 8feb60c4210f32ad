/// One line of the EXAMPLES section of `--help`.
public struct Example: Sendable {
    /// The command line, starting with the command name.
    public var command: String
    /// What it does, one sentence.
    public var explanation: String

    public init(_ command: String, _ explanation: String) {
        self.command = command
        self.explanation = explanation
    }
}

/// The positional arguments a command accepts (most take none).
public struct PositionalSpec: Sendable {
    /// The placeholder in the usage line, `FILE`.
    public var valueName: String
    public var help: String
    /// How many may be given; more is an "unexpected argument" error, fewer a missing one.
    public var count: ClosedRange<Int>

    public init(valueName: String, help: String, count: ClosedRange<Int> = 0...Int.max) {
        self.valueName = valueName
        self.help = help
        self.count = count
    }
}

/// Everything a command declares about itself: the data behind parsing and `--help`.
///
/// ```
/// static let configuration = CommandConfiguration(
///     name: "stt-cyclesim", abstract: "Cycle-level simulator of CNN training on GDDR5X or MLC STT-RAM.",
///     version: "0.1.0", options: [workload, batch, memory, set, verbose],
///     examples: [Example("stt-cyclesim --workload resnet18 --memory dram,mlc", "Compare both memories.")])
/// ```
/// `-h/--help` (and `--version` when `version` is set) are built in.
public struct CommandConfiguration: Sendable {
    public var name: String
    /// One sentence, shown at the top of help.
    public var abstract: String
    /// Longer text, shown after the usage line; may be empty.
    public var discussion: String
    /// Printed by `--version`; `nil` disables the option.
    public var version: String?
    public var options: [any OptionDeclaration]
    public var positional: PositionalSpec?
    public var examples: [Example]

    public init(name: String, abstract: String, discussion: String = "", version: String? = nil,
                options: [any OptionDeclaration], positional: PositionalSpec? = nil, examples: [Example] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.version = version
        self.options = options
        self.positional = positional
        self.examples = examples
    }

    /// The declared options' specs, in declaration order (built-ins excluded).
    public var specs: [OptionSpec] { options.map(\.spec) }

    /// The built-in `--help` and `--version` entries, as shown in help.
    var builtIns: [OptionSpec] {
        var result = [Flag("--help", short: "-h", help: "Show this help and exit.").spec]
        if version != nil { result.append(Flag("--version", help: "Show the version and exit.").spec) }
        return result
    }

    /// Mistakes in the declaration itself (duplicate or malformed names, empty help).
    /// Empty for a well-formed command; a unit test should assert that.
    public func declarationProblems() -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for spec in specs + builtIns {
            for name in [spec.name] + (spec.short.map { [$0] } ?? []) {
                if !seen.insert(name).inserted { problems.append("\(name) is declared twice") }
            }
            let bare = spec.name.dropFirst(2)
            if bare.isEmpty || bare.contains(where: { $0 == "=" || $0.isWhitespace }) { problems.append("\(spec.name) is not a valid option name") }
            if let short = spec.short, short.count != 2 { problems.append("\(short) must be one dash and one character") }
            if spec.help.isEmpty { problems.append("\(spec.name) has no help text") }
            if spec.takesValue && spec.valueName.isEmpty { problems.append("\(spec.name) has no value name") }
        }
        return problems
    }
}
