/// A materialised SparseCode encoding (format: see `SparseCode.swift`): the data blocks
/// and the 4-bit indexes, kept apart as in memory.
public struct SparseCodeStream: Sendable, Hashable {
    public let block: BlockSize
    /// The data blocks of the entries, `block.words` words per entry, in order.
    public private(set) var dataWords: [UInt32] = []
    /// The 4-bit indexes, two per byte, the earlier entry in the low nibble.
    public private(set) var indexBytes: [UInt8] = []
    /// Number of stored entries E.
    public private(set) var entryCount = 0

    /// An empty stream.
    public init(block: BlockSize) { self.block = block }

    /// A stream read back from memory. Throws `.corruptStream` when `dataWords` or
    /// `indexBytes` do not hold exactly `entryCount` entries.
    public init(block: BlockSize, dataWords: [UInt32], indexBytes: [UInt8], entryCount: Int) throws(ValueError) {
        guard entryCount >= 0, dataWords.count == entryCount * block.words,
              indexBytes.count == (entryCount + 1) / 2 else {
            throw ValueError(.corruptStream, source: "SparseCode stream",
                             problem: "\(entryCount) entries of \(block) need \(max(entryCount, 0) * block.words) data words and \((max(entryCount, 0) + 1) / 2) index bytes, got \(dataWords.count) and \(indexBytes.count)",
                             fix: "pass the data and index regions written for this feature map")
        }
        self.block = block
        self.dataWords = dataWords
        self.indexBytes = indexBytes
        self.entryCount = entryCount
    }

    /// The index of entry `entry` (0…15).
    public func index(_ entry: Int) -> UInt8 {
        let byte = indexBytes[entry >> 1]
        return entry & 1 == 0 ? byte & 0xF : byte >> 4
    }

    /// The indexes packed into 32-bit words, eight per word (earliest in the low nibble),
    /// as they are written to the index region (for BitLevel statistics of indexes).
    public var indexWords: [UInt32] {
        stride(from: 0, to: indexBytes.count, by: 4).map { start in
            var word: UInt32 = 0
            for k in start..<min(start + 4, indexBytes.count) {
                word |= UInt32(indexBytes[k]) << (8 * (k - start))
            }
            return word
        }
    }

    public var size: SparseCodeSize { SparseCodeSize(block: block, originalWords: 0, entries: entryCount) }

    mutating func append(index: UInt8, block words: ArraySlice<UInt32>) {
        if entryCount & 1 == 0 { indexBytes.append(index) } else { indexBytes[indexBytes.count - 1] |= index << 4 }
        dataWords.append(contentsOf: words)
        entryCount += 1
    }
}

/// SparseCode encoding and decoding of whole streams (format: see `SparseCode.swift`).
public enum SparseCode {
    /// Encodes `words` with one 4-bit index per `block`.
    /// - Complexity: O(`words.count`).
    public static func encode(_ words: [UInt32], block: BlockSize = .bits32) -> SparseCodeStream {
        var stream = SparseCodeStream(block: block)
        var counter = EncodingCounter()
        let k = block.words
        var start = 0
        while start < words.count {
            var blockWords = words[start..<min(start + k, words.count)]
            if blockWords.count < k { blockWords = ArraySlice(Array(blockWords) + Array(repeating: 0, count: k - blockWords.count)) }
            if let index = counter.step(isZero: blockWords.allSatisfy { $0 == 0 }) {
                stream.append(index: index, block: blockWords)
            }
            start += k
        }
        return stream
    }

    /// Decodes `stream` into the original `count` words: each entry expands to `index`
    /// zero blocks followed by its data block; zero blocks then pad to `count` words.
    /// Throws `.corruptStream` if the entries expand beyond `count` words (rounded up to
    /// whole blocks) or `count` is negative.
    public static func decode(_ stream: SparseCodeStream, count: Int) throws(ValueError) -> [UInt32] {
        let k = stream.block.words
        let capacity = count < 0 ? -1 : (count + k - 1) / k * k
        var expanded = 0
        for entry in 0..<stream.entryCount { expanded += (Int(stream.index(entry)) + 1) * k }
        guard capacity >= 0, expanded <= capacity else {
            throw ValueError(.corruptStream, source: "SparseCode stream",
                             problem: "\(stream.entryCount) entries expand to \(expanded) words, more than the \(count) expected",
                             fix: "decode with the feature map's original word count and block size \(stream.block)")
        }
        var words = [UInt32]()
        words.reserveCapacity(capacity)
        for entry in 0..<stream.entryCount {
            words.append(contentsOf: repeatElement(0, count: Int(stream.index(entry)) * k))
            words.append(contentsOf: stream.dataWords[entry * k..<(entry + 1) * k])
        }
        words.append(contentsOf: repeatElement(0, count: capacity - words.count))
        return Array(words.prefix(count))
    }

    /// The encoded size of `words`, without materialising the encoding.
    public static func size(of words: UnsafeBufferPointer<UInt32>, block: BlockSize = .bits32) -> SparseCodeSize {
        var encoder = SparseCodeEncoder(block: block)
        encoder.feed(words)
        return encoder.size
    }

    /// The encoded size of `words`, without materialising the encoding.
    public static func size(of words: [UInt32], block: BlockSize = .bits32) -> SparseCodeSize {
        words.withUnsafeBufferPointer { size(of: $0, block: block) }
    }
}
