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

/// A view of a fixed-size run of plain values owned by a `FixedArena`: a base pointer and a
/// count, stored inline in the component that uses it.
///
/// Reading an element of a `FixedArray` held by a component loads the array object (its own
/// cache line) before the element; a view held in the component's fields goes straight to
/// the element, and an arena keeps a component's small tables next to each other. On a
/// memory-bound GEMM kernel the memory controllers' scheduling tables were the largest
/// source of L1 data-cache misses (callgrind's cache simulation). Bounds are checked with
/// `assert`, as in `FixedArray`. A view is valid while its arena lives.
public struct FixedView<Element> {
    public let count: Int
    @usableFromInline let base: UnsafeMutablePointer<Element>

    @inlinable
    init(base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable
    public subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress {
            assert(i >= 0 && i < count, "FixedView index \(i) out of 0..<\(count)")
            return UnsafePointer(base + i)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(i >= 0 && i < count, "FixedView index \(i) out of 0..<\(count)")
            return base + i
        }
    }

    /// The elements as a Swift array (for tests and reports).
    public var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// Owns the memory of `FixedView`s: carved in order from blocks of `blockBytes` (a view
/// larger than that gets a block of its own), all freed when the arena is. Only plain
/// values (no references, nothing to deinitialize) may live in it.
public final class FixedArena {
    private let blockBytes: Int
    private var blocks: [UnsafeMutableRawPointer] = []
    private var used = 0
    private var capacity = 0

    public init(blockBytes: Int = 4096) {
        precondition(blockBytes > 0, "FixedArena block size must be > 0")
        self.blockBytes = blockBytes
    }

    deinit { for b in blocks { b.deallocate() } }

    /// A new view of `count` copies of `value`.
    public func view<T>(repeating value: T, count: Int) -> FixedView<T> {
        precondition(_isPOD(T.self), "FixedArena holds plain values only")
        precondition(count >= 0, "FixedView count must be ≥ 0")
        let align = MemoryLayout<T>.alignment
        let size = MemoryLayout<T>.stride * Swift.max(count, 1)
        var start = (used + align - 1) / align * align
        if blocks.isEmpty || start + size > capacity {
            capacity = Swift.max(blockBytes, size)
            blocks.append(.allocate(byteCount: capacity, alignment: 64))
            start = 0
        }
        used = start + size
        let p = (blocks[blocks.count - 1] + start).bindMemory(to: T.self, capacity: Swift.max(count, 1))
        p.initialize(repeating: value, count: count)
        return FixedView(base: p, count: count)
    }

    /// A new view holding `elements`.
    public func view<T>(_ elements: [T]) -> FixedView<T> {
        precondition(!elements.isEmpty, "FixedView from an empty array")
        let v = view(repeating: elements[0], count: elements.count)
        for (i, e) in elements.enumerated() { v[i] = e }
        return v
    }
}
