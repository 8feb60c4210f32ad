import Testing
import SimKernel
@testable import MemorySystem

/// The `hmc-vault` device: one HMC vault (CasHMC timing, 32 B transactions, 8 banks) through
/// the ordinary controller.
@Suite struct HMCVaultTests {
    func vault(_ requests: Int, write: (Int) -> Bool) -> (RequestDriver<ListSource>, MemorySystem, Simulator) {
        let items = (0..<requests).map { i in
            TimedRequest(time: .zero, request: MemoryRequest(id: UInt64(i), address: UInt64(i * 32), kind: write(i) ? .write : .read))
        }
        return run(MemoryConfig(channels: 1, device: DevicePresets.hmcVault), ListSource(items), record: true)
    }

    @Test func specValidatesAndPeaksAtTenGBps() {
        let cfg = MemoryConfig(channels: 1, device: DevicePresets.hmcVault)
        #expect(cfg.validate(path: "memory").isEmpty)
        #expect(DevicePresets.hmcVault.organization.burstBytes == 32)
        #expect(abs(cfg.peakBandwidthBytesPerSecond - 10e9) < 1e6)   // 32 B per tCCD = 3.2 ns
    }

    /// A streaming read trace through one vault saturates at 10 GB/s ± 2 % (refresh and the
    /// row switches every 1 KiB are all it loses), and every command passes the checker.
    @Test func streamingSaturatesOneVault() {
        let n = 40_000
        let (driver, mem, _) = vault(n) { _ in false }
        #expect(driver.completed == UInt64(n))
        let gbps = Double(n * 32) / driver.lastDone.nanoseconds
        #expect(abs(gbps - 10) / 10 < 0.02, "streaming reads reached \(gbps) GB/s")
        let checker = TimingChecker(spec: DevicePresets.hmcVault)
        let violations = checker.check(mem.controllers[0].commandLog!, banks: 8)
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        #expect(mem.totals.refreshes > 0)
    }

    /// Mixed reads and writes: slower (turnarounds) but still legal command by command.
    @Test func mixedTrafficPassesTheChecker() {
        let (driver, mem, _) = vault(6_000) { $0 % 3 == 0 }
        #expect(driver.completed == 6_000)
        let violations = TimingChecker(spec: DevicePresets.hmcVault).check(mem.controllers[0].commandLog!, banks: 8)
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        #expect(Double(6_000 * 32) / driver.lastDone.nanoseconds <= 10.0 + 1e-9)
    }

    /// Energy per transaction uses the 32 B atom: 256 bits × 0.645 pJ per read.
    @Test func readEnergyIsPerThirtyTwoBytes() {
        let (_, mem, _) = vault(1_000) { _ in false }
        let expected: Int64 = 1_000 * 256 * 645
        #expect(mem.totals.energyReadFJ == expected)
    }
}
