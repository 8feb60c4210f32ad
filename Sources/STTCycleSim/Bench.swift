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
        let (parts, wall) = try PerChannelRun.run(memory: memory, jobs: jobs,
                                                  source: { SyntheticSource(pattern: pattern, count: count, readFraction: 0.7, footprint: 1 << 33, seed: seed) },
                                                  keepGoing: { _ in keepGoing() })
        let requests = parts.reduce(0) { $0 + $1.completed }
        let simSec = Double(parts.map(\.lastDone.raw).max() ?? 0) * 1e-12
        let totals = PerChannelRun.totals(parts)
        let result = BenchResult(name: name, requests: requests, events: parts.reduce(0) { $0 + $1.events }, wallSeconds: wall,
                                 simulatedSeconds: simSec, bandwidthGBps: Double(requests * 64) / simSec / 1e9,
                                 decisions: totals.decisions, commands: totals.commands.total,
                                 frontEndPeak: parts.map(\.peakBuffered).max() ?? 0)
        return (result, parts)
    }

    /// Runs `count` requests (70 % reads) of `pattern` through `memory`, all offered at once
    /// through the in-order front end (`RequestDriver`: a full queue holds back the stream).
    public static func run(pattern: SyntheticSource.Pattern, count: UInt64, memory: MemoryConfig,
                           name: String, seed: UInt64 = 1, keepGoing: @escaping () -> Bool = { true }) throws -> BenchResult {
        let sim = Simulator()
        let mem = MemorySystem(config: memory, sim: sim)
        let src = SyntheticSource(pattern: pattern, count: count, readFraction: 0.7, footprint: 1 << 33, seed: seed)
        let start = DispatchTime.now().uptimeNanoseconds
        let driver = RequestDriver(memory: mem, source: src, sim: sim)
        sim.run { _ in keepGoing() }
        if !driver.finished { throw CancellationError() }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let simSec = Double(driver.lastDone.raw) * 1e-12
        return BenchResult(name: name, requests: driver.completed, events: sim.eventsDispatched, wallSeconds: wall,
                           simulatedSeconds: simSec, bandwidthGBps: Double(driver.completed * 64) / simSec / 1e9,
                           decisions: mem.totals.decisions, commands: mem.totals.commands.total)
    }
}
