/// The events of the wheel's current slot, kept sorted in the kernel's order
/// (`Event.firesBefore`), earliest at `head`.
///
/// A slot holds few events (on a memory-bound GEMM kernel, with 256-ps slots, ~9 on average
/// when one is taken, mostly the 11 controllers' wake-ups of one command cycle), and most
/// events scheduled while it is current fire after those already in it. So a sorted run
/// beats a heap here: taking the earliest is one read; a slot's bucket becomes the run by a
/// buffer swap and is sorted once (by insertion, see `take`) when it becomes current; an event
/// scheduled into the current slot is placed by a short walk from the back. (Measured
/// under callgrind on `--kernel gemm:M=4096,N=16,K=4608 --detail full`: the binary heap
/// it replaces cost ~115 instructions per event taken with 1.024-ns slots, ~85 with
/// 256-ps ones.)
/// The owner calls `free()` once.
@usableFromInline
struct SortedEvents {
    @usableFromInline var items = EventBuffer()
    /// Index of the earliest event; `items[head..<items.count]` are pending.
    @usableFromInline var head = 0

    @usableFromInline init() {}

    @inlinable var isEmpty: Bool { head == items.count }
    @inlinable var count: Int { items.count - head }
    /// The earliest pending event. - Precondition: not empty.
    @inlinable var first: Event { items[head] }

    /// Adds `e` in order (a walk from the back: it usually belongs at or near the end). When
    /// the buffer is full and events were taken from its front, the pending ones move to the
    /// front first, so a slot that keeps receiving events as it is drained does not grow the
    /// buffer without bound.
    @inlinable
    mutating func insert(_ e: Event) {
        if head > 0 && items.count == items.capacity {
            let buf = items.base.unsafelyUnwrapped
            let n = items.count - head
            for k in 0..<n { buf[k] = buf[head + k] }   // forward: the ranges may overlap
            head = 0
            items.count = n
        }
        items.append(e)
        let buf = items.base.unsafelyUnwrapped
        var i = items.count - 1
        while i > head && Event.firesBefore(e, buf[i - 1]) {
            buf[i] = buf[i - 1]
            i -= 1
        }
        buf[i] = e
    }

    /// Removes and returns the earliest event. - Precondition: not empty.
    @inlinable
    mutating func removeFirst() -> Event {
        let e = items[head]
        head += 1
        if head == items.count { head = 0; items.count = 0 }
        return e
    }

    /// Takes the events of `bucket` as the new run, sorted, and leaves `bucket` empty: the
    /// two buffers are swapped (no copy), then sorted in place.
    /// - Precondition: `isEmpty`.
    @inlinable
    mutating func take(_ bucket: inout EventBuffer) {
        assert(isEmpty, "SortedEvents.take while events are pending")
        head = 0
        items.count = 0
        swap(&items, &bucket)
        let n = items.count
        guard n > 1 else { return }
        let buf = items.base.unsafelyUnwrapped
        // Insertion sort: a bucket is mostly a few runs already in order (each SM's or
        // controller's events were scheduled in time order), so it costs n compares plus
        // the moves. A crowded bucket that turns out disordered (more than `moveBudget`
        // moves) is finished by one O(n log n) sort instead. Keys are unique (the sequence
        // number), so either path gives the same order. Measured under callgrind on
        // `--kernel conv:W=28,H=28,C=512,N=8,K=512,R=3,S=3,pad_h=1,pad_w=1,stride_v=1,stride_h=1
        // --phase backward_weight --set training.convolutionAlgorithm=implicitGemm`: buckets
        // above 64 events held 75 on average and needed ~84 moves each; the library sort
        // used for all of them before cost ~340 instructions per event sorted.
        let moveBudget = n <= 64 ? Int.max : 16 * n
        var moves = 0
        for i in 1..<n {
            let e = buf[i]
            var j = i
            while j > 0 && Event.firesBefore(e, buf[j - 1]) {
                buf[j] = buf[j - 1]
                j -= 1
            }
            buf[j] = e
            moves += i - j
            if moves > moveBudget {
                var all = UnsafeMutableBufferPointer(start: buf, count: n)
                all.sort(by: Event.firesBefore)
                return
            }
        }
    }

    @usableFromInline mutating func free() { items.free() }
}
