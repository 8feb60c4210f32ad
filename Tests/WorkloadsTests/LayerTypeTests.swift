import Foundation
import Testing
@testable import Workloads

/// Layer types are declared once (`LayerType`); both parsers map each type name to the
/// kind of that type — a type the parser does not handle can no longer become a ReLU.
@Suite struct LayerTypeTests {
    /// Every layer of every built-in `.net` workload has the type its line names.
    @Test func netLayersHaveTheTypeTheFileNames() throws {
        let dir = try TestPaths.workloads()
        var seen = Set<LayerType>()
        for name in WorkloadLibrary.builtInNames {
            let url = dir.appendingPathComponent("\(name).net")
            let text = try TestPaths.read(url)
            let network = try NetworkParser.parse(text: text, file: url.path)
            var written: [String] = []
            for line in text.split(separator: "\n") {
                let words = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].split(separator: " ")
                guard let first = words.first, line.contains("->") else { continue }
                let t = NetworkParser.typeNames.first { $0.lowercased() == first.lowercased() }!
                written.append(t == "Data" ? "Input" : t)
            }
            let parsed = network.layers.map(\.kind.typeName)
            // Layers the library adds (a training loss for nets without one) come last.
            #expect(Array(parsed.prefix(written.count)) == written, "\(name)")
            for l in network.layers { seen.insert(l.kind.type) }
        }
        #expect(seen.count >= 8, "built-ins exercise most layer types: \(seen)")
    }

    /// One `.net` line per computing type (with the fields it needs) parses to that type.
    @Test(arguments: LayerType.computing)
    func everyComputingTypeParsesToItself(type: LayerType) throws {
        let fields: [LayerType: String] = [.convolution: "num_output=4 kernel=3", .innerProduct: "num_output=4",
                                           .pooling: "pool=max kernel=2 stride=2"]
        let bottoms = type == .eltwise || type == .concat ? "x y" : (type == .softmaxWithLoss ? "x label" : "x")
        let text = """
            Input data -> x label shape=3x8x8
            Convolution c2 x -> y num_output=3 kernel=1
            \(type.rawValue) probe \(bottoms) -> out \(fields[type] ?? "")
            end
            """
        let network = try NetworkParser.parse(text: text, file: "probe.net")
        let probe = try #require(network.layers.first { $0.name == "probe" })
        #expect(probe.kind.type == type)
    }
}
