@testable import GPUModel
import Testing

/// `L2Config.writebackBufferBursts`: a bounded write-back buffer per L2 slice.
@Suite struct L2WritebackBufferTests {
    /// The input transfer stores faster than memory absorbs. Without a limit its evicted
    /// dirty bursts pile up in the L2 and drain during the next kernel; with one, the slices
    /// stall and the SMs with them, so the transfer lasts longer and leaves at most the
    /// buffer behind. Every request is still answered once (same line requests), and a
    /// limit above every backlog changes nothing.
    @Test func aFullWritebackBufferStallsTheStoresInsteadOfPilingUp() throws {
        let plan = try Nets.plan(Nets.transfer, batch: 32)
        func run(limit: Int) -> (GPURunResult, backlog: Int, stalls: Int64, channels: Int) {
            var h = Harness(detail: .full)
            h.gpu.l2.totalBytes = 512 << 10   // the 4 MB transfer turns it over
            h.gpu.l2.writebackBufferBursts = limit
            let (r, backlog, g) = h.runRecordingBacklog(plan)
            return (r, backlog, g.l2.counters.writebackStalls, h.memory.channels)
        }
        let free = run(limit: 0), bounded = run(limit: 64), huge = run(limit: 1 << 30)
        print("backlog when conv starts: no limit \(free.backlog), limit 64 \(bounded.backlog); transfer \(free.0.ops[0].duration) against \(bounded.0.ops[0].duration); deferred lookups \(bounded.stalls)")
        #expect(free.backlog > 64 * free.channels, "without a limit the backlog exceeds every slice's 64 (measured 38,608)")
        #expect(free.stalls == 0)
        #expect(bounded.backlog <= 65 * bounded.channels, "an eviction adds at most two bursts to a slice at 63")
        #expect(bounded.stalls > 0)
        #expect(bounded.0.ops[0].duration > free.0.ops[0].duration, "the stalled transfer takes longer")
        for (b, f) in zip(bounded.0.ops, free.0.ops) {
            #expect(b.simulatedLineRequests == f.simulatedLineRequests, "\(b.name): every request answered once")
        }
        #expect(huge.0.ops == free.0.ops && huge.stalls == 0, "a limit above every backlog changes nothing")
    }
}
