/// A binary min-heap of events in the kernel's order (`Event.firesBefore`).
///
/// Specialised to `Event` (no generic or closure comparison) because it sits on the
/// hottest path of every run.
/// - Complexity: `push` and `popMin` are O(log n); `min` is O(1).
@usableFromInline
struct EventHeap {
    @usableFromInline var items: ContiguousArray<Event> = []

    @usableFromInline init() { items.reserveCapacity(256) }

    @inlinable var isEmpty: Bool { items.isEmpty }
    @inlinable var count: Int { items.count }
    @inlinable var min: Event? { items.first }

    @inlinable
    mutating func push(_ e: Event) {
        items.append(e)
        items.withUnsafeMutableBufferPointer { buf in
            var i = buf.count - 1
            while i > 0 {
                let parent = (i - 1) >> 1
                if !Event.firesBefore(e, buf[parent]) { break }
                buf[i] = buf[parent]
                i = parent
            }
            buf[i] = e
        }
    }

    @inlinable
    mutating func popMin() -> Event? {
        guard let last = items.popLast() else { return nil }
        if items.isEmpty { return last }
        return items.withUnsafeMutableBufferPointer { buf -> Event in
            let top = buf[0]
            let n = buf.count
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
    }
}
