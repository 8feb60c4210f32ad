/// An error in the inputs of the value layer: a `.npy` file, model parameters, or a
/// SparseCode stream. It names the input, says what is wrong and how to fix it.
public struct ValueError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The category of the problem, for programmatic checks.
    public enum Kind: String, Sendable, Hashable, Codable {
        case unreadableFile, unwritableFile, badMagic, unsupportedVersion, truncatedHeader, malformedHeader
        case unsupportedDType, fortranOrder, badShape, truncatedData, extraData
        case emptyTensor, shapeMismatch, invalidParameters, corruptStream
    }

    public let kind: Kind
    /// The file or input the problem is in (a path, or a label such as `model`).
    public let source: String
    /// What is wrong.
    public let problem: String
    /// How to fix it.
    public let fix: String

    public init(_ kind: Kind, source: String, problem: String, fix: String) {
        self.kind = kind
        self.source = source
        self.problem = problem
        self.fix = fix
    }

    public var description: String { "\(source): \(problem). Fix: \(fix)" }
}
