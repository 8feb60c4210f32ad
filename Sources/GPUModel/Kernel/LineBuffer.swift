/// The line requests of one step of a CTA (a chunk's loads or a tile's stores), in
/// issue order. Each entry is a 128-byte line address with its needed 64-byte
/// sub-blocks in bits 0–1 and the write flag in bit 2 (the low 7 address bits are zero).
///
/// A warp's accesses to consecutive bytes coalesce into one request per line; ranges
/// that continue in the line of the previous entry merge into it.
public struct LineBuffer: Sendable {
    public private(set) var entries: ContiguousArray<UInt64> = []

    public init() { entries.reserveCapacity(512) }

    public static let writeBit: UInt64 = 4
    public static let halvesMask: UInt64 = 3
    public static let lineMask: UInt64 = ~127

    @inlinable public var count: Int { entries.count }
    @inlinable public subscript(i: Int) -> UInt64 { entries[i] }

    public mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    /// Adds the lines covering bytes `start ..< start + bytes`.
    public mutating func add(start: Int, bytes: Int, write: Bool) {
        guard bytes > 0 else { return }
        var a = UInt64(start)
        let end = UInt64(start + bytes)
        let w: UInt64 = write ? Self.writeBit : 0
        while a < end {
            let line = a & Self.lineMask
            let lineEnd = min(line + 128, end)
            var halves: UInt64 = 0
            if a < line + 64 { halves |= 1 }
            if lineEnd > line + 64 { halves |= 2 }
            if let last = entries.last, last & ~Self.halvesMask == line | w {
                entries[entries.count - 1] = last | halves
            } else {
                entries.append(line | halves | w)
            }
            a = lineEnd
        }
    }

    /// Bytes of the sub-blocks requested (64 per sub-block).
    public var requestedBytes: Int {
        entries.reduce(0) { $0 + 64 * ($1 & Self.halvesMask).nonzeroBitCount }
    }
}
