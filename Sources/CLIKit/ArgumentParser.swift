/// What parsing a command line led to.
public enum ParseOutcome<Command: Sendable>: Sendable {
    /// Arguments were valid and `validate()` passed: run this command.
    case run(Command)
    /// `-h`/`--help` was given: print this text to stdout, exit 0.
    case help(String)
    /// `--version` was given: print this text to stdout, exit 0.
    case version(String)
    /// Print the error to stderr, exit `ExitCode.usage` (2).
    case error(UsageError)
}

/// The parsing engine behind `ParsableCommand`: turns `[String]` into `ParsedArguments`
/// according to a `CommandConfiguration`. Never traps on any input.
///
/// Accepted forms: `--opt value`, `--opt=value`, `-o value`, `-o=value`, `--flag`, `-f`,
/// and `--` after which every token is positional. `-h`/`--help` anywhere before `--`
/// wins over any error; `--version` likewise when the command has a version.
public struct ArgumentParser: Sendable {
    public let configuration: CommandConfiguration
    private let byLong: [String: OptionSpec]
    private let byShort: [String: OptionSpec]

    public init(_ configuration: CommandConfiguration) {
        self.configuration = configuration
        var byLong: [String: OptionSpec] = [:], byShort: [String: OptionSpec] = [:]
        for spec in configuration.specs {
            byLong[spec.name] = byLong[spec.name] ?? spec
            if let short = spec.short { byShort[short] = byShort[short] ?? spec }
        }
        self.byLong = byLong
        self.byShort = byShort
    }

    /// Which built-in request, if any, appears before `--`.
    public enum BuiltIn: Sendable { case help, version }

    /// `.help` if `-h`/`--help` appears before `--`, else `.version` for `--version`.
    public func builtInRequest(in arguments: [String]) -> BuiltIn? {
        let options = arguments.prefix { $0 != "--" }
        if options.contains(where: { $0 == "-h" || $0 == "--help" }) { return .help }
        if configuration.version != nil, options.contains("--version") { return .version }
        return nil
    }

    /// Parses `arguments` (without the program name).
    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if token == "--" {
                result.positionals.append(contentsOf: arguments[index...])
                break
            }
            if let (spec, inline) = try lookUp(token) {
                try consume(spec, inline: inline, arguments: arguments, index: &index, into: &result)
            } else {
                try addPositional(token, to: &result)
            }
        }
        try checkCompleteness(result)
        return result
    }

    // MARK: - Steps

    /// The option a token names with its inline `=value`, `nil` for a positional, or an unknown-option error.
    private func lookUp(_ token: String) throws(UsageError) -> (OptionSpec, String?)? {
        guard looksLikeOption(token) else { return nil }
        let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        let inline = parts.count > 1 ? String(parts[1]) : nil
        if let spec = token.hasPrefix("--") ? byLong[name] : byShort[name] { return (spec, inline) }
        throw UsageError.unknownOption(name, suggestion: suggestion(for: name), command: configuration.name)
    }

    /// Options start with `-` and are not negative numbers nor a lone `-` (stdin/stdout).
    private func looksLikeOption(_ token: String) -> Bool {
        guard token.hasPrefix("-"), token != "-" else { return false }
        let second = token.dropFirst().first
        return !(second.map { $0.isNumber || $0 == "." } ?? false)
    }

    private func suggestion(for name: String) -> String? {
        let known = configuration.specs.map(\.name) + configuration.builtIns.map(\.name)
        // `-workload` (one dash) is a common slip for `--workload`.
        if !name.hasPrefix("--"), name.count > 2, known.contains("-" + name) { return "-" + name }
        return Suggestion.closest(to: name.hasPrefix("--") ? name : "-" + name, in: known)
    }

    private func consume(_ spec: OptionSpec, inline: String?, arguments: [String],
                         index: inout Int, into result: inout ParsedArguments) throws(UsageError) {
        if spec.kind == .flag {
            if let inline { throw UsageError.flagWithValue(spec, inline) }
            result.given.insert(spec.name)
            return
        }
        let text: String
        if let inline {
            text = inline
        } else if index < arguments.count, !looksLikeOption(arguments[index]) {
            text = arguments[index]
            index += 1
        } else {
            throw UsageError.missingValue(spec)
        }
        if spec.kind == .single, result.given.contains(spec.name) { throw UsageError.repeated(spec) }
        let items = spec.kind == .list ? text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [text]
        for item in items {
            if spec.kind == .list, item.isEmpty {
                throw UsageError.invalidValue(spec, text, .malformed("empty item in comma-separated list"))
            }
            switch spec.parse(item) {
            case .success(let value): result.values[spec.name, default: []].append(value)
            case .failure(let problem): throw UsageError.invalidValue(spec, item, problem)
            }
        }
        result.given.insert(spec.name)
    }

    private func addPositional(_ token: String, to result: inout ParsedArguments) throws(UsageError) {
        let limit = configuration.positional?.count.upperBound ?? 0
        guard result.positionals.count < limit else {
            let known = configuration.specs.map(\.name)
            let guess = Suggestion.closest(to: "--" + token, in: known)
            throw UsageError.unexpected(token, suggestion: guess, command: configuration.name,
                                        takesPositionals: configuration.positional != nil)
        }
        result.positionals.append(token)
    }

    private func checkCompleteness(_ result: ParsedArguments) throws(UsageError) {
        for spec in configuration.specs where spec.isRequired && !result.given.contains(spec.name) {
            throw UsageError.missingRequired(spec)
        }
        if let positional = configuration.positional {
            if result.positionals.count > positional.count.upperBound, let extra = result.positionals.last {
                throw UsageError.unexpected(extra, suggestion: nil, command: configuration.name, takesPositionals: true)
            }
            if result.positionals.count < positional.count.lowerBound {
                throw UsageError(kind: .missingRequired(option: positional.valueName),
                                 message: "missing argument <\(positional.valueName)>",
                                 hint: "give at least \(positional.count.lowerBound) \(positional.valueName) argument(s). "
                                    + UsageError.help(configuration.name))
            }
        } else if let first = result.positionals.first {
            throw UsageError.unexpected(first, suggestion: nil, command: configuration.name, takesPositionals: false)
        }
    }
}
