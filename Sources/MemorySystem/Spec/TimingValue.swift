import Foundation

/// A timing parameter as a datasheet states it: in nanoseconds, or in clock cycles of
/// the device's command clock (for constraints that are bound to the clock, such as
/// burst length and tCCD). Written in JSON as a string: `"16ns"`, `"2ck"`.
public enum TimingValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case ns(Double)
    case ck(Int)

    /// The only rounding function from datasheet units to cycles: a constraint in ns
    /// becomes the smallest whole number of cycles that is not shorter.
    public func cycles(tCKps: Int64) -> Int64 {
        switch self {
        case .ck(let n): return Int64(n)
        case .ns(let v):
            let ps = (v * 1000).rounded()
            return Int64((ps / Double(tCKps)).rounded(.up))
        }
    }

    public var description: String {
        switch self {
        case .ns(let v):
            let s = v == v.rounded() ? String(Int64(v)) : String(v)
            return s + "ns"
        case .ck(let n): return "\(n)ck"
        }
    }

    /// Parses `"16ns"`, `"16.5 ns"`, `"2ck"`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasSuffix("ns"), let v = Double(t.dropLast(2).trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 {
            self = .ns(v)
        } else if t.hasSuffix("ck"), let n = Int(t.dropLast(2).trimmingCharacters(in: .whitespaces)), n >= 0 {
            self = .ck(n)
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let v = TimingValue(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription:
                "'\(text)' is not a timing value; write a non-negative number with a unit, e.g. \"16ns\" or \"2ck\"")
        }
        self = v
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

