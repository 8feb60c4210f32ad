/// Parser of the `.net` workload format (documented in `workloads/README.md`).
///
/// One layer per line: `TYPE NAME [BOTTOM …] -> TOP … [key=value …]`, `#` starts
/// a comment, an optional `network NAME` line comes first and a final `end`
/// line is required, so a truncated file is detected. Errors name file:line,
/// the layer and the field, and say how to fix it.
public enum NetworkParser {
    /// Parses `.net` text into a validated `Network`.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the name used in error messages.
    /// - Throws: `WorkloadError` on any syntax, field or network error.
    public static func parse(text: String, file: String) throws(WorkloadError) -> Network {
        var name = ""
        var specs: [LayerSpec] = []
        var ended = false
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = offset + 1
            let content = rawLine.prefix { $0 != "#" }
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = words.first else { continue }
            let fail = { (message: String) in WorkloadError(file: file, line: line, message: message) }
            if ended {
                throw fail("text after the 'end' line; 'end' must be the last line, remove what follows or move 'end' down")
            }
            switch first {
            case "end":
                guard words.count == 1 else { throw fail("'end' takes no arguments; write just 'end'") }
                ended = true
            case "network":
                guard specs.isEmpty, name.isEmpty else {
                    throw fail("'network NAME' must come once, before the first layer")
                }
                guard words.count == 2 else { throw fail("write 'network NAME' with a single name without spaces") }
                name = String(words[1])
            default:
                var lineParser = NetLineParser(file: file, line: line, words: words)
                specs.append(try lineParser.parse())
            }
        }
        guard ended else {
            throw WorkloadError(file: file, line: 0, message: "the file ends without the 'end' line, so it may be truncated; check that it is complete and add 'end' as its last line")
        }
        return try Network(name: name.isEmpty ? defaultName(file) : name, file: file, specs: specs)
    }

    /// The file's base name without extension, for networks without a `network` line.
    static func defaultName(_ file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return base.split(separator: ".").first.map(String.init) ?? base
    }

    /// The layer types the format accepts, with Caffe's spelling (matched case-insensitively).
    /// (`LayerType`'s names, with `Data` accepted as an alias of `Input`.)
    public static let typeNames = ["Input", "Data"] + LayerType.computing.map(\.rawValue)
}

/// Parses one layer line.
struct NetLineParser {
    let file: String
    let line: Int
    let words: [Substring]
    private var fields = NetFields()

    init(file: String, line: Int, words: [Substring]) {
        self.file = file
        self.line = line
        self.words = words
    }

    func fail(_ message: String) -> WorkloadError {
        WorkloadError(file: file, line: line, message: message)
    }

    mutating func parse() throws(WorkloadError) -> LayerSpec {
        let type = String(words[0])
        guard let canonical = NetworkParser.typeNames.first(where: { $0.lowercased() == type.lowercased() }) else {
            throw fail("unknown layer type '\(type)'; use one of \(NetworkParser.typeNames.joined(separator: ", "))")
        }
        guard words.count >= 2, !words[1].contains("="), words[1] != "->" else {
            throw fail("\(canonical) layer without a name; write '\(canonical) NAME [BOTTOM …] -> TOP … [key=value …]'")
        }
        let name = String(words[1])
        guard let arrow = words.firstIndex(of: "->") else {
            throw fail("\(canonical) '\(name)': missing '->' between bottoms and tops; write '\(canonical) \(name) BOTTOM -> TOP'")
        }
        var bottoms: [String] = []
        var tops: [String] = []
        for (index, word) in words.enumerated().dropFirst(2) where index != arrow {
            if word.contains("=") {
                guard index > arrow else {
                    throw fail("\(canonical) '\(name)': field '\(word)' before '->'; fields go after the tops")
                }
                try fields.add(word, layer: "\(canonical) '\(name)'", at: SourcePlace(file: file, line: line))
            } else if word == "->" {
                throw fail("\(canonical) '\(name)': '->' appears twice; write one 'BOTTOMS -> TOPS'")
            } else {
                guard fields.isEmpty || index < arrow else {
                    throw fail("\(canonical) '\(name)': top '\(word)' after a field; list all tops right after '->', then the fields")
                }
                let names = word.split(separator: ",").map(String.init)
                if index < arrow { bottoms += names } else { tops += names }
            }
        }
        guard !tops.isEmpty else {
            throw fail("\(canonical) '\(name)': no top after '->'; name the output blob(s)")
        }
        let kind = try fields.kind(type: canonical, layer: "\(canonical) '\(name)'", at: SourcePlace(file: file, line: line))
        return LayerSpec(name: name, kind: kind, bottoms: bottoms, tops: tops, line: line)
    }
}
