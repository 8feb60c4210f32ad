/// What was wrong with one value given to an option, independent of which option.
public enum ValueProblem: Error, Equatable, Sendable {
    /// The text is not a number of the expected kind (`expected` reads "an integer", "a number" …).
    case notANumber(expected: String)
    /// A well-formed number outside the option's range (`range` reads "1...4096", "≥ 1" …).
    case outOfRange(range: String)
    /// A well-formed integer too large (or small) for the value's type.
    case overflow(type: String, range: String)
    /// The text is not one of the allowed strings; `suggestion` is the closest one.
    case notAllowed(allowed: [String], suggestion: String?)
    /// Anything else, described in one sentence (e.g. "expected key=value").
    case malformed(String)
}

/// A command-line mistake, with a message saying what is wrong and a hint saying how to fix it.
///
/// Its `description` is what the user sees on stderr before the process exits
/// with `ExitCode.usage` (2):
/// ```
/// error: unknown option '--wrokload'
/// hint: did you mean '--workload'? Run 'stt-cyclesim --help' for the list of options.
/// ```
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The class of mistake, with the pieces needed to test for it precisely.
    public enum Kind: Equatable, Sendable {
        case unknownOption(String, suggestion: String?)
        case missingValue(option: String)
        case invalidValue(option: String, value: String, problem: ValueProblem)
        case repeatedOption(String)
        case unexpectedArgument(String)
        case flagWithValue(option: String, value: String)
        case missingRequired(option: String)
        /// A cross-option rule broken, reported by a command's `validate()`.
        case invalidCombination
    }

    /// What went wrong, for programmatic checks.
    public var kind: Kind
    /// One line saying what is wrong.
    public var message: String
    /// One line saying how to fix it.
    public var hint: String

    /// An error with an explicit message and hint.
    public init(kind: Kind, message: String, hint: String) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    /// A broken cross-option rule, for `validate()`:
    /// `throw UsageError.invalid("--trace and --workload cannot be combined", hint: "give one of them")`.
    public static func invalid(_ message: String, hint: String) -> UsageError {
        UsageError(kind: .invalidCombination, message: message, hint: hint)
    }

    /// The standard error for two options that exclude each other.
    public static func exclusive(_ first: String, _ second: String) -> UsageError {
        invalid("options '\(first)' and '\(second)' cannot be used together",
                hint: "give either '\(first)' or '\(second)', not both.")
    }

    public var description: String { "error: \(message)\nhint: \(hint)" }
}

extension ValueProblem {
    /// The clause that follows "invalid value 'x' for '--opt': ".
    var clause: String {
        switch self {
        case .notANumber(let expected): "expected \(expected)"
        case .outOfRange(let range): "out of range; must be \(range)"
        case .overflow(let type, let range): "too large for \(type); must be \(range)"
        case .notAllowed(let allowed, _): "not one of \(allowed.joined(separator: ", "))"
        case .malformed(let reason): reason
        }
    }
}

// MARK: - Constructors used by the parser

extension UsageError {
    static func help(_ command: String) -> String { "Run '\(command) --help' for the list of options." }

    static func unknownOption(_ name: String, suggestion: String?, command: String) -> UsageError {
        let fix = suggestion.map { "did you mean '\($0)'? " } ?? ""
        return UsageError(kind: .unknownOption(name, suggestion: suggestion),
                          message: "unknown option '\(name)'", hint: fix + help(command))
    }

    static func missingValue(_ option: OptionSpec) -> UsageError {
        let n = option.name, v = option.valueName
        return UsageError(kind: .missingValue(option: n),
                          message: "option '\(n)' needs a value <\(v)>",
                          hint: "write '\(n) <\(v)>' or '\(n)=<\(v)>'; a value that starts with '-' must be written '\(n)=<\(v)>'.")
    }

    static func invalidValue(_ option: OptionSpec, _ value: String, _ problem: ValueProblem) -> UsageError {
        var fix: String
        switch problem {
        case .notAllowed(let allowed, let suggestion):
            fix = (suggestion.map { "did you mean '\($0)'? " } ?? "") + "Allowed values: \(allowed.joined(separator: ", "))."
        case .notANumber, .outOfRange, .overflow:
            fix = "give \(option.expected)" + (option.constraint.map { " in \($0)" } ?? "")
            fix += option.example.map { ", e.g. '\(option.name) \($0)'." } ?? "."
        case .malformed:
            fix = "write '\(option.name) <\(option.valueName)>'" + (option.example.map { ", e.g. '\(option.name) \($0)'." } ?? ".")
        }
        let shown = value.count > 60 ? String(value.prefix(57)) + "..." : value
        return UsageError(kind: .invalidValue(option: option.name, value: value, problem: problem),
                          message: "invalid value '\(shown)' for '\(option.name)': \(problem.clause)",
                          hint: fix)
    }

    static func repeated(_ option: OptionSpec) -> UsageError {
        UsageError(kind: .repeatedOption(option.name),
                   message: "option '\(option.name)' was given more than once",
                   hint: "give '\(option.name)' once; only options marked 'repeatable' in --help may be repeated.")
    }

    static func unexpected(_ argument: String, suggestion: String?, command: String, takesPositionals: Bool) -> UsageError {
        var fix = suggestion.map { "did you mean '\($0)'? " } ?? ""
        fix += takesPositionals ? "Too many arguments. " : "This command takes no positional arguments. "
        return UsageError(kind: .unexpectedArgument(argument),
                          message: "unexpected argument '\(argument)'", hint: fix + help(command))
    }

    static func flagWithValue(_ option: OptionSpec, _ value: String) -> UsageError {
        UsageError(kind: .flagWithValue(option: option.name, value: value),
                   message: "flag '\(option.name)' does not take a value (got '\(value)')",
                   hint: "write just '\(option.name)'.")
    }

    static func missingRequired(_ option: OptionSpec) -> UsageError {
        UsageError(kind: .missingRequired(option: option.name),
                   message: "missing required option '\(option.name) <\(option.valueName)>'",
                   hint: "add '\(option.name) <\(option.valueName)>'" + (option.example.map { ", e.g. '\(option.name) \($0)'." } ?? "."))
    }
}
