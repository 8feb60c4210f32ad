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
        let stats = memory.totals
        var data = RowData()
        data.blockBits = config.memory.controller.bitLevelBlockBits
        var row = ReportRow(config: config.name, layer: "trace", phase: "all", time: driver.lastDone,
                            memory: RowCounters(stats), data: data)
        row.burstBytes = config.memory.device.organization.burstBytes
        var total = row
        total.layer = "TOTAL"
        return RunResult(config: config, rows: [row], total: total, wallSeconds: wall, events: sim.eventsDispatched,
                         requests: driver.completed, peakBandwidthGBps: config.memory.peakBandwidthBytesPerSecond / 1e9)
    }
}
