import Dispatch
import Foundation

/// Runs independent jobs on up to `jobs` threads and returns their results in input order,
/// as a serial `map` would: the order of completion never shows. The first error (by input
/// order) is rethrown after every started job has finished.
public enum ParallelMap {
    public static func map<T: Sendable, R: Sendable>(_ items: [T], jobs: Int,
                                                     _ body: @Sendable (T) throws -> R) throws -> [R] {
        let workers = max(1, min(jobs, items.count))
        if workers == 1 { return try items.map(body) }
        let box = Box<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = box.take() {
                let outcome = Result { try body(items[i]) }
                box.store(outcome, at: i)
            }
        }
        return try box.outcomes.map { try $0!.get() }
    }

    /// The shared work index and result slots, behind one lock.
    private final class Box<R: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let count: Int
        private(set) var outcomes: [Result<R, any Error>?]

        init(count: Int) {
            self.count = count
            outcomes = Array(repeating: nil, count: count)
        }

        func take() -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }

        func store(_ r: Result<R, any Error>, at i: Int) {
            lock.lock(); defer { lock.unlock() }
            outcomes[i] = r
        }
    }
}
