/// The process exit status convention shared by every stt-cyclesim command.
///
/// | code | meaning                                        |
/// |------|------------------------------------------------|
/// | 0    | success (also `--help`, `--version`)           |
/// | 1    | the simulation itself failed                   |
/// | 2    | bad input: arguments, config file, overrides   |
/// | 130  | stopped by SIGINT (128 + 2)                    |
/// | 143  | stopped by SIGTERM (128 + 15)                  |
///
/// Usage: `exit(ExitCode.usage.rawValue)`.
public struct ExitCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The numeric status handed to `exit(3)`.
    public var rawValue: Int32

    /// Wraps any numeric status.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// 0: the command did what was asked.
    public static let success = ExitCode(rawValue: 0)
    /// 1: the simulation failed (a model invariant, an I/O error while running).
    public static let failure = ExitCode(rawValue: 1)
    /// 2: bad input — a `UsageError`, an unreadable or invalid config, a bad `--set`.
    public static let usage = ExitCode(rawValue: 2)
    /// 130: interrupted by SIGINT (Ctrl-C).
    public static let interrupted = ExitCode(rawValue: 130)
    /// 143: terminated by SIGTERM.
    public static let terminated = ExitCode(rawValue: 143)

    /// The shell convention for a run stopped by `signal`: 128 + signal number.
    public static func signal(_ signal: Int32) -> ExitCode {
        ExitCode(rawValue: 128 + signal)
    }

    public var description: String { String(rawValue) }
}
