import SimKernel
import MemorySystem
import DataValues

/// A trace file as a stream of requests (see `TraceFormat` for the formats).
public struct TraceReader: RequestSource {
    public let format: TraceFormat
    let reader: LineReader
    /// Trace-clock period, ps.
    let period: Int64
    let seed: UInt64
    var lineNumber = 0
    var lastCycle: Int64 = 0
    var nextID: UInt64 = 0
    var fieldRanges: [Range<Int>] = []

    /// Opens `path`. `clockPeriod` converts trace cycles to time.
    public init(path: String, format: TraceFormat, clockPeriod: Picoseconds, seed: UInt64) throws(TraceError) {
        self.format = format
        self.reader = try LineReader(path: path)
        self.period = clockPeriod.raw
        self.seed = seed
    }

    public mutating func next() throws -> TimedRequest? {
        while let line = reader.next() {
            lineNumber += 1
            if let bad = line.firstIndex(where: { $0 == 0 || $0 >= 0x80 || ($0 < 32 && $0 != 9) }) {
                throw error("the line holds a non-text byte (0x\(String(line[bad], radix: 16))) at column \(bad + 1)",
                            "is this a binary file? Traces are text, one request per line")
            }
            fields(of: line, into: &fieldRanges)
            if fieldRanges.isEmpty { continue }
            return try parse(line)
        }
        return nil
    }

    func text(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: line[r]), as: UTF8.self)
    }

    func error(_ message: String, _ hint: String) -> TraceError {
        TraceError(file: reader.path, line: lineNumber, message: message, hint: hint)
    }

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>) throws(TraceError) -> TimedRequest {
        let f = fieldRanges
        let usage: String
        switch format {
        case .dramsim3: usage = "dramsim3 lines are `0xADDR READ|WRITE CYCLE`, e.g. `0x1f40 READ 12`"
        case .ramulator: usage = "ramulator lines are `0xADDR R|W`, e.g. `0x1f40 R`"
        case .native: usage = "native lines are `CYCLE R|W 0xADDR [normal|soft|bitlevel] [128 hex digits]`, e.g. `12 W 0x1f40`"
        case .ramulator2: usage = "ramulator2 lines are `LD|ST ADDR` (ADDR hex with 0x, or decimal), e.g. `LD 0x1f40`"
        }
        let need = format == .ramulator || format == .ramulator2 ? 2 : 3
        guard f.count >= need else { throw error("expected \(need) fields, found \(f.count)", usage) }
        let (aField, oField): (Range<Int>, Range<Int>)
        switch format {
        case .native: (aField, oField) = (f[2], f[1])
        case .ramulator2: (aField, oField) = (f[1], f[0])
        case .dramsim3, .ramulator: (aField, oField) = (f[0], f[1])
        }
        let address: UInt64
        if format == .ramulator2 && !text(line, aField).lowercased().hasPrefix("0x") {
            guard let a = UInt64(text(line, aField)) else {
                throw error("'\(text(line, aField))' is not an address (hex with 0x, or decimal) that fits in 64 bits", usage)
            }
            address = a
        } else {
            guard let a = parseHex(line, aField) else {
                throw error("'\(text(line, aField))' is not a hexadecimal address that fits in 64 bits", usage)
            }
            address = a
        }
        let op = text(line, oField).uppercased()
        let kind: AccessKind
        switch (format, op) {
        case (.ramulator2, "LD"): kind = .read
        case (.ramulator2, "ST"): kind = .write
        case (.ramulator2, _): throw error("unknown operation '\(text(line, oField))'", usage)
        case (_, "R"), (_, "READ"), (_, "RD"), (_, "LD"): kind = .read
        case (_, "W"), (_, "WRITE"), (_, "WR"), (_, "ST"): kind = .write
        default: throw error("unknown operation '\(text(line, oField))'", usage)
        }
        var cycle: Int64
        switch format {
        case .ramulator, .ramulator2:
            cycle = nextID == 0 ? 0 : lastCycle + 1
            if f.count > 2 { throw error("unexpected field '\(text(line, f[2]))'", usage) }
        case .dramsim3, .native:
            let cf = format == .native ? f[0] : f[2]
            guard let c = parseDecimal(line, cf) else {
                throw error("'\(text(line, cf))' is not a cycle number (a non-negative decimal integer)", usage)
            }
            cycle = c
            if format == .dramsim3 && f.count > 3 { throw error("unexpected field '\(text(line, f[3]))'", usage) }
        }
        if cycle < lastCycle {
            throw error("cycle \(cycle) is earlier than the previous line's \(lastCycle)", "sort the trace by cycle; requests must be in time order")
        }
        let (time, overflow) = cycle.multipliedReportingOverflow(by: period)
        if overflow { throw error("cycle \(cycle) is too large to simulate", "cycles must stay below \(Int64.max / period)") }
        lastCycle = cycle
        var mode = AccessMode.normal
        var data: BurstData? = nil
        if format == .native {
            for extra in f.dropFirst(3) {
                let t = text(line, extra).lowercased()
                switch t {
                case "normal": mode = .normal
                case "soft": mode = .softOnly
                case "bitlevel": mode = .bitLevel
                default:
                    guard let d = parseData(line, extra) else {
                        throw error("'\(t.prefix(20))' is neither an access mode nor 128 hex digits of data", usage)
                    }
                    data = d
                }
            }
        }
        if kind == .write && data == nil { data = defaultPayload() }
        defer { nextID += 1 }
        return TimedRequest(time: Picoseconds(time),
                            request: MemoryRequest(id: nextID, address: address, kind: kind, mode: mode, data: data ?? BurstData()))
    }

    /// The documented default write payload: a SplitMix64 stream started from
    /// mix(seed, mix(line number)), eight words per burst.
    func defaultPayload() -> BurstData {
        var state = SplitMix64.hash(seed ^ SplitMix64.hash(UInt64(lineNumber)))
        var d = BurstData()
        for i in 0..<8 {
            state &+= SplitMix64.increment
            d[i] = SplitMix64.hash(state)
        }
        return d
    }
}

func hexValue(_ c: UInt8) -> UInt64? {
    switch c {
    case 48...57: return UInt64(c - 48)
    case 97...102: return UInt64(c - 87)
    case 65...70: return UInt64(c - 55)
    default: return nil
    }
}

/// `0x1F40` or `1f40`; nil when not hex or more than 64 bits.
func parseHex(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64? {
    var i = r.lowerBound
    if r.count > 2, line[i] == 48, line[i + 1] == 120 || line[i + 1] == 88 { i += 2 }
    guard i < r.upperBound, r.upperBound - i <= 16 else { return nil }
    var v: UInt64 = 0
    while i < r.upperBound {
        guard let h = hexValue(line[i]) else { return nil }
        v = v << 4 | h
        i += 1
    }
    return v
}

func parseDecimal(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int64? {
    guard !r.isEmpty, r.count <= 18 else { return nil }
    var v: Int64 = 0
    for i in r {
        let c = line[i]
        guard c >= 48 && c <= 57 else { return nil }
        v = v * 10 + Int64(c - 48)
    }
    return v
}

/// 128 hex digits, byte 0 first → the burst's little-endian words.
func parseData(_ line: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> BurstData? {
    guard r.count == 128 else { return nil }
    var d = BurstData()
    for byte in 0..<64 {
        guard let hi = hexValue(line[r.lowerBound + 2 * byte]), let lo = hexValue(line[r.lowerBound + 2 * byte + 1]) else { return nil }
        d[byte / 8] |= (hi << 4 | lo) << UInt64(8 * (byte % 8))
    }
    return d
}
