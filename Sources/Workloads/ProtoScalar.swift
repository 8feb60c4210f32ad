/// Typed reading of one prototxt field, with errors naming file:line and the field.
struct ProtoScalar {
    let field: ProtoField
    let place: SourcePlace

    init(_ field: ProtoField, place: SourcePlace) {
        self.field = field
        self.place = place
    }

    init(_ field: ProtoField, file: String) {
        self.init(field, place: SourcePlace(file: file, line: field.line))
    }

    private func text() throws(WorkloadError) -> (String, Bool) {
        guard case .scalar(let text, let quoted) = field.value else {
            throw place.error("field '\(field.name)' must be a value ('\(field.name): …'), not a block")
        }
        return (text, quoted)
    }

    func string() throws(WorkloadError) -> String { try text().0 }

    /// An integer in `range` (protobuf `uint32`/`int32` fields of `caffe.proto`).
    func int(_ range: ClosedRange<Int> = 1...maximumHyperParameter) throws(WorkloadError) -> Int {
        let (text, quoted) = try text()
        guard !quoted, let value = Int(text), range.contains(value) else {
            throw place.error("field '\(field.name)': expected an integer from \(range.lowerBound) to \(range.upperBound), got '\(text)'")
        }
        return value
    }

    func double() throws(WorkloadError) -> Double {
        let (text, quoted) = try text()
        guard !quoted, let value = Double(text), value.isFinite else {
            throw place.error("field '\(field.name)': expected a number, got '\(text)'")
        }
        return value
    }

    func bool() throws(WorkloadError) -> Bool {
        let (text, quoted) = try text()
        switch (text, quoted) {
        case ("true", false), ("True", false), ("1", false): return true
        case ("false", false), ("False", false), ("0", false): return false
        default: throw place.error("field '\(field.name)': expected true or false, got '\(text)'")
        }
    }

    /// An enum identifier among `choices` (e.g. `MAX`, `AVE`).
    func identifier(_ choices: [String]) throws(WorkloadError) -> String {
        let (text, _) = try text()
        guard choices.contains(text) else {
            throw place.error("field '\(field.name)': expected one of \(choices.joined(separator: ", ")), got '\(text)'")
        }
        return text
    }
}

/// Shapes written as `dim:` lists (N, C, H, W); N is ignored, the batch size is ours.
enum ProtoShape {
    static func shape(_ dims: [ProtoField], place: SourcePlace) throws(WorkloadError) -> BlobShape {
        var values: [Int] = []
        for dim in dims {
            values.append(try ProtoScalar(dim, place: SourcePlace(file: place.file, line: dim.line)).int())
        }
        switch values.count {
        case 4: return BlobShape(values[1], values[2], values[3])
        case 3: return BlobShape(values[1], values[2], 1)
        case 2: return BlobShape(values[1], 1, 1)
        default:
            throw place.error("a shape needs 2 to 4 'dim' values (N, C, H, W), got \(values.count)")
        }
    }
}
