import Foundation

/// Finds and loads workloads by name (`vgg19`) or path (`x.net`, `x.prototxt`).
///
/// Names resolve to `NAME.net` in the workloads directory, searched in this
/// order: the explicit directory given to `init`; `./workloads` under the
/// current directory; `workloads/` next to the executable or in one of its
/// parent directories, up to and including the package root (the directory
/// holding `Package.swift`), so `.build/release/stt-cyclesim` finds the
/// package's `workloads/`.
public struct WorkloadLibrary: Sendable {
    /// The workloads shipped in `workloads/`.
    public static let builtInNames = ["vgg19", "vgg16", "alexnet", "googlenet", "resnet50"]

    /// The workloads directory found, or nil (then only paths load).
    public let directory: String?
    /// The places searched, for messages.
    public let searched: [String]

    /// - Parameters:
    ///   - directory: an explicit workloads directory (used as is, even if missing).
    ///   - currentDirectory: where `./workloads` is looked for (default: the process's).
    ///   - executablePath: where to start the upward search (default: this process's executable).
    public init(directory: String? = nil,
                currentDirectory: String = FileManager.default.currentDirectoryPath,
                executablePath: String? = Bundle.main.executablePath) {
        if let directory {
            self.directory = directory
            self.searched = [directory]
            return
        }
        var candidates = [URL(fileURLWithPath: currentDirectory).appendingPathComponent("workloads")]
        if let executablePath {
            var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
            while true {
                candidates.append(folder.appendingPathComponent("workloads"))
                let isRoot = FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path)
                if isRoot || folder.path == "/" || folder.path.isEmpty { break }
                folder.deleteLastPathComponent()
            }
        }
        self.searched = candidates.map(\.path)
        self.directory = searched.first { Self.isDirectory($0) }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Names of the `.net` files in the directory (built-in ones first), or the built-in names if none was found.
    public var availableNames: [String] {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            return Self.builtInNames
        }
        let names = files.filter { $0.hasSuffix(".net") }.map { String($0.dropLast(4)) }
        return Self.builtInNames.filter(names.contains) + names.filter { !Self.builtInNames.contains($0) }.sorted()
    }

    /// Loads a workload: a path ending in `.net` or `.prototxt`, else a name in the directory.
    /// - Throws: `WorkloadError` for unknown names, unreadable files and any parse error.
    public func load(_ nameOrPath: String, importOptions: CaffeImportOptions = .init()) throws(WorkloadError) -> Network {
        if nameOrPath.hasSuffix(".prototxt") {
            return try CaffeImporter.importNetwork(text: try Self.read(nameOrPath), file: nameOrPath, options: importOptions)
        }
        if nameOrPath.hasSuffix(".net") {
            return try NetworkParser.parse(text: try Self.read(nameOrPath), file: nameOrPath)
        }
        guard let directory else {
            throw WorkloadError(file: nameOrPath, line: 0, message: "unknown workload '\(nameOrPath)': no workloads directory found (searched \(searched.joined(separator: ", "))); pass a .net or .prototxt path or a workloads directory")
        }
        let path = URL(fileURLWithPath: directory).appendingPathComponent("\(nameOrPath).net").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw WorkloadError(file: nameOrPath, line: 0, message: "unknown workload '\(nameOrPath)' in \(directory); available: \(availableNames.joined(separator: ", ")), or a path ending in .net or .prototxt")
        }
        return try NetworkParser.parse(text: try Self.read(path), file: path)
    }

    static func read(_ path: String) throws(WorkloadError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkloadError(file: path, line: 0, message: "cannot read the file; check the path and permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WorkloadError(file: path, line: 0, message: "the file is not UTF-8 text")
        }
        return text
    }
}
