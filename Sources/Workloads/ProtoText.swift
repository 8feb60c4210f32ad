/// A minimal reader of protobuf text format, enough for Caffe `.prototxt`
/// files: nested `name { … }` / `name: { … }` / `name < … >` messages, scalar
/// fields (`name: value` with identifiers, numbers and quoted strings),
/// `[a, b]` lists, `#` comments and optional `;`/`,` separators. It keeps no
/// schema: every field is kept in order with its line, and the importer
/// interprets them. Nesting is limited to `ProtoReader.maximumDepth`.
struct ProtoMessage: Sendable {
    var fields: [ProtoField] = []

    /// All fields called `name`, in order.
    func all(_ name: String) -> [ProtoField] { fields.filter { $0.name == name } }
    /// The last field called `name` (protobuf keeps the last of repeated singulars).
    func last(_ name: String) -> ProtoField? { fields.last { $0.name == name } }
}

struct ProtoField: Sendable {
    var name: String
    var line: Int
    var value: ProtoValue
}

enum ProtoValue: Sendable {
    /// An identifier, number or string (`quoted` tells which), as written.
    case scalar(String, quoted: Bool)
    case message(ProtoMessage)
}

/// One token with its line.
struct ProtoToken: Sendable {
    enum Kind: Sendable, Equatable {
        case word      // identifier or number
        case string
        case symbol    // { } < > : ; , [ ]
    }
    var kind: Kind
    var text: String
    var line: Int
}

/// Reads protobuf text into a `ProtoMessage`; errors name file:line.
struct ProtoReader {
    static let maximumDepth = 32
    let file: String
    private var tokens: [ProtoToken] = []
    private var position = 0

    init(text: String, file: String) throws(WorkloadError) {
        self.file = file
        self.tokens = try ProtoLexer(text: text, file: file).tokens()
    }

    private func fail(_ line: Int, _ message: String) -> WorkloadError {
        WorkloadError(file: file, line: line, message: message)
    }

    /// Parses the whole text as one top-level message.
    mutating func readAll() throws(WorkloadError) -> ProtoMessage {
        try readMessage(until: nil, opened: nil, depth: 0)
    }

    /// Reads fields until `close` (or end of text when `close` is nil).
    private mutating func readMessage(until close: String?, opened: (name: String, line: Int)?, depth: Int) throws(WorkloadError) -> ProtoMessage {
        var message = ProtoMessage()
        while true {
            guard position < tokens.count else {
                guard let opened else { return message }
                throw fail(opened.line, "the file ends inside the '\(opened.name)' block opened here; the file seems truncated, or a closing '\(close ?? "}")' is missing")
            }
            let token = tokens[position]
            if token.kind == .symbol, token.text == close { position += 1; return message }
            if token.kind == .symbol, token.text == ";" || token.text == "," { position += 1; continue }
            guard token.kind == .word, token.text.first.map({ $0.isLetter || $0 == "_" }) == true else {
                throw fail(token.line, "expected a field name, found '\(token.text)'\(token.text == "}" ? " (an unmatched '}'; remove it or add the opening block)" : "")")
            }
            position += 1
            message.fields += try readValue(name: token.text, line: token.line, depth: depth)
        }
    }

    /// Reads what follows a field name: `: scalar`, `: [list]`, or an optional `:` and a block.
    private mutating func readValue(name: String, line: Int, depth: Int) throws(WorkloadError) -> [ProtoField] {
        var sawColon = false
        if position < tokens.count, tokens[position].text == ":", tokens[position].kind == .symbol {
            sawColon = true
            position += 1
        }
        guard position < tokens.count else {
            throw fail(line, "the file ends after field '\(name)' without its value; the file seems truncated")
        }
        let token = tokens[position]
        if token.kind == .symbol, token.text == "{" || token.text == "<" {
            guard depth < Self.maximumDepth else { throw fail(token.line, "blocks nested deeper than \(Self.maximumDepth) levels") }
            position += 1
            let inner = try readMessage(until: token.text == "{" ? "}" : ">", opened: (name, line), depth: depth + 1)
            return [ProtoField(name: name, line: line, value: .message(inner))]
        }
        guard sawColon else {
            throw fail(token.line, "field '\(name)' needs ':' before its value (write '\(name): VALUE') or '{' to open a block")
        }
        if token.kind == .symbol, token.text == "[" {
            position += 1
            return try readList(name: name, line: line)
        }
        guard token.kind != .symbol else {
            throw fail(token.line, "field '\(name)': expected a value after ':', found '\(token.text)'")
        }
        position += 1
        return [ProtoField(name: name, line: token.line, value: .scalar(token.text, quoted: token.kind == .string))]
    }

    /// `[v1, v2, …]` of scalars, as repeated fields.
    private mutating func readList(name: String, line: Int) throws(WorkloadError) -> [ProtoField] {
        var fields: [ProtoField] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            if token.kind == .symbol {
                if token.text == "]" { return fields }
                if token.text == "," { continue }
                throw fail(token.line, "field '\(name)': unexpected '\(token.text)' in a [list]")
            }
            fields.append(ProtoField(name: name, line: token.line, value: .scalar(token.text, quoted: token.kind == .string)))
        }
        throw fail(line, "the file ends inside the list of field '\(name)'; the file seems truncated or ']' is missing")
    }
}
