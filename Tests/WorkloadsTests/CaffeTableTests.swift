import Foundation
import Testing
@testable import Workloads

/// Every layer of the public Caffe files matches the reference layer tables
/// (REFERENCE.md §4): shapes with Caffe rounding, parameters and MACs.
@Suite struct CaffeTableTests {
    static let tables = ["ResNet-50-deploy", "VGG_ILSVRC_16_layers_deploy", "VGG_ILSVRC_19_layers_deploy",
                         "bvlc_alexnet_train_val", "bvlc_googlenet_deploy"]

    @Test(arguments: tables)
    func importedPrototxtMatchesTable(name: String) throws {
        let url = try TestPaths.caffe("\(name).prototxt")
        let network = try CaffeImporter.importNetwork(text: try TestPaths.read(url), file: url.lastPathComponent)
        let rows = try LayerRow.load(try TestPaths.shared().appendingPathComponent("data/layers/full_\(name).csv"))
        #expect(rows.count > 20)
        let problems = compare(network, with: rows)
        #expect(problems.isEmpty, "\(name): \(problems.prefix(5))")
        let computeLayers = network.layers.filter { if case .input = $0.kind { false } else { true } }
        #expect(computeLayers.count == rows.count, "\(name): layer count")
        #expect(network.parameterCount == rows.reduce(0) { $0 + $1.params })
        #expect(network.forwardMACs == rows.reduce(0) { $0 + $1.macs })
    }

    @Test(arguments: ["bvlc_alexnet_deploy.prototxt", "bvlc_googlenet_train_val.prototxt"])
    func otherPublicFilesImport(file: String) throws {
        let network = try CaffeImporter.importNetwork(text: try TestPaths.read(try TestPaths.caffe(file)), file: file)
        #expect(network.layers.count > 20)
        #expect(!network.layers.contains { $0.name.contains("top-") }, "Accuracy layers are dropped")
    }

    /// REFERENCE.md §4 totals.
    @Test func referenceTotals() throws {
        let cases: [(String, Int, Int, Int)] = [
            ("VGG_ILSVRC_19_layers_deploy", 143_667_240, 19_632_062_464, 16_392_656),
            ("VGG_ILSVRC_16_layers_deploy", 138_357_544, 15_470_264_320, 15_088_080),
            ("bvlc_alexnet_train_val", 60_965_224, 724_406_816, 1_258_760),
        ]
        for (name, params, macs, floats) in cases {
            let url = try TestPaths.caffe("\(name).prototxt")
            let network = try CaffeImporter.importNetwork(text: try TestPaths.read(url), file: url.lastPathComponent)
            #expect(network.parameterCount == params, "\(name)")
            #expect(network.forwardMACs == macs, "\(name)")
            // The reference counts blobs computed by layers: not the input batch (images, labels).
            let inputs = network.layers.filter { if case .input = $0.kind { true } else { false } }
                .flatMap(\.tops).reduce(0) { $0 + (network.blobShapes[$1]?.count ?? 0) }
            let loss = network.blobShapes["loss"]?.count ?? 0
            #expect(network.distinctBlobValues - inputs - loss == floats, "\(name)")
        }
    }
}
