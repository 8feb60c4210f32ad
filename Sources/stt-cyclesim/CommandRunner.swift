import CLIKit
import Foundation
import STTCycleSim

/// Carries out a parsed command: resolves configurations, runs, reports, and maps each
/// outcome to an exit status. Computes nothing itself.
struct CommandRunner {
    let command: SimulateCommand

    func run() -> ExitCode {
        do {
            return try dispatch()
        } catch let e as InputError {
            Stderr.print(e.description)
            return .usage
        } catch let e as any BadInput {
            Stderr.print("error: \(e)")
            return .usage
        } catch let e as Interrupted {
            Stderr.print("interrupted: \(e); no output was written")
            return e.exitCode
        } catch is CancellationError where SignalGuard.shared.interrupted {
            Stderr.print("interrupted by signal \(SignalGuard.shared.receivedSignal ?? 0); stopped cleanly, no output was written")
            return SignalGuard.shared.exitCode ?? .interrupted
        } catch let e as InvariantViolation {
            Stderr.print("error: \(e)")
            return .failure
        } catch let e as FileError {
            Stderr.print("error: \(e)")
            return .failure
        } catch {
            Stderr.print("error: simulation failed: \(error)")
            return .failure
        }
    }

    func dispatch() throws -> ExitCode {
        let c = command
        if c.listPresets {
            for n in Presets.names { Stdout.write("\(n.padding(toLength: 22, withPad: " ", startingAt: 0))\(Presets.summaries[n] ?? "")\n") }
            Stdout.write("\nscratchpad memories of the systolic systems (--system systolic, systolic-32):\n")
            for m in MemoryAxis.systolicMemories { Stdout.write("\(m.name.padding(toLength: 22, withPad: " ", startingAt: 0))\(m.summary)\n") }
            Stdout.write("\nsystems (--system):\n")
            for n in SystemPresets.names { Stdout.write("\(n.padding(toLength: 22, withPad: " ", startingAt: 0))\(SystemPresets.summaries[n] ?? "")\n") }
            return .success
        }
        if c.listWorkloads {
            for n in WorkloadRun.availableWorkloads { Stdout.write("\(n)\n") }
            return .success
        }
        if c.listGPUs {
            for g in GPUPresets.all {
                Stdout.write("\(g.name.padding(toLength: 16, withPad: " ", startingAt: 0))\(g.summary)\n    source: \(g.source)\n")
            }
            return .success
        }
        var overrides = c.overrides
        if let d = c.detail { overrides.append(KeyValue(key: "gpu.sampling.detail", value: d)) }
        if let o = c.offload { overrides.append(KeyValue(key: "offload.policy", value: o)) }
        if let z = c.compress { overrides.append(KeyValue(key: "offload.codec", value: z)) }
        if let v = c.valuesDirectory {
            overrides.append(KeyValue(key: "values.directory", value: v))
            // Real values: simulate every CTA so that the bits written are the whole tensor's,
            // not those of the first waves (sampling would bias the bit statistics).
            if c.detail == nil { overrides.append(KeyValue(key: "gpu.sampling.detail", value: "full")) }
        }
        let configs = try ConfigResolution.resolve(presets: c.memory, system: c.system, gpu: c.gpu, configFile: c.configFile,
                                                   overrides: overrides, seed: c.seed)
        if c.dumpConfig {
            for cfg in configs { Stdout.write(try ConfigCodec.dump(cfg)) }
            return .success
        }
        if c.bench { return try runBench(configs) }
        if let trace = c.trace { return try runTrace(trace, configs) }
        if let k = c.kernel { return try runKernel(k, configs) }
        if let w = c.workload { return try runWorkload(w, configs) }
        return .usage
    }

    /// The threads each configuration's run may use inside itself (the algorithm search's
    /// trials) when `count` configurations share `--jobs` threads: all of them when the
    /// configurations run one at a time, else an equal share of them.
    func threadsPerConfig(_ count: Int) -> Int {
        command.jobs / max(1, min(command.jobs, count))
    }

    /// Runs `body` once per configuration with a progress bar (`update(done, total)`;
    /// total 0 when unknown) that also stops the run on SIGINT/SIGTERM. With `--jobs N`
    /// (N > 1) up to N configurations run at once on their own threads, without progress
    /// bars; results keep the order of `configs`, so every output is what a serial run writes.
    func eachConfig(_ configs: [SystemConfig], label: String,
                    _ body: @escaping @Sendable (SystemConfig, @escaping @Sendable (UInt64, UInt64) -> Bool) throws -> RunResult) throws -> [RunResult] {
        if command.jobs > 1 && configs.count > 1 {
            let results = try ParallelMap.map(configs, jobs: command.jobs) { cfg in
                try body(cfg) { _, _ in !SignalGuard.shared.interrupted }
            }
            try SignalGuard.shared.checkInterrupted()
            return results
        }
        var results: [RunResult] = []
        for cfg in configs {
            let bar = ProgressBox(ProgressBar(label: "\(cfg.name) \(label)", total: 0))
            let r = try body(cfg) { done, total in
                bar.update(done, total)
                return !SignalGuard.shared.interrupted
            }
            bar.finish()
            try SignalGuard.shared.checkInterrupted()
            results.append(r)
        }
        return results
    }

    func runTrace(_ path: String, _ configs: [SystemConfig]) throws -> ExitCode {
        let perChannel = command.frontEnd == "per-channel"
        let jobs = threadsPerConfig(configs.count)
        let results = try eachConfig(configs, label: "trace") { cfg, update in
            if perChannel {
                return try TraceRun.runPerChannel(path: path, format: command.traceFormat, clockMHz: command.traceClock, config: cfg,
                                                  jobs: jobs, check: command.check) { update($0, 0) }
            }
            return try TraceRun.run(path: path, format: command.traceFormat, clockMHz: command.traceClock, config: cfg,
                                    check: command.check) { update($0, 0) }
        }
        try finish(results, title: "stt-cyclesim \(STTCycleSimVersion.string) — trace \(path) (\(command.traceFormat.rawValue))")
        return .success
    }

    func runKernel(_ text: String, _ configs: [SystemConfig]) throws -> ExitCode {
        let results = try eachConfig(configs, label: "kernel") { cfg, _ in
            try WorkloadRun.runKernel(text, phase: command.phase, config: cfg, shouldStop: { SignalGuard.shared.interrupted })
        }
        try finish(results, title: "stt-cyclesim \(STTCycleSimVersion.string) — kernel \(text), \(command.phase)")
        return .success
    }

    func runWorkload(_ name: String, _ configs: [SystemConfig]) throws -> ExitCode {
        if name == WorkloadRun.streamWorkloadName {
            let elements = command.streamElements
            let results = try eachConfig(configs, label: "stream") { cfg, update in
                try WorkloadRun.runStream(config: cfg, elements: elements, shouldStop: { SignalGuard.shared.interrupted }) {
                    update(UInt64($0), UInt64($1))
                }
            }
            try finish(results, title: "stt-cyclesim \(STTCycleSimVersion.string) — stream, \(elements) fp32 values per array")
            return .success
        }
        let network = try WorkloadRun.loadNetwork(name, inputShapeText: command.inputShape)
        if command.dumpProgram {
            for cfg in configs { Stdout.write(try WorkloadRun.neuroTrainerListing(network: network, batch: command.batch, config: cfg)) }
            return .success
        }
        if command.footprint {
            let runs = try configs.map { (rows: try FootprintReport.rows(network: network, batch: command.batch, config: $0),
                                          workload: network.name, batch: command.batch) }
            let gradients = try configs.map { try FootprintReport.gradientMaps(network: network, batch: command.batch, config: $0) }
            Stdout.write(FootprintReport.summary(runs, configs: configs, gradientMaps: gradients))
            for cfg in configs where cfg.system.kind == .gpu {
                Stdout.write(try WorkloadRun.capacitySummary(network: network, batch: command.batch, config: cfg))
            }
            if let csv = command.csv {
                try AtomicFileWriter(path: csv).write(try FootprintReport.csv(runs))
                Stdout.write("\nCSV written to \(csv)\n")
            }
            return .success
        }
        let searchJobs = threadsPerConfig(configs.count)
        let results = try eachConfig(configs, label: network.name) { cfg, update in
            try WorkloadRun.run(network: network, batch: command.batch, config: cfg, searchJobs: searchJobs,
                                shouldStop: { SignalGuard.shared.interrupted }) { update(UInt64($0), UInt64($1)) }
        }
        try finish(results, title: "stt-cyclesim \(STTCycleSimVersion.string) — \(network.name), batch \(command.batch), one training iteration")
        return .success
    }

    func runBench(_ configs: [SystemConfig]) throws -> ExitCode {
        Stdout.write("stt-cyclesim \(STTCycleSimVersion.string) benchmark: \(Format.grouped(command.benchRequests)) requests per trace, 70 % reads, all offered at once\n")
        let inOrder = command.frontEnd.map { $0 == "in-order" } ?? true
        let perChannel = command.frontEnd.map { $0 == "per-channel" } ?? true
        if inOrder { Stdout.write("  in order: one front-end queue for all channels (a full controller queue holds back the stream), one thread\n") }
        if perChannel { Stdout.write("  per channel: a front-end queue per channel; the channels split over --jobs \(command.jobs) simulators on as many threads\n") }
        for cfg in configs {
            // BENCH_ONLY=streaming or =random runs one pattern (for profiling).
            for pattern in BenchPattern.allCases where ProcessInfo.processInfo.environment["BENCH_ONLY"].map({ $0 == pattern.rawValue }) ?? true {
                if inOrder {
                    let r = try Bench.run(pattern: pattern, count: command.benchRequests, memory: cfg.memory,
                                          name: "\(cfg.name)/\(pattern.rawValue), in order", seed: cfg.seed) { !SignalGuard.shared.interrupted }
                    Stdout.write(r.line + "\n")
                    try SignalGuard.shared.checkInterrupted()
                }
                if perChannel {
                    let r = try Bench.runPerChannel(pattern: pattern, count: command.benchRequests, memory: cfg.memory,
                                                    name: "\(cfg.name)/\(pattern.rawValue), per channel, \(command.jobs) thread\(command.jobs == 1 ? "" : "s")",
                                                    seed: cfg.seed, jobs: command.jobs) { !SignalGuard.shared.interrupted }
                    Stdout.write(r.result.line + "\n")
                    try SignalGuard.shared.checkInterrupted()
                }
            }
        }
        return .success
    }

    /// Prints the summary and writes the CSV and JSON (only after every run succeeded).
    func finish(_ results: [RunResult], title: String) throws {
        var warned = Set<String>()
        for w in results.flatMap(\.warnings) where warned.insert(w).inserted { Stderr.print("warning: \(w)") }
        let full = command.energyView == "full"
        if let csv = command.csv { try CSVReport.write(results, to: csv, analytic: command.analytic, fullEnergy: full) }
        if let json = command.json { try JSONReport.write(results, to: json) }
        if let t = command.timeline { try AtomicFileWriter(path: t).write(OffloadTimeline.render(results)) }
        if let w = command.waves { try AtomicFileWriter(path: w).write(WaveReport.render(results)) }
        Stdout.write(TextReport.render(results, title: title))
        if command.analytic { Stdout.write(AnalyticReport.render(results)) }
        if full { Stdout.write(EnergyLedger.render(results)) }
        Stdout.write(NeuroTrainerReport.render(results))
        if let csv = command.csv { Stdout.write("\nCSV written to \(csv)\n") }
        if let json = command.json { Stdout.write("JSON written to \(json)\n") }
        if let t = command.timeline { Stdout.write("Timeline (Chrome trace JSON; open in Perfetto) written to \(t)\n") }
        if let w = command.waves { Stdout.write("Wave log written to \(w)\n") }
    }
}

/// A progress bar shared with the run's update callback (configurations run one at a time; a
/// per-channel trace run reports from each of its threads, hence the lock).
private final class ProgressBox: @unchecked Sendable {
    private var bar: ProgressBar
    /// A run may report from several threads (`--front-end per-channel`).
    private let lock = NSLock()
    init(_ bar: ProgressBar) { self.bar = bar }
    func update(_ done: UInt64, _ total: UInt64) {
        lock.lock(); defer { lock.unlock() }
        if total > 0 { bar.total = total }
        bar.update(done)
    }
    func finish() {
        lock.lock(); defer { lock.unlock() }
        bar.finish()
    }
}
