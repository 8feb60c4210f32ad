/// The shape of one image's worth of a blob: channels × height × width (Caffe's
/// N×C×H×W without N). Vectors such as fully-connected outputs are `C×1×1`;
/// a scalar such as a loss or a label is `1×1×1`.
public struct BlobShape: Hashable, Sendable, Codable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Convenience: `BlobShape(3, 224, 224)`.
    public init(_ channels: Int, _ height: Int, _ width: Int) {
        self.init(channels: channels, height: height, width: width)
    }

    /// A scalar per image (labels, losses).
    public static let scalar = BlobShape(1, 1, 1)

    /// Number of values per image.
    public var count: Int { channels * height * width }

    /// `CxHxW`, the notation of the `.net` format and the layer tables.
    public var description: String { "\(channels)x\(height)x\(width)" }

    /// Parses `CxHxW` (all positive, at most `maximumHyperParameter`), or a single number `C` meaning `Cx1x1`.
    /// Returns nil for anything else.
    public init?(parsing text: Substring) {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 1 else { return nil }
        var values: [Int] = []
        for part in parts {
            guard let value = Int(part), value > 0, value <= maximumHyperParameter else { return nil }
            values.append(value)
        }
        if values.count == 1 {
            self.init(values[0], 1, 1)
        } else {
            self.init(values[0], values[1], values[2])
        }
    }
}
