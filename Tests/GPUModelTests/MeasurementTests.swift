import Foundation
import GPUModel
import MemorySystem
import SimKernel
import Testing
import Workloads

/// Release measurements (opt-in: `GPU_MEASURE=alexnet:128:sampled,… swift test -c release
/// --filter MeasurementTests`): wall time, requests/s, per-op table on stdout.
@Suite struct MeasurementTests {
    static var jobs: [String] {
        (ProcessInfo.processInfo.environment["GPU_MEASURE"] ?? "").split(separator: ",").map(String.init)
    }

    @Test(.enabled(if: !jobs.isEmpty)) func measure() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let library = WorkloadLibrary(directory: root.appendingPathComponent("workloads").path)
        let verbose = ProcessInfo.processInfo.environment["GPU_MEASURE_OPS"] != nil
        for job in Self.jobs {
            let parts = job.split(separator: ":").map(String.init)
            let net = try library.load(parts[0])
            let batch = Int(parts[1]) ?? 1
            let plan = try TrainingPlan(network: net, batch: batch)
            let harness = Harness(detail: parts.count > 2 && parts[2] == "full" ? .full : .sampled)
            let (r, _) = harness.run(plan)
            if verbose {
                for op in r.ops {
                    print(String(format: "%-36@ %9.1f us compute %9.1f stall %4.2f ctas %6d sim %5.3f %@ lines %9lld bursts %9lld E %.3g uJ",
                                 op.name as NSString, op.duration.nanoseconds / 1000, op.computeTime.nanoseconds / 1000,
                                 op.stallShare, op.ctas, op.simulatedFraction, op.converged ? "c" : "-" as NSString,
                                 op.simulatedLineRequests, op.simulatedBursts, Double(op.counters.memoryEnergyFJ) / 1e9))
                }
            }
            let t = r.totals
            print(String(format: "%@ b%d %@: iteration %.3f ms, memory energy %.4f mJ, reads %lld writes %lld; wall %.1f s, %lld lines (%.2f M/s), %lld bursts (%.2f M/s), %llu events",
                         parts[0] as NSString, batch, (parts.count > 2 ? parts[2] : "sampled") as NSString,
                         r.iterationTime.nanoseconds / 1e6, Double(t.memoryEnergyFJ) / 1e12, t.memory[.reads], t.memory[.writes],
                         r.wallSeconds, r.simulatedLineRequests, r.lineRequestsPerSecond / 1e6, r.simulatedBursts,
                         r.burstsPerSecond / 1e6, r.eventsDispatched))
        }
    }
}
