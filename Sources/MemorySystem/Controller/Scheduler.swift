import SimKernel

/// The controller's scheduling policy (`memory.controller.scheduler`). Adding a policy is
/// one file with a `Scheduler` and its case here (in the enum and in the three dispatch switches).
public enum SchedulerKind: String, Sendable, Codable, CaseIterable {
    /// First-ready, first-come first-served (Rixner et al., ISCA 2000): a ready column
    /// command to an open row first, oldest first; otherwise the oldest ready ACT or PRE.
    case frfcfs
    /// First-come first-served: only the oldest request of the served direction may
    /// issue its next command; nothing overtakes it.
    case fcfs

    /// Decodes from its name; an unknown name lists the choices.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let v = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription:
                "'\(text)' is not a scheduler; choose one of " + Self.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
        }
        self = v
    }

    /// This kind's `Scheduler.decide`, dispatched by a switch rather than through an
    /// `any Scheduler` existential, so that it inlines (2.2 % fewer instructions on a
    /// full-detail fused-Winograd kernel under callgrind).
    @inline(__always)
    func decide(_ mc: MemoryController, cycle c: Int64, dir: Int) -> (decision: SchedulerDecision, othersReady: UInt8, earliest: Int64) {
        switch self {
        case .frfcfs: FRFCFSScheduler().decide(mc, cycle: c, dir: dir)
        case .fcfs: FCFSScheduler().decide(mc, cycle: c, dir: dir)
        }
    }

    /// This kind's `Scheduler.followUp`.
    @inline(__always)
    func followUp(_ mc: MemoryController, bank b: Int, dir: Int) -> Command? {
        switch self {
        case .frfcfs: FRFCFSScheduler().followUp(mc, bank: b, dir: dir)
        case .fcfs: FCFSScheduler().followUp(mc, bank: b, dir: dir)
        }
    }

    /// This kind's `Scheduler.othersBound`.
    @inline(__always)
    func othersBound(_ mc: MemoryController, except b: Int, dir: Int) -> Int64? {
        switch self {
        case .frfcfs: FRFCFSScheduler().othersBound(mc, except: b, dir: dir)
        case .fcfs: FCFSScheduler().othersBound(mc, except: b, dir: dir)
        }
    }
}

/// One scheduling decision for a command-clock cycle.
enum SchedulerDecision: Equatable {
    /// Issue the RD or WR of the request in `slot` (its list predecessor `prev`) to `bank`.
    case column(slot: Int32, prev: Int32?, bank: Int)
    /// Activate `bank` for the row of its oldest request of the served direction.
    case activate(bank: Int)
    /// Close `bank`'s open row (a conflict).
    case precharge(bank: Int)
    /// Nothing may issue now; `earliest` is the first cycle a candidate could (`Int64.max`: none).
    case wait(earliest: Int64)
}

/// A scheduling policy. The controller decides the direction (reads or writes, by the
/// write-drain rule), asks the scheduler which command to issue, issues it, and sleeps
/// until the scheduler's wake-up hint. Schedulers read the controller's queues and
/// ready tables and change none of the controller's state (only its cached per-bank
/// candidates, `candCmd`, `candLocal` and `candMask`, which are derived data).
protocol Scheduler: Sendable {
    /// The command to issue at cycle `c` for direction `dir` (0 read, 1 write), and when
    /// to look again if it issues: `othersReady` has bit `k` set when a command with raw
    /// value `k` other than the chosen one was ready too (it may go as soon as the channel-wide
    /// constraints let that command go again), the candidates not ready no earlier than `earliest`.
    func decide(_ mc: MemoryController, cycle c: Int64, dir: Int) -> (decision: SchedulerDecision, othersReady: UInt8, earliest: Int64)

    /// The next command bank `b` would want for direction `dir` after one of its commands
    /// issued, for the wake-up time; nil: look again at the next cycle.
    func followUp(_ mc: MemoryController, bank b: Int, dir: Int) -> Command?

    /// After a command issued to bank `b`: no other bank's command of direction `dir` could
    /// issue before this cycle, given the channel-wide constraints now (for the wake-up
    /// time, when `decide`'s bounds, taken before the issue, say "next cycle"); nil: the
    /// policy has no bound cheaper than deciding again.
    func othersBound(_ mc: MemoryController, except b: Int, dir: Int) -> Int64?
}
