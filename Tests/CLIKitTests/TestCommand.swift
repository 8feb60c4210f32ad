@testable import CLIKit

/// A command shaped like the simulator's, used across the parser tests.
struct SimCommand: ParsableCommand {
    enum Memory: String, CaseIterable, Sendable { case dram, mlc, bitlevel }

    static let workload = Option<String>("--workload", short: "-w", valueName: "NAME",
                                         help: "CNN to train.", parser: .oneOf(["resnet18", "vgg16", "alexnet"]))
    static let trace = Option<String>("--trace", valueName: "FILE", help: "Replay a recorded memory trace instead.")
    static let batch = Option<Int>("--batch", short: "-b", valueName: "N", help: "Mini-batch size.",
                                   default: 64, parser: .int(in: 1...4096))
    static let clock = Option<Double>("--clock-ghz", valueName: "GHZ", help: "Core clock.",
                                      default: 1.5, parser: .double(in: 0.1...5.0))
    static let cycles = Option<UInt64>("--max-cycles", valueName: "N", help: "Stop after this many cycles.",
                                       parser: .uint64())
    static let memory = MultiOption<Memory>("--memory", short: "-m", valueName: "LIST", help: "Memories to simulate.",
                                            style: .list, default: [.dram], parser: .cases)
    static let set = MultiOption<KeyValue>("--set", valueName: "KEY=VALUE", help: "Override one config key.",
                                           style: .repeated, parser: .keyValue)
    static let verbose = Flag("--verbose", short: "-v", help: "Print progress per layer.")
    static let output = Option<String>("--output", short: "-o", valueName: "DIR", help: "Where to write results.",
                                       default: "results")

    static let configuration = CommandConfiguration(
        name: "stt-cyclesim", abstract: "Cycle-level simulator of CNN training on GDDR5X or MLC STT-RAM.",
        discussion: "Runs one training iteration of a CNN on a GPU model and reports memory traffic, latency and energy.",
        version: "0.1.0",
        options: [workload, trace, batch, clock, cycles, memory, set, verbose, output],
        examples: [Example("stt-cyclesim --workload resnet18 --memory dram,mlc", "Compare DRAM and MLC STT-RAM."),
                   Example("stt-cyclesim -w vgg16 --set stt.writeHardNs=15", "Override one device parameter.")])

    var workload: String?
    var trace: String?
    var batch: Int
    var clock: Double
    var cycles: UInt64?
    var memory: [Memory]
    var sets: [KeyValue]
    var verbose: Bool
    var output: String

    init(from parsed: ParsedArguments) throws(UsageError) {
        workload = parsed[Self.workload]
        trace = parsed[Self.trace]
        batch = try parsed.value(Self.batch)
        clock = try parsed.value(Self.clock)
        cycles = parsed[Self.cycles]
        memory = parsed[Self.memory]
        sets = parsed[Self.set]
        verbose = parsed[Self.verbose]
        output = try parsed.value(Self.output)
    }

    func validate() throws(UsageError) {
        if workload != nil && trace != nil { throw UsageError.exclusive("--workload", "--trace") }
        if workload == nil && trace == nil {
            throw UsageError.invalid("nothing to simulate", hint: "give '--workload <NAME>' or '--trace <FILE>'.")
        }
    }
}

extension ParseOutcome {
    /// The command, or nil.
    var command: Command? { if case .run(let c) = self { c } else { nil } }
    /// The usage error, or nil.
    var usageError: UsageError? { if case .error(let e) = self { e } else { nil } }
}
