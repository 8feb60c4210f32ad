import CLIKit
import MemorySystem

/// The CSV report: one column per `ReportStats.all` entry, with its unit in the name.
/// Rows are (config, layer, phase) plus a `TOTAL` row per configuration.
public enum CSVReport {
    /// Header names in order.
    public static var header: [String] { ReportStats.all.map(\.name) }

    /// The CSV text for `results` (each result's rows, then its TOTAL row); with
    /// `analytic`, the paper's formula's columns (`AnalyticReport.header`) follow.
    /// With `fullEnergy`, the full energy view's columns (`EnergyLedger.header`) follow.
    public static func render(_ results: [RunResult], analytic: Bool = false, fullEnergy: Bool = false) throws -> String {
        let columns = ReportStats.all
        var cols = columns.map { CSVColumn($0.name, doubles: $0.style) }
        if analytic { cols += zip(AnalyticReport.header, AnalyticReport.styles).map { CSVColumn($0, doubles: $1) } }
        if fullEnergy { cols += EnergyLedger.header.map { CSVColumn($0, doubles: .fixed(3)) } }
        // Systolic runs only: their own columns (a GPU run's CSV is unchanged).
        let systolic = results.contains { $0.total.systolic != nil }
        if systolic { cols += SystolicColumns.header.map { CSVColumn($0, doubles: .significant(9)) } }
        // Offload columns only when some run offloaded (all other outputs keep their schema).
        let offload = results.contains { ($0.offload?.offloads ?? 0) > 0 }
        if offload { cols += OffloadReport.header.map { CSVColumn($0, doubles: .fixed(3)) } }
        // NeuroTrainer runs only: their columns after all others (GPU outputs keep theirs).
        let neuro = results.contains { $0.config.system.kind == .neurotrainer }
        if neuro { cols += NeuroTrainerReport.columns() }
        let writer = CSVWriter(columns: cols)
        var rows: [[CSVValue]] = []
        for r in results {
            let extra = analytic ? AnalyticReport.cells(r) : []
            let ledger = fullEnergy ? EnergyLedger.cells(r) : []
            for (i, row) in (r.rows + [r.total]).enumerated() {
                rows.append(columns.map { $0.value(row) } + (analytic ? extra[i] : []) + (fullEnergy ? ledger[i] : [])
                            + (systolic ? SystolicColumns.cells(row) : [])
                            + (offload ? OffloadReport.cells(row) : [])
                            + (neuro ? NeuroTrainerReport.cells(row) : []))
            }
        }
        return try writer.render(rows)
    }

    /// Writes the CSV atomically (temporary file, then rename).
    public static func write(_ results: [RunResult], to path: String, analytic: Bool = false, fullEnergy: Bool = false) throws {
        try AtomicFileWriter(path: path).write(try render(results, analytic: analytic, fullEnergy: fullEnergy))
    }
}

/// The JSON report: the CSV's rows as an array of objects, one per line, keys in CSV
/// column order; numbers written exactly as in the CSV, an empty field as `null`.
public enum JSONReport {
    public static func render(_ results: [RunResult]) -> String {
        let columns = ReportStats.all
        var s = "[\n"
        var first = true
        for r in results {
            for row in r.rows + [r.total] {
                s += first ? "  {" : ",\n  {"
                first = false
                for (i, c) in columns.enumerated() {
                    if i > 0 { s += ", " }
                    JSONValue.writeString(c.name, to: &s)
                    s += ": "
                    switch c.value(row) {
                    case .text(let t): JSONValue.writeString(t, to: &s)
                    case .empty: s += "null"
                    case .double(let x) where !x.isFinite: s += "null"
                    default: s += c.formatted(row)
                    }
                }
                s += "}"
            }
        }
        return s + "\n]\n"
    }

    /// Writes the JSON atomically (temporary file, then rename).
    public static func write(_ results: [RunResult], to path: String) throws {
        try AtomicFileWriter(path: path).write(render(results))
    }
}
