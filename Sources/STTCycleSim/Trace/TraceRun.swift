import Foundation
import SimKernel
import MemorySystem

/// A trace-driven run: the trace's requests through one configuration's memory system.
public enum TraceRun {
    /// Simulates `path` on `config` until every request has completed.
    /// - Parameter clockMHz: trace-clock frequency; nil → the memory command clock.
    /// - Throws: `TraceError` for a malformed trace (nothing is reported then).
    public static func run(path: String, format: TraceFormat, clockMHz: Double?, config: SystemConfig,
                           check: Bool = false, progress: ((UInt64) -> Bool)? = nil) throws -> RunResult {
        let period = clockMHz.map { ClockDomain(megahertz: $0).period } ?? Picoseconds(config.memory.device.tCKps)
        let reader = try TraceReader(path: path, format: format, clockPeriod: period, seed: config.seed)
        let sim = Simulator()
        let memory = MemorySystem(config: config.memory, mechanisms: config.mechanisms, sim: sim)
        if check { for c in memory.controllers { c.commandLog = [] } }
        let start = DispatchTime.now().uptimeNanoseconds
        let driver = RequestDriver(memory: memory, source: reader, sim: sim)
        sim.run { _ in progress?(driver.completed) ?? true }
        if let f = driver.failure { throw f }
        if !driver.finished { throw CancellationError() }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        if check { try InvariantCheck.verify(memory: memory, issued: driver.issued, completed: driver.completed) }
        return result(config: config, stats: memory.totals, time: driver.lastDone, wall: wall, events: sim.eventsDispatched,
                      requests: driver.completed)
    }

    /// The report of a trace run: one row (and the same as TOTAL).
    static func result(config: SystemConfig, stats: ControllerStats, time: Picoseconds, wall: Double, events: UInt64,
                       requests: UInt64) -> RunResult {
        var data = RowData()
        data.blockBits = config.memory.controller.bitLevelBlockBits
        var row = ReportRow(config: config.name, layer: "trace", phase: "all", time: time, memory: RowCounters(stats), data: data)
        row.burstBytes = config.memory.device.organization.burstBytes
        var total = row
        total.layer = "TOTAL"
        return RunResult(config: config, rows: [row], total: total, wallSeconds: wall, events: events,
                         requests: requests, peakBandwidthGBps: config.memory.peakBandwidthBytesPerSecond / 1e9)
    }

    /// Simulates `path` on `config` with one front-end queue per channel (`ChannelDriver`):
    /// the channels are split round-robin over `jobs` simulators, run on as many threads,
    /// each reading the whole trace and keeping its own channels' requests. A channel's
    /// result depends on its own requests only, so the report is the same for any `jobs`
    /// (the counters are added up channel by channel, in channel order).
    /// - Throws: `TraceError` for a malformed trace; `FrontEndError` for a configuration
    ///   with a mechanism on (its regions span channels) or, on several threads, a trace
    ///   that is not a regular file.
    public static func runPerChannel(path: String, format: TraceFormat, clockMHz: Double?, config: SystemConfig, jobs: Int,
                                     check: Bool = false, progress: (@Sendable (UInt64) -> Bool)? = nil) throws -> RunResult {
        guard !config.mechanisms.anyOn else {
            throw FrontEndError(message: "config '\(config.name)': the per-channel front end needs a configuration without mechanisms (remapping, BitLevel, SparseCode keep state across channels)",
                                hint: "use --front-end in-order, or a preset without mechanisms (e.g. dram, mlc)")
        }
        // Every simulator opens the trace itself: two readers of a pipe would share its lines.
        if PerChannelRun.simulators(jobs: jobs, channels: config.memory.channels) > 1, let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType,
           type != .typeRegular {
            throw FrontEndError(message: "\(path): the per-channel front end on \(jobs) threads reads the trace once per thread and needs a regular file, not a pipe or device",
                                hint: "save the trace to a file first, or use --jobs 1")
        }
        let period = clockMHz.map { ClockDomain(megahertz: $0).period } ?? Picoseconds(config.memory.device.tCKps)
        let seed = config.seed
        let (parts, wall) = try PerChannelRun.run(memory: config.memory, jobs: jobs, check: check,
                                                  source: { try TraceReader(path: path, format: format, clockPeriod: period, seed: seed) },
                                                  keepGoing: { done in progress?(done) ?? true })
        return result(config: config, stats: PerChannelRun.totals(parts), time: parts.map(\.lastDone).max() ?? .zero, wall: wall,
                      events: parts.reduce(0) { $0 + $1.events }, requests: parts.reduce(0) { $0 + $1.completed })
    }
}
