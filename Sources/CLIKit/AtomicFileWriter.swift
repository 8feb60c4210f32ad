#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Numbers temporary files uniquely within the process.
private let temporaryCounter = Atomic<Int>(0)

/// Writes a file so that readers see either the old contents or the complete new
/// ones, never a partial file.
///
/// The data goes to `.NAME.tmp-PID-N` in the destination's directory (same file
/// system, so `rename(2)` is atomic), optionally `fsync`ed, then renamed over the
/// destination. If the body throws, a write fails, or a signal arrived (when
/// `signalGuard` is set), the temporary file is removed and the destination is
/// untouched. An existing destination's permission bits are kept.
///
/// `try AtomicFileWriter(path: "out/stats.csv").write(csvText)`
/// `try AtomicFileWriter(path: p).write { sink in for row in rows { try sink.write(row) } }`
public struct AtomicFileWriter: Sendable {
    /// The file to create or replace.
    public var path: String
    /// `fsync` the data and the directory before and after renaming (slower, survives power loss).
    public var syncToDisk: Bool
    /// If set, a signal received before the rename abandons the write (the destination is kept).
    public var signalGuard: SignalGuard?

    public init(path: String, syncToDisk: Bool = false, signalGuard: SignalGuard? = .shared) {
        self.path = path
        self.syncToDisk = syncToDisk
        self.signalGuard = signalGuard
    }

    /// Replaces the file's contents with `text`.
    public func write(_ text: String) throws(FileError) {
        do {
            try write { (sink: inout FileSink) throws(FileError) in try sink.write(text) }
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(path: path, operation: "write", code: nil, reason: "\(error)", hint: "try again.")
        }
    }

    /// Streams the contents through `body`; errors thrown by `body` propagate unchanged
    /// after the temporary file is removed.
    public func write(_ body: (inout FileSink) throws -> Void) throws {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw FileError.writing(path, errno: EISDIR) }
        let temporary = temporaryPath()
        var sink = try FileSink(creating: temporary, reportingAs: path)
        let token = signalGuard?.register(temporaryFile: temporary)
        defer { if let token { signalGuard?.unregister(token) } }
        do {
            try body(&sink)
            try sink.flush()
            if let signal = signalGuard?.receivedSignal { throw Interrupted(signal: signal) }
            try commit(&sink, temporary: temporary)
        } catch {
            sink.close()
            unlink(temporary)
            throw error
        }
    }

    /// `dir/.NAME.tmp-PID-N`.
    func temporaryPath() -> String {
        let n = temporaryCounter.add(1, ordering: .relaxed).newValue
        let dir = FileError.directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let prefix = path.contains("/") ? (dir == "/" ? "/" : dir + "/") : ""
        return "\(prefix).\(name).tmp-\(getpid())-\(n)"
    }

    private func commit(_ sink: inout FileSink, temporary: String) throws(FileError) {
        var existing = stat()
        if stat(path, &existing) == 0 {
            if (existing.st_mode & S_IFMT) == S_IFDIR { throw FileError.writing(path, errno: EISDIR) }
            _ = fchmod(sink.descriptor, existing.st_mode & 0o7777)
        }
        if syncToDisk, fsync(sink.descriptor) != 0 { throw FileError.writing(path, errno: errno) }
        try sink.closeChecked()
        guard rename(temporary, path) == 0 else { throw FileError.writing(path, errno: errno) }
        if syncToDisk { syncDirectory() }
    }

    private func syncDirectory() {
        let fd = open(FileError.directory(of: path), O_RDONLY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }
}

/// A buffered, write-only file handle handed to `AtomicFileWriter` bodies.
public struct FileSink: ~Copyable {
    /// The open descriptor; -1 once closed.
    public private(set) var descriptor: Int32
    /// The path named in errors (the destination, not the temporary file).
    public let reportedPath: String
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16

    init(creating temporary: String, reportingAs path: String) throws(FileError) {
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        reportedPath = path
        guard descriptor >= 0 else { throw FileError.writing(path, errno: errno) }
        buffer.reserveCapacity(capacity)
    }

    deinit { if descriptor >= 0 { posixClose(descriptor) } }

    /// Appends `text` (UTF-8); flushes to the file every 64 KiB.
    public mutating func write(_ text: String) throws(FileError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    /// Appends raw bytes.
    public mutating func write(bytes: some Sequence<UInt8>) throws(FileError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    /// Hands the buffered bytes to the kernel.
    public mutating func flush() throws(FileError) {
        var offset = 0
        let fd = descriptor
        let failure: Int32? = buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        buffer.removeAll(keepingCapacity: true)
        if let failure { throw FileError.writing(reportedPath, errno: failure) }
    }

    mutating func close() {
        if descriptor >= 0 { posixClose(descriptor) }
        descriptor = -1
    }

    mutating func closeChecked() throws(FileError) {
        let result = posixClose(descriptor)
        descriptor = -1
        if result != 0 && errno != EINTR { throw FileError.writing(reportedPath, errno: errno) }
    }
}

// Free functions so `FileSink`'s own `write`/`close` methods do not shadow the system calls.
@discardableResult
private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
private func posixWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, pointer, count) }
