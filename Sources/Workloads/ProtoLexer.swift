/// Splits protobuf text into tokens (see `ProtoReader`). Works on UTF-8 bytes;
/// names and numbers are runs of letters, digits, `_ . + -`; strings are
/// single- or double-quoted with backslash escapes and may not span lines.
struct ProtoLexer {
    let text: String
    let file: String

    func tokens() throws(WorkloadError) -> [ProtoToken] {
        let bytes = Array(text.utf8)
        var result: [ProtoToken] = []
        var index = 0
        var line = 1
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                index += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let (token, next) = try string(bytes, from: index, line: line)
                result.append(token)
                index = next
            case _ where Self.isWordByte(byte):
                let start = index
                while index < bytes.count, Self.isWordByte(bytes[index]) { index += 1 }
                result.append(ProtoToken(kind: .word, text: String(decoding: bytes[start..<index], as: UTF8.self), line: line))
            case _ where Self.symbols.contains(byte):
                result.append(ProtoToken(kind: .symbol, text: String(UnicodeScalar(byte)), line: line))
                index += 1
            default:
                let shown = byte < 0x80 && byte >= 0x20 ? "'\(String(UnicodeScalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
                throw WorkloadError(file: file, line: line, message: "unexpected character \(shown); prototxt holds names, numbers, quoted strings and { } : only")
            }
        }
        return result
    }

    private static let symbols: Set<UInt8> = Set("{}<>:;,[]".utf8)

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: "+"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// A quoted string starting at `start`; returns the token and the index after it.
    private func string(_ bytes: [UInt8], from start: Int, line: Int) throws(WorkloadError) -> (ProtoToken, Int) {
        let quote = bytes[start]
        var index = start + 1
        var value: [UInt8] = []
        while index < bytes.count, bytes[index] != quote {
            if bytes[index] == UInt8(ascii: "\n") { break }
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "\n") {
                index += 1
            }
            value.append(bytes[index])
            index += 1
        }
        guard index < bytes.count, bytes[index] == quote else {
            throw WorkloadError(file: file, line: line, message: "unterminated string; close it with \(quote == UInt8(ascii: "'") ? "'" : "\"") on the same line (the file may be truncated)")
        }
        return (ProtoToken(kind: .string, text: String(decoding: value, as: UTF8.self), line: line), index + 1)
    }
}
