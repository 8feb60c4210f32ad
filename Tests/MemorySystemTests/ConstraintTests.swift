import Testing
import SimKernel
@testable import MemorySystem

/// Every row of the GDDR5X and MLC constraint tables is enforced by the controller's
/// ready tables: the following command is refused one cycle early and accepted on time.
@Suite struct ConstraintEnforcementTests {
    static let dramRows = ConstraintTable(spec: DevicePresets.gddr5x).rows
    static let mlcRows = ConstraintTable(spec: DevicePresets.mlcSTTRAM).rows

    /// The bank that exercises `scope` relative to bank 0 (same bank; another bank of the
    /// same group; a bank of another group).
    static func targetBank(_ scope: ConstraintScope, _ o: DeviceOrganization) -> Int {
        switch scope {
        case .bank: return 0
        case .bankGroup: return 1
        case .channel: return o.banksPerGroup
        }
    }

    func check(_ row: ConstraintRow, spec: DeviceSpec) {
        let c = MemoryController(channel: 0, config: ControllerConfig(), spec: spec)
        let t0: Int64 = 1000
        let dyn: Int64 = row.dynamic == .none ? 0 : 11
        c.apply(row.preceding, bank: 0, cycle: t0, dynamic: dyn, usesBus: true)
        let target = Self.targetBank(row.scope, spec.organization)
        let need = t0 + row.cycles + dyn
        // Everything the table demands of (preceding → following) for this target bank.
        let all = c.table.rows.filter { r in
            r.preceding == row.preceding && r.following == row.following &&
                (r.scope == .channel || (r.scope == .bankGroup && target / spec.organization.banksPerGroup == 0) ||
                 (r.scope == .bank && target == 0))
        }
        let expected = max(t0 + 1, all.map { t0 + $0.cycles + ($0.dynamic == .none ? 0 : dyn) }.max()!)
        let ready = c.ready(row.following, bank: target, usesBus: true)
        // Refused one cycle early (ready ≥ need), accepted on time (ready == the strictest row).
        #expect(ready >= need, "\(row): accepted at \(ready), before \(need)")
        #expect(ready == expected, "\(row): ready at \(ready), expected \(expected)")
    }

    @Test(arguments: dramRows) func gddr5xRow(_ row: ConstraintRow) { check(row, spec: DevicePresets.gddr5x) }
    @Test(arguments: mlcRows) func mlcRow(_ row: ConstraintRow) { check(row, spec: DevicePresets.mlcSTTRAM) }

    /// The checker flags each GDDR5X row violated by one cycle and accepts it on time.
    @Test(arguments: dramRows.filter { $0.cycles > 1 })
    func checkerCatchesOneCycleEarly(_ row: ConstraintRow) {
        let spec = DevicePresets.gddr5x
        let checker = TimingChecker(spec: spec)
        let target = Self.targetBank(row.scope, spec.organization)
        let tg = target / spec.organization.banksPerGroup
        func rec(_ cmd: Command, _ cycle: Int64, bank: Int, group: Int) -> CommandRecord {
            CommandRecord(cycle: cycle, command: cmd, bank: bank, bankGroup: group, row: 7, dynamic: 0, mode: .normal, writeSteps: 1, auto: false)
        }
        // A legal prologue that puts both banks in the state the pair needs.
        var prologue: [CommandRecord] = []
        let needsOpen0 = [.pre, .rd, .wr].contains(row.preceding)
        let needsOpenT = [.pre, .rd, .wr].contains(row.following)
        var t: Int64 = 0
        if needsOpen0 { prologue.append(rec(.act, t, bank: 0, group: 0)); t += 200 }
        if needsOpenT && target != 0 { prologue.append(rec(.act, t, bank: target, group: tg)); t += 200 }
        if row.preceding == .act && needsOpen0 && target == 0 { /* ACT to an open bank is illegal: precharge first */
            prologue.append(rec(.pre, t, bank: 0, group: 0)); t += 200
        }
        if row.following == .act && target != 0 && needsOpenT == false {}
        if row.preceding == .ref || row.following == .ref {
            prologue = prologue.filter { $0.command != .act }
        }
        let t0 = t + 400
        let first = rec(row.preceding, t0, bank: 0, group: 0)
        var early = prologue + [first]
        var onTime = early
        // For ACT→PRE/RD/WR on the same bank the bank is opened by `first` itself.
        early.append(rec(row.following, t0 + row.cycles - 1, bank: target, group: tg))
        onTime.append(rec(row.following, t0 + row.cycles, bank: target, group: tg))
        let ve = checker.check(early, banks: spec.organization.banks).filter { $0.message.contains(row.name) }
        let vo = checker.check(onTime, banks: spec.organization.banks).filter { $0.message.contains(row.name) }
        #expect(!ve.isEmpty, "\(row): one cycle early not flagged")
        #expect(vo.isEmpty, "\(row): on time flagged: \(vo)")
    }
}
