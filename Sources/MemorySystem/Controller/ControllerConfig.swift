/// Row-buffer policy.
public enum PagePolicy: String, Sendable, Codable, CaseIterable {
    /// Rows stay open after an access until a conflict or refresh closes them.
    case open
    /// A row closes (auto-precharge) after a column access that no queued request hits.
    case closed
}

/// Parameters of one memory controller (every controller of a system shares them).
public struct ControllerConfig: Sendable, Codable, Hashable {
    /// Read-queue entries (requests waiting for their column command). Default 256.
    /// Calibrated on a microbenchmark, not on any network: the smallest power of two at which
    /// the built-in BabelStream kernels (`--workload stream`, 2^23 values per array) sustained
    /// 75–85 % of peak, as real Pascal cards do, on the 8-controller organisation it was first
    /// measured on (64 entries gave 48–67 %, 128 gave 66–81 %, 256 gave 78–84 % with the
    /// earlier `bg,co,ba` map). On the default 11-channel part with the `co,bg,ba` map the same
    /// kernels reach 88–90 % (results/CALIBRATION.md), above that range: the depth should be
    /// re-derived there. Of the same order as a GP102's chip-wide scheduling capacity
    /// (11 channels × 2 sub-partitions × 64-entry FR-FCFS queues in GPGPU-Sim's Pascal model
    /// ≈ 176 per modelled controller). *Calibrated assumption.*
    public var readQueue: Int = 256
    /// Write-queue entries. Default 256 (as `readQueue`).
    public var writeQueue: Int = 256
    /// Start draining writes when this many are queued. Default 192 (¾ of the queue, as the
    /// earlier 48 of 64).
    public var writeDrainHigh: Int = 192
    /// Stop draining writes (if reads wait) when this many or fewer remain. Default 64 (¼).
    public var writeDrainLow: Int = 64
    public var pagePolicy: PagePolicy = .open
    /// Scheduling policy: `frfcfs` (default, seed 000's controller) or `fcfs` (`SchedulerKind`).
    public var scheduler: SchedulerKind = .frfcfs
    /// BitLevel neighbour-block size in bits: 32, 64 or 128 (seed 000 Fig. 9, default 128).
    public var bitLevelBlockBits: Int = 128

    public init() {}

    public func validate(path: String) -> [String] {
        var e: [String] = []
        if readQueue < 1 || readQueue > 4096 { e.append("\(path).readQueue must be in 1…4096 (is \(readQueue))") }
        if writeQueue < 1 || writeQueue > 4096 { e.append("\(path).writeQueue must be in 1…4096 (is \(writeQueue))") }
        if !(0 <= writeDrainLow && writeDrainLow < writeDrainHigh && writeDrainHigh <= writeQueue) {
            e.append("\(path): need 0 ≤ writeDrainLow < writeDrainHigh ≤ writeQueue (are \(writeDrainLow), \(writeDrainHigh), \(writeQueue))")
        }
        if ![32, 64, 128].contains(bitLevelBlockBits) {
            e.append("\(path).bitLevelBlockBits must be 32, 64 or 128 (is \(bitLevelBlockBits))")
        }
        return e
    }
}
