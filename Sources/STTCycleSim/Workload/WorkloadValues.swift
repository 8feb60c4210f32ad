import Foundation
import DataValues
import GPUModel
import MemorySystem
import Workloads

/// The bits every written burst of a training iteration carries: each tensor gets a value
/// source (a synthetic model chosen by its role, with the plane geometry of its own
/// shape, or a `.npy` file), and a write burst's 64 bytes are the 16 fp32 words of its
/// elements. Looking up the tensor of an address is a binary search over the allocation.
public final class WorkloadValues: WriteDataSource {
    /// Region starts in ascending order and, per region, the index into `sources`.
    let starts: [UInt64]
    let ends: [UInt64]
    let sources: [ValueSource]
    /// The model chosen per tensor (for reports), by tensor id.
    public let models: [String]
    /// `.npy` files in the values directory whose name matches no blob of the network
    /// (sorted; reported as warnings: a misspelt name silently falls back to a synthetic model).
    public let unmatchedFiles: [String]

    /// - Throws: `ValueError` for invalid parameters or an unreadable/mismatching `.npy`.
    public init(plan: TrainingPlan, network: Network, config: ValuesConfig, seed: UInt64) throws {
        var starts: [UInt64] = [], ends: [UInt64] = [], sources: [ValueSource] = [], models: [String] = []
        for t in plan.tensors {
            let region = plan.allocation.region(of: t.id)
            let (source, name) = try Self.source(for: t, network: network, config: config, seed: seed)
            starts.append(UInt64(region.start))
            ends.append(UInt64(region.end))
            sources.append(source)
            models.append(name)
        }
        let order = starts.indices.sorted { starts[$0] < starts[$1] }
        self.starts = order.map { starts[$0] }
        self.ends = order.map { ends[$0] }
        self.sources = order.map { sources[$0] }
        self.models = models
        self.unmatchedFiles = Self.unmatched(directory: config.directory, network: network)
    }

    /// The `.npy` files of `directory` named after no blob of `network`.
    static func unmatched(directory: String, network: Network) -> [String] {
        guard !directory.isEmpty, let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let expected = Set(network.blobShapes.keys.map { $0.replacingOccurrences(of: "/", with: "_") + ".npy" })
        return files.filter { $0.hasSuffix(".npy") && !expected.contains($0) }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    static func geometry(_ t: Tensor, _ network: Network, correlation: Int) -> PlaneGeometry {
        guard let blob = t.blob, let shape = network.blobShapes[blob] else {
            return PlaneGeometry(width: 1, height: 1, correlationLength: 1)
        }
        let w = max(shape.width, 1), h = max(shape.height, 1)
        return PlaneGeometry(width: w, height: h, correlationLength: min(correlation, max(1, w)))
    }

    static func source(for t: Tensor, network: Network, config c: ValuesConfig, seed: UInt64) throws -> (ValueSource, String) {
        // Feature maps as `<blob>.npy`, gradient maps as `<blob>.diff.npy`, input images as `data.npy`.
        let suffix: String? = t.role == .featureMap || t.role == .inputImage ? "" : t.role == .gradientMap ? ".diff" : nil
        if !c.directory.isEmpty, let suffix, let blob = t.blob {
            let path = (c.directory as NSString).appendingPathComponent(blob.replacingOccurrences(of: "/", with: "_") + suffix + ".npy")
            if FileManager.default.fileExists(atPath: path) {
                return (.loaded(try NPY.load(path: path)), "npy:\(path)")
            }
        }
        let model: ValueModel
        switch t.role {
        case .featureMap where t.isReLUOutput || t.isNonNegative:
            var p = c.reluFeatureMaps
            p.geometry = geometry(t, network, correlation: p.geometry.correlationLength)
            if let blob = t.blob, let z = c.reluZeroFractions[network.name]?[blob] { p.zeroFraction = z }
            model = .postReLU(p)
        case .featureMap, .workspace, .other:
            var p = c.denseFeatureMaps
            p.geometry = geometry(t, network, correlation: p.geometry.correlationLength)
            model = .dense(p)
        case .gradientMap:
            var p = c.gradients
            p.geometry = geometry(t, network, correlation: p.geometry.correlationLength)
            model = .dense(p)
        case .weight, .weightGradient, .momentum:
            model = .weights(c.weights)
        case .inputImage:
            var p = c.images
            p.geometry = geometry(t, network, correlation: p.geometry.correlationLength)
            model = .images(p)
        }
        let name: String
        switch model {
        case .postReLU: name = "postReLU"
        case .dense: name = "dense"
        case .weights: name = "weights"
        case .images: name = "images"
        case .constant: name = "constant"
        case .uniformRandomBits: name = "uniformRandomBits"
        }
        return (.synthetic(try SyntheticValues(model: model, seed: seed, tensorID: UInt64(t.id.rawValue))), name)
    }

    /// The 64 bytes of the burst at `address` (64-byte aligned); zeros outside every tensor.
    public func data(forBurstAt address: UInt64) -> BurstData {
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if starts[mid] <= address { lo = mid + 1 } else { hi = mid }
        }
        let k = lo - 1
        guard k >= 0, address < ends[k] else { return BurstData() }
        let element = Int((address - starts[k]) / 4)
        let b = sources[k].burst(at: element)
        var d = BurstData()
        for i in 0..<8 { d[i] = UInt64(b.words[2 * i]) | UInt64(b.words[2 * i + 1]) << 32 }
        return d
    }
}
