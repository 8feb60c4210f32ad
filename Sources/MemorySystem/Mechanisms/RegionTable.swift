/// The address ranges software annotated (seed 000 §4.3 `begin_feature(i, N)`), as
/// sorted, non-overlapping half-open intervals, each naming a region id.
///
/// Lookups binary-search the interval starts; callers keep the index of the last hit
/// (one per channel) and test it first, so a stream inside one region costs two
/// compares per request.
public struct RegionTable: Sendable {
    /// Interval starts (ascending), ends (exclusive) and region ids, in parallel.
    public private(set) var starts: [UInt64] = []
    public private(set) var ends: [UInt64] = []
    public private(set) var ids: [Int32] = []
    /// Incremented by every change; cached interval indexes from an older generation are stale.
    public private(set) var generation: UInt64 = 0

    public init() {}

    public var count: Int { starts.count }

    /// The interval whose range contains `address`, or nil.
    /// - Complexity: O(log n).
    @inline(__always)
    public func interval(containing address: UInt64) -> Int? {
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ends[mid] <= address { lo = mid + 1 } else { hi = mid }
        }
        return lo < starts.count && starts[lo] <= address ? lo : nil
    }

    /// The id of the interval exactly equal to `range`, if any.
    public func id(ofExactly range: Range<UInt64>) -> Int32? {
        guard let i = interval(containing: range.lowerBound), starts[i] == range.lowerBound, ends[i] == range.upperBound
        else { return nil }
        return ids[i]
    }

    /// Maps `range` to `id`: parts of older intervals that overlap it are cut away (an
    /// interval that straddles `range` keeps its pieces on both sides).
    /// - Complexity: O(n).
    public mutating func insert(_ range: Range<UInt64>, id: Int32) {
        guard !range.isEmpty else { return }
        var s: [UInt64] = [], e: [UInt64] = [], d: [Int32] = []
        s.reserveCapacity(count + 2); e.reserveCapacity(count + 2); d.reserveCapacity(count + 2)
        var placed = false
        for i in 0..<count {
            let (a, b, x) = (starts[i], ends[i], ids[i])
            if b <= range.lowerBound || a >= range.upperBound {
                if !placed && a >= range.upperBound {
                    s.append(range.lowerBound); e.append(range.upperBound); d.append(id); placed = true
                }
                s.append(a); e.append(b); d.append(x)
                continue
            }
            if a < range.lowerBound { s.append(a); e.append(range.lowerBound); d.append(x) }
            if !placed { s.append(range.lowerBound); e.append(range.upperBound); d.append(id); placed = true }
            if b > range.upperBound { s.append(range.upperBound); e.append(b); d.append(x) }
        }
        if !placed { s.append(range.lowerBound); e.append(range.upperBound); d.append(id) }
        starts = s; ends = e; ids = d
        generation &+= 1
    }

    /// Removes every interval.
    public mutating func removeAll() {
        starts.removeAll(); ends.removeAll(); ids.removeAll()
        generation &+= 1
    }
}
