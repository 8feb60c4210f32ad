import Testing
import Foundation
@testable import STTCycleSim

/// The report columns are declared once (`ReportStats.all`); the README, the CSV and the
/// JSON writers follow the declarations, and the declared aggregations hold.
@Suite(.serialized) struct ReportStatsTests {
    static let net = BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures/tiny.net").path

    /// (Regenerate the table with `UPDATE_README=1 swift test --filter ReportStatsTests`.)
    @Test func readmeColumnTableMatchesTheDeclarations() throws {
        let url = BinaryRunner.packageRoot.appendingPathComponent("README.md")
        var readme = try String(contentsOf: url, encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- columns:begin -->\n"))
        let end = try #require(readme.range(of: "<!-- columns:end -->"))
        if ProcessInfo.processInfo.environment["UPDATE_README"] == "1" {
            readme.replaceSubrange(begin.upperBound..<end.lowerBound, with: ReportStats.markdownTable)
            try readme.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let table = String(readme[begin.upperBound..<end.lowerBound])
        #expect(table == ReportStats.markdownTable,
                "README column table is stale; replace it with ReportStats.markdownTable:\n\(ReportStats.markdownTable)")
        #expect(CSVReport.header == ReportStats.all.map(\.name))
        #expect(Set(CSVReport.header).count == CSVReport.header.count, "duplicate column names")
    }

    /// Runs the binary with --csv and --json; returns the CSV's rows (header → field) and the JSON's objects.
    func run(_ args: [String]) throws -> ([[String: String]], [[String: Any]]) {
        let dir = BinaryRunner.tempDir()
        let csv = dir.appendingPathComponent("r.csv").path, json = dir.appendingPathComponent("r.json").path
        let r = try BinaryRunner.run(args + ["--csv", csv, "--json", json])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: json))
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return (rows, objects)
    }

    @Test(arguments: [
        ["--workload", net, "--batch", "2", "--memory", "dram,bitlevel+sparsecode", "--detail", "full", "--set", "gpu.l2.totalBytes=360448"],
        ["--trace", BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures/golden_native.trc").path,
         "--trace-format", "native", "--memory", "dram,mlc"],
    ])
    func jsonParsesAndAgreesWithTheCSV(args: [String]) throws {
        let (rows, objects) = try run(args)
        #expect(rows.count == objects.count && !rows.isEmpty)
        for (row, object) in zip(rows, objects) {
            #expect(Set(object.keys) == Set(ReportStats.all.map(\.name)))
            for stat in ReportStats.all {
                let field = try #require(row[stat.name]), value = object[stat.name]
                if field.isEmpty {
                    #expect(value is NSNull, "\(stat.name): CSV empty, JSON \(String(describing: value))")
                } else if let n = value as? NSNumber, !(value is String) {
                    #expect(Double(field) == n.doubleValue, "\(stat.name): CSV \(field), JSON \(n)")
                } else {
                    #expect(value as? String == field, "\(stat.name): CSV \(field), JSON \(String(describing: value))")
                }
            }
        }
    }

    /// Every `sum` column's rows add up to the TOTAL row, `max` columns' maximum is the
    /// TOTAL's, `constant` columns agree across rows.
    @Test func declaredAggregationsHold() throws {
        let (_, objects) = try run(["--workload", Self.net, "--batch", "2", "--memory", "dram,mlc,bitlevel+sparsecode", "--detail", "full",
                                    "--set", "gpu.l2.totalBytes=360448"])
        for config in ["dram", "mlc", "bitlevel+sparsecode"] {
            let mine = objects.filter { $0["config"] as? String == config }
            let total = try #require(mine.first { $0["layer"] as? String == "TOTAL" })
            let parts = mine.filter { $0["layer"] as? String != "TOTAL" }
            #expect(parts.count > 1)
            func number(_ o: [String: Any], _ k: String) -> Double? { (o[k] as? NSNumber)?.doubleValue }
            for stat in ReportStats.all {
                let values = parts.compactMap { number($0, stat.name) }
                switch stat.aggregation {
                case .sum:
                    let t = try #require(number(total, stat.name), "\(stat.name)")
                    let s = values.reduce(0, +)
                    // Fixed-3 fields each round by ≤ 0.0005.
                    #expect(abs(s - t) <= 0.0005 * Double(parts.count + 1) + 1e-9 * abs(t), "\(config) \(stat.name): Σ rows \(s) ≠ TOTAL \(t)")
                case .max:
                    if let t = number(total, stat.name) { #expect(values.max() == t, "\(config) \(stat.name)") }
                case .quadrature:
                    // Rows without an interval (simulated in full) contribute nothing.
                    let t = number(total, stat.name) ?? 0
                    let q = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    #expect(abs(q - t) <= 0.001 * Double(parts.count + 1) + 1e-6 * t, "\(config) \(stat.name): √Σ rows² \(q) ≠ TOTAL \(t)")
                case .constant:
                    #expect(Set(values + [number(total, stat.name)].compactMap { $0 }).count == 1, "\(config) \(stat.name)")
                case .key, .ratio, .whole:
                    break
                }
            }
        }
    }
}
