#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a text file line by line with one reusable buffer: memory stays flat however
/// long the file is.
final class LineReader {
    let path: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity: Int = 0

    /// Opens `path`; throws a message naming the path and the reason.
    init(path: String) throws(TraceError) {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw TraceError(file: path, line: 0, message: "is a directory, not a trace file",
                             hint: "give --trace one trace file, e.g. --trace \(path)/trace.trc")
        }
        guard let f = fopen(path, "r") else {
            let reason = String(cString: strerror(errno))
            throw TraceError(file: path, line: 0, message: "cannot open the trace: \(reason)",
                             hint: "check the path given to --trace")
        }
        file = f
    }

    deinit {
        fclose(file)
        free(buffer)
    }

    /// The next line without its line ending, or nil at the end of the file.
    func next() -> UnsafeBufferPointer<UInt8>? {
        let n = getline(&buffer, &capacity, file)
        guard n >= 0, let b = buffer else { return nil }
        var len = n
        let bytes = UnsafeRawPointer(b).assumingMemoryBound(to: UInt8.self)
        while len > 0, bytes[len - 1] == 10 || bytes[len - 1] == 13 { len -= 1 }
        return UnsafeBufferPointer(start: bytes, count: len)
    }
}

/// Splits a line into whitespace-separated fields, stopping at `#`.
@inline(__always)
func fields(of line: UnsafeBufferPointer<UInt8>, into out: inout [Range<Int>]) {
    out.removeAll(keepingCapacity: true)
    var i = 0
    let n = line.count
    while i < n {
        while i < n, line[i] == 32 || line[i] == 9 || line[i] == 44 { i += 1 }
        if i >= n || line[i] == 35 { return }
        let start = i
        while i < n, line[i] != 32, line[i] != 9, line[i] != 44, line[i] != 35 { i += 1 }
        out.append(start..<i)
    }
}
