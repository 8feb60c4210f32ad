/// An error in a workload description: a `.net` file, a Caffe prototxt, or a
/// network that does not make sense (missing blob, shape mismatch, cycle …).
///
/// Every error names the file and 1-based line it refers to (line 0 when the
/// problem concerns the file as a whole), says what is wrong and how to fix it.
/// Parsers and importers only ever throw this type on bad input; they never trap.
public struct WorkloadError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The file the error refers to (as given by the caller, e.g. `vgg19.net`).
    public var file: String
    /// 1-based line number; 0 when the error concerns the whole file.
    public var line: Int
    /// What is wrong and how to fix it.
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the format compilers use, so editors can jump to it.
    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
