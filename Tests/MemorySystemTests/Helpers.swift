import SimKernel
@testable import MemorySystem

/// Runs `source` through a memory system built from `config`; optionally records commands.
func run<S: RequestSource>(_ config: MemoryConfig, _ source: S, record: Bool = false,
                           observe: ((Completion) -> Void)? = nil) -> (RequestDriver<S>, MemorySystem, Simulator) {
    let sim = Simulator()
    let mem = MemorySystem(config: config, sim: sim)
    if record { for c in mem.controllers { c.commandLog = [] } }
    let driver = RequestDriver(memory: mem, source: source, sim: sim)
    driver.observer = observe
    sim.run()
    return (driver, mem, sim)
}

/// A fixed list of requests as a source.
struct ListSource: RequestSource {
    var items: [TimedRequest]
    var i = 0
    init(_ items: [TimedRequest]) { self.items = items }
    mutating func next() -> TimedRequest? {
        guard i < items.count else { return nil }
        defer { i += 1 }
        return items[i]
    }
}

func mlcConfig(channels: Int = 8) -> MemoryConfig {
    MemoryConfig(channels: channels, device: DevicePresets.mlcSTTRAM)
}

extension MemoryConfig {
    static func dram(channels: Int = 8) -> MemoryConfig { MemoryConfig(channels: channels) }
}
