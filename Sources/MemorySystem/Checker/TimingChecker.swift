/// An independent replay of an issued command sequence against the device's spec table.
///
/// It shares nothing with the controller's ready-cycle bookkeeping: it walks the log in
/// time order and, for every command, looks back at every earlier command within the
/// longest constraint and tests each table row pairwise. It also checks the bank state
/// machine (ACT only on a closed bank, column commands only to the open row, REF only
/// with every bank closed), one command per command-bus cycle, the four-activation
/// window, data-bus overlap, that each dynamic term matches the device formula, and that
/// refresh is never postponed by more than 8 × tREFI.
public struct TimingChecker {
    public struct Violation: Sendable, CustomStringConvertible {
        public var index: Int
        public var message: String
        public var description: String { "command #\(index): \(message)" }
    }

    let spec: DeviceSpec
    let table: ConstraintTable
    let model: DeviceModel

    public init(spec: DeviceSpec, blockBits: Int = 128) {
        self.spec = spec
        self.table = ConstraintTable(spec: spec)
        self.model = DeviceModel(spec: spec, blockBits: blockBits)
    }

    /// All violations in `log` (empty when the sequence obeys the spec).
    public func check(_ log: [CommandRecord], banks: Int) -> [Violation] {
        let cmds = log.enumerated().sorted { ($0.element.cycle, $0.offset) < ($1.element.cycle, $1.offset) }.map(\.element)
        var v: [Violation] = []
        let maxDynamic = cmds.map(\.dynamic).max() ?? 0
        let window = (table.rows.map(\.cycles).max() ?? 0) + maxDynamic + table.tFAW
        var open = [Int64?](repeating: nil, count: banks)
        var mode = [AccessMode](repeating: .normal, count: banks)
        var lastBusCycle = Int64.min
        var acts: [Int64] = []
        var busEnd = Int64.min
        var lastRefresh: Int64 = 0
        for (i, c) in cmds.enumerated() {
            if !c.auto {
                if c.cycle == lastBusCycle { v.append(Violation(index: i, message: "two commands in cycle \(c.cycle)")) }
                lastBusCycle = c.cycle
            }
            checkState(c, i, &open, &mode, &v)
            // Pairwise constraints against every earlier command in the window.
            var j = i - 1
            while j >= 0, c.cycle - cmds[j].cycle <= window {
                let p = cmds[j]
                for r in table.rows where r.preceding == p.command && r.following == c.command && inScope(r.scope, p, c) {
                    let need = p.cycle + r.cycles + (r.dynamic == .none ? 0 : p.dynamic)
                    if c.cycle < need {
                        v.append(Violation(index: i, message: "\(c.command) at \(c.cycle) violates \(r) after \(p.command) at \(p.cycle): earliest \(need)"))
                    }
                }
                j -= 1
            }
            if c.command == .act {
                if table.tFAW > 0, acts.count >= 4, c.cycle - acts[acts.count - 4] < table.tFAW {
                    v.append(Violation(index: i, message: "fifth ACT within tFAW at \(c.cycle)"))
                }
                acts.append(c.cycle)
            }
            if c.command == .rd || c.command == .wr {
                let start = c.cycle + (c.command == .rd ? table.CL : table.CWL)
                if start < busEnd { v.append(Violation(index: i, message: "data-bus overlap at \(start) (busy until \(busEnd))")) }
                busEnd = max(busEnd, start + table.tBL)
            }
            if c.command == .ref {
                if table.tREFI > 0, c.cycle - lastRefresh > 9 * table.tREFI, !c.auto {
                    v.append(Violation(index: i, message: "refresh postponed beyond 8 × tREFI"))
                }
                lastRefresh = c.cycle
            }
        }
        return v
    }

    func inScope(_ s: ConstraintScope, _ p: CommandRecord, _ c: CommandRecord) -> Bool {
        switch s {
        case .bank: return p.bank == c.bank
        case .bankGroup: return p.bankGroup == c.bankGroup
        case .channel: return true
        }
    }

    /// Bank state machine and the dynamic terms.
    func checkState(_ c: CommandRecord, _ i: Int, _ open: inout [Int64?], _ mode: inout [AccessMode], _ v: inout [Violation]) {
        switch c.command {
        case .act:
            if open[c.bank] != nil { v.append(Violation(index: i, message: "ACT to open bank \(c.bank)")) }
            let switching = model.hasAccessModes && ((c.mode == .softOnly) != (mode[c.bank] == .softOnly))
            let expect = model.senseCycles(mode: c.mode, switching: switching)
            if c.dynamic != expect { v.append(Violation(index: i, message: "ACT sensing \(c.dynamic) cycles, expected \(expect)")) }
            open[c.bank] = c.row
            mode[c.bank] = c.mode
        case .pre:
            if open[c.bank] == nil { v.append(Violation(index: i, message: "PRE to closed bank \(c.bank)")) }
            open[c.bank] = nil
        case .rd, .wr:
            if open[c.bank] != c.row { v.append(Violation(index: i, message: "\(c.command) to row \(c.row) of bank \(c.bank) whose open row is \(open[c.bank].map(String.init) ?? "none")")) }
            if c.command == .wr {
                let expect = model.behavior.expectedCellWriteCycles(mode: c.mode, steps: c.writeSteps)
                if c.dynamic != expect { v.append(Violation(index: i, message: "WR cell time \(c.dynamic), expected \(expect)")) }
            }
        case .ref:
            if !c.auto, open.contains(where: { $0 != nil }) { v.append(Violation(index: i, message: "REF with a bank open")) }
            for b in open.indices { open[b] = nil }
        }
    }
}
