import Foundation
import SimKernel
import MemorySystem

/// The memory-system benchmark: synthetic traces pushed through the full controller
/// model; reports simulated requests and kernel events per wall-clock second.
public struct BenchResult: Sendable {
    public var name: String
    public var requests: UInt64
    public var events: UInt64
    public var wallSeconds: Double
    public var simulatedSeconds: Double
    public var bandwidthGBps: Double
    public var decisions: UInt64
    public var commands: UInt64
    /// Per-channel front end: the most requests its queues held at once in one simulator.
    public var frontEndPeak: Int?
    public var requestsPerSecond: Double { Double(requests) / wallSeconds }
    public var eventsPerSecond: Double { Double(events) / wallSeconds }
}

/// The benchmark's trace shapes.
public typealias BenchPattern = SyntheticSource.Pattern

extension BenchResult {
    /// A result from what a run counted: its requests, events and wall time, the latest
    /// completion, and the controllers' counters.
    init(name: String, requests: UInt64, events: UInt64, wallSeconds: Double, lastDone: Picoseconds,
         stats: ControllerStats, frontEndPeak: Int? = nil) {
        let simulated = Double(lastDone.raw) * 1e-12
        self.init(name: name, requests: requests, events: events, wallSeconds: wallSeconds, simulatedSeconds: simulated,
                  bandwidthGBps: Double(requests * 64) / simulated / 1e9, decisions: stats.decisions,
                  commands: stats.commands.total, frontEndPeak: frontEndPeak)
    }

    /// One line: name, rates, and what was simulated.
    public var line: String {
        func m(_ v: Double) -> String { String(format: "%.3f", v / 1e6) }
        return "\(name): \(m(requestsPerSecond)) M requests/s, \(m(eventsPerSecond)) M events/s (\(requests) requests, \(events) events, \(String(format: "%.2f", wallSeconds)) s wall; simulated bandwidth \(String(format: "%.1f", bandwidthGBps)) GB/s; per request \(String(format: "%.2f", Double(decisions) / Double(requests))) controller decisions, \(String(format: "%.2f", Double(commands) / Double(requests))) commands\(frontEndPeak.map { "; front-end queues held at most \($0) requests" } ?? ""))"
    }
}

public enum Bench {
    /// Runs `count` requests of `pattern` (70 % reads, all offered at once) through
    /// `memory` with one front-end queue per channel (`PerChannelRun`: the channels split
    /// over `jobs` simulators on as many threads; every channel's counters are the same for
    /// any `jobs`).
    public static func runPerChannel(pattern: SyntheticSource.Pattern, count: UInt64, memory: MemoryConfig,
                                     name: String, seed: UInt64 = 1, jobs: Int,
                                     keepGoing: @escaping @Sendable () -> Bool = { true }) throws -> (result: BenchResult, partitions: [PerChannelRun.Partition]) {
        let (parts, wall) = try PerChannelRun.run(memory: memory, jobs: jobs, source: { trace(pattern, count: count, seed: seed) },
                                                  keepGoing: { _ in keepGoing() })
        let result = BenchResult(name: name, requests: parts.reduce(0) { $0 + $1.completed }, events: parts.reduce(0) { $0 + $1.events },
                                 wallSeconds: wall, lastDone: parts.map(\.lastDone).max() ?? .zero,
                                 stats: PerChannelRun.totals(parts), frontEndPeak: parts.map(\.peakBuffered).max() ?? 0)
        return (result, parts)
    }

    /// Runs `count` requests (70 % reads) of `pattern` through `memory`, all offered at once
    /// through the in-order front end (`RequestDriver`: a full queue holds back the stream).
    public static func run(pattern: SyntheticSource.Pattern, count: UInt64, memory: MemoryConfig,
                           name: String, seed: UInt64 = 1, keepGoing: @escaping () -> Bool = { true }) throws -> BenchResult {
        let sim = Simulator()
        let mem = MemorySystem(config: memory, sim: sim)
        let start = DispatchTime.now().uptimeNanoseconds
        let driver = RequestDriver(memory: mem, source: trace(pattern, count: count, seed: seed), sim: sim)
        sim.run { _ in keepGoing() }
        if !driver.finished { throw CancellationError() }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        return BenchResult(name: name, requests: driver.completed, events: sim.eventsDispatched, wallSeconds: wall,
                           lastDone: driver.lastDone, stats: mem.totals)
    }

    /// The benchmark's trace: `count` requests of `pattern`, 70 % reads, over 8 GiB.
    static func trace(_ pattern: SyntheticSource.Pattern, count: UInt64, seed: UInt64) -> SyntheticSource {
        SyntheticSource(pattern: pattern, count: count, readFraction: 0.7, footprint: 1 << 33, seed: seed)
    }
}
