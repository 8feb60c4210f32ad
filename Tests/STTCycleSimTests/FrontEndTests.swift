import Foundation
import Testing
import MemorySystem
@testable import STTCycleSim

/// `--front-end per-channel`: one simulator per share of the channels, on `--jobs`
/// threads, with the same output for any `--jobs`.
@Suite(.serialized) struct FrontEndTests {
    /// A Ramulator-format trace (no times: offered back to back) that fills small queues.
    static func floodTrace(_ n: Int) -> String {
        var s: UInt64 = 11
        var lines: [String] = []
        for i in 0..<n {
            s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            lines.append("0x" + String((s >> 20) & 0x3FFF_FFC0, radix: 16) + (i % 3 == 0 ? " W" : " R"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let smallQueues = ["--set", "memory.controller.readQueue=8", "--set", "memory.controller.writeQueue=8",
                              "--set", "memory.controller.writeDrainHigh=6", "--set", "memory.controller.writeDrainLow=2"]

    @Test func perChannelCSVIsTheSameForAnyJobs() throws {
        let dir = BinaryRunner.tempDir()
        let trace = BinaryRunner.write(Self.floodTrace(3_000), to: "f.trc", in: dir)
        var csvs: [String] = []
        for jobs in [1, 2, 3] {
            let csv = dir.appendingPathComponent("j\(jobs).csv").path
            let r = try BinaryRunner.run(["--trace", trace, "--trace-format", "ramulator", "--memory", "dram,mlc", "--front-end", "per-channel",
                                          "--jobs", "\(jobs)", "--check", "--csv", csv] + Self.smallQueues)
            #expect(r.status == 0, "\(r.stderr)")
            csvs.append(try String(contentsOfFile: csv, encoding: .utf8))
        }
        #expect(csvs[0] == csvs[1] && csvs[0] == csvs[2])
        // The queues fill, so the in-order front end (the whole stream waits) gives other numbers.
        let inOrder = dir.appendingPathComponent("in.csv").path
        let r = try BinaryRunner.run(["--trace", trace, "--trace-format", "ramulator", "--memory", "dram,mlc", "--csv", inOrder] + Self.smallQueues)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: inOrder, encoding: .utf8) != csvs[0])
    }

    /// Where no queue fills, the two front ends are the same model.
    @Test func frontEndsAgreeWhileNoQueueFills() throws {
        let trace = BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures/golden_dramsim3.trc").path
        let dir = BinaryRunner.tempDir()
        var csvs: [String] = []
        for fe in ["in-order", "per-channel"] {
            let csv = dir.appendingPathComponent("\(fe).csv").path
            let r = try BinaryRunner.run(["--trace", trace, "--memory", "dram,mlc", "--front-end", fe, "--jobs", "2", "--csv", csv])
            #expect(r.status == 0, "\(r.stderr)")
            csvs.append(try String(contentsOfFile: csv, encoding: .utf8))
        }
        #expect(csvs[0] == csvs[1])
    }

    /// A malformed line stops a per-channel run as it stops an in-order one: exit 2, the
    /// file and line named, no CSV written (every simulator reads the whole trace).
    @Test func malformedTraceIsReportedOnce() throws {
        let dir = BinaryRunner.tempDir()
        let trace = BinaryRunner.write(Self.floodTrace(500) + "0x40 X\n" + Self.floodTrace(10), to: "bad.trc", in: dir)
        let csv = dir.appendingPathComponent("bad.csv").path
        let r = try BinaryRunner.run(["--trace", trace, "--trace-format", "ramulator", "--front-end", "per-channel", "--jobs", "2", "--csv", csv])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.trc:501"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: csv))
    }

    /// Each simulator opens the trace: a pipe would be split between them, so anything but a
    /// regular file is refused (a device here, as the test's own standard input may be a file).
    @Test func aPipeIsRefusedOnSeveralThreads() throws {
        let r = try BinaryRunner.run(["--trace", "/dev/null", "--trace-format", "ramulator", "--front-end", "per-channel", "--jobs", "2"])
        #expect(r.status == 2 && r.stderr.contains("needs a regular file"), "\(r.stderr)")
    }

    @Test func badCombinationsAreRefused() throws {
        let trace = BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures/golden_dramsim3.trc").path
        let mech = try BinaryRunner.run(["--trace", trace, "--memory", "bitlevel", "--front-end", "per-channel"])
        #expect(mech.status == 2 && mech.stderr.contains("needs a configuration without mechanisms") && mech.stderr.contains("hint:"))
        let workload = try BinaryRunner.run(["--workload", "alexnet", "--front-end", "per-channel"])
        #expect(workload.status == 2 && workload.stderr.contains("--front-end applies to --trace and --bench"))
        let unknown = try BinaryRunner.run(["--trace", trace, "--front-end", "sideways"])
        #expect(unknown.status == 2 && unknown.stderr.contains("in-order"))
    }

    /// The benchmark's per-channel run: every channel's counters are the same for any number
    /// of simulators, and they add up to the requests.
    @Test func benchPerChannelIsTheSameForAnyJobs() throws {
        var memory = MemoryConfig(channels: 5)
        memory.controller.readQueue = 16
        memory.controller.writeQueue = 16
        func perChannel(_ jobs: Int) throws -> [ControllerStats] {
            let r = try Bench.runPerChannel(pattern: .random, count: 5_000, memory: memory, name: "t", jobs: jobs)
            #expect(r.result.requests == 5_000)
            var stats = [ControllerStats?](repeating: nil, count: memory.channels)
            for p in r.partitions { for (c, s) in zip(p.channels, p.stats) { stats[c] = s } }
            return stats.map { $0! }
        }
        let one = try perChannel(1)
        #expect(one.reduce(0) { $0 + $1.reads + $1.writes } == 5_000)
        #expect(try perChannel(2) == one)
        #expect(try perChannel(5) == one)
    }
}
