import DataValues

/// Which memory-side mechanisms of seed 000 are on, and their parameters. Passed to
/// `MemorySystem.init(config:mechanisms:sim:)` next to `MemoryConfig`; the default is
/// everything off, in which case the memory system behaves exactly as without this type
/// (requests keep their own `mode`, no lookup happens per request).
///
/// The BitLevel and SparseCode block size is `ControllerConfig.bitLevelBlockBits`
/// (one parameter for both, seed 000 Figs. 9 and 12).
public struct MechanismSettings: Sendable, Codable, Hashable {
    /// Data remapping by category (Table 1). On: the controller picks every request's
    /// access mode from the category of its address and overrides `MemoryRequest.mode`;
    /// soft-only categories take twice the cells (see `SoftOnlyLayout`).
    public var remap: Bool = false
    /// BitLevel pairing for the categories remapped across soft and hard bits. Off (with
    /// remap on): those categories use `normal` mode.
    public var bitLevel: Bool = false
    /// SparseCode for sparse-candidate conv feature maps (Option 2, §3.2 and §4.2).
    public var sparseCode: Bool = false
    /// Entries of each controller's remapping buffer (§4.2: 16). Unit: 64-byte entries.
    public var remapBufferEntries: Int = 16
    /// The sparsity register (§4.2: 65,536 values, index threshold 8, register threshold 32,768).
    public var sparsity = SparsityDetector.Parameters()

    public init(remap: Bool = false, bitLevel: Bool = false, sparseCode: Bool = false,
                remapBufferEntries: Int = 16, sparsity: SparsityDetector.Parameters = .init()) {
        self.remap = remap
        self.bitLevel = bitLevel
        self.sparseCode = sparseCode
        self.remapBufferEntries = remapBufferEntries
        self.sparsity = sparsity
    }

    /// Everything off: the memory system of `MemoryConfig` alone.
    public static let off = MechanismSettings()

    /// True when any mechanism is on (the memory system then routes requests through
    /// its `MechanismEngine`).
    public var anyOn: Bool { remap || bitLevel || sparseCode }

    /// Problems, each naming the parameter's full path (prefix e.g. `mechanisms`).
    public func validate(path: String, device: DeviceSpec) -> [String] {
        var e: [String] = []
        if bitLevel && !remap { e.append("\(path).bitLevel needs \(path).remap = true") }
        if sparseCode && !remap { e.append("\(path).sparseCode needs \(path).remap = true") }
        if anyOn && !device.technology.behavior.hasAccessModes {
            let with = MemoryTechnology.allCases.filter { $0.behavior.hasAccessModes }.map(\.rawValue).joined(separator: ", ")
            e.append("\(path): mechanisms need a device with access modes (technology \(with)); \(device.technology.rawValue) has none")
        }
        if !(4...256).contains(remapBufferEntries) {
            e.append("\(path).remapBufferEntries must be in 4…256 entries (is \(remapBufferEntries))")
        }
        e += sparsity.validate(path: "\(path).sparsity")
        return e
    }
}
