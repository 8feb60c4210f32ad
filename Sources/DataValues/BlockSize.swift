/// The data-block granularity of BitLevel pairing and of SparseCode (seed 000 §5.3,
/// Figs. 9 and 12: a single 32-bit value, 64-bit or 128-bit blocks).
///
/// A block is `words` consecutive 32-bit words of the stream. A block is *zero* iff all
/// its bits are zero (so −0.0, 0x8000_0000, is not zero).
public enum BlockSize: Int, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case bits32 = 32
    case bits64 = 64
    case bits128 = 128

    /// Bits per block.
    @inlinable public var bits: Int { rawValue }
    /// 32-bit words per block.
    @inlinable public var words: Int { rawValue >> 5 }

    public var description: String { "\(rawValue)-bit" }
}
