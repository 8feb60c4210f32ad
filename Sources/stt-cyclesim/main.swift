import STTCycleSim
import MemorySystem
for p in [SyntheticSource.Pattern.random, .streaming] {
    let r = Bench.run(pattern: p, count: 1_000_000, memory: MemoryConfig(), name: p.rawValue)
    print(r.name, r.requestsPerSecond, r.eventsPerSecond, r.bandwidthGBps, r.wallSeconds, Double(r.decisions)/Double(r.requests), Double(r.commands)/Double(r.requests))
}
