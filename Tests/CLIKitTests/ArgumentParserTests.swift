import Testing
@testable import CLIKit

@Suite struct ArgumentParserTests {
    func error(_ args: [String]) -> UsageError? { SimCommand.parse(args).usageError }

    @Test func parsesEveryFormAndDefaults() throws {
        let c = try #require(SimCommand.parse(["-w", "vgg16", "--batch=128", "--memory", "dram,mlc", "-m", "bitlevel",
                                               "--set", "a.b=1", "--set=c=x=y", "-v", "--max-cycles", "0x10"]).command)
        #expect(c.workload == "vgg16")
        #expect(c.batch == 128)
        #expect(c.clock == 1.5)
        #expect(c.memory == [.dram, .mlc, .bitlevel])
        #expect(c.sets == [KeyValue(key: "a.b", value: "1"), KeyValue(key: "c", value: "x=y")])
        #expect(c.verbose)
        #expect(c.cycles == 16)
        #expect(c.output == "results")
        let d = try #require(SimCommand.parse(["--trace", "t.bin"]).command)
        #expect(d.memory == [.dram] && d.sets.isEmpty && !d.verbose && d.cycles == nil && d.batch == 64)
    }

    @Test func numbersWithSeparatorsAndNegativeValues() throws {
        let c = try #require(SimCommand.parse(["--trace", "-", "--batch", "4_096", "--clock-ghz", "2e0"]).command)
        #expect(c.trace == "-" && c.batch == 4096 && c.clock == 2)
    }

    @Test func doubleDashEndsOptions() {
        let e = error(["--trace", "x", "--", "--verbose"])
        #expect(e?.kind == .unexpectedArgument("--verbose"))
    }

    @Test func helpAndVersion() {
        guard case .help(let text) = SimCommand.parse(["--batch", "oops", "-h"]) else { Issue.record("no help"); return }
        #expect(text.hasPrefix("OVERVIEW: "))
        guard case .version(let v) = SimCommand.parse(["--version"]) else { Issue.record("no version"); return }
        #expect(v == "stt-cyclesim 0.1.0\n")
        #expect(error(["--", "--help"])?.kind == .unexpectedArgument("--help"))
    }

    @Test func unknownOptionSuggestsClosest() {
        let e = error(["--wrokload", "vgg16"])
        #expect(e?.kind == .unknownOption("--wrokload", suggestion: "--workload"))
        #expect(e?.description == """
            error: unknown option '--wrokload'
            hint: did you mean '--workload'? Run 'stt-cyclesim --help' for the list of options.
            """)
        #expect(error(["-workload", "x"])?.kind == .unknownOption("-workload", suggestion: "--workload"))
        #expect(error(["--zzzzzzzzzz"])?.kind == .unknownOption("--zzzzzzzzzz", suggestion: nil))
        #expect(error(["-x"])?.kind == .unknownOption("-x", suggestion: nil))
        #expect(error(["--verison"])?.kind == .unknownOption("--verison", suggestion: "--version"))
    }

    @Test func missingValue() {
        #expect(error(["--trace"])?.kind == .missingValue(option: "--trace"))
        let e = error(["--batch", "--verbose"])
        #expect(e?.kind == .missingValue(option: "--batch"))
        #expect(e?.message == "option '--batch' needs a value <N>")
        #expect(e?.hint.contains("'--batch=<N>'") == true)
    }

    @Test func nonNumericOutOfRangeOverflow() {
        let e1 = error(["--trace", "t", "--batch", "lots"])
        #expect(e1?.kind == .invalidValue(option: "--batch", value: "lots", problem: .notANumber(expected: "an integer")))
        #expect(e1?.message == "invalid value 'lots' for '--batch': expected an integer")
        #expect(e1?.hint == "give an integer in 1...4096, e.g. '--batch 1'.")
        let e2 = error(["--trace", "t", "--batch", "5000"])
        #expect(e2?.message == "invalid value '5000' for '--batch': out of range; must be 1...4096")
        let e3 = error(["--trace", "t", "--batch", "99999999999999999999"])
        #expect(e3?.kind == .invalidValue(option: "--batch", value: "99999999999999999999",
                                          problem: .overflow(type: "Int", range: "1...4096")))
        #expect(e3?.message.contains("too large for Int") == true)
        let e4 = error(["--trace", "t", "--max-cycles", "-1"])
        #expect(e4?.kind == .invalidValue(option: "--max-cycles", value: "-1", problem: .outOfRange(range: "≥ 0")))
        let e5 = error(["--trace", "t", "--max-cycles", "18446744073709551616"])
        #expect(e5?.message.contains("too large for UInt64") == true)
        let e6 = error(["--trace", "t", "--clock-ghz", "1e999"])
        #expect(e6?.message.contains("too large for Double") == true)
        let e7 = error(["--trace", "t", "--clock-ghz", "nan"])
        #expect(e7?.message == "invalid value 'nan' for '--clock-ghz': expected a number")
        let e8 = error(["--trace", "t", "--clock-ghz", "9.5"])
        #expect(e8?.message == "invalid value '9.5' for '--clock-ghz': out of range; must be 0.1...5.0")
    }

    @Test func notAllowedListsChoices() {
        let e = error(["--workload", "resnet"])
        #expect(e?.message == "invalid value 'resnet' for '--workload': not one of resnet18, vgg16, alexnet")
        #expect(e?.hint == "did you mean 'resnet18'? Allowed values: resnet18, vgg16, alexnet.")
        let e2 = error(["--trace", "t", "--memory", "dram,mcl"])
        #expect(e2?.kind == .invalidValue(option: "--memory", value: "mcl",
                                          problem: .notAllowed(allowed: ["dram", "mlc", "bitlevel"], suggestion: "mlc")))
        let e3 = error(["--trace", "t", "--memory", "dram,,mlc"])
        #expect(e3?.message == "invalid value 'dram,,mlc' for '--memory': empty item in comma-separated list")
    }

    @Test func repeatedSingleValue() {
        let e = error(["--trace", "a", "--trace", "b"])
        #expect(e?.kind == .repeatedOption("--trace"))
        #expect(e?.message == "option '--trace' was given more than once")
    }

    @Test func strayPositional() {
        let e = error(["--trace", "t", "verbose"])
        #expect(e?.kind == .unexpectedArgument("verbose"))
        #expect(e?.hint.hasPrefix("did you mean '--verbose'? This command takes no positional arguments.") == true)
    }

    @Test func flagWithValueAndKeyValue() {
        #expect(error(["--trace", "t", "--verbose=yes"])?.kind == .flagWithValue(option: "--verbose", value: "yes"))
        let e = error(["--trace", "t", "--set", "novalue"])
        #expect(e?.message == "invalid value 'novalue' for '--set': expected key=value (no '=' found)")
        #expect(e?.hint == "write '--set <KEY=VALUE>', e.g. '--set memory.channels=8'.")
    }

    @Test func validateCrossOptionRules() {
        let e = error(["--trace", "t", "--workload", "vgg16"])
        #expect(e?.kind == .invalidCombination)
        #expect(e?.message == "options '--workload' and '--trace' cannot be used together")
        #expect(error([])?.message == "nothing to simulate")
    }

    @Test func missingRequiredAndPositionals() throws {
        let input = Option<String>("--input", valueName: "FILE", help: "Input.", isRequired: true)
        let config = CommandConfiguration(name: "tool", abstract: "A tool.", options: [input],
                                          positional: PositionalSpec(valueName: "NAME", help: "Names.", count: 1...2))
        let parser = ArgumentParser(config)
        #expect(throws: UsageError.self) { try parser.parse(["a"]) }
        do { _ = try parser.parse(["a"]) } catch { #expect(error.kind == .missingRequired(option: "--input")) }
        let ok = try parser.parse(["--input", "f", "a", "--", "-b"])
        #expect(ok.positionals == ["a", "-b"])
        do { _ = try parser.parse(["--input", "f", "a", "b", "c"]) } catch { #expect(error.kind == .unexpectedArgument("c")) }
        do { _ = try parser.parse(["--input", "f"]) } catch { #expect(error.message == "missing argument <NAME>") }
        #expect(HelpFormatter().usage(for: config) == "tool --input <FILE> <NAME> ...")
    }

    @Test func declarationsAreWellFormed() {
        #expect(SimCommand.configuration.declarationProblems().isEmpty)
        let bad = CommandConfiguration(name: "x", abstract: "", options: [Flag("--a", help: ""), Flag("a", short: "-ab", help: "x")])
        #expect(bad.declarationProblems() == ["--a has no help text", "--a is declared twice", "-ab must be one dash and one character"])
    }

    @Test func exclusiveHelper() throws {
        let parsed = try ArgumentParser(SimCommand.configuration).parse(["--trace", "x", "-w", "vgg16"])
        #expect(throws: UsageError.exclusive("--workload", "--trace")) {
            try parsed.requireAtMostOne([SimCommand.workload, SimCommand.trace])
        }
    }
}
