/// The data categories the memory controller understands (seed 000 Table 1). Software
/// hints (`MemorySystem.annotate(region:category:)`, the paper's `begin_feature(i, N)`,
/// §4.3) attach one to an address range; the remap logic turns it into an access mode.
public enum DataCategory: String, Sendable, Codable, CaseIterable, Hashable {
    /// Feature maps of convolutional layers (incl. ReLU, pooling) written as dense: Option 1.
    case denseConvFeatureMap
    /// A convolutional feature map that may be sparse (a ReLU output or derived from
    /// one): the sparsity register decides Option 1 or Option 2 per write pass (§4.2).
    case sparseConvFeatureMap
    /// Feature maps of fully connected layers: Option 3, soft bits only.
    case fcFeatureMap
    case convWeights
    case fcWeights
    /// Input images and gradient maps (write once, read once).
    case inputImagesAndGradients
    /// Everything else (kernel parameters, intermediate results): no remapping.
    case other

    /// Dense index for per-category counters.
    @inlinable public var index: Int {
        switch self {
        case .denseConvFeatureMap: 0
        case .sparseConvFeatureMap: 1
        case .fcFeatureMap: 2
        case .convWeights: 3
        case .fcWeights: 4
        case .inputImagesAndGradients: 5
        case .other: 6
        }
    }
    public static let count = 7
}

/// How a category is laid out in the cells (seed 000 Table 1, "Remapping Scheme").
public enum Remapping: String, Sendable, Codable, Hashable {
    /// Bit j of neighbour blocks A and B in the hard and soft bit of the same cell.
    case acrossSoftAndHard
    /// One data bit per cell, in the soft bit.
    case softBitsOnly
    /// Two consecutive data bits per cell.
    case none
}

/// One row of seed 000 Table 1 as data.
public struct RemapRule: Sendable, Hashable {
    public var category: DataCategory
    public var remapping: Remapping
    /// Access mode with remapping and BitLevel on.
    public var mode: AccessMode
    /// SparseCode applies when the sparsity register calls the map sparse (Option 2).
    public var sparseCandidate: Bool
}

/// Seed 000 Table 1: data category → remapping scheme → access mode.
public enum RemapTable {
    /// Rows in `DataCategory.index` order.
    public static let rules: [RemapRule] = [
        //        category                    remapping            mode        sparse candidate
        RemapRule(category: .denseConvFeatureMap,     remapping: .acrossSoftAndHard, mode: .bitLevel, sparseCandidate: false),
        RemapRule(category: .sparseConvFeatureMap,    remapping: .acrossSoftAndHard, mode: .bitLevel, sparseCandidate: true),
        RemapRule(category: .fcFeatureMap,            remapping: .softBitsOnly,      mode: .softOnly, sparseCandidate: false),
        RemapRule(category: .convWeights,             remapping: .softBitsOnly,      mode: .softOnly, sparseCandidate: false),
        RemapRule(category: .fcWeights,               remapping: .acrossSoftAndHard, mode: .bitLevel, sparseCandidate: false),
        RemapRule(category: .inputImagesAndGradients, remapping: .softBitsOnly,      mode: .softOnly, sparseCandidate: false),
        RemapRule(category: .other,                   remapping: .none,              mode: .normal,   sparseCandidate: false),
    ]

    @inlinable public static func rule(_ c: DataCategory) -> RemapRule { rules[c.index] }

    /// The access mode of `category` under `settings`: with remapping off nothing is
    /// remapped (the caller keeps the request's own mode); with BitLevel off, categories
    /// remapped across soft and hard bits use `normal` (two consecutive bits per cell).
    public static func mode(of category: DataCategory, _ settings: MechanismSettings) -> AccessMode {
        let m = rule(category).mode
        if m == .bitLevel && !settings.bitLevel { return .normal }
        return m
    }

    /// Data bits per cell for a mode: soft-only 1, otherwise 2.
    @inlinable public static func bitsPerCell(_ mode: AccessMode) -> Int { mode == .softOnly ? 1 : 2 }
}
