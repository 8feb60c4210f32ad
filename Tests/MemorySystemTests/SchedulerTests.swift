import Testing
import SimKernel
@testable import MemorySystem

@Suite struct SchedulerTests {
    /// Three requests to one bank: A (row r1), B (row r2), C (row r1), in that order.
    /// FR-FCFS serves the row hit C before the older B; FCFS serves them in arrival order.
    @Test(arguments: [(SchedulerKind.frfcfs, [0, 2, 1]), (.fcfs, [0, 1, 2])])
    func orderOfServiceFollowsThePolicy(kind: SchedulerKind, expected: [UInt64]) {
        for device in [DevicePresets.gddr5x, DevicePresets.mlcSTTRAM, DevicePresets.slcSTTRAM] {
            var config = MemoryConfig(channels: 1, device: device)
            config.controller.scheduler = kind
            let mapper = AddressMapper(config: config.mapping, channels: 1, organization: device.organization)
            // Two addresses of bank 0 in one row and one in another row.
            var byRow: [Int64: [UInt64]] = [:]
            var a: UInt64 = 0
            while byRow.count < 2 || byRow.values.allSatisfy({ $0.count < 2 }) {
                let d = mapper.decode(a)
                if d.bank == 0 && (byRow[d.row] != nil || byRow.count < 2) { byRow[d.row, default: []].append(a) }
                a += 64
            }
            let r1 = byRow.first { $0.value.count >= 2 }!.key
            let r2 = byRow.keys.first { $0 != r1 }!
            let addrs = [byRow[r1]![0], byRow[r2]![0], byRow[r1]![1]]
            let items = addrs.enumerated().map { i, addr in
                TimedRequest(time: Picoseconds(Int64(i)), request: MemoryRequest(id: UInt64(i), address: addr, kind: .read))
            }
            var order: [UInt64] = []
            let (driver, _, _) = run(config, ListSource(items)) { order.append($0.request.id) }
            #expect(driver.finished)
            #expect(order == expected, "\(kind) on \(device.name): served \(order)")
        }
    }

    /// Every scheduler obeys the device's constraints (the independent checker replays its
    /// commands) and completes every request exactly once, on both devices and page policies.
    @Test(arguments: SchedulerKind.allCases, [PagePolicy.open, .closed])
    func everySchedulerObeysTheSpec(kind: SchedulerKind, page: PagePolicy) {
        for var config in [MemoryConfig.dram(channels: 2), mlcConfig(channels: 2), MemoryConfig(channels: 2, device: DevicePresets.slcSTTRAM)] {
            config.controller.scheduler = kind
            config.controller.pagePolicy = page
            let n: UInt64 = 2000
            var seen = [Int](repeating: 0, count: Int(n))
            let src = SyntheticSource(pattern: .random, count: n, readFraction: 0.7, interval: Picoseconds(300),
                                      footprint: 1 << 22, seed: 9)
            let (driver, mem, _) = run(config, src, record: true) { seen[Int($0.request.id)] += 1 }
            #expect(driver.finished)
            #expect(seen.allSatisfy { $0 == 1 })
            let checker = TimingChecker(spec: config.device, blockBits: config.controller.bitLevelBlockBits)
            for c in mem.controllers {
                let v = checker.check(c.commandLog!, banks: config.device.organization.banks)
                #expect(v.isEmpty, "\(kind) \(page) \(config.device.name): \(v.prefix(3))")
            }
        }
    }

    /// On random traffic FR-FCFS finds more row hits than FCFS (the reason it exists).
    @Test func frfcfsFindsMoreRowHitsThanFCFS() {
        func hits(_ kind: SchedulerKind) -> UInt64 {
            var config = MemoryConfig.dram(channels: 1)
            config.controller.scheduler = kind
            let src = SyntheticSource(pattern: .random, count: 3000, readFraction: 1, interval: Picoseconds(100),
                                      footprint: 1 << 16, seed: 4)
            let (_, mem, _) = run(config, src)
            return mem.totals.rowHits
        }
        #expect(hits(.frfcfs) > hits(.fcfs))
    }
}
