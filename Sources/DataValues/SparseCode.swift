// SparseCode (seed 000 §3.2, §4.2), the EIE zero-run format applied to blocks.
//
// Format, for a stream of n 32-bit words cut into blocks of k = b/32 words (the last
// block zero-padded to k words if n % k ≠ 0):
//  * a 4-bit encoding counter c (0…15) counts zero blocks since the last stored entry;
//  * a non-zero block is stored as an entry (data = the block, index = c); c ← 0;
//  * a zero block arriving when c = 15 (i.e. the 16th zero in a row since the last entry)
//    is stored as an explicit zero entry (data = 0, index = 15); c ← 0;
//    any other zero block only increments c;
//  * at the end of the stream the c ≤ 15 trailing zero blocks are not stored: the decoder
//    restores them from the original length n, which the memory controller knows from
//    the feature map's size hint (`begin_feature(i, N)`, seed 000 §4.3).
// So a run of exactly 15 zeros before a non-zero costs nothing extra (index 15); runs of
// 16…31 cost one filler entry, 32…47 two, and so on: ⌊run / 16⌋ fillers.
// Entries cost b + 4 bits. In memory, data and indexes are kept apart (seed 000 §3.2:
// indexes paired with indexes, data with data): data bytes = E·b/8, index bytes =
// ⌈E/2⌉ (two indexes per byte, the earlier entry in the low nibble).

/// The 4-bit zero-run counter of the SparseCode encoder (seed 000 §4.2 "encoding
/// counters"), shared by the encoder and the sparsity register.
public struct EncodingCounter: Sendable, Hashable {
    /// Zero blocks since the last stored entry, 0…15.
    public var zeros: UInt8 { count }
    @usableFromInline var count: UInt8 = 0

    public init() {}

    /// Accounts one block. Returns the index of the entry stored for it, or `nil`
    /// when the block is an unstored zero.
    @inlinable @inline(__always)
    public mutating func step(isZero: Bool) -> UInt8? {
        if isZero {
            if count < 15 {
                count &+= 1
                return nil
            }
        }
        let index = count
        count = 0
        return index
    }
}

/// The size of a SparseCode encoding.
public struct SparseCodeSize: Sendable, Hashable {
    public let block: BlockSize
    /// 32-bit words of the original stream.
    public let originalWords: Int
    /// Stored entries E (non-zero blocks plus filler zeros).
    public let entries: Int

    /// Bytes of data blocks: E · b / 8.
    public var dataBytes: Int { entries * block.bits / 8 }
    /// Bytes of packed 4-bit indexes: ⌈E / 2⌉.
    public var indexBytes: Int { (entries + 1) / 2 }
    /// Encoded bits: E · (b + 4).
    public var encodedBits: Int { entries * (block.bits + 4) }
    /// Encoded bytes in the split layout: data bytes + index bytes.
    public var encodedBytes: Int { dataBytes + indexBytes }
    /// Original bytes: 4 · n.
    public var originalBytes: Int { originalWords * 4 }
    /// Encoded ÷ original size (bits), e.g. 0.56 means the encoding takes 56 % of the
    /// space; 1 for an empty stream.
    public var compressionRatio: Double {
        originalWords == 0 ? 1 : Double(encodedBits) / Double(originalWords * 32)
    }
}

/// A streaming SparseCode encoder that only counts (nothing is materialised): feed it
/// the words of a write stream, read `size` at any time.
public struct SparseCodeEncoder: Sendable, Hashable {
    public let block: BlockSize
    /// Words fed so far.
    public var words: Int { fed }
    /// Entries stored for the complete blocks fed so far.
    public var completeEntries: Int { stored }
    @usableFromInline var fed = 0
    @usableFromInline var stored = 0
    @usableFromInline var counter = EncodingCounter()
    @usableFromInline var pendingOr: UInt32 = 0
    @usableFromInline var pendingWords = 0

    public init(block: BlockSize = .bits32) { self.block = block }

    /// Feeds one word.
    @inlinable @inline(__always)
    public mutating func feed(_ word: UInt32) {
        fed &+= 1
        pendingOr |= word
        pendingWords &+= 1
        if pendingWords == block.words {
            if counter.step(isZero: pendingOr == 0) != nil { stored &+= 1 }
            pendingOr = 0
            pendingWords = 0
        }
    }

    /// Feeds a buffer of words.
    @inlinable
    public mutating func feed(_ buffer: UnsafeBufferPointer<UInt32>) {
        for word in buffer { feed(word) }
    }

    /// Feeds the 16 words of a burst.
    @inlinable
    public mutating func feed(_ burst: Burst) {
        for k in 0..<Burst.wordCount { feed(burst.words[k]) }
    }

    /// The size if the stream ended now (a partial last block counts as zero-padded, and
    /// is stored if non-zero or if it is the 16th zero block in a row).
    public var size: SparseCodeSize {
        var entries = stored
        if pendingWords > 0 && (pendingOr != 0 || counter.zeros == 15) { entries += 1 }
        return SparseCodeSize(block: block, originalWords: fed, entries: entries)
    }
}
