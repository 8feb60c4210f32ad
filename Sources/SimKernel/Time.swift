#if canImport(Glibc)
import Glibc
#endif

/// Simulated time in integer picoseconds.
///
/// Every component of the simulator measures time in this one unit so that clock
/// domains with unrelated periods (GPU core 1.5 GHz, memory command clock, …) meet
/// without rounding drift. `Int64` picoseconds cover ±106 days of simulated time.
public struct Picoseconds: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The raw count of picoseconds.
    public var raw: Int64

    @inlinable public init(_ raw: Int64) { self.raw = raw }

    public static let zero = Picoseconds(0)
    /// The largest representable time; used as "never".
    public static let max = Picoseconds(Int64.max)

    /// Converts nanoseconds (a datasheet unit) to picoseconds, rounding to nearest.
    @inlinable public static func ns(_ value: Double) -> Picoseconds {
        Picoseconds(Int64((value * 1000).rounded()))
    }

    /// This time in nanoseconds.
    @inlinable public var nanoseconds: Double { Double(raw) / 1000 }

    @inlinable public static func < (a: Picoseconds, b: Picoseconds) -> Bool { a.raw < b.raw }
    @inlinable public static func + (a: Picoseconds, b: Picoseconds) -> Picoseconds { Picoseconds(a.raw &+ b.raw) }
    @inlinable public static func - (a: Picoseconds, b: Picoseconds) -> Picoseconds { Picoseconds(a.raw &- b.raw) }
    @inlinable public static func += (a: inout Picoseconds, b: Picoseconds) { a.raw &+= b.raw }
    @inlinable public static func * (a: Picoseconds, k: Int64) -> Picoseconds { Picoseconds(a.raw &* k) }

    public var description: String { "\(raw) ps" }

    public init(from decoder: any Decoder) throws { raw = try decoder.singleValueContainer().decode(Int64.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(raw)
    }
}

/// A clock with an integer-picosecond period. Cycle `n` starts at `n × period`.
///
/// Components that act on clock edges (a memory controller's command bus, an SM's
/// issue slot) align their actions with `nextEdge(atOrAfter:)`; they never tick idle.
public struct ClockDomain: Hashable, Sendable {
    /// Length of one cycle.
    public let period: Picoseconds

    /// Creates a clock; `period` must be positive.
    public init(period: Picoseconds) {
        precondition(period.raw > 0, "clock period must be positive")
        self.period = period
    }

    /// A clock of the given frequency in MHz, its period rounded to the nearest picosecond.
    public init(megahertz: Double) {
        self.init(period: Picoseconds(Int64((1_000_000 / megahertz).rounded())))
    }

    /// The cycle in progress at `t` (the edge at or before `t`).
    @inlinable public func cycle(at t: Picoseconds) -> Int64 { t.raw / period.raw }

    /// The time of the start of cycle `n`.
    @inlinable public func time(ofCycle n: Int64) -> Picoseconds { Picoseconds(n &* period.raw) }

    /// The first clock edge at or after `t`.
    @inlinable public func nextEdge(atOrAfter t: Picoseconds) -> Picoseconds {
        let p = period.raw
        let r = t.raw % p
        return r == 0 ? t : Picoseconds(t.raw - r + p)
    }

    /// `n` cycles as a duration.
    @inlinable public func duration(cycles n: Int64) -> Picoseconds { Picoseconds(n &* period.raw) }

    /// Frequency in MHz (for reports).
    public var megahertz: Double { 1_000_000 / Double(period.raw) }
}
