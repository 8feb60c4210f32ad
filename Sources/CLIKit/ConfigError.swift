/// A config could not be loaded, decoded or overridden. Names the source (file or
/// `--set` argument), the full dotted key path, and how to fix it.
///
/// ```
/// error: sim.json: memory.timing.tRCDx is not a known key; did you mean memory.timing.tRCD?
/// hint: remove or rename the key; '--dump-config' prints every known key.
/// ```
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The file could not be read.
        case file
        /// The text is not valid JSON.
        case syntax(line: Int, column: Int)
        /// A key the config type does not have.
        case unknownKey(path: String, suggestion: String?)
        /// A value of the wrong JSON type.
        case typeMismatch(path: String)
        /// A required key is absent.
        case missingKey(path: String)
        /// The right type but an unacceptable value (e.g. an unknown enum case).
        case invalidValue(path: String)
        /// A `--set` argument that is not `key=value` or has a malformed key.
        case malformedOverride
    }

    public var kind: Kind
    /// Where the config came from: a file path, or `--set key=value`.
    public var source: String
    public var message: String
    public var hint: String

    public init(kind: Kind, source: String, message: String, hint: String) {
        self.kind = kind
        self.source = source
        self.message = message
        self.hint = hint
    }

    public var description: String { "error: \(source): \(message)\nhint: \(hint)" }

    /// The exit code for any config error: bad input.
    public var exitCode: ExitCode { .usage }
}

extension ConfigError {
    static func from(_ error: FileError) -> ConfigError {
        ConfigError(kind: .file, source: error.path, message: "cannot \(error.operation) the file: \(error.reason)", hint: error.hint)
    }

    static func from(_ error: JSONSyntaxError, source: String) -> ConfigError {
        ConfigError(kind: .syntax(line: error.line, column: error.column), source: source,
                    message: "invalid JSON at line \(error.line), column \(error.column): \(error.message)",
                    hint: "fix the JSON at that position; '--dump-config' prints a valid config to start from.")
    }

    static func unknownKey(_ path: String, suggestion: String?, source: String) -> ConfigError {
        let did = suggestion.map { "; did you mean \($0)?" } ?? ""
        return ConfigError(kind: .unknownKey(path: path, suggestion: suggestion), source: source,
                           message: "\(path) is not a known key\(did)",
                           hint: "remove or rename the key; '--dump-config' prints every known key.")
    }
}

/// Renders a coding path as `memory.layers[2].name`.
func dottedPath(_ components: [ConfigPathComponent]) -> String {
    var out = ""
    for component in components {
        switch component {
        case .key(let key): out += out.isEmpty ? key : "." + key
        case .index(let i): out += "[\(i)]"
        }
    }
    return out.isEmpty ? "(top level)" : out
}

/// One step of a key path: an object member or an array element.
enum ConfigPathComponent: Hashable, Sendable {
    case key(String)
    case index(Int)
}
