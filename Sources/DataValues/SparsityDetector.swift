/// The sparsity register of seed 000 §4.2, which picks Option 1 (dense feature map:
/// BitLevel only) or Option 2 (sparse: SparseCode + BitLevel) per feature map.
///
/// It watches the first `sampleBlocks` blocks of a feature map's write stream through
/// the SparseCode encoding counter and counts, in a 16-bit register, the non-zero
/// blocks whose index (zero blocks preceding them since the last stored entry) is
/// smaller than `indexThreshold`. After `sampleBlocks` blocks the map is dense iff
/// register > `registerThreshold`.
///
/// Choices the paper leaves open, and ours:
/// * The register saturates at 65,535 (a wrapping 16-bit counter would read 0 after
///   65,536 dense values and call the densest map sparse).
/// * A map shorter than `sampleBlocks` is decided by `finish()` with the threshold scaled
///   to its length: dense iff register · sampleBlocks > registerThreshold · blocksSeen.
///   An empty map is dense (Option 1 is the paper's default, §3.1).
/// * Filler zeros (index 15, data 0) are zero blocks and never counted.
public struct SparsityDetector: Sendable, Hashable {
    /// Parameters of the register (seed 000 §4.2).
    public struct Parameters: Sendable, Hashable, Codable {
        /// Blocks observed before deciding. Unit: blocks (values for 32-bit blocks).
        /// Default 65,536 = 2^16 (seed 000 §4.2 "the first 65536 accessed data values").
        public var sampleBlocks: Int = 65_536
        /// Non-zero blocks with an index below this count. Unit: zero blocks. Default 8
        /// (seed 000 §4.2).
        public var indexThreshold: Int = 8
        /// Dense iff the register exceeds this. Unit: count. Default 32,768 (seed 000 §4.2).
        public var registerThreshold: Int = 32_768
        /// Block size the encoding counter works on. Default 32 bits (one fp32 value).
        public var block: BlockSize = .bits32

        public init(sampleBlocks: Int = 65_536, indexThreshold: Int = 8,
                    registerThreshold: Int = 32_768, block: BlockSize = .bits32) {
            self.sampleBlocks = sampleBlocks
            self.indexThreshold = indexThreshold
            self.registerThreshold = registerThreshold
            self.block = block
        }

        /// Problems, each naming the parameter's path; empty when valid.
        public func validate(path: String = "sparsity") -> [String] {
            var problems: [String] = []
            if !(1...(1 << 30)).contains(sampleBlocks) { problems.append("\(path).sampleBlocks must be in 1...\(1 << 30) blocks, got \(sampleBlocks)") }
            if !(0...16).contains(indexThreshold) { problems.append("\(path).indexThreshold must be in 0...16 zero blocks, got \(indexThreshold)") }
            if !(0...65_535).contains(registerThreshold) { problems.append("\(path).registerThreshold must be in 0...65535, got \(registerThreshold)") }
            return problems
        }
    }

    /// The remapping option chosen for a feature map.
    public enum Decision: String, Sendable, Hashable, Codable {
        /// Option 1: BitLevel, no SparseCode.
        case dense
        /// Option 2: SparseCode, then BitLevel.
        case sparse
    }

    public let parameters: Parameters
    /// The 16-bit sparsity register.
    public private(set) var register: UInt16 = 0
    /// Blocks observed (stops growing once decided).
    public private(set) var blocksSeen = 0
    /// The decision, `nil` until `sampleBlocks` blocks were seen or `finish()` was called.
    public private(set) var decision: Decision?
    private var counter = EncodingCounter()
    private var pendingOr: UInt32 = 0
    private var pendingWords = 0

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    /// Feeds one word of the write stream; words after the decision are ignored.
    public mutating func feed(_ word: UInt32) {
        guard decision == nil else { return }
        pendingOr |= word
        pendingWords += 1
        if pendingWords == parameters.block.words { closeBlock() }
    }

    /// Feeds several words.
    public mutating func feed(_ words: some Sequence<UInt32>) {
        for word in words where decision == nil { feed(word) }
    }

    /// Ends the stream: decides now if undecided (see the type's notes) and returns the decision.
    @discardableResult
    public mutating func finish() -> Decision {
        if let decision { return decision }
        if pendingWords > 0 { closeBlock() }
        if let decision { return decision }
        let dense = blocksSeen == 0
            || Int(register) * parameters.sampleBlocks > parameters.registerThreshold * blocksSeen
        decision = dense ? .dense : .sparse
        return dense ? .dense : .sparse
    }

    private mutating func closeBlock() {
        let isZero = pendingOr == 0
        if let index = counter.step(isZero: isZero), !isZero,
           Int(index) < parameters.indexThreshold, register < .max {
            register += 1
        }
        pendingOr = 0
        pendingWords = 0
        blocksSeen += 1
        if blocksSeen == parameters.sampleBlocks {
            decision = Int(register) > parameters.registerThreshold ? .dense : .sparse
        }
    }
}
