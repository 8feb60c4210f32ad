// Codecs of a compressing DMA engine (seed 003, cDMA, Rhu et al., HPCA 2018): what the
// engine sends over PCIe instead of a chunk of a feature map. Both work on 32-bit words
// (fp32 activations) and exploit zeros (ReLU sparsity).
//
// ZVC, zero-value compression: the stream is cut into windows of `window` words (the last
// window may be shorter). Each window is stored as a presence mask of `window` bits (one
// per word, rounded up to whole bytes) followed by its non-zero words, in order. A window
// of w words with z non-zero costs ⌈w/8⌉ + 4z bytes; with w = 32 and density d that is
// (1 + 32d)/32 of raw, i.e. a compression ratio of 32/(32d + 1) [seed 003 names ZVC as
// "non-zero values + a presence mask"; the 32-word window is an assumption,
// ../shared/docs/SYSTEMS.md §C2].
//
// Zero-RLE: records of (zero run, word). Each non-zero word is stored with the number of
// zeros before it in a `runBits`-bit field. A run longer than the field holds emits a record
// (run = 2^runBits − 1, word = 0), an explicit zero, and counting restarts. Trailing zeros
// are not stored: the decoder knows the chunk's length (the engine keeps it as metadata).
// A record costs runBits + 32 bits; the stream is padded to whole bytes. Scattered zeros
// (short runs) cost it more than ZVC, long runs less.

/// A codec of the DMA engine: encode a chunk of 32-bit words, decode it back, and size it.
public enum OffloadCodec: String, Sendable, Codable, CaseIterable, Hashable {
    /// No compression: the raw bytes.
    case none
    /// Zero-value compression: per window a presence mask and the non-zero words.
    case zvc
    /// Zero run-length encoding: (run, word) records.
    case rle
}

/// Parameters of the codecs (`offload.codec…` in the configuration).
public struct OffloadCodecParameters: Sendable, Codable, Hashable {
    /// Words per ZVC window (mask bits), words (default 32, assumed: SYSTEMS.md §C2).
    public var zvcWindowWords: Int = 32
    /// Bits of the zero-run field of a zero-RLE record, bits (default 8, assumed).
    public var rleRunBits: Int = 8

    public init(zvcWindowWords: Int = 32, rleRunBits: Int = 8) {
        self.zvcWindowWords = zvcWindowWords
        self.rleRunBits = rleRunBits
    }

    /// Problems, each naming the parameter's path.
    public func validate(path: String) -> [String] {
        var e: [String] = []
        if !(1...1024).contains(zvcWindowWords) { e.append("\(path).zvcWindowWords must be in 1…1024 words (is \(zvcWindowWords))") }
        if !(1...31).contains(rleRunBits) { e.append("\(path).rleRunBits must be in 1…31 bits (is \(rleRunBits))") }
        return e
    }
}

public enum OffloadCodecs {
    /// Compressed size of `words` in bytes (what goes over the link), without encoding them.
    public static func compressedBytes(_ words: UnsafeBufferPointer<UInt32>, codec: OffloadCodec,
                                       parameters p: OffloadCodecParameters = OffloadCodecParameters()) -> Int {
        switch codec {
        case .none:
            return words.count * 4
        case .zvc:
            var bytes = 0, i = 0
            while i < words.count {
                let n = min(p.zvcWindowWords, words.count - i)
                var nonZero = 0
                for j in i..<(i + n) where words[j] != 0 { nonZero += 1 }
                bytes += (n + 7) / 8 + 4 * nonZero
                i += n
            }
            return bytes
        case .rle:
            let maxRun = (1 << p.rleRunBits) - 1
            var records = 0, run = 0
            for w in words {
                if w != 0 { records += 1; run = 0 }
                else if run == maxRun { records += 1; run = 0 }
                else { run += 1 }
            }
            return (records * (p.rleRunBits + 32) + 7) / 8
        }
    }

    public static func compressedBytes(_ words: [UInt32], codec: OffloadCodec,
                                       parameters p: OffloadCodecParameters = OffloadCodecParameters()) -> Int {
        words.withUnsafeBufferPointer { compressedBytes($0, codec: codec, parameters: p) }
    }

    /// The encoded bytes (their count equals `compressedBytes`).
    public static func encode(_ words: [UInt32], codec: OffloadCodec,
                              parameters p: OffloadCodecParameters = OffloadCodecParameters()) -> [UInt8] {
        var out: [UInt8] = []
        func put32(_ w: UInt32) { for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: w >> (8 * k))) } }
        switch codec {
        case .none:
            for w in words { put32(w) }
        case .zvc:
            var i = 0
            while i < words.count {
                let n = min(p.zvcWindowWords, words.count - i)
                var mask = [UInt8](repeating: 0, count: (n + 7) / 8)
                for j in 0..<n where words[i + j] != 0 { mask[j / 8] |= 1 << UInt8(j % 8) }
                out += mask
                for j in 0..<n where words[i + j] != 0 { put32(words[i + j]) }
                i += n
            }
        case .rle:
            var bits = BitWriter()
            let maxRun = (1 << p.rleRunBits) - 1
            var run = 0
            for w in words {
                if w != 0 {
                    bits.write(UInt64(run), count: p.rleRunBits); bits.write(UInt64(w), count: 32); run = 0
                } else if run == maxRun {
                    bits.write(UInt64(maxRun), count: p.rleRunBits); bits.write(0, count: 32); run = 0
                } else {
                    run += 1
                }
            }
            out = bits.bytes
        }
        return out
    }

    /// Decodes `count` words from `bytes` (the chunk's length is metadata the engine keeps).
    /// - Throws: `ValueError` when the bytes are too short or inconsistent for `count` words.
    public static func decode(_ bytes: [UInt8], count: Int, codec: OffloadCodec,
                              parameters p: OffloadCodecParameters = OffloadCodecParameters()) throws -> [UInt32] {
        var pos = 0
        func get32() throws -> UInt32 {
            guard pos + 4 <= bytes.count else { throw ValueError(.corruptStream, source: codec.rawValue, problem: "\(codec.rawValue) stream ends inside a word at byte \(pos)", fix: "decode with the codec, parameters and word count the stream was encoded with") }
            var w: UInt32 = 0
            for k in 0..<4 { w |= UInt32(bytes[pos + k]) << (8 * k) }
            pos += 4
            return w
        }
        var words: [UInt32] = []
        words.reserveCapacity(count)
        switch codec {
        case .none:
            for _ in 0..<count { words.append(try get32()) }
        case .zvc:
            while words.count < count {
                let n = min(p.zvcWindowWords, count - words.count)
                let maskBytes = (n + 7) / 8
                guard pos + maskBytes <= bytes.count else { throw ValueError(.corruptStream, source: codec.rawValue, problem: "zvc stream ends inside a mask at byte \(pos)", fix: "decode with the codec, parameters and word count the stream was encoded with") }
                let mask = Array(bytes[pos..<(pos + maskBytes)])
                pos += maskBytes
                for j in 0..<n { words.append(mask[j / 8] & (1 << UInt8(j % 8)) != 0 ? try get32() : 0) }
            }
        case .rle:
            var reader = BitReader(bytes: bytes)
            let recordBits = p.rleRunBits + 32
            while words.count < count, reader.remaining >= recordBits {
                let run = Int(reader.read(count: p.rleRunBits)), w = UInt32(reader.read(count: 32))
                guard words.count + run + 1 <= count else { throw ValueError(.corruptStream, source: codec.rawValue, problem: "rle record overruns the chunk's \(count) words", fix: "decode with the codec, parameters and word count the stream was encoded with") }
                words += repeatElement(0, count: run)
                words.append(w)
            }
            // Only padding (< 8 bits) may follow the last record; trailing zeros are not stored.
            guard reader.remaining < 8 else {
                throw ValueError(.corruptStream, source: codec.rawValue, problem: "rle stream has \(reader.remaining) bits that are not a whole record", fix: "decode with the codec, parameters and word count the stream was encoded with")
            }
            words += repeatElement(0, count: count - words.count)
        }
        if pos < bytes.count && codec != .rle { throw ValueError(.corruptStream, source: codec.rawValue, problem: "\(codec.rawValue) stream has \(bytes.count - pos) bytes after its \(count) words", fix: "decode with the codec, parameters and word count the stream was encoded with") }
        return words
    }
}

/// Little-endian bit packing (LSB first) for the RLE records.
struct BitWriter {
    var bytes: [UInt8] = []
    var used = 0   // bits used in the last byte
    mutating func write(_ value: UInt64, count: Int) {
        for k in 0..<count {
            if used == 0 { bytes.append(0) }
            if (value >> UInt64(k)) & 1 == 1 { bytes[bytes.count - 1] |= 1 << UInt8(used) }
            used = (used + 1) % 8
        }
    }
}

struct BitReader {
    let bytes: [UInt8]
    var bit = 0
    var remaining: Int { bytes.count * 8 - bit }
    mutating func read(count: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<count {
            if bytes[bit / 8] & (1 << UInt8(bit % 8)) != 0 { v |= 1 << UInt64(k) }
            bit += 1
        }
        return v
    }
}
