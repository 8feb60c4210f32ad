#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes all of `bytes` to a file descriptor, retrying short writes and EINTR.
/// Returns `false` if the descriptor refused (closed pipe, full disk); callers printing
/// diagnostics ignore it, file writers turn it into a `FileError`.
@discardableResult
func writeAll(_ fd: Int32, _ text: String) -> Bool {
    var text = text
    return text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}

/// Diagnostics go to standard error, unbuffered, so they interleave correctly with
/// the progress bar and never mix into results written on stdout.
public enum Stderr {
    /// Writes `message` and a newline: `Stderr.print("warning: trace ends early")`.
    public static func print(_ message: String) { writeAll(2, message + "\n") }
    /// Writes `text` as is, no newline added.
    public static func write(_ text: String) { writeAll(2, text) }
    /// Whether standard error is a terminal (progress bars are drawn only then).
    public static var isTerminal: Bool { isatty(2) == 1 }
}

/// Unbuffered standard output, for help text and reports printed by the CLI.
public enum Stdout {
    /// Writes `text` as is: `Stdout.write(report)`.
    public static func write(_ text: String) { writeAll(1, text) }
}
