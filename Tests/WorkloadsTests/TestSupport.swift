import Foundation
import Testing
@testable import Workloads

/// Locations of the shared reference data and the package's own folders.
enum TestPaths {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The directory holding Package.swift, found by walking up from this file.
    static func packageRoot(filePath: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        throw Missing(description: "no Package.swift above \(filePath)")
    }

    /// `../shared` next to the package root (reference data: Caffe files, layer tables).
    static func shared() throws -> URL {
        let url = try packageRoot().deletingLastPathComponent().appendingPathComponent("shared")
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("data/caffe").path) else {
            throw Missing(description: "reference data not found at \(url.path)/data/caffe; the tests need the shared folder next to the package (../shared)")
        }
        return url
    }

    static func caffe(_ name: String) throws -> URL { try shared().appendingPathComponent("data/caffe/\(name)") }
    static func workloads() throws -> URL { try packageRoot().appendingPathComponent("workloads") }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }
}

/// One row of a reference layer table (`data/layers/full_*.csv`).
struct LayerRow {
    var name: String
    var type: String
    var inShape: String
    var outShape: String
    var params: Int
    var macs: Int
    var outElements: Int
    var inPlace: Bool

    /// Rows of a layer table, skipping the header and `#` summary lines.
    static func load(_ url: URL) throws -> [LayerRow] {
        let lines = try TestPaths.read(url).split(whereSeparator: \.isNewline).dropFirst()
        return lines.filter { !$0.hasPrefix("#") }.map { line in
            let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return LayerRow(name: c[0], type: c[1], inShape: c[2], outShape: c[3], params: Int(c[8]) ?? -1,
                            macs: Int(c[9]) ?? -1, outElements: Int(c[10]) ?? -1, inPlace: c[11] == "1")
        }
    }
}

extension Layer {
    /// The layer's type as the reference tables write it (PoolMax/PoolAve for pooling).
    var tableType: String {
        if case .pooling(let p) = kind { return p.method == .max ? "PoolMax" : "PoolAve" }
        return typeName
    }

    /// Output shape as the tables write it (`1` for a scalar loss).
    var tableOutShape: String {
        kind == .softmaxWithLoss ? "1" : outputShapes[0].description
    }
}

/// Compares every table row with the layer of the same name; returns mismatches.
func compare(_ network: Network, with rows: [LayerRow], skip: Set<String> = []) -> [String] {
    var problems: [String] = []
    for row in rows where !skip.contains(row.name) {
        guard let layer = network.layer(named: row.name) else {
            problems.append("\(row.name): missing")
            continue
        }
        let got = [layer.tableType, layer.primaryInputShape.description, layer.tableOutShape,
                   "\(layer.parameterCount)", "\(layer.forwardMACs)", "\(layer.isInPlace)"]
        let want = [row.type, row.inShape, row.outShape, "\(row.params)", "\(row.macs)", "\(row.inPlace)"]
        if got != want { problems.append("\(row.name): got \(got), want \(want)") }
    }
    return problems
}
