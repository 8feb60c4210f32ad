#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a `Double` is written in CSV and reports. Every style is locale-independent
/// (always `.` as decimal point, never grouping), so outputs are byte-identical
/// across machines.
public enum NumberStyle: Hashable, Sendable {
    /// C's `%.Ng`: N significant digits, exponent form for very large/small values. `.significant(6)` is the CSV default.
    case significant(Int)
    /// C's `%.Nf`: exactly N digits after the point.
    case fixed(Int)
    /// Swift's shortest round-trip text (`0.1`, `1e-05`): exact, for values reloaded by tools.
    case shortest
}

/// Small formatting helpers for text reports: numbers, SI quantities, durations, bandwidth.
public enum Format {
    /// `x` in `style`; non-finite values become `nan`, `inf`, `-inf`, and `-0` becomes `0`.
    /// `Format.number(2.0 / 3, .significant(4)) == "0.6667"`.
    public static func number(_ x: Double, _ style: NumberStyle) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let value = x == 0 ? 0 : x  // folds -0
        switch style {
        case .significant(let digits): return cFormat("%.*g", precision: digits, value)
        case .fixed(let decimals): return cFormat("%.*f", precision: decimals, value)
        case .shortest: return "\(value)"
        }
    }

    /// `printf` with an explicit precision, guarded against the C locale's decimal point.
    static func cFormat(_ format: String, precision: Int, _ value: Double) -> String {
        let p = Int32(clamping: min(max(precision, 0), 40))
        var buffer = [CChar](repeating: 0, count: 400)
        _ = withVaList([p, value]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, args) }
        }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // `%g`/`%f` never group digits, so a comma can only be a foreign decimal point.
        let normalized = text.replacing(",", with: ".")
        // A negative value that rounds to zero prints as "-0.00"; write "0.00".
        if normalized.hasPrefix("-"), normalized.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(normalized.dropFirst())
        }
        return normalized
    }

    /// An integer with a separator every three digits: `Format.grouped(1234567) == "1,234,567"`.
    public static func grouped<T: BinaryInteger>(_ n: T, separator: String = ",") -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    private static let prefixes: [(exponent: Int, symbol: String)] = [
        (-15, "f"), (-12, "p"), (-9, "n"), (-6, "µ"), (-3, "m"), (0, ""), (3, "k"), (6, "M"), (9, "G"), (12, "T"), (15, "P"),
    ]

    /// `value` scaled to an SI prefix with `digits` significant digits:
    /// `Format.si(0.00123, unit: "J") == "1.23 mJ"`, `Format.si(4.56e9, unit: "B/s") == "4.56 GB/s"`.
    public static func si(_ value: Double, unit: String, digits: Int = 3) -> String {
        guard value.isFinite else { return number(value, .shortest) + " " + unit }
        guard value != 0 else { return "0 " + unit }
        let magnitude = abs(value)
        var index = prefixes.lastIndex { pow(10, Double($0.exponent)) <= magnitude } ?? 0
        while true {
            let scaled = value / pow(10, Double(prefixes[index].exponent))
            let text = fixedSignificant(scaled, digits: digits)
            if abs(Double(text) ?? 0) >= 1000, index + 1 < prefixes.count {
                index += 1
                continue
            }
            return text + " " + prefixes[index].symbol + unit
        }
    }

    /// `x` (about 1...999) with `digits` significant digits in fixed notation. Values just
    /// below 1 (999.6 m promoted to the next prefix) count as 1 so they print as "1.00".
    static func fixedSignificant(_ x: Double, digits: Int) -> String {
        let integerDigits = x == 0 ? 1 : max(1, Int(floor(log10(abs(x)))) + 1)
        return number(x, .fixed(max(0, digits - integerDigits)))
    }

    /// A duration for humans: `1.23 ms`, `456 ns`, `12.3 s`, `2 min 05 s`, `1 h 02 min`.
    public static func duration(seconds: Double) -> String {
        guard seconds.isFinite else { return number(seconds, .shortest) + " s" }
        if abs(seconds) < 60 { return si(seconds, unit: "s") }
        let total = Int(seconds.rounded())
        if total < 3600 { return "\(total / 60) min " + pad2(total % 60) + " s" }
        return "\(total / 3600) h " + pad2(total % 3600 / 60) + " min"
    }

    /// A data rate in decimal units: `Format.bandwidth(bytesPerSecond: 4.56e9) == "4.56 GB/s"`.
    public static func bandwidth(bytesPerSecond: Double) -> String { si(bytesPerSecond, unit: "B/s") }

    /// A size in binary units: `Format.bytes(1536) == "1.50 KiB"`, `Format.bytes(12) == "12 B"`.
    public static func bytes(_ count: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(count), index = 0
        while abs(value) >= 1024, index + 1 < units.count {
            value /= 1024
            index += 1
        }
        return index == 0 ? "\(count) B" : fixedSignificant(value, digits: 3) + " " + units[index]
    }

    /// A fraction as a percentage: `Format.percent(0.1234) == "12.3%"`.
    public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        number(fraction * 100, .fixed(decimals)) + "%"
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
