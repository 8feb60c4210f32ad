/// Where the words of a tensor come from: a synthetic model or a loaded `.npy` array.
/// The simulator holds one per tensor and asks it for bursts at arbitrary element
/// indexes; both cases are deterministic and never materialise the tensor.
public enum ValueSource: Sendable, Hashable {
    case synthetic(SyntheticValues)
    case loaded(LoadedValues)

    /// Writes the words of elements `[index, index + buffer.count)` into `buffer`.
    @inlinable
    public func fill(_ buffer: UnsafeMutableBufferPointer<UInt32>, from index: Int) {
        switch self {
        case .synthetic(let values): values.fill(buffer, from: index)
        case .loaded(let values): values.fill(buffer, from: index)
        }
    }

    /// The 16 words of the 64-byte burst starting at element `index`.
    @inlinable
    public func burst(at index: Int) -> Burst {
        switch self {
        case .synthetic(let values): values.burst(at: index)
        case .loaded(let values): values.burst(at: index)
        }
    }

    /// The word of element `index`.
    @inlinable
    public func word(at index: Int) -> UInt32 {
        switch self {
        case .synthetic(let values): values.word(at: index)
        case .loaded(let values): values.word(at: index)
        }
    }

    /// The words of elements `[index, index + count)` as an array (tests, tools).
    public func words(from index: Int, count: Int) -> [UInt32] {
        [UInt32](unsafeUninitializedCapacity: max(count, 0)) { buffer, initialized in
            fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<max(count, 0)]), from: index)
            initialized = max(count, 0)
        }
    }
}
