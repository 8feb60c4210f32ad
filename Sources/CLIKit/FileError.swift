#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file could not be read or written; says which path, why, and how to fix it.
///
/// ```
/// error: cannot write 'out/run1/stats.csv': directory 'out/run1' does not exist
/// hint: create it (mkdir -p 'out/run1') or choose another output path.
/// ```
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file the user named.
    public var path: String
    /// "read" or "write".
    public var operation: String
    /// The `errno` behind the failure, if a system call failed.
    public var code: Int32?
    /// Why, in words.
    public var reason: String
    /// How to fix it.
    public var hint: String

    public init(path: String, operation: String, code: Int32?, reason: String, hint: String) {
        self.path = path
        self.operation = operation
        self.code = code
        self.reason = reason
        self.hint = hint
    }

    public var description: String { "error: cannot \(operation) '\(path)': \(reason)\nhint: \(hint)" }

    /// Maps an `errno` from writing `path` to a reason and a fix.
    public static func writing(_ path: String, errno code: Int32) -> FileError {
        let dir = directory(of: path)
        let (reason, hint): (String, String)
        switch code {
        case ENOENT, ENOTDIR:
            (reason, hint) = ("directory '\(dir)' does not exist", "create it (mkdir -p '\(dir)') or choose another output path.")
        case EACCES, EPERM:
            (reason, hint) = ("permission denied in directory '\(dir)'", "choose a directory you can write to, or fix its permissions.")
        case EISDIR:
            (reason, hint) = ("it is a directory", "give a file name, e.g. '\(path)/results.csv'.")
        case ENOSPC, EDQUOT:
            (reason, hint) = ("no space left on the device", "free some space or write somewhere else.")
        case EROFS:
            (reason, hint) = ("the file system is read-only", "choose an output path on a writable file system.")
        default:
            (reason, hint) = (String(cString: strerror(code)), "check the path and try again.")
        }
        return FileError(path: path, operation: "write", code: code, reason: reason, hint: hint)
    }

    /// Maps an `errno` from reading `path` to a reason and a fix.
    public static func reading(_ path: String, errno code: Int32) -> FileError {
        let (reason, hint): (String, String)
        switch code {
        case ENOENT, ENOTDIR: (reason, hint) = ("no such file", "check the spelling and the current directory.")
        case EACCES, EPERM: (reason, hint) = ("permission denied", "make the file readable or copy it somewhere readable.")
        case EISDIR: (reason, hint) = ("it is a directory", "give the path of a file inside it.")
        default: (reason, hint) = (String(cString: strerror(code)), "check the path and try again.")
        }
        return FileError(path: path, operation: "read", code: code, reason: reason, hint: hint)
    }

    /// The directory part of `path` ("." for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// Reads a whole UTF-8 text file, with `FileError`s that say what to do.
/// `let text = try readTextFile("config.json")`.
public func readTextFile(_ path: String) throws(FileError) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError.reading(path, errno: errno) }
    defer { close(fd) }
    var info = stat()
    if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw FileError.reading(path, errno: EISDIR) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw FileError.reading(path, errno: errno)
        }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw FileError(path: path, operation: "read", code: nil, reason: "it is not valid UTF-8 text",
                        hint: "save the file as UTF-8.")
    }
    return text
}
