import Foundation

/// A real tensor loaded from a NumPy `.npy` file (float32, little-endian, C order),
/// serving the same random-access interface as `SyntheticValues`.
///
/// The simulator may ask for more elements than the file holds (e.g. a batch of 128
/// images from one saved image): element `i` is element `i % elementCount` of the file.
/// The whole array is held in memory (one array; copies share it).
public struct LoadedValues: Sendable, Hashable {
    /// The array's shape, outermost dimension first (`[]` for a 0-d array).
    public let shape: [Int]
    /// The fp32 bit patterns in C order.
    public let words: [UInt32]
    /// Number of elements (≥ 1).
    public var elementCount: Int { words.count }

    /// Writes the words of elements `[index, index + buffer.count)` (modulo
    /// `elementCount`) into `buffer`. - Precondition: `index >= 0`.
    public func fill(_ buffer: UnsafeMutableBufferPointer<UInt32>, from index: Int) {
        precondition(index >= 0, "element index must be non-negative")
        words.withUnsafeBufferPointer { source in
            var at = index % source.count
            for k in 0..<buffer.count {
                buffer[k] = source[at]
                at += 1
                if at == source.count { at = 0 }
            }
        }
    }

    /// The word of element `index` (modulo `elementCount`).
    public func word(at index: Int) -> UInt32 {
        precondition(index >= 0, "element index must be non-negative")
        return words[index % words.count]
    }

    /// The 16 words of elements `[index, index + 16)` (modulo `elementCount`).
    public func burst(at index: Int) -> Burst {
        precondition(index >= 0, "element index must be non-negative")
        var burst = Burst()
        var at = index % words.count
        for k in 0..<Burst.wordCount {
            burst.words[k] = words[at]
            at += 1
            if at == words.count { at = 0 }
        }
        return burst
    }
}

/// Reading and writing NumPy `.npy` files of float32 (`<f4`) arrays in C order.
public enum NPY {
    /// Parses the bytes of an `.npy` file. `source` names it in errors. When
    /// `expectedElementCount` is given, the array must hold exactly that many elements.
    /// Never traps on malformed input: every problem is a `ValueError`.
    public static func parse(_ bytes: [UInt8], source: String, expectedElementCount: Int? = nil) throws(ValueError) -> LoadedValues {
        let header = try NPYHeader.parse(bytes, source: source)
        guard header.descr == "<f4" else {
            throw ValueError(.unsupportedDType, source: source,
                             problem: "dtype '\(header.descr)' is not little-endian float32 ('<f4')",
                             fix: "save numpy.asarray(a, dtype='<f4')")
        }
        guard !header.fortranOrder else {
            throw ValueError(.fortranOrder, source: source, problem: "the array is stored in Fortran (column-major) order",
                             fix: "save numpy.ascontiguousarray(a) instead")
        }
        let count = try elementCount(header.shape, source: source)
        if let expected = expectedElementCount, expected != count {
            throw ValueError(.shapeMismatch, source: source,
                             problem: "shape \(header.shape) holds \(count) elements, the tensor needs \(expected)",
                             fix: "save an array of the tensor's shape (\(expected) elements)")
        }
        let available = bytes.count - header.dataOffset
        guard available >= count * 4 else {
            throw ValueError(.truncatedData, source: source,
                             problem: "shape \(header.shape) needs \(count * 4) data bytes, the file has \(available)",
                             fix: "copy the complete file again, or re-save it with numpy.save")
        }
        guard available == count * 4 else {
            throw ValueError(.extraData, source: source,
                             problem: "\(available - count * 4) bytes follow the \(count * 4) data bytes of shape \(header.shape)",
                             fix: "re-save the array with numpy.save (one array per file)")
        }
        let words = bytes.withUnsafeBytes { raw in
            (0..<count).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: header.dataOffset + 4 * $0, as: UInt32.self)) }
        }
        return LoadedValues(shape: header.shape, words: words)
    }

    /// The product of `shape`, checked: non-negative dimensions, no overflow, ≥ 1 element,
    /// at most 2^40 bytes.
    private static func elementCount(_ shape: [Int], source: String) throws(ValueError) -> Int {
        var count = 1
        for dim in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard dim >= 0, !overflow, product <= 1 << 38 else {
                throw ValueError(.badShape, source: source, problem: "shape \(shape) is too large or negative",
                                 fix: "save an array of at most 2^38 elements")
            }
            count = product
        }
        guard count > 0 else {
            throw ValueError(.emptyTensor, source: source, problem: "shape \(shape) holds no elements",
                             fix: "save a non-empty array")
        }
        return count
    }

    /// Loads the `.npy` file at `path` (see `parse`).
    public static func load(path: String, expectedElementCount: Int? = nil) throws(ValueError) -> LoadedValues {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValueError(.unreadableFile, source: path, problem: "the file does not exist or cannot be read",
                             fix: "check the path and its permissions")
        }
        return try parse([UInt8](data), source: path, expectedElementCount: expectedElementCount)
    }

    /// The bytes of an `.npy` file (version 1.0, or 2.0 for very long headers) holding
    /// `words` as a float32 C-order array of `shape`.
    /// - Precondition: the product of `shape` equals `words.count`.
    public static func encode(shape: [Int], words: [UInt32]) -> [UInt8] {
        precondition(shape.reduce(1, *) == words.count, "shape \(shape) does not hold \(words.count) elements")
        var bytes = NPYHeader.encode(shape: shape)
        bytes.reserveCapacity(bytes.count + 4 * words.count)
        for word in words {
            for k in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: word >> (8 * k))) }
        }
        return bytes
    }

    /// Writes `words` as a float32 `.npy` file of `shape` at `path` (atomically).
    public static func write(path: String, shape: [Int], words: [UInt32]) throws(ValueError) {
        do {
            try Data(encode(shape: shape, words: words)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ValueError(.unwritableFile, source: path, problem: "cannot be written (\(error.localizedDescription))",
                             fix: "check that the directory exists and is writable")
        }
    }
}
