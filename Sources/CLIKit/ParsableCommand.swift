import Foundation

/// A command declared as one struct: a static `configuration` listing its options
/// (each a static `Flag`/`Option`/`MultiOption`), an initializer reading the parsed
/// values, and `validate()` for rules spanning several options.
///
/// ```
/// struct Simulate: ParsableCommand {
///     static let workload = Option<String>("--workload", short: "-w", valueName: "NAME",
///                                         help: "CNN to train.", parser: .oneOf(["resnet18", "vgg16"]))
///     static let trace = Option<String>("--trace", valueName: "FILE", help: "Replay a memory trace.")
///     static let configuration = CommandConfiguration(name: "stt-cyclesim", abstract: "…",
///                                                     options: [workload, trace])
///     var workload: String?
///     var trace: String?
///     init(from parsed: ParsedArguments) throws(UsageError) {
///         workload = parsed[Self.workload]
///         trace = parsed[Self.trace]
///     }
///     func validate() throws(UsageError) {
///         if workload != nil && trace != nil { throw .exclusive("--workload", "--trace") }
///     }
/// }
/// let command = Simulate.parseOrExit()   // prints help/version/errors and exits 0 or 2 as needed
/// ```
public protocol ParsableCommand: Sendable {
    /// The declared name, help, options and examples.
    static var configuration: CommandConfiguration { get }
    /// Reads typed values out of a successful parse.
    init(from parsed: ParsedArguments) throws(UsageError)
    /// Checks rules that span several options; the default accepts everything.
    func validate() throws(UsageError)
}

extension ParsableCommand {
    public func validate() throws(UsageError) {}

    /// The generated `--help` text.
    public static var helpText: String { HelpFormatter().help(for: configuration) }

    /// Parses, builds and validates, without printing or exiting.
    public static func parse(_ arguments: [String]) -> ParseOutcome<Self> {
        let parser = ArgumentParser(configuration)
        switch parser.builtInRequest(in: arguments) {
        case .help: return .help(helpText)
        case .version: return .version("\(configuration.name) \(configuration.version ?? "")\n")
        case nil: break
        }
        do {
            let command = try Self(from: parser.parse(arguments))
            try command.validate()
            return .run(command)
        } catch {
            return .error(error)
        }
    }

    /// Parses `arguments` (default: the process's, minus the program name); on help or
    /// version prints to stdout and exits 0, on a usage error prints to stderr and exits 2.
    public static func parseOrExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Self {
        switch parse(arguments) {
        case .run(let command):
            return command
        case .help(let text), .version(let text):
            Stdout.write(text)
            exit(ExitCode.success.rawValue)
        case .error(let error):
            Stderr.print(error.description)
            exit(ExitCode.usage.rawValue)
        }
    }
}
