// The header of a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0, see
// numpy/lib/format.py): magic "\x93NUMPY", major, minor, a little-endian header length
// (2 bytes in 1.0, 4 bytes in 2.0/3.0), then a Python dict literal such as
// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and
// ending in '\n'.

/// The parsed dict of an `.npy` header.
struct NPYHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]
    /// Byte offset of the array data in the file.
    var dataOffset: Int
}

/// A Python literal from the header dict.
private enum PyValue: Equatable {
    case string(String), bool(Bool), none, int(Int), tuple([PyValue]), dict([String: PyValue])
}

/// A recursive-descent reader of the Python literal subset `.npy` headers use.
private struct LiteralScanner {
    let bytes: [UInt8]
    var at = 0
    var depth = 0

    mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    mutating func expect(_ char: UInt8) -> Bool {
        skipSpace()
        guard at < bytes.count, bytes[at] == char else { return false }
        at += 1
        return true
    }

    mutating func value() -> PyValue? {
        skipSpace()
        guard at < bytes.count, depth < 8 else { return nil }
        switch bytes[at] {
        case UInt8(ascii: "{"): return sequence(close: UInt8(ascii: "}"), dict: true)
        case UInt8(ascii: "("): return sequence(close: UInt8(ascii: ")"), dict: false)
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
        default: return word()
        }
    }

    mutating func string() -> String? {
        let quote = bytes[at]
        at += 1
        let start = at
        while at < bytes.count, bytes[at] != quote, bytes[at] != 0x5C { at += 1 }
        guard at < bytes.count, bytes[at] == quote else { return nil }
        defer { at += 1 }
        return String(decoding: bytes[start..<at], as: UTF8.self)
    }

    mutating func integer() -> PyValue? {
        var value = 0
        while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(bytes[at] - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = sum
            at += 1
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "L") { at += 1 }  // Python 2 long
        return .int(value)
    }

    mutating func word() -> PyValue? {
        for (text, value) in [("True", PyValue.bool(true)), ("False", .bool(false)), ("None", .none)] {
            let utf8 = Array(text.utf8)
            if at + utf8.count <= bytes.count, Array(bytes[at..<at + utf8.count]) == utf8 {
                at += utf8.count
                return value
            }
        }
        return nil
    }

    /// A dict `{k: v, …}` or a tuple `(v, …)`; trailing commas allowed.
    mutating func sequence(close: UInt8, dict: Bool) -> PyValue? {
        at += 1
        depth += 1
        defer { depth -= 1 }
        var items: [PyValue] = []
        var entries: [String: PyValue] = [:]
        while true {
            if expect(close) { return dict ? .dict(entries) : .tuple(items) }
            if dict {
                guard case .string(let key)? = value(), expect(UInt8(ascii: ":")), let item = value() else { return nil }
                entries[key] = item
            } else {
                guard let item = value() else { return nil }
                items.append(item)
            }
            if expect(close) { return dict ? .dict(entries) : .tuple(items) }
            guard expect(UInt8(ascii: ",")) else { return nil }
        }
    }
}

extension NPYHeader {
    /// Parses the magic, version, length and dict at the start of `bytes`.
    static func parse(_ bytes: [UInt8], source: String) throws(ValueError) -> NPYHeader {
        let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
        guard bytes.count >= 6, Array(bytes[0..<6]) == magic else {
            throw ValueError(.badMagic, source: source, problem: "does not start with the .npy magic \\x93NUMPY",
                             fix: "save the array with numpy.save (a .npz or raw file is not supported)")
        }
        guard bytes.count >= 8 else { throw truncated(source, "the version bytes") }
        let (major, minor) = (bytes[6], bytes[7])
        guard (1...3).contains(major), minor == 0 else {
            throw ValueError(.unsupportedVersion, source: source, problem: "format version \(major).\(minor) is not 1.0, 2.0 or 3.0",
                             fix: "re-save it with numpy.save from NumPy ≥ 1.9")
        }
        let lengthBytes = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthBytes else { throw truncated(source, "the header length") }
        var length = 0
        for k in 0..<lengthBytes { length |= Int(bytes[8 + k]) << (8 * k) }
        let start = 8 + lengthBytes
        guard bytes.count - start >= length else {
            throw truncated(source, "the \(length)-byte header (file has \(bytes.count) bytes)")
        }
        return try fromDict(Array(bytes[start..<start + length]), dataOffset: start + length, source: source)
    }

    private static func truncated(_ source: String, _ what: String) -> ValueError {
        ValueError(.truncatedHeader, source: source, problem: "the file ends inside \(what)",
                   fix: "copy the complete file again, or re-save it with numpy.save")
    }

    private static func fromDict(_ text: [UInt8], dataOffset: Int, source: String) throws(ValueError) -> NPYHeader {
        var scanner = LiteralScanner(bytes: text)
        guard case .dict(let dict)? = scanner.value(),
              case .string(let descr)? = dict["descr"],
              case .bool(let fortran)? = dict["fortran_order"],
              case .tuple(let dims)? = dict["shape"] else {
            throw ValueError(.malformedHeader, source: source,
                             problem: "the header is not a dict with 'descr', 'fortran_order' and 'shape'",
                             fix: "re-save the array with numpy.save")
        }
        var shape: [Int] = []
        for dim in dims {
            guard case .int(let n) = dim else {
                throw ValueError(.badShape, source: source, problem: "the shape \(dims.count)-tuple holds a non-integer",
                                 fix: "re-save the array with numpy.save")
            }
            shape.append(n)
        }
        return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape, dataOffset: dataOffset)
    }

    /// The header bytes (version 1.0, or 2.0 when the dict exceeds 65,535 bytes) for a
    /// C-order little-endian float32 array, padded so the data starts 64-byte aligned.
    static func encode(shape: [Int]) -> [UInt8] {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        let dict = Array("{'descr': '<f4', 'fortran_order': False, 'shape': \(dims), }".utf8)
        let major: UInt8 = dict.count + 1 + 10 > 65_535 ? 2 : 1
        let prefix = major == 1 ? 10 : 12
        let padded = (prefix + dict.count + 1 + 63) / 64 * 64 - prefix
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
        for k in 0..<(prefix - 8) { bytes.append(UInt8(truncatingIfNeeded: padded >> (8 * k))) }
        bytes += dict + Array(repeating: 0x20, count: padded - dict.count - 1) + [0x0A]
        return bytes
    }
}
