import SimKernel

/// One partition's banks and write buffer, as ready-time tables (no event per word; the
/// recurrence below is exactly what a per-word event model of this FIFO would compute).
///
/// Writes: words enter a FIFO write buffer of `entries` in emission order; word j goes to
/// bank j mod B, starts when the bank is free (leaving the buffer: the bank latches the
/// word) and keeps the bank busy for the write time. A word emitted while the buffer is full waits — and the array with
/// it: every later emission is delayed by the same amount (the returned stall).
/// Reads: a bank serves one word per read time; a fold whose reads need more bank time than
/// the fold lasts is stretched (read stall).
public struct PartitionState: Sendable {
    public let config: PartitionConfig
    let banks: Int
    let writePs: Int64
    let readPs: Int64
    let wordBits: Int
    /// WER per switching bit and write energy per bit (fJ) of the partition's write mode.
    public let wer: Double
    public let writeFJPerBit: Double
    let readFJPerWord: Double
    /// Bank free times, ps.
    var bankFree: [Int64]
    /// Times the words in the write buffer leave it (ring of `entries`).
    var inFlight: [Int64]
    var head = 0
    var nextBank = 0
    public var counters = PartitionCounters()

    /// Effective capacity, KB (iso-area scaling applied).
    public let capacityKB: Int

    public init(_ config: PartitionConfig, writeBufferEntries: Int, capacityKB: Int) {
        self.config = config
        self.capacityKB = capacityKB
        banks = config.banks
        wordBits = config.technology.wordBits
        writePs = Int64((config.technology.writeNs(config.writeMode) * 1000).rounded(.up))
        readPs = Int64((config.technology.readLatencyNs * 1000).rounded(.up))
        wer = config.technology.wer(config.writeMode)
        writeFJPerBit = config.technology.writeFJ(config.writeMode)
        readFJPerWord = config.technology.readFJPerBit * Double(config.technology.wordBits)
        bankFree = Array(repeating: 0, count: config.banks)
        inFlight = Array(repeating: 0, count: writeBufferEntries)
    }

    /// Words of `values` fp32 values.
    public func words(values: Int) -> Int { (values * 32 + wordBits - 1) / wordBits }

    /// Writes `count` words emitted evenly from `start` over `span` ps (one at `start` when
    /// span is 0). Returns the array stall, ps: how much later than planned the last word
    /// entered the buffer.
    public mutating func write(words count: Int, start: Int64, span: Int64) -> Int64 {
        guard count > 0 else { return 0 }
        var stall: Int64 = 0
        let n = Int64(count)
        for j in 0..<n {
            let planned = start + (n > 1 ? span * j / (n - 1) : 0) + stall
            let slotFree = inFlight[head]
            let accepted = max(planned, slotFree)
            stall += accepted - planned
            let b = nextBank
            nextBank = nextBank + 1 == banks ? 0 : nextBank + 1
            let begin = max(accepted, bankFree[b])
            let done = begin + writePs
            bankFree[b] = done
            inFlight[head] = begin
            head = head + 1 == inFlight.count ? 0 : head + 1
        }
        counters.writeWords += UInt64(count)
        counters.bufferStallPs += stall
        return stall
    }

    /// Reads `count` words during a window of `window` ps starting at `start`; returns the
    /// extra time the reads need beyond the window (read stall), ps.
    public mutating func read(words count: Int, start: Int64, window: Int64) -> Int64 {
        guard count > 0 else { return 0 }
        counters.readWords += UInt64(count)
        counters.readFJ += Int64((Double(count) * readFJPerWord).rounded())
        let perBank = (Int64(count) + Int64(banks) - 1) / Int64(banks)
        let need = perBank * readPs
        // Reads share the banks with pending writes: they start when the busiest bank is free.
        let busy = max(0, (bankFree.max() ?? 0) - start)
        let extra = max(0, need + min(busy, need) - window)
        counters.readStallPs += extra
        return extra
    }

    /// The time every write issued so far has completed, ps.
    public var writesDone: Int64 { bankFree.max() ?? 0 }
}

/// Counts of one partition (sums; rows of a run add up to its total).
public struct PartitionCounters: Sendable, Equatable {
    public var readWords: UInt64 = 0
    public var writeWords: UInt64 = 0
    public var bitsWritten: UInt64 = 0
    public var bitsSwitched: UInt64 = 0
    public var bitsFailed: UInt64 = 0
    public var bufferStallPs: Int64 = 0
    public var readStallPs: Int64 = 0
    public var readFJ: Int64 = 0
    public var writeFJ: Int64 = 0
    public var leakageFJ: Int64 = 0
    public var dramReadBytes: Int64 = 0
    public var dramWriteBytes: Int64 = 0
    public init() {}

    public static func - (a: PartitionCounters, b: PartitionCounters) -> PartitionCounters {
        var r = PartitionCounters()
        r.readWords = a.readWords - b.readWords; r.writeWords = a.writeWords - b.writeWords
        r.bitsWritten = a.bitsWritten - b.bitsWritten; r.bitsSwitched = a.bitsSwitched - b.bitsSwitched
        r.bitsFailed = a.bitsFailed - b.bitsFailed
        r.bufferStallPs = a.bufferStallPs - b.bufferStallPs; r.readStallPs = a.readStallPs - b.readStallPs
        r.readFJ = a.readFJ - b.readFJ; r.writeFJ = a.writeFJ - b.writeFJ; r.leakageFJ = a.leakageFJ - b.leakageFJ
        r.dramReadBytes = a.dramReadBytes - b.dramReadBytes; r.dramWriteBytes = a.dramWriteBytes - b.dramWriteBytes
        return r
    }

    public static func + (a: PartitionCounters, b: PartitionCounters) -> PartitionCounters {
        var r = PartitionCounters()
        r.readWords = a.readWords + b.readWords; r.writeWords = a.writeWords + b.writeWords
        r.bitsWritten = a.bitsWritten + b.bitsWritten; r.bitsSwitched = a.bitsSwitched + b.bitsSwitched
        r.bitsFailed = a.bitsFailed + b.bitsFailed
        r.bufferStallPs = a.bufferStallPs + b.bufferStallPs; r.readStallPs = a.readStallPs + b.readStallPs
        r.readFJ = a.readFJ + b.readFJ; r.writeFJ = a.writeFJ + b.writeFJ; r.leakageFJ = a.leakageFJ + b.leakageFJ
        r.dramReadBytes = a.dramReadBytes + b.dramReadBytes; r.dramWriteBytes = a.dramWriteBytes + b.dramWriteBytes
        return r
    }
}
