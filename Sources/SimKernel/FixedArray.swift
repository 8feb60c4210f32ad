/// A fixed-size array with reference semantics and no copy-on-write, for the hot state of
/// long-lived components (ready-cycle tables, queue slots).
///
/// Writing through a `let` reference needs no uniqueness check, which a Swift `Array`
/// stored in a class performs on every element store. Bounds are checked with `assert`:
/// on in debug builds (the test suite), off in release builds (the measured runs).
public final class FixedArray<Element> {
    public let count: Int
    @usableFromInline let base: UnsafeMutablePointer<Element>

    public init(repeating value: Element, count: Int) {
        precondition(count >= 0, "FixedArray count must be ≥ 0")
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: count)
    }

    public convenience init(_ elements: [Element]) {
        precondition(!elements.isEmpty, "FixedArray from an empty array")
        self.init(repeating: elements[0], count: elements.count)
        for (i, e) in elements.enumerated() { base[i] = e }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// In-place element access (a field of an element is modified where it lives).
    @inlinable
    public subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(i >= 0 && i < count, "FixedArray index \(i) out of 0..<\(count)")
            return UnsafePointer(base + i)
        }
        @inline(__always) unsafeMutableAddress {
            assert(i >= 0 && i < count, "FixedArray index \(i) out of 0..<\(count)")
            return base + i
        }
    }

    /// The elements as a Swift array (for tests and reports).
    public var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
