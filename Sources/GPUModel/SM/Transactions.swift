import SimKernel

/// One line request in flight between an SM and the L2 (a plain value in a fixed pool;
/// events carry its pool index).
struct Transaction {
    /// 128-byte-aligned line address.
    var line: UInt64 = 0
    /// Next transaction in an L2 wait list (`L2Tags.noWaiter` ends it).
    var next: UInt32 = L2Tags.noWaiter
    /// Global CTA slot of the issuing CTA.
    var slot: UInt16 = 0
    /// Issuing SM.
    var sm: UInt16 = 0
    /// L2 slice (= memory channel of the line).
    var slice: UInt16 = 0
    /// Needed 64-byte sub-blocks (bit mask).
    var halves: UInt8 = 0
    /// 0/1: load of a chunk using that buffer; 2: store.
    var purpose: UInt8 = 0

    var isWrite: Bool { purpose == Transaction.store }
    static let store: UInt8 = 2
}

/// A fixed pool of transactions: SMs × outstanding limit entries, so the limit bounds it.
final class TransactionPool {
    let items: FixedArray<Transaction>
    private let free: FixedArray<UInt32>
    private var freeCount: Int

    init(capacity: Int) {
        items = FixedArray(repeating: Transaction(), count: capacity)
        free = FixedArray((0..<UInt32(capacity)).reversed())
        freeCount = capacity
    }

    @inline(__always)
    func allocate() -> UInt32 {
        precondition(freeCount > 0, "transaction pool exhausted")
        freeCount -= 1
        return free[freeCount]
    }

    @inline(__always)
    func release(_ i: UInt32) {
        free[freeCount] = i
        freeCount += 1
    }

    var inFlight: Int { items.count - freeCount }
}

/// A burst waiting for room in its controller's queue.
struct Pending {
    var address: UInt64
    var id: UInt64
}

/// A FIFO of bursts that grows by doubling (amortised O(1), no allocation in steady state).
struct BurstFIFO {
    private var storage: ContiguousArray<Pending>
    private var head = 0
    private(set) var count = 0

    init() { storage = ContiguousArray(repeating: Pending(address: 0, id: 0), count: 16) }

    var isEmpty: Bool { count == 0 }
    var first: Pending? { count == 0 ? nil : storage[head] }

    mutating func append(_ e: Pending) {
        if count == storage.count {
            var grown = ContiguousArray(repeating: Pending(address: 0, id: 0), count: storage.count * 2)
            for i in 0..<count { grown[i] = storage[(head + i) & (storage.count - 1)] }
            storage = grown
            head = 0
        }
        storage[(head + count) & (storage.count - 1)] = e
        count += 1
    }

    mutating func removeFirst() {
        head = (head + 1) & (storage.count - 1)
        count -= 1
    }
}
