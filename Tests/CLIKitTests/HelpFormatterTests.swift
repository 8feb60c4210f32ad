import Testing
@testable import CLIKit

@Suite struct HelpFormatterTests {
    @Test func helpMentionsEveryOptionWithValueNameDefaultAndChoices() {
        let text = SimCommand.helpText
        for spec in SimCommand.configuration.specs {
            #expect(text.contains(spec.name), "\(spec.name) missing")
            if let short = spec.short { #expect(text.contains("\(short), \(spec.name)")) }
            if spec.takesValue { #expect(text.contains("\(spec.name) <\(spec.valueName)>")) }
            if let d = spec.defaultText { #expect(text.contains("(default: \(d))")) }
        }
        #expect(text.contains("Allowed: dram, mlc, bitlevel."))
        #expect(text.contains("Range: 1...4096."))
        #expect(text.contains("-h, --help"))
        #expect(text.contains("--version"))
        #expect(text.contains("USAGE: stt-cyclesim [<options>]"))
        #expect(text.contains("EXAMPLES:\n  stt-cyclesim --workload resnet18 --memory dram,mlc\n      Compare DRAM and MLC STT-RAM."))
    }

    @Test func columnsAlignAndLinesFit() {
        let lines = SimCommand.helpText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 })
        let optionLines = lines.filter { $0.hasPrefix("  -") || $0.hasPrefix("      --") }
        #expect(optionLines.count == SimCommand.configuration.specs.count + 2)
        // Every option's help starts at the same column.
        let columns = Set(optionLines.map { line in
            let chars = Array(line)
            var i = 2
            while chars[i] == " " { i += 1 }
            while i < chars.count, !(chars[i] == " " && chars[i + 1] == " ") { i += 1 }
            while i < chars.count, chars[i] == " " { i += 1 }
            return i
        })
        #expect(columns == [34])
    }

    @Test func longLabelWrapsToNextLine() {
        let opt = Option<String>("--a-very-long-option-name-indeed", valueName: "SOMETHING", help: "Help.")
        let text = HelpFormatter().help(for: CommandConfiguration(name: "t", abstract: "A.", options: [opt]))
        #expect(text.contains("      --a-very-long-option-name-indeed <SOMETHING>\n" + String(repeating: " ", count: 34) + "Help."))
    }
}
