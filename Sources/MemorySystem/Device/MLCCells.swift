/// How a 64-byte burst lands in MLC STT-RAM cells, and which cells need the second
/// (soft) write step. Pure bit arithmetic on the data the request carries.
///
/// Step 1 drives every cell with the hard-transition current: the hard bit takes its new
/// value and, by write disturbance, the soft bit takes the same value. Step 2 drives the
/// soft-transition current through exactly the cells whose new soft bit differs from
/// their new hard bit (seed 000 §2.2, §3.2). No old value is read first (seed 000 §4.1).
public enum MLCCells {
    /// Cells a burst occupies in a two-bit-per-cell mode (`normal`, `bitLevel`).
    public static let cellsTwoBit = MemoryRequest.burstBytes * 8 / 2
    /// Cells a burst occupies in soft-only mode (one bit per cell).
    public static let cellsSoftOnly = MemoryRequest.burstBytes * 8

    /// `normal` mode: data bit 2i is cell i's hard bit, bit 2i+1 its soft bit; a cell
    /// needs step 2 when the two differ.
    public static func softFlipsNormal(_ d: BurstData) -> Int {
        let pairs = (d ^ (d &>> 1)) & BurstData(repeating: 0x5555_5555_5555_5555)
        return pairs.nonzeroBitCount.wrappedSum().asInt
    }

    /// `bitLevel` mode with neighbour blocks of `blockBits` (32, 64 or 128): bit j of block
    /// 2k is cell j's hard bit, bit j of block 2k+1 its soft bit; a cell needs step 2 when
    /// the two blocks differ in bit j.
    public static func softFlipsBitLevel(_ d: BurstData, blockBits: Int) -> Int {
        switch blockBits {
        case 32:
            let x = (d ^ (d &>> 32)) & BurstData(repeating: 0xFFFF_FFFF)
            return x.nonzeroBitCount.wrappedSum().asInt
        case 64:
            let a = d.evenHalf, b = d.oddHalf
            return (a ^ b).nonzeroBitCount.wrappedSum().asInt
        default: // 128: words (0,1)^(2,3), (4,5)^(6,7)
            let a = SIMD4<UInt64>(d[0], d[1], d[4], d[5])
            let b = SIMD4<UInt64>(d[2], d[3], d[6], d[7])
            return (a ^ b).nonzeroBitCount.wrappedSum().asInt
        }
    }
}

extension UInt64 {
    @inline(__always) var asInt: Int { Int(truncatingIfNeeded: self) }
}
