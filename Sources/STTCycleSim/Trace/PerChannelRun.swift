import Foundation
import SimKernel
import MemorySystem
import CLIKit

/// One request stream through a memory system with one front-end queue per channel
/// (`ChannelDriver`): the channels are split round-robin over `jobs` simulators, run on as
/// many threads, each reading the whole stream and keeping its own channels' requests.
/// A channel's result depends on its own requests only, so every channel's counters are
/// the same for any `jobs`, and `totals` adds them up in channel order (the same sum for
/// any `jobs`). Used by `--trace --front-end per-channel` and by `--bench`.
public enum PerChannelRun {
    /// What one simulator reports: its driver's counts and its channels' controller
    /// counters, in channel order.
    public struct Partition: Sendable {
        public var channels: [Int]
        public var completed: UInt64
        public var lastDone: Picoseconds
        public var events: UInt64
        /// The most requests its front-end queues held at once.
        public var peakBuffered: Int
        /// When its simulation ended (`DispatchTime` ns; checks after it excluded).
        public var end: UInt64
        public var stats: [ControllerStats]
    }

    /// The partitions and the wall time until the last simulation ended.
    /// - Parameters:
    ///   - source: makes the stream (called once per simulator, on its thread).
    ///   - check: record every command and verify the invariants (`InvariantCheck`).
    ///   - keepGoing: polled with the requests completed so far in all simulators.
    public static func run<S: RequestSource>(memory: MemoryConfig, jobs: Int, check: Bool = false,
                                             source: @escaping @Sendable () throws -> S,
                                             keepGoing: @escaping @Sendable (UInt64) -> Bool) throws -> (partitions: [Partition], wallSeconds: Double) {
        let n = simulators(jobs: jobs, channels: memory.channels)
        let split = (0..<n).map { p in Array(stride(from: p, to: memory.channels, by: n)) }
        let tally = Tally(parts: n)
        let start = DispatchTime.now().uptimeNanoseconds
        let parts = try ParallelMap.map(Array(split.enumerated()), jobs: n) { (index, owned) -> Partition in
            let src = try source()
            let sim = Simulator()
            let mem = MemorySystem(config: memory, sim: sim)
            if check { for c in mem.controllers { c.commandLog = [] } }
            let driver = ChannelDriver(memory: mem, source: src, owned: Set(owned), sim: sim)
            sim.run { _ in keepGoing(tally.update(index, driver.completed)) }
            let end = DispatchTime.now().uptimeNanoseconds
            if let f = driver.failure { throw f }
            if !driver.finished { throw CancellationError() }
            if check { try InvariantCheck.verify(memory: mem, issued: driver.issued, completed: driver.completed) }
            return Partition(channels: owned, completed: driver.completed, lastDone: driver.lastDone,
                             events: sim.eventsDispatched, peakBuffered: driver.peakBuffered, end: end,
                             stats: owned.map { mem.controllers[$0].stats })
        }
        return (parts, Double((parts.map(\.end).max() ?? start) - start) * 1e-9)
    }

    /// How many simulators `jobs` threads run for `channels` channels.
    public static func simulators(jobs: Int, channels: Int) -> Int { max(1, min(jobs, channels)) }

    /// The controllers' counters added up channel by channel, in channel order.
    public static func totals(_ parts: [Partition]) -> ControllerStats {
        var byChannel: [(Int, ControllerStats)] = []
        for p in parts { byChannel += zip(p.channels, p.stats) }
        var t = ControllerStats()
        for (_, s) in byChannel.sorted(by: { $0.0 < $1.0 }) { t.merge(s) }
        return t
    }

    /// Completed requests per simulator, summed for progress reports.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [UInt64]
        init(parts: Int) { counts = Array(repeating: 0, count: parts) }
        func update(_ part: Int, _ done: UInt64) -> UInt64 {
            lock.lock(); defer { lock.unlock() }
            counts[part] = done
            return counts.reduce(0, +)
        }
    }
}

/// A front end the configuration cannot use: what, and how to fix it.
public struct FrontEndError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var hint: String
    public var description: String { "\(message)\nhint: \(hint)" }
}
