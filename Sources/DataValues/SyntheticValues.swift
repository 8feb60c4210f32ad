/// The words of one tensor under a synthetic `ValueModel`, with random access.
///
/// Element `i`'s word is a pure function of (`seed`, `tensorID`, `i`): any range can be
/// generated in any order without generating the rest of the tensor, and two runs with
/// the same inputs give the same words. Plain data: copying it retains nothing.
public struct SyntheticValues: Sendable, Hashable {
    public let model: ValueModel
    public let seed: UInt64
    public let tensorID: UInt64
    @usableFromInline let kernel: ValueKernel

    /// Validates `model`; throws `ValueError` (kind `.invalidParameters`) listing every
    /// bad parameter.
    public init(model: ValueModel, seed: UInt64, tensorID: UInt64) throws(ValueError) {
        let problems = model.validate()
        guard problems.isEmpty else {
            throw ValueError(.invalidParameters, source: "value model",
                             problem: problems.joined(separator: "; "),
                             fix: "correct the listed parameters (see workloads/VALUES.md)")
        }
        self.model = model
        self.seed = seed
        self.tensorID = tensorID
        kernel = ValueKernel(model, seed: seed, tensorID: tensorID)
    }

    /// Writes the words of elements `[index, index + buffer.count)` into `buffer`.
    /// - Precondition: `index >= 0`.
    /// - Complexity: O(`buffer.count`); no allocation.
    @inlinable
    public func fill(_ buffer: UnsafeMutableBufferPointer<UInt32>, from index: Int) {
        precondition(index >= 0, "element index must be non-negative")
        var cursor = FieldCursor(kernel.field, at: index)
        for k in 0..<buffer.count {
            buffer[k] = kernel.word(index &+ k, &cursor)
        }
    }

    /// The 16 words (one 64-byte burst) of elements `[index, index + 16)`.
    /// - Precondition: `index >= 0`.
    @inlinable
    public func burst(at index: Int) -> Burst {
        precondition(index >= 0, "element index must be non-negative")
        var cursor = FieldCursor(kernel.field, at: index)
        var burst = Burst()
        for k in 0..<Burst.wordCount {
            burst.words[k] = kernel.word(index &+ k, &cursor)
        }
        return burst
    }

    /// The word of element `index` (≥ 0).
    @inlinable
    public func word(at index: Int) -> UInt32 {
        precondition(index >= 0, "element index must be non-negative")
        var cursor = FieldCursor(kernel.field, at: index)
        return kernel.word(index, &cursor)
    }

    /// The words of elements `[index, index + count)` as an array (tests, tools).
    public func words(from index: Int, count: Int) -> [UInt32] {
        [UInt32](unsafeUninitializedCapacity: max(count, 0)) { buffer, initialized in
            fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<max(count, 0)]), from: index)
            initialized = max(count, 0)
        }
    }
}

/// One 64-byte burst: 16 32-bit words, stored inline (no heap allocation).
public struct Burst: Sendable, Equatable {
    /// Words per 64-byte burst.
    public static let wordCount = 16
    public var words: InlineArray<16, UInt32>

    public init() { words = InlineArray(repeating: 0) }

    public init(_ words: [UInt32]) {
        self.init()
        for k in 0..<min(words.count, Self.wordCount) { self.words[k] = words[k] }
    }

    /// The words as an array (tests, tools).
    public var array: [UInt32] { (0..<Self.wordCount).map { words[$0] } }

    public static func == (a: Burst, b: Burst) -> Bool {
        (0..<wordCount).allSatisfy { a.words[$0] == b.words[$0] }
    }
}
