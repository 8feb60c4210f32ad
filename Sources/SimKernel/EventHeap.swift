/// A binary min-heap of events in the kernel's order (`Event.firesBefore`).
///
/// Specialised to `Event` (no generic or closure comparison) and stored in an
/// `EventBuffer` because it sits on the hottest path of every run. The owner calls
/// `free()` once.
/// - Complexity: `push` and `popMin` are O(log n); `min` is O(1).
@usableFromInline
struct EventHeap {
    @usableFromInline var items = EventBuffer()

    @usableFromInline init() {}

    @inlinable var isEmpty: Bool { items.count == 0 }
    @inlinable var count: Int { items.count }
    @inlinable var min: Event? { items.count == 0 ? nil : items[0] }

    @inlinable
    mutating func push(_ e: Event) {
        items.append(e)
        let buf = items.base.unsafelyUnwrapped
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if !Event.firesBefore(e, buf[parent]) { break }
            buf[i] = buf[parent]
            i = parent
        }
        buf[i] = e
    }

    @inlinable
    mutating func popMin() -> Event? {
        guard items.count > 0 else { return nil }
        let last = items.removeLast()
        let n = items.count
        if n == 0 { return last }
        let buf = items.base.unsafelyUnwrapped
        let top = buf[0]
        var i = 0
        while true {
            let l = 2 * i + 1
            if l >= n { break }
            let r = l + 1
            let c = (r < n && Event.firesBefore(buf[r], buf[l])) ? r : l
            if !Event.firesBefore(buf[c], last) { break }
            buf[i] = buf[c]
            i = c
        }
        buf[i] = last
        return top
    }

    @usableFromInline mutating func free() { items.free() }
}
