/// DRAM-style commands on a channel's command bus.
public enum Command: UInt8, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case act, pre, rd, wr, ref
    public static let count = 5
    public var description: String { ["ACT", "PRE", "RD", "WR", "REF"][Int(rawValue)] }
}

/// Which later commands a constraint binds, relative to the command that set it.
public enum ConstraintScope: UInt8, Sendable, CaseIterable {
    /// The same bank.
    case bank
    /// Any bank of the same bank group.
    case bankGroup
    /// Any bank of the channel.
    case channel
}

/// A latency term known only when the preceding command issues.
public enum DynamicTerm: UInt8, Sendable {
    case none
    /// The sensing time of this activation (MLC: one or two steps, plus a mode switch).
    case sense
    /// The cell-write time of this write burst (MLC: hard step, plus soft step if any cell needs it).
    case cellWrite
}

/// One timing constraint: after `preceding` issues at cycle t, `following` may issue in
/// `scope` no earlier than t + `cycles` + the preceding command's dynamic term.
public struct ConstraintRow: Sendable, Hashable, CustomStringConvertible {
    public var preceding: Command
    public var following: Command
    public var scope: ConstraintScope
    public var cycles: Int64
    public var dynamic: DynamicTerm
    /// The JEDEC name(s) the row comes from, for messages.
    public var name: String

    public var description: String {
        "\(preceding)→\(following) [\(scope)] \(cycles)ck\(dynamic == .none ? "" : " + \(dynamic)") (\(name))"
    }
}

/// The constraint table of a device, with every parameter converted to command-clock
/// cycles by `TimingValue.cycles` (the one rounding function). The controller enforces
/// it with ready-cycle tables; the independent checker replays it pairwise.
public struct ConstraintTable: Sendable {
    public let rows: [ConstraintRow]
    /// Four-activation window in cycles (0: none).
    public let tFAW: Int64
    public let CL: Int64
    public let CWL: Int64
    public let tBL: Int64
    public let tRFC: Int64
    public let tREFI: Int64
    /// MLC: cycles of `mlc.readStep`, the hard and soft write steps, a mode switch.
    public let senseStep: Int64
    /// MLC: sensing cycles of a full-MLC (two-bit) and of a soft-only activation, from
    /// `readStep` under `mlc.readLatencyReading`.
    public let senseTwoBit: Int64
    public let senseSoftOnly: Int64
    public let hardStep: Int64
    public let softStep: Int64
    public let modeSwitch: Int64
    public let tRCDRD: Int64
    public let tRP: Int64

    public init(spec: DeviceSpec) {
        let p = spec.tCKps
        let t = spec.timing
        func c(_ v: TimingValue) -> Int64 { v.cycles(tCKps: p) }
        CL = c(t.CL); CWL = c(t.CWL); tBL = c(t.tBL)
        tFAW = c(t.tFAW); tRFC = c(t.tRFC); tREFI = c(t.tREFI); tRCDRD = c(t.tRCDRD); tRP = c(t.tRP)
        senseStep = spec.mlc.map { c($0.readStep) } ?? 0
        switch spec.mlc?.readLatencyReading {
        case .wholeRead?:
            let half: TimingValue
            switch spec.mlc!.readStep {
            case .ns(let v): half = .ns(v / 2)
            case .ck(let n): half = .ck((n + 1) / 2)
            }
            senseTwoBit = senseStep
            senseSoftOnly = c(half)
        case .sensingStep?, nil:
            senseTwoBit = 2 * senseStep
            senseSoftOnly = senseStep
        }
        hardStep = spec.mlc.map { c($0.hardStep) } ?? 0
        softStep = spec.mlc.map { c($0.softStep) } ?? 0
        modeSwitch = spec.mlc.map { c($0.modeSwitch) } ?? 0
        let wrData = CWL + tBL
        var r: [ConstraintRow] = []
        func add(_ a: Command, _ b: Command, _ s: ConstraintScope, _ cy: Int64, _ d: DynamicTerm = .none, _ n: String) {
            r.append(ConstraintRow(preceding: a, following: b, scope: s, cycles: max(0, cy), dynamic: d, name: n))
        }
        // Activation
        add(.act, .act, .bank, c(t.tRC), .none, "tRC")
        add(.act, .act, .bankGroup, c(t.tRRD_L), .none, "tRRD_L")
        add(.act, .act, .channel, c(t.tRRD_S), .none, "tRRD_S")
        add(.act, .rd, .bank, c(t.tRCDRD), .none, "tRCDRD")
        add(.act, .wr, .bank, c(t.tRCDWR), .none, "tRCDWR")
        add(.act, .pre, .bank, c(t.tRAS), .none, "tRAS")
        // Precharge
        add(.pre, .act, .bank, c(t.tRP), .none, "tRP")
        add(.pre, .ref, .channel, c(t.tRP), .none, "tRP (before REF)")
        // Reads
        add(.rd, .rd, .bankGroup, c(t.tCCD_L), .none, "tCCD_L")
        add(.rd, .rd, .channel, c(t.tCCD_S), .none, "tCCD_S")
        add(.rd, .wr, .channel, CL + tBL + c(t.tRTRS) - CWL, .none, "CL+tBL+tRTRS-CWL")
        add(.rd, .pre, .bank, c(t.tRTP), .none, "tRTP")
        // Writes
        add(.wr, .wr, .bankGroup, c(t.tCCD_L), .none, "tCCD_L")
        add(.wr, .wr, .channel, c(t.tCCD_S), .none, "tCCD_S")
        add(.wr, .rd, .bankGroup, wrData + c(t.tWTR_L), .none, "CWL+tBL+tWTR_L")
        add(.wr, .rd, .channel, wrData + c(t.tWTR_S), .none, "CWL+tBL+tWTR_S")
        add(.wr, .pre, .bank, wrData + c(t.tWR), .none, "CWL+tBL+tWR")
        // Refresh
        add(.ref, .act, .channel, tRFC, .none, "tRFC")
        add(.ref, .ref, .channel, tRFC, .none, "tRFC")
        r += spec.technology.behavior.extraRows(spec: spec, writeData: wrData)
        rows = r
    }

    /// The rows of a device whose array timing replaces tRCD/tRAS/tWR (STT-RAM): sensing
    /// per activation and cell writes per burst, both dynamic terms of the issuing
    /// command. A bank writing its cells takes no other command.
    public static func cellArrayRows(writeData: Int64, technology name: String) -> [ConstraintRow] {
        func row(_ a: Command, _ b: Command, _ cy: Int64, _ d: DynamicTerm, _ n: String) -> ConstraintRow {
            ConstraintRow(preceding: a, following: b, scope: .bank, cycles: cy, dynamic: d, name: n)
        }
        let sensing = "\(name) sensing", steps = "CWL+tBL+\(name) write steps"
        return [row(.act, .rd, 0, .sense, sensing), row(.act, .wr, 0, .sense, sensing), row(.act, .pre, 0, .sense, sensing),
                row(.wr, .pre, writeData, .cellWrite, steps), row(.wr, .rd, writeData, .cellWrite, steps),
                row(.wr, .wr, writeData, .cellWrite, steps)]
    }

    /// Rows whose preceding command is `cmd`.
    public func rows(after cmd: Command) -> [ConstraintRow] { rows.filter { $0.preceding == cmd } }
}
