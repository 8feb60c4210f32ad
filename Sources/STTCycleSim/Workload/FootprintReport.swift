import Foundation
import CLIKit
import MemorySystem
import Workloads

/// Memory footprint of a training iteration without simulating it: bytes and cells per
/// (layer, data category) — seed 000 Fig. 1(a) (footprint against batch size) and
/// Fig. 4 (memory per layer by data category).
public enum FootprintReport {
    public struct Row: Sendable {
        public var config: String
        public var layer: String
        public var category: DataCategory
        public var bytes: Int64
        public var cells: UInt64
    }

    /// One row per (layer, category) with bytes > 0, in layer order.
    public static func rows(network: Network, batch: Int, config: SystemConfig) throws -> [Row] {
        let plan = try TrainingPlan(network: network, batch: batch, options: config.training)
        var order: [String] = []
        var sums: [String: [Int64]] = [:]
        for t in plan.tensors {
            if sums[t.layer] == nil { order.append(t.layer); sums[t.layer] = Array(repeating: 0, count: DataCategory.count) }
            sums[t.layer]![TensorCategories.category(of: t).index] += Int64(t.bytes)
        }
        var out: [Row] = []
        for layer in order {
            for c in DataCategory.allCases where sums[layer]![c.index] > 0 {
                let b = sums[layer]![c.index]
                out.append(Row(config: config.name, layer: layer, category: c, bytes: b,
                               cells: WorkloadReport.cells(bytes: Int(b), category: c, config: config)))
            }
        }
        return out
    }

    /// The text summary: per configuration, bytes and cells per data category, largest
    /// first (equal sizes in category-name order, so the order is stable).
    /// `gradientMaps`, when given, adds each configuration's gradient-map line (`describe`).
    public static func summary(_ runs: [(rows: [Row], workload: String, batch: Int)], configs: [SystemConfig],
                               gradientMaps: [GradientMaps]? = nil) -> String {
        guard let first = runs.first else { return "" }
        var s = "\(first.workload), batch \(first.batch): memory footprint of one training iteration\n"
        for (i, (cfg, run)) in zip(configs, runs).enumerated() {
            var byCategory: [String: (Int64, UInt64)] = [:]
            for r in run.rows {
                let v = byCategory[r.category.rawValue] ?? (0, 0)
                byCategory[r.category.rawValue] = (v.0 + r.bytes, v.1 + r.cells)
            }
            let bytes = run.rows.reduce(Int64(0)) { $0 + $1.bytes }, cells = run.rows.reduce(UInt64(0)) { $0 + $1.cells }
            s += "\n[\(cfg.name)] \(Format.bytes(bytes)) in \(Format.grouped(cells)) cells\n"
            let ordered = byCategory.sorted { $0.value.0 != $1.value.0 ? $0.value.0 > $1.value.0 : $0.key < $1.key }
            for (k, v) in ordered {
                s += "  \(k.padding(toLength: 26, withPad: " ", startingAt: 0)) \(Format.bytes(v.0).padding(toLength: 12, withPad: " ", startingAt: 0)) \(Format.grouped(v.1)) cells\n"
            }
            if let g = gradientMaps, i < g.count { s += "  " + describe(g[i]) + "\n" }
        }
        return s
    }

    /// Gradient maps under both lifetimes against the feature maps (seed 000 §3.1: gradient
    /// maps "consume up to … 7 % the memory space used to store feature maps").
    public struct GradientMaps: Sendable, Equatable {
        public var caffeBytes: Int64
        public var recycledBytes: Int64
        public var featureMapBytes: Int64
    }

    public static func gradientMaps(network: Network, batch: Int, config: SystemConfig) throws -> GradientMaps {
        let plan = try TrainingPlan(network: network, batch: batch, options: config.training)
        return GradientMaps(caffeBytes: Int64(plan.gradientMapBytes(.caffe)), recycledBytes: Int64(plan.gradientMapBytes(.recycled)),
                            featureMapBytes: Int64(plan.bytes(of: .featureMap)))
    }

    /// The summary line of `gradientMaps`.
    public static func describe(_ g: GradientMaps) -> String {
        func share(_ b: Int64) -> String { g.featureMapBytes == 0 ? "-" : Format.percent(Double(b) / Double(g.featureMapBytes)) }
        return "gradient maps: Caffe-style \(Format.bytes(g.caffeBytes)) (\(share(g.caffeBytes)) of feature maps), "
            + "recycled \(Format.bytes(g.recycledBytes)) (\(share(g.recycledBytes))); seed 000 §3.1: ≤ 7 %"
    }

    /// CSV: `config,workload,batch,layer,category,bytes,cells` plus a TOTAL row per config.
    public static func csv(_ runs: [(rows: [Row], workload: String, batch: Int)]) throws -> String {
        let w = CSVWriter(header: ["config", "workload", "batch", "layer", "category", "bytes", "cells"])
        var lines: [[CSVValue]] = []
        for run in runs {
            for r in run.rows {
                lines.append([.text(r.config), .text(run.workload), .int(run.batch), .text(r.layer), .text(r.category.rawValue),
                              .int(Int(r.bytes)), .int(Int(r.cells))])
            }
            if let first = run.rows.first {
                lines.append([.text(first.config), .text(run.workload), .int(run.batch), .text("TOTAL"), .text("all"),
                              .int(Int(run.rows.reduce(0) { $0 + $1.bytes })), .int(Int(run.rows.reduce(0) { $0 + $1.cells }))])
            }
        }
        return try w.render(lines)
    }
}
