/// Description of one statistic, declared once where the counter lives: name, unit and
/// meaning. Writers (text, CSV, JSON) read descriptions; models only bump plain counters.
public struct StatDescriptor: Sendable, Hashable {
    public let name: String
    public let unit: String
    public let description: String
    public init(_ name: String, unit: String, _ description: String) {
        self.name = name
        self.unit = unit
        self.description = description
    }
}

/// A running summary of samples (count, sum, min, max) plus a power-of-two histogram,
/// in O(1) memory: no per-sample history is kept.
public struct RunningStat: Sendable, Equatable {
    public private(set) var count: UInt64 = 0
    public private(set) var sum: Double = 0
    public private(set) var minimum: Int64 = .max
    public private(set) var maximum: Int64 = .min
    /// `buckets[k]` counts samples in [2^(k-1), 2^k) (bucket 0: samples ≤ 0).
    public private(set) var buckets = [UInt64](repeating: 0, count: 64)

    public init() {}

    @inlinable public var mean: Double { count == 0 ? 0 : sum / Double(count) }

    public mutating func add(_ v: Int64) {
        count &+= 1
        sum += Double(v)
        if v < minimum { minimum = v }
        if v > maximum { maximum = v }
        let k = v <= 0 ? 0 : 64 - v.leadingZeroBitCount
        buckets[Swift.min(k, 63)] &+= 1
    }

    /// Adds all samples of `other`.
    public mutating func merge(_ other: RunningStat) {
        guard other.count > 0 else { return }
        count &+= other.count
        sum += other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        for i in 0..<64 { buckets[i] &+= other.buckets[i] }
    }
}
