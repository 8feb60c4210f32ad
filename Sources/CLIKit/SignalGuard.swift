#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Thrown by `SignalGuard.checkInterrupted()` so a long run unwinds cleanly after Ctrl-C.
public struct Interrupted: Error, Sendable, CustomStringConvertible {
    /// The first signal received (SIGINT or SIGTERM).
    public var signal: Int32
    /// 130 for SIGINT, 143 for SIGTERM.
    public var exitCode: ExitCode { .signal(signal) }
    public var description: String {
        "interrupted by \(signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)")"
    }
}

/// Cooperative handling of SIGINT and SIGTERM.
///
/// After `SignalGuard.install()`, the first signal only sets a flag: the run loop
/// polls `interrupted` (one relaxed atomic load) or calls `checkInterrupted()`, stops,
/// lets atomic writers discard their temporary files, and exits with `exitCode`
/// (130/143). A second signal means "stop now": registered temporary files are
/// removed and the process exits at once with the first signal's code.
///
/// The C handler does only async-signal-safe work (atomic stores, one `write` to a
/// pipe); a watcher thread reads the pipe and does the rest (locks, `unlink`, `_exit`).
public final class SignalGuard: Sendable {
    /// The guard the real signal handler reports to.
    public static let shared = SignalGuard()

    private let firstSignal = Atomic<Int32>(0)
    private let signalCount = Atomic<Int32>(0)
    private let tempFiles = Mutex<[Int: String]>([:])
    private let nextToken = Atomic<Int>(0)

    /// A guard with its own state; real signals reach only `shared`. Tests use private ones.
    public init() {}

    /// Whether SIGINT or SIGTERM has arrived. Cheap enough to poll every few thousand events.
    public var interrupted: Bool { firstSignal.load(ordering: .relaxed) != 0 }

    /// The first signal received, if any.
    public var receivedSignal: Int32? {
        let s = firstSignal.load(ordering: .acquiring)
        return s == 0 ? nil : s
    }

    /// 130 after SIGINT, 143 after SIGTERM, `nil` if no signal arrived.
    public var exitCode: ExitCode? { receivedSignal.map(ExitCode.signal) }

    /// Throws `Interrupted` once a signal has arrived: `try SignalGuard.shared.checkInterrupted()`.
    public func checkInterrupted() throws(Interrupted) {
        if let signal = receivedSignal { throw Interrupted(signal: signal) }
    }

    // MARK: - Temporary-file registry

    /// Registers a temporary file to delete if the process is forced to stop; returns a token for `unregister`.
    public func register(temporaryFile path: String) -> Int {
        let token = nextToken.add(1, ordering: .relaxed).newValue
        tempFiles.withLock { $0[token] = path }
        return token
    }

    /// Forgets a temporary file (it was renamed into place or removed).
    public func unregister(_ token: Int) {
        _ = tempFiles.withLock { $0.removeValue(forKey: token) }
    }

    /// The temporary files currently registered, sorted.
    public var registeredFiles: [String] { tempFiles.withLock { $0.values.sorted() } }

    /// Deletes every registered temporary file and empties the registry.
    public func removeRegisteredFiles() {
        let paths = tempFiles.withLock { files in
            defer { files.removeAll() }
            return Array(files.values)
        }
        for path in paths { unlink(path) }
    }

    // MARK: - Delivery

    /// Records a signal (atomics only: safe inside a signal handler). The first one sticks.
    /// Returns how many signals have been recorded so far, this one included.
    @discardableResult
    public func record(_ signal: Int32) -> Int32 {
        _ = firstSignal.compareExchange(expected: 0, desired: signal, ordering: .acquiringAndReleasing)
        return signalCount.add(1, ordering: .acquiringAndReleasing).newValue
    }

    /// What the watcher does after a recorded signal: nothing on the first (the run stops
    /// cooperatively); on the second, remove temporary files and return the exit code to use now.
    func respond(afterSignalNumber count: Int32) -> ExitCode? {
        guard count >= 2 else { return nil }
        removeRegisteredFiles()
        return exitCode ?? .interrupted
    }

    /// Clears the received signal (tests, or a REPL that keeps going after Ctrl-C).
    public func reset() {
        firstSignal.store(0, ordering: .releasing)
        signalCount.store(0, ordering: .releasing)
    }

    // MARK: - Installation

    /// Installs the SIGINT and SIGTERM handlers reporting to `shared`; idempotent and thread-safe.
    /// Call it early in `main`: `SignalGuard.install()`.
    public static func install() {
        _ = SignalGuard.shared  // initialized before any handler can touch it
        SignalInstallation.once.withLock { installed in
            guard !installed else { return }
            installed = true
            // A parent (a test runner, a job system) may have left these signals blocked;
            // blocked signals are inherited across exec and would never be delivered.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGINT)
            sigaddset(&unblock, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { return }
            _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
            _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
            SignalInstallation.pipeWrite.store(fds[1], ordering: .releasing)
            let readEnd = fds[0]
            Thread.detachNewThread { SignalInstallation.watch(readEnd) }
            for signal in [SIGINT, SIGTERM] { SignalInstallation.installHandler(for: signal) }
        }
    }
}

/// Process-wide installation state; separate so the C handler needs no captured context.
enum SignalInstallation {
    static let once = Mutex<Bool>(false)
    static let pipeWrite = Atomic<Int32>(-1)

    static func installHandler(for signal: Int32) {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = signalHandler
        #else
        action.__sigaction_u.__sa_handler = signalHandler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(signal, &action, nil)
    }

    /// Reads signal numbers from the pipe and applies the second-signal policy.
    static func watch(_ fd: Int32) {
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            let count = SignalGuard.shared.signalCountForWatcher
            if let code = SignalGuard.shared.respond(afterSignalNumber: count) { _exit(code.rawValue) }
        }
    }
}

extension SignalGuard {
    fileprivate var signalCountForWatcher: Int32 { signalCount.load(ordering: .acquiring) }
}

/// The C-level handler: async-signal-safe work only.
private func signalHandler(_ signal: Int32) {
    let savedErrno = errno
    SignalGuard.shared.record(signal)
    var byte = UInt8(truncatingIfNeeded: signal)
    let fd = SignalInstallation.pipeWrite.load(ordering: .acquiring)
    if fd >= 0 { _ = write(fd, &byte, 1) }
    errno = savedErrno
}
