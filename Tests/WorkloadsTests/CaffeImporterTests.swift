import Foundation
import Testing
@testable import Workloads

/// Caffe prototxt import: forms, phase rules, shape defaults and errors with file:line.
@Suite struct CaffeImporterTests {
    static let small = """
    name: "small"
    layer { name: "data" type: "Data" top: "data" top: "label"
      include { phase: TRAIN }
      transform_param { crop_size: 32 } }
    layer { name: "data" type: "Data" top: "data" top: "label"
      include { phase: TEST }
      transform_param { crop_size: 32 } }
    layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
      convolution_param { num_output: 8 kernel_size: 3 stride: 2 } }
    layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool"
      pooling_param { pool: AVE kernel_size: 3 stride: 2 pad: 1 } }
    layer { name: "fc" type: "InnerProduct" bottom: "pool" top: "fc"
      inner_product_param { num_output: 10 } }
    layer { name: "acc" type: "Accuracy" bottom: "fc" bottom: "label" top: "acc" include { phase: TEST } }
    layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
    """

    @Test func trainPhaseCropSizeAndCaffeRounding() throws {
        let net = try CaffeImporter.importNetwork(text: Self.small, file: "small.prototxt")
        #expect(net.name == "small")
        #expect(net.layers.map(\.name) == ["data", "conv", "pool", "fc", "loss"])
        #expect(net.inputShape == BlobShape(3, 32, 32))
        #expect(net.blobShapes["conv"] == BlobShape(8, 15, 15))  // floor((32-3)/2)+1
        // ceil((15+2-3)/2)+1 = 8, and (8-1)*2 = 14 < 15+1: no pad correction
        #expect(net.blobShapes["pool"] == BlobShape(8, 8, 8))
        let override = try CaffeImporter.importNetwork(text: Self.small, file: "small.prototxt",
                                                       options: CaffeImportOptions(inputShape: BlobShape(3, 64, 64)))
        #expect(override.inputShape == BlobShape(3, 64, 64))
        let test = try CaffeImporter.importNetwork(text: Self.small, file: "small.prototxt", options: CaffeImportOptions(phase: .test))
        #expect(test.layers.count == 5)
    }

    @Test func poolPadCorrection() {
        // Caffe: pooled = ceil((x + 2p - k)/s) + 1, minus 1 if (pooled-1)*s >= x + p.
        #expect(LayerKind.pooledSize(4, kernel: 2, stride: 2, pad: 1) == 3)
        #expect(LayerKind.pooledSize(5, kernel: 3, stride: 2, pad: 1) == 3)
        #expect(LayerKind.pooledSize(112, kernel: 3, stride: 2, pad: 0) == 56)  // GoogLeNet pool1 ceil
        #expect(LayerKind.pooledSize(3, kernel: 2, stride: 2, pad: 1) == 2)  // correction applies
    }

    @Test func legacyInputForms() throws {
        let dims = "input: \"data\"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 8\ninput_dim: 8\nlayers { name: \"r\" type: RELU bottom: \"data\" top: \"data\" }\n"
        #expect(try CaffeImporter.importNetwork(text: dims, file: "a.prototxt").inputShape == BlobShape(3, 8, 8))
        let shape = "input: 'data'\ninput_shape { dim: 1 dim: 4 dim: 5 dim: 6 }\nlayer { name: 'r' type: 'ReLU' bottom: 'data' top: 'data' }\n"
        #expect(try CaffeImporter.importNetwork(text: shape, file: "b.prototxt").inputShape == BlobShape(4, 5, 6))
    }

    struct BadCase: Sendable, CustomStringConvertible {
        var text: String
        var line: Int
        var words: [String]
        var description: String { words.joined(separator: " ") }
    }

    static let badCases: [BadCase] = [
        BadCase(text: small.replacingOccurrences(of: "\"Pooling\"", with: "\"Poolin\""), line: 10, words: ["unsupported layer type 'Poolin'"]),
        BadCase(text: small.replacingOccurrences(of: "num_output: 8", with: "num_output: 8x"), line: 9, words: ["'num_output'", "8x"]),
        BadCase(text: small.replacingOccurrences(of: "num_output: 8", with: "num_output: -8"), line: 9, words: ["'num_output'", "-8"]),
        BadCase(text: small.replacingOccurrences(of: "num_output: 8 ", with: ""), line: 8, words: ["missing convolution_param { num_output"]),
        BadCase(text: small.replacingOccurrences(of: "pool: AVE", with: "pool: STOCHASTIC"), line: 11, words: ["'pool'", "MAX, AVE"]),
        BadCase(text: small.replacingOccurrences(of: "bottom: \"pool\"", with: "bottom: \"pol\""), line: 12, words: ["bottom blob 'pol'"]),
        BadCase(text: small.replacingOccurrences(of: "transform_param { crop_size: 32 } }", with: "}"), line: 2, words: ["crop_size", "input shape"]),
        BadCase(text: String(small.dropLast(30)), line: 15, words: ["ends inside", "truncated"]),
        BadCase(text: small.replacingOccurrences(of: "name: \"fc\"", with: "name: \"fc"), line: 12, words: ["unterminated string"]),
        BadCase(text: small + "\n}", line: 16, words: ["unmatched '}'"]),
        BadCase(text: small.replacingOccurrences(of: "name: \"pool\"", with: "name: \"conv\""), line: 10, words: ["duplicate layer name"]),
        BadCase(text: small.replacingOccurrences(of: "kernel_size: 3 stride: 2 }", with: "kernel_size: 3 stride: 2 dilation: 2 }"), line: 9, words: ["dilated"]),
        BadCase(text: small.replacingOccurrences(of: "name: \"small\"", with: "name \"small\""), line: 1, words: ["needs ':'"]),
        BadCase(text: "input: \"data\"\ninput_dim: 1\n", line: 1, words: ["no shape", "input_dim"]),
    ]

    @Test(arguments: badCases)
    func badInputNamesFileLineAndProblem(_ bad: BadCase) {
        do {
            let net = try CaffeImporter.importNetwork(text: bad.text, file: "bad.prototxt")
            Issue.record("imported \(net.layers.count) layers, expected an error containing \(bad.words)")
        } catch {
            #expect(error.file == "bad.prototxt")
            #expect(error.line == bad.line, "\(error)")
            for word in bad.words { #expect(error.message.contains(word), "\(error) lacks '\(word)'") }
        }
    }
}
