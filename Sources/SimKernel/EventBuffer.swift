/// A growable run of events in manually managed memory: no reference counting and no
/// copy-on-write checks on the kernel's hottest path. The owner frees it with `free()`
/// exactly once (the `EventQueue` does so in its `deinit`); it must not be copied and
/// used from two places.
@usableFromInline
struct EventBuffer {
    @usableFromInline var base: UnsafeMutablePointer<Event>?
    @usableFromInline var count = 0
    @usableFromInline var capacity = 0

    @usableFromInline init() {}

    @inlinable @inline(__always)
    subscript(i: Int) -> Event {
        get {
            assert(i >= 0 && i < count, "EventBuffer index out of range")
            return base.unsafelyUnwrapped[i]
        }
        set {
            assert(i >= 0 && i < count, "EventBuffer index out of range")
            base.unsafelyUnwrapped[i] = newValue
        }
    }

    @inlinable @inline(__always)
    mutating func append(_ e: Event) {
        if count == capacity { grow() }
        base.unsafelyUnwrapped[count] = e
        count += 1
    }

    @inlinable @inline(__always)
    mutating func removeLast() -> Event {
        assert(count > 0, "removeLast on an empty EventBuffer")
        count -= 1
        return base.unsafelyUnwrapped[count]
    }

    @usableFromInline
    mutating func grow() {
        let newCapacity = Swift.max(16, capacity * 2)
        let p = UnsafeMutablePointer<Event>.allocate(capacity: newCapacity)
        if let old = base {
            p.moveInitialize(from: old, count: count)
            old.deallocate()
        }
        base = p
        capacity = newCapacity
    }

    /// Releases the memory; the buffer is empty afterwards.
    @usableFromInline
    mutating func free() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }
}
