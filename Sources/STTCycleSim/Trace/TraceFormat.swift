/// Memory-trace formats read by `--trace`.
///
/// - `dramsim3`: `0xADDR READ|WRITE CYCLE` — DRAMsim3's trace form; CYCLE counts memory
///   command-clock cycles (or `--trace-clock-mhz`), non-decreasing.
/// - `ramulator`: `0xADDR R|W` — Ramulator's memory-trace form; no time: requests are
///   offered back to back, one per trace-clock cycle, as fast as the queues take them.
/// - `native`: `CYCLE R|W 0xADDR [MODE] [DATA]` — ours. MODE is `normal`, `soft` or
///   `bitlevel` (the cell access mode, default `normal`); DATA is the 64 written bytes as
///   128 hex digits, byte 0 first. Writes without DATA get the default payload.
/// - `ramulator2`: `LD|ST ADDR` — Ramulator 2's `LoadStoreTrace` lines; ADDR is hex with
///   `0x` or decimal; no time: offered back to back like `ramulator`.
///
/// In every format `#` starts a comment and blank lines are skipped. Writes without data
/// carry a **default payload**: 64 uniformly random bytes from SplitMix64 seeded with
/// the run's seed and the line number, so runs are reproducible.
public enum TraceFormat: String, Sendable, CaseIterable {
    case dramsim3, ramulator, native, ramulator2
}

/// A malformed trace line: where, what, and how to fix it.
public struct TraceError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int
    public var message: String
    public var hint: String
    public var description: String { "\(file):\(line): \(message)\nhint: \(hint)" }
}
