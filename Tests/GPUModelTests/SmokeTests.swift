import Foundation
import GPUModel
import MemorySystem
import SimKernel
import Testing
import Workloads

@Suite struct SmokeTests {
    @Test func smallNetRuns() throws {
        let plan = try Nets.plan(Nets.small, batch: 4)
        let (r, _) = Harness().run(plan)
        for op in r.ops {
            print(op.name, op.kernel, "dur", op.duration.nanoseconds, "ns compute", op.computeTime.nanoseconds,
                  "stall", String(format: "%.2f", op.stallShare), "lines", op.simulatedLineRequests, "bursts", op.simulatedBursts)
        }
        print("total", r.iterationTime.nanoseconds, "ns wall", r.wallSeconds, "lines", r.simulatedLineRequests)
        #expect(r.iterationTime > .zero)
    }
}
