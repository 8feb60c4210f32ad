import CLIKit
import Foundation
import STTCycleSim
import Workloads
import DataValues

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
        } catch let e as TraceError {
            Stderr.print("error: \(e)")
            return .usage
        } catch let e as WorkloadError {
            Stderr.print("error: \(e)")
            return .usage
        } catch let e as ValueError {
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
            return .success
        }
        if c.listWorkloads {
            let lib = WorkloadLibrary()
            for n in lib.availableNames { Stdout.write("\(n)\n") }
            return .success
        }
        var overrides = c.overrides
        if let d = c.detail { overrides.append(KeyValue(key: "gpu.sampling.detail", value: d)) }
        if let v = c.valuesDirectory {
            overrides.append(KeyValue(key: "values.directory", value: v))
            // Real values: simulate every CTA so that the bits written are the whole tensor's,
            // not those of the first waves (sampling would bias the bit statistics).
            if c.detail == nil { overrides.append(KeyValue(key: "gpu.sampling.detail", value: "full")) }
        }
        let configs = try ConfigResolution.resolve(presets: c.memory, configFile: c.configFile, overrides: overrides, seed: c.seed)
        if c.dumpConfig {
            for cfg in configs { Stdout.write(try ConfigCodec.dump(cfg)) }
            return .success
        }
        if c.bench { return try runBench(configs) }
        if let trace = c.trace { return try runTrace(trace, configs) }
        if let w = c.workload { return try runWorkload(w, configs) }
        return .usage
    }

    /// Runs `body` once per configuration with a progress bar (`update(done, total)`;
    /// total 0 when unknown) that also stops the run on SIGINT/SIGTERM.
    func eachConfig(_ configs: [SystemConfig], label: String,
                    _ body: (SystemConfig, @escaping (UInt64, UInt64) -> Bool) throws -> RunResult) throws -> [RunResult] {
        var results: [RunResult] = []
        for cfg in configs {
            var bar = ProgressBar(label: "\(cfg.name) \(label)", total: 0)
            let r = try body(cfg) { done, total in
                if total > 0 { bar.total = total }
                bar.update(done)
                return !SignalGuard.shared.interrupted
            }
            bar.finish()
            try SignalGuard.shared.checkInterrupted()
            results.append(r)
        }
        return results
    }

    func runTrace(_ path: String, _ configs: [SystemConfig]) throws -> ExitCode {
        let results = try eachConfig(configs, label: "trace") { cfg, update in
            try TraceRun.run(path: path, format: command.traceFormat, clockMHz: command.traceClock, config: cfg,
                             check: command.check) { update($0, 0) }
        }
        try finish(results, title: "stt-cyclesim \(STTCycleSimVersion.string) — trace \(path) (\(command.traceFormat.rawValue))")
        return .success
    }

    func runWorkload(_ name: String, _ configs: [SystemConfig]) throws -> ExitCode {
        var shape: BlobShape? = nil
        if let text = command.inputShape {
            guard let s = BlobShape(parsing: Substring(text)) else {
                throw InputError("--input-shape '\(text)' is not CxHxW; write e.g. 3x227x227")
            }
            shape = s
        }
        let network = try WorkloadRun.loadNetwork(name, inputShape: shape)
        if command.footprint { return try runFootprint(network, configs) }
        let results = try eachConfig(configs, label: network.name) { cfg, update in
            try WorkloadRun.run(network: network, batch: command.batch, config: cfg,
                                shouldStop: { SignalGuard.shared.interrupted }) { update(UInt64($0), UInt64($1)) }
        }
        try finish(results, title: "stt-cyclesim \(STTCycleSimVersion.string) — \(network.name), batch \(command.batch), one training iteration")
        return .success
    }

    func runFootprint(_ network: Network, _ configs: [SystemConfig]) throws -> ExitCode {
        let runs = try configs.map { (rows: try FootprintReport.rows(network: network, batch: command.batch, config: $0),
                                      workload: network.name, batch: command.batch) }
        Stdout.write("\(network.name), batch \(command.batch): memory footprint of one training iteration\n")
        for (cfg, run) in zip(configs, runs) {
            var byCategory: [String: (Int64, UInt64)] = [:]
            for r in run.rows {
                let v = byCategory[r.category.rawValue] ?? (0, 0)
                byCategory[r.category.rawValue] = (v.0 + r.bytes, v.1 + r.cells)
            }
            let bytes = run.rows.reduce(Int64(0)) { $0 + $1.bytes }, cells = run.rows.reduce(UInt64(0)) { $0 + $1.cells }
            Stdout.write("\n[\(cfg.name)] \(Format.bytes(bytes)) in \(Format.grouped(cells)) cells\n")
            for (k, v) in byCategory.sorted(by: { $0.value.0 > $1.value.0 }) {
                Stdout.write("  \(k.padding(toLength: 26, withPad: " ", startingAt: 0)) \(Format.bytes(v.0).padding(toLength: 12, withPad: " ", startingAt: 0)) \(Format.grouped(v.1)) cells\n")
            }
            Stdout.write("  " + FootprintReport.describe(try FootprintReport.gradientMaps(network: network, batch: command.batch, config: cfg)) + "\n")
        }
        if let csv = command.csv {
            try AtomicFileWriter(path: csv).write(try FootprintReport.csv(runs))
            Stdout.write("\nCSV written to \(csv)\n")
        }
        return .success
    }

    func runBench(_ configs: [SystemConfig]) throws -> ExitCode {
        Stdout.write("stt-cyclesim \(STTCycleSimVersion.string) benchmark: \(Format.grouped(command.benchRequests)) requests per trace, 70 % reads, all offered at once\n")
        for cfg in configs {
            // BENCH_ONLY=streaming or =random runs one pattern (for profiling).
            for pattern in BenchPattern.allCases where ProcessInfo.processInfo.environment["BENCH_ONLY"].map({ $0 == pattern.rawValue }) ?? true {
                let r = try Bench.run(pattern: pattern, count: command.benchRequests, memory: cfg.memory,
                                      name: "\(cfg.name)/\(pattern.rawValue)", seed: cfg.seed) { !SignalGuard.shared.interrupted }
                Stdout.write(r.line + "\n")
                try SignalGuard.shared.checkInterrupted()
            }
        }
        return .success
    }

    /// Prints the summary and writes the CSV (only after every run succeeded).
    func finish(_ results: [RunResult], title: String) throws {
        let full = command.energyView == "full"
        if let csv = command.csv { try CSVReport.write(results, to: csv, analytic: command.analytic, fullEnergy: full) }
        Stdout.write(TextReport.render(results, title: title))
        if command.analytic { Stdout.write(AnalyticReport.render(results)) }
        if full { Stdout.write(EnergyLedger.render(results)) }
        if let csv = command.csv { Stdout.write("\nCSV written to \(csv)\n") }
    }
}
