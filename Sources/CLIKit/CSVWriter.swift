/// One CSV field. Literals work: `["resnet18", 64, 1.5]`.
public enum CSVValue: Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    case text(String)
    case int(Int)
    case uint(UInt64)
    case double(Double)
    /// An empty field (a missing measurement).
    case empty

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}

/// One column: its header name and how its `Double`s are written.
public struct CSVColumn: Sendable {
    public var name: String
    public var doubleStyle: NumberStyle

    public init(_ name: String, doubles doubleStyle: NumberStyle = .significant(6)) {
        self.name = name
        self.doubleStyle = doubleStyle
    }
}

/// A row whose field count differs from the header's.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public var row: Int
    public var fieldCount: Int
    public var columnCount: Int
    public var description: String { "CSV row \(row) has \(fieldCount) fields but the header has \(columnCount) columns" }
}

/// Writes RFC 4180 CSV with deterministic number formatting.
///
/// Fields containing `,`, `"`, CR or LF are quoted, with `"` doubled. Integers are
/// written exactly; `Double`s per column style (default `%.6g`, see `NumberStyle`),
/// never locale-dependent. Lines end in `\n` by default (RFC 4180 says CRLF; pass
/// `lineEnding: "\r\n"` for strict consumers).
///
/// ```
/// let csv = CSVWriter(columns: [CSVColumn("workload"), CSVColumn("cycles"), CSVColumn("energy_mJ", doubles: .fixed(3))])
/// let text = try csv.render([["resnet18", 123456, 1.5]])   // "workload,cycles,energy_mJ\nresnet18,123456,1.500\n"
/// try csv.write([["vgg16", 7, 0.25]], to: "out/summary.csv")
/// ```
public struct CSVWriter: Sendable {
    public var columns: [CSVColumn]
    public var lineEnding: String

    public init(columns: [CSVColumn], lineEnding: String = "\n") {
        self.columns = columns
        self.lineEnding = lineEnding
    }

    /// All columns with the same `Double` style.
    public init(header: [String], doubles: NumberStyle = .significant(6), lineEnding: String = "\n") {
        self.init(columns: header.map { CSVColumn($0, doubles: doubles) }, lineEnding: lineEnding)
    }

    /// The header line, line ending included.
    public func headerLine() -> String {
        columns.map { Self.quote($0.name) }.joined(separator: ",") + lineEnding
    }

    /// One data line; `index` (1-based, data rows only) is used in the error.
    public func line(_ row: [CSVValue], index: Int = 1) throws(CSVError) -> String {
        guard row.count == columns.count else {
            throw CSVError(row: index, fieldCount: row.count, columnCount: columns.count)
        }
        var fields: [String] = []
        fields.reserveCapacity(row.count)
        for (value, column) in zip(row, columns) { fields.append(field(value, column.doubleStyle)) }
        return fields.joined(separator: ",") + lineEnding
    }

    /// Header plus all rows as one string.
    public func render(_ rows: some Sequence<[CSVValue]>) throws(CSVError) -> String {
        var out = headerLine()
        for (i, row) in rows.enumerated() { out += try line(row, index: i + 1) }
        return out
    }

    /// Streams header and rows to `path` through `AtomicFileWriter` (all or nothing).
    public func write(_ rows: some Sequence<[CSVValue]>, to path: String, signalGuard: SignalGuard? = .shared) throws {
        try AtomicFileWriter(path: path, signalGuard: signalGuard).write { sink in
            try sink.write(headerLine())
            for (i, row) in rows.enumerated() { try sink.write(line(row, index: i + 1)) }
        }
    }

    func field(_ value: CSVValue, _ style: NumberStyle) -> String {
        switch value {
        case .text(let s): Self.quote(s)
        case .int(let n): String(n)
        case .uint(let n): String(n)
        case .double(let x): Format.number(x, style)
        case .empty: ""
        }
    }

    /// RFC 4180 quoting: wraps in `"` and doubles inner quotes when the field needs it.
    public static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
