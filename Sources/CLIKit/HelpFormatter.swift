/// Renders `--help` text from a `CommandConfiguration`: overview, usage line,
/// discussion, options in two aligned columns (value names, allowed values,
/// ranges, defaults, repeatability) and examples. Deterministic; wraps at `width`.
public struct HelpFormatter: Sendable {
    public var width: Int
    /// The left column never grows past this; longer labels put their help on the next line.
    public var maxLabelWidth: Int

    public init(width: Int = 80, maxLabelWidth: Int = 30) {
        self.width = max(40, width)
        self.maxLabelWidth = maxLabelWidth
    }

    /// The complete help text, ending in a newline.
    public func help(for configuration: CommandConfiguration) -> String {
        var out = "OVERVIEW: \(configuration.abstract)\n\n"
        out += "USAGE: \(usage(for: configuration))\n\n"
        if !configuration.discussion.isEmpty {
            out += wrap([configuration.discussion], indent: 0, firstIndent: 0) + "\n\n"
        }
        if let positional = configuration.positional {
            out += "ARGUMENTS:\n" + row(label: "<\(positional.valueName)>", help: [positional.help]) + "\n"
        }
        out += "OPTIONS:\n"
        for spec in configuration.specs + configuration.builtIns {
            out += row(label: label(spec), help: details(spec))
        }
        if !configuration.examples.isEmpty {
            out += "\nEXAMPLES:\n"
            for example in configuration.examples {
                out += "  \(example.command)\n" + wrap([example.explanation], indent: 6, firstIndent: 6) + "\n"
            }
        }
        return out
    }

    /// `name [<options>] --trace <FILE> [<FILE> ...]`: required options are spelled out.
    public func usage(for configuration: CommandConfiguration) -> String {
        var parts = [configuration.name]
        if configuration.specs.contains(where: { !$0.isRequired }) { parts.append("[<options>]") }
        for spec in configuration.specs where spec.isRequired { parts.append("\(spec.name) <\(spec.valueName)>") }
        if let positional = configuration.positional {
            let one = "<\(positional.valueName)>"
            let many = positional.count.upperBound > 1 ? " ..." : ""
            parts.append(positional.count.lowerBound > 0 ? one + many : "[\(one)\(many)]")
        }
        return parts.joined(separator: " ")
    }

    /// `-w, --workload <NAME>`; options without a short name are indented to align long names.
    func label(_ spec: OptionSpec) -> String {
        let prefix = spec.short.map { "\($0), " } ?? "    "
        return prefix + spec.name + (spec.takesValue ? " <\(spec.valueName)>" : "")
    }

    /// The help sentence plus the generated facts (allowed values, range, repeatability,
    /// default); each fact is one segment that wrapping keeps on one line when it fits.
    func details(_ spec: OptionSpec) -> [String] {
        var segments = [spec.help]
        if let allowed = spec.allowedValues { segments.append("Allowed: \(allowed.joined(separator: ", ")).") }
        if let constraint = spec.constraint { segments.append("Range: \(constraint).") }
        switch spec.kind {
        case .repeated: segments.append("Repeatable.")
        case .list: segments.append("Comma-separated; repeatable.")
        case .flag, .single: break
        }
        if let defaultText = spec.defaultText { segments.append("(default: \(defaultText.isEmpty ? "\"\"" : defaultText))") }
        if spec.isRequired { segments.append("(required)") }
        return segments
    }

    private func labelColumn() -> Int { maxLabelWidth + 4 }

    /// One option row: label in the left column, wrapped help in the right one.
    func row(label: String, help: [String]) -> String {
        let column = labelColumn()
        let left = "  " + label
        if left.count + 2 <= column {
            let padded = left + String(repeating: " ", count: column - left.count)
            return padded + wrap(help, indent: column, firstIndent: 0, firstWidth: width - column) + "\n"
        }
        return left + "\n" + wrap(help, indent: column, firstIndent: column) + "\n"
    }

    /// Greedy word wrap of `segments`: the first is split into words, later ones stay whole
    /// when they fit in a line. Words longer than a line are left whole rather than split.
    func wrap(_ segments: [String], indent: Int, firstIndent: Int, firstWidth: Int? = nil) -> String {
        var lines: [String] = []
        var line = String(repeating: " ", count: firstIndent)
        var limit = firstWidth.map { $0 + firstIndent } ?? width
        var lineHasWord = false
        var atoms: [Substring] = []
        for (i, segment) in segments.enumerated() {
            if i > 0, segment.count <= width - indent { atoms.append(Substring(segment)); continue }
            atoms += segment.split(separator: " ", omittingEmptySubsequences: true)
        }
        for word in atoms {
            if lineHasWord, line.count + 1 + word.count > limit {
                lines.append(line)
                line = String(repeating: " ", count: indent)
                limit = width
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
