import Foundation
import Testing
@testable import Workloads

/// `.net` parsing: a valid file, and one test per class of bad input, each
/// checking file, line and the words that tell what is wrong.
@Suite struct NetParserTests {
    static let valid = """
    # tiny
    network tiny
    Input       data -> data label shape=3x32x32
    Convolution conv1 data -> conv1 num_output=16 kernel=3 pad=1
    ReLU        relu1 conv1 -> conv1
    Convolution conv2 conv1 -> conv2 num_output=16 kernel=3 pad=1
    Eltwise     sum conv1,conv2 -> sum
    Pooling     pool sum -> pool pool=max kernel=3 stride=2
    Concat      cat pool pool -> cat
    InnerProduct fc cat -> fc num_output=10
    SoftmaxWithLoss loss fc label -> loss
    end

    """

    /// Replaces line `number` (1-based) of the valid text.
    static func replacing(_ number: Int, with line: String) -> String {
        var lines = valid.components(separatedBy: "\n")
        lines[number - 1] = line
        return lines.joined(separator: "\n")
    }

    @Test func validNetwork() throws {
        let net = try NetworkParser.parse(text: Self.valid, file: "tiny.net")
        #expect(net.name == "tiny")
        #expect(net.layers.count == 9)
        #expect(net.blobShapes["pool"] == BlobShape(16, 16, 16))  // ceil((32-3)/2)+1 = 16
        #expect(net.blobShapes["cat"] == BlobShape(32, 16, 16))
        #expect(net.layer(named: "fc")?.parameterCount == 32 * 16 * 16 * 10 + 10)
        #expect(net.layer(named: "relu1")?.isInPlace == true)
        let crlf = try NetworkParser.parse(text: Self.valid.replacingOccurrences(of: "\n", with: "\r\n"), file: "tiny.net")
        #expect(crlf.layers == net.layers)
    }

    @Test func readmeExampleParses() throws {
        let readme = try TestPaths.read(try TestPaths.workloads().appendingPathComponent("README.md"))
        let blocks = readme.components(separatedBy: "```")
        let example = try #require(blocks.first { $0.contains("network tiny-resnet") })
        let net = try NetworkParser.parse(text: example, file: "README.md")
        #expect(net.layers.count == 11)
        #expect(try TrainingPlan(network: net, batch: 2).ops.count > 20)
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var text: String
        var line: Int
        var words: [String]
        var description: String { words.joined(separator: " ") }
    }

    static let badCases: [BadCase] = [
        BadCase(text: replacing(4, with: "Convolutio conv1 data -> conv1 num_output=16 kernel=3"), line: 4, words: ["unknown layer type", "Convolutio", "Convolution"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data -> conv1 num_output=16 kernel=x3"), line: 4, words: ["'kernel'", "x3"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data -> conv1 num_output=-16 kernel=3"), line: 4, words: ["'num_output'", "-16"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data -> conv1 num_output=99999999999999999999 kernel=3"), line: 4, words: ["'num_output'"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data -> conv1 kernel=3"), line: 4, words: ["missing field 'num_output'"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data -> conv1 num_output=16 kernel=3 colour=red"), line: 4, words: ["unknown field 'colour'", "valid fields"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data -> conv1 num_output=16 kernel=3 kernel=5"), line: 4, words: ["'kernel' given twice"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data conv1 num_output=16 kernel=3"), line: 4, words: ["missing '->'"]),
        BadCase(text: replacing(4, with: "Convolution conv1 dta -> conv1 num_output=16 kernel=3"), line: 4, words: ["bottom blob 'dta'", "not produced"]),
        BadCase(text: replacing(6, with: "Convolution relu1 conv1 -> conv2 num_output=16 kernel=3 pad=1"), line: 6, words: ["duplicate layer name", "line 5"]),
        BadCase(text: replacing(6, with: "Convolution conv2 conv1 -> conv2 num_output=16 kernel=3"), line: 7, words: ["Eltwise", "same shape", "16x32x32", "16x30x30"]),
        BadCase(text: replacing(9, with: "Concat cat pool conv1 -> cat"), line: 9, words: ["Concat", "height and width"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data -> conv1 num_output=16 kernel=64"), line: 4, words: ["kernel 64x64", "larger than the padded input"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data -> conv1 num_output=16 kernel=3 group=2"), line: 4, words: ["group 2", "divide"]),
        BadCase(text: replacing(4, with: "Convolution conv1 data -> data num_output=16 kernel=3"), line: 4, words: ["cannot run in place"]),
        BadCase(text: replacing(6, with: "Convolution conv2 conv1 -> conv1 num_output=16 kernel=3 pad=1"), line: 6, words: ["cannot run in place"]),
        BadCase(text: replacing(6, with: "Convolution conv2 relu1x -> data num_output=16 kernel=3 pad=1"), line: 6, words: ["not produced"]),
        BadCase(text: replacing(5, with: "Input data2 -> conv1 shape=16x32x32"), line: 5, words: ["already produced", "conv1"]),
        BadCase(text: replacing(4, with: "Convolution conv1 sum -> conv1 num_output=16 kernel=3 pad=1"), line: 4, words: ["cycle", "'conv1'", "'sum'"]),
        BadCase(text: replacing(11, with: "SoftmaxWithLoss loss label fc -> loss"), line: 11, words: ["label", "one value per image"]),
        BadCase(text: replacing(3, with: "Input data -> data label shape=3x32"), line: 3, words: ["'shape'", "CxHxW"]),
        BadCase(text: replacing(3, with: "Input data -> data label"), line: 3, words: ["missing field 'shape'"]),
        BadCase(text: replacing(8, with: "Pooling pool sum -> pool pool=min kernel=3"), line: 8, words: ["'pool'", "max, ave", "min"]),
        BadCase(text: replacing(8, with: "Pooling pool sum -> pool pool=max kernel=3 pad=3"), line: 8, words: ["pad must be smaller than the kernel"]),
        BadCase(text: replacing(10, with: "InnerProduct fc cat -> num_output=10"), line: 10, words: ["no top"]),
        BadCase(text: replacing(10, with: "InnerProduct fc cat -> fc num_output=10 fc2"), line: 10, words: ["after a field"]),
        BadCase(text: replacing(2, with: "network"), line: 2, words: ["network NAME"]),
        BadCase(text: replacing(12, with: "end now"), line: 12, words: ["'end' takes no arguments"]),
        BadCase(text: valid + "ReLU r fc -> fc\n", line: 13, words: ["after the 'end' line"]),
        BadCase(text: replacing(12, with: ""), line: 0, words: ["without the 'end' line", "truncated"]),
        BadCase(text: "network x\nend\n", line: 0, words: ["no layers"]),
        BadCase(text: "ReLU r a -> a\nend\n", line: 1, words: ["bottom blob 'a'"]),
        BadCase(text: replacing(7, with: "Dropout sum conv1 -> conv1 ratio=1.5"), line: 7, words: ["'ratio'", "[0, 1)"]),
    ]

    @Test(arguments: badCases)
    func badInputNamesFileLineAndProblem(_ bad: BadCase) {
        do {
            let net = try NetworkParser.parse(text: bad.text, file: "bad.net")
            Issue.record("parsed \(net.layers.count) layers, expected an error containing \(bad.words)")
        } catch {
            #expect(error.file == "bad.net")
            #expect(error.line == bad.line, "\(error)")
            for word in bad.words { #expect(error.message.contains(word), "\(error) lacks '\(word)'") }
            let prefix = bad.line > 0 ? "bad.net:\(bad.line): " : "bad.net: "
            #expect(error.description.hasPrefix(prefix))
        }
    }
}
