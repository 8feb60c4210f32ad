import SimKernel
import DataValues

/// Counters of the remap logic of one controller (plain values, merged for totals;
/// derived values computed on demand). Only collected when a mechanism is on.
public struct MechanismStats: Sendable {
    /// Device bursts handed to the controller, by `AccessMode.rawValue`.
    public var readBurstsByMode = [UInt64](repeating: 0, count: 3)
    public var writeBurstsByMode = [UInt64](repeating: 0, count: 3)
    /// Per `DataCategory.index`: logical bursts the client read / wrote.
    public var logicalReads = [UInt64](repeating: 0, count: DataCategory.count)
    public var logicalWrites = [UInt64](repeating: 0, count: DataCategory.count)
    /// Per category: device bursts read / written on its behalf.
    public var deviceReads = [UInt64](repeating: 0, count: DataCategory.count)
    public var deviceWrites = [UInt64](repeating: 0, count: DataCategory.count)
    /// Per category: cells driven by device writes (a two-bit burst 256, soft-only 512).
    public var cellsWritten = [UInt64](repeating: 0, count: DataCategory.count)
    /// Per category: bit statistics of the logical data written, measured by a
    /// `BitStatisticsAccumulator` per controller and category.
    public var written = [BitCounts](repeating: BitCounts(), count: DataCategory.count)

    // SparseCode (Option 2)
    /// Logical bytes that went through the encoder.
    public var sparseOriginalBytes: UInt64 = 0
    /// Logical bytes of sparse-candidate maps written unencoded (before the decision, or dense).
    public var sparseRawBytes: UInt64 = 0
    /// Device bursts emitted by the encoder (data and index), and their payload bytes.
    public var encodedDataBursts: UInt64 = 0
    public var encodedIndexBursts: UInt64 = 0
    /// Encoded bytes actually produced (data words × 4 + ⌈indexes / 2⌉), summed at each
    /// stream's end of pass (flush) — the numerator of the compression ratio.
    public var sparseEncodedBytes: UInt64 = 0
    /// Original bytes of the streams counted in `sparseEncodedBytes`.
    public var sparseFlushedOriginalBytes: UInt64 = 0
    /// Sparsity-register decisions (region passes decided sparse / dense).
    public var decisionsSparse: UInt64 = 0
    public var decisionsDense: UInt64 = 0
    /// Logical writes of a sparse-candidate map that arrived after the channel's part of
    /// the map was complete in the pass (the previous writer's late write-backs took
    /// positions first, or lines were written twice): stored unencoded at their address.
    public var passOverflowWrites: UInt64 = 0
    /// Writes a sampled client skipped, booked to their map's pass and stream without a
    /// request (`MemorySystem.creditSkippedWrite`).
    public var creditedWrites: UInt64 = 0

    // Remapping buffer
    /// Most entries ever occupied at once.
    public var bufferMaxOccupancy: Int = 0
    /// Client requests refused because the buffer was full (they are retried, never dropped).
    public var bufferRefusals: UInt64 = 0
    /// Logical reads of encoded maps served without a device read (the encoded bursts
    /// were in the buffer or still staged), and reads that waited for a burst another
    /// read had already requested.
    public var readsFromBuffer: UInt64 = 0
    public var readsMerged: UInt64 = 0
    /// Encoded-map reads: logical reads and the device bursts they fetched.
    public var encodedLogicalReads: UInt64 = 0
    public var encodedDeviceReads: UInt64 = 0

    public init() {}

    /// Encoded ÷ original bytes of the streams that finished a pass (1 when none did).
    public var compressionRatio: Double {
        sparseFlushedOriginalBytes == 0 ? 1 : Double(sparseEncodedBytes) / Double(sparseFlushedOriginalBytes)
    }

    /// Adds another controller's counters.
    public mutating func merge(_ o: MechanismStats) {
        for i in 0..<3 { readBurstsByMode[i] += o.readBurstsByMode[i]; writeBurstsByMode[i] += o.writeBurstsByMode[i] }
        for i in 0..<DataCategory.count {
            logicalReads[i] += o.logicalReads[i]; logicalWrites[i] += o.logicalWrites[i]
            deviceReads[i] += o.deviceReads[i]; deviceWrites[i] += o.deviceWrites[i]
            cellsWritten[i] += o.cellsWritten[i]
            written[i].merge(o.written[i])
        }
        sparseOriginalBytes += o.sparseOriginalBytes; sparseRawBytes += o.sparseRawBytes
        encodedDataBursts += o.encodedDataBursts; encodedIndexBursts += o.encodedIndexBursts
        sparseEncodedBytes += o.sparseEncodedBytes; sparseFlushedOriginalBytes += o.sparseFlushedOriginalBytes
        decisionsSparse += o.decisionsSparse; decisionsDense += o.decisionsDense
        passOverflowWrites += o.passOverflowWrites; creditedWrites += o.creditedWrites
        bufferMaxOccupancy = max(bufferMaxOccupancy, o.bufferMaxOccupancy)
        bufferRefusals += o.bufferRefusals
        readsFromBuffer += o.readsFromBuffer; readsMerged += o.readsMerged
        encodedLogicalReads += o.encodedLogicalReads; encodedDeviceReads += o.encodedDeviceReads
    }

    public static let descriptors: [StatDescriptor] = [
        StatDescriptor("readBurstsByMode", unit: "bursts", "device reads by access mode (normal, softOnly, bitLevel)"),
        StatDescriptor("writeBurstsByMode", unit: "bursts", "device writes by access mode"),
        StatDescriptor("logicalReads", unit: "bursts", "client reads per data category"),
        StatDescriptor("logicalWrites", unit: "bursts", "client writes per data category"),
        StatDescriptor("deviceReads", unit: "bursts", "device reads per data category (encoded maps: encoded bursts)"),
        StatDescriptor("deviceWrites", unit: "bursts", "device writes per data category"),
        StatDescriptor("cellsWritten", unit: "cells", "cells driven by device writes per category"),
        StatDescriptor("sparseOriginalBytes", unit: "B", "logical bytes that went through the SparseCode encoder"),
        StatDescriptor("sparseEncodedBytes", unit: "B", "encoded bytes (data + packed indexes) of finished streams"),
        StatDescriptor("bufferMaxOccupancy", unit: "entries", "most remapping-buffer entries occupied at once"),
        StatDescriptor("bufferRefusals", unit: "requests", "client requests refused while the remapping buffer was full"),
    ]
}

/// Mergeable bit statistics: the counts of a `BitStatisticsAccumulator`.
public struct BitCounts: Sendable, Hashable {
    public var words = 0
    public var zeroWords = 0
    public var comparedBits = 0
    public var differingBits = 0
    /// SparseCode encoded ÷ original bits had the whole category been encoded (per
    /// controller stream), weighted by original size.
    public var encodedBits = 0
    public var originalBits = 0

    public init() {}

    public init(_ a: BitStatisticsAccumulator) {
        words = a.words; zeroWords = a.zeroWords; comparedBits = a.comparedBits; differingBits = a.differingBits
        let size = a.encoder.size
        encodedBits = size.encodedBits; originalBits = size.originalWords * 32
    }

    /// Fraction of zero 32-bit words.
    public var zeroFraction: Double { words == 0 ? 0 : Double(zeroWords) / Double(words) }
    /// Fraction of paired neighbour bits that agree (seed 000 Fig. 11).
    public var neighbourSimilarity: Double { comparedBits == 0 ? 1 : 1 - Double(differingBits) / Double(comparedBits) }
    /// SparseCode size ratio had all of it been encoded.
    public var potentialCompressionRatio: Double { originalBits == 0 ? 1 : Double(encodedBits) / Double(originalBits) }

    public mutating func merge(_ o: BitCounts) {
        words += o.words; zeroWords += o.zeroWords; comparedBits += o.comparedBits; differingBits += o.differingBits
        encodedBits += o.encodedBits; originalBits += o.originalBits
    }
}
