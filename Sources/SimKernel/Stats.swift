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

/// A running summary of samples (count, sum, min, max) in O(1) memory: no per-sample
/// history is kept.
public struct RunningStat: Sendable, Equatable {
    public private(set) var count: UInt64 = 0
    public private(set) var sum: Double = 0
    public private(set) var minimum: Int64 = .max
    public private(set) var maximum: Int64 = .min

    public init() {}

    @inlinable public var mean: Double { count == 0 ? 0 : sum / Double(count) }

    public mutating func add(_ v: Int64) {
        count &+= 1
        sum += Double(v)
        if v < minimum { minimum = v }
        if v > maximum { maximum = v }
    }

    /// Adds all samples of `other`.
    public mutating func merge(_ other: RunningStat) {
        guard other.count > 0 else { return }
        count &+= other.count
        sum += other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }
}
