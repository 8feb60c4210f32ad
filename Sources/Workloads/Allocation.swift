/// Device addresses of a plan's tensors: every tensor is live for the whole
/// iteration (Caffe keeps all blobs), so regions never overlap. Tensors are
/// placed in id order, each start aligned; the layout is deterministic.
public struct Allocation: Hashable, Sendable, Codable {
    /// The byte range of one tensor.
    public struct Region: Hashable, Sendable, Codable {
        public var tensor: TensorID
        /// First byte address.
        public var start: Int
        /// Bytes of data (the tensor's size; the gap to the next region is padding).
        public var length: Int
        /// One past the last byte.
        public var end: Int { start + length }
    }

    /// Regions by tensor id (`regions[id.rawValue]`), in increasing address order.
    public private(set) var regions: [Region]
    public var alignment: Int
    public var baseAddress: Int
    /// Bytes from `baseAddress` to the aligned end of the last tensor.
    public private(set) var footprintBytes: Int

    /// Lays out `tensors` from `baseAddress`, each start a multiple of `alignment` (a power of two).
    public init(tensors: [Tensor], alignment: Int, baseAddress: Int = 0) {
        self.alignment = alignment
        self.baseAddress = baseAddress
        var next = baseAddress
        var regions: [Region] = []
        regions.reserveCapacity(tensors.count)
        for tensor in tensors {
            regions.append(Region(tensor: tensor.id, start: next, length: tensor.bytes))
            next = Self.alignUp(next + tensor.bytes, to: alignment)
        }
        self.regions = regions
        self.footprintBytes = next - baseAddress
    }

    static func alignUp(_ value: Int, to alignment: Int) -> Int {
        (value + alignment - 1) & ~(alignment - 1)
    }

    public func region(of tensor: TensorID) -> Region { regions[tensor.rawValue] }

    /// The tensor whose data holds `address`, or nil for padding and outside addresses.
    /// - Complexity: O(log n), binary search over regions.
    public func tensor(at address: Int) -> TensorID? {
        var low = 0
        var high = regions.count
        while low < high {
            let mid = (low + high) / 2
            if regions[mid].end <= address { low = mid + 1 } else { high = mid }
        }
        guard low < regions.count, regions[low].start <= address, address < regions[low].end else { return nil }
        return regions[low].tensor
    }
}
