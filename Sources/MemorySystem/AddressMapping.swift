import Foundation

/// How physical addresses spread over channels, bank groups, banks, rows and columns.
///
/// An address is cut into bursts of the device's access atom (64 B for GDDR5X, 32 B for an HMC vault). Runs of `interleaveBytes` go to one channel;
/// the channel of run k is `(k + h(k / channels)) mod channels`, where h is a
/// multiplicative hash of the higher address bits when `hashChannels` is on (it breaks
/// strides that are multiples of the channel count; for fixed higher bits it is still a
/// permutation, so sequential streams visit every channel). Any channel count works
/// (8 as in the paper, 11 as on the real chip).
///
/// Inside a channel, the channel-local burst index is split from least to most
/// significant bits in `order`: `bg` bank group, `ba` bank in group, `co` column; the
/// rest is the row (not wrapped: addresses beyond a channel's capacity get rows of their
/// own, so the timing model never aliases; capacity is reported separately).
/// The default `co,bg,ba` keeps a channel's consecutive bursts in one row of one bank (a 4 KB
/// row holds 64 of them), as GPU address maps do (column bits lowest; GPGPU-Sim's Pascal map
/// puts the bank bits above the column bits): a 128-byte L2 line and its neighbours then cost
/// one activation, not one per bank group. The FR-FCFS queue interleaves the rows open in
/// different bank groups, so streams still reach tCCD_S spacing. Measured with
/// `--workload stream` on 8 controllers (2^23 values, 256-entry queues): copy/triad 398/425 GB/s
/// with `co,bg,ba` against 379/407 with the earlier `bg,co,ba`; a skinny GEMM (2560×32×2560 with
/// A transposed, one 128-byte line per weight row per K step) 122 µs against 202 µs (DeepBench
/// measured 102 µs for that TN shape).
public struct AddressMappingConfig: Sendable, Codable, Hashable {
    /// Bytes mapped contiguously to one channel; a power-of-two multiple of 64.
    public var interleaveBytes: Int
    /// Hash higher address bits into the channel choice.
    public var hashChannels: Bool
    /// Comma-separated field order, least significant first: a permutation of `bg,ba,co`.
    public var order: String
    /// Permutation-based bank interleaving (Zhang, Zhu & Zhang, MICRO 2000; the XOR bank
    /// hashing GPUs use): the bank group and bank are XORed with the row bits folded down to
    /// their width, so that tensors whose addresses differ by a multiple of a row set (large
    /// power-of-two arrays) land on different banks instead of conflicting in the same ones.
    /// Default true.
    public var hashBanks: Bool

    public init(interleaveBytes: Int = 256, hashChannels: Bool = true, order: String = "co,bg,ba", hashBanks: Bool = true) {
        self.interleaveBytes = interleaveBytes
        self.hashChannels = hashChannels
        self.order = order
        self.hashBanks = hashBanks
    }

    private enum CodingKeys: String, CodingKey { case interleaveBytes, hashChannels, order, hashBanks }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AddressMappingConfig()
        interleaveBytes = try c.decodeIfPresent(Int.self, forKey: .interleaveBytes) ?? d.interleaveBytes
        hashChannels = try c.decodeIfPresent(Bool.self, forKey: .hashChannels) ?? d.hashChannels
        order = try c.decodeIfPresent(String.self, forKey: .order) ?? d.order
        hashBanks = try c.decodeIfPresent(Bool.self, forKey: .hashBanks) ?? d.hashBanks
    }

    public func validate(path: String) -> [String] {
        var e: [String] = []
        let b = interleaveBytes / MemoryRequest.burstBytes
        if interleaveBytes < MemoryRequest.burstBytes || interleaveBytes % MemoryRequest.burstBytes != 0 || b & (b - 1) != 0 {
            e.append("\(path).interleaveBytes must be a power-of-two multiple of 64 (is \(interleaveBytes))")
        }
        let fields = order.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if fields.sorted() != ["ba", "bg", "co"] {
            e.append("\(path).order must list bg, ba and co once each, least significant first (is \"\(order)\"); e.g. \"bg,co,ba\"")
        }
        return e
    }
}

/// A decoded burst address.
public struct DecodedAddress: Sendable, Hashable {
    public var channel: Int
    public var bankGroup: Int
    /// Bank index within the channel: `bankGroup × banksPerGroup + bank-in-group`.
    public var bank: Int
    public var row: Int64
    public var column: Int
}

/// The compiled mapping: shifts and masks for the power-of-two fields.
public struct AddressMapper: Sendable {
    public let channels: Int
    let burstsPerRun: UInt64
    /// log2 of the device's burst (access atom) in bytes: 6 for 64 B, 5 for a 32 B HMC vault.
    let burstShift: UInt64
    let runShift: UInt64
    let hash: Bool
    let banksPerGroup: Int
    /// (shift, mask) for bg, ba, co in the channel-local burst index.
    let bgField: (UInt64, UInt64)
    let baField: (UInt64, UInt64)
    let coField: (UInt64, UInt64)
    let rowShift: UInt64
    /// XOR bank hashing: width of bg + ba bits (0 when off) and the bg mask.
    let bankHashBits: UInt64
    let bgBits: UInt64

    public init(config: AddressMappingConfig, channels: Int, organization o: DeviceOrganization) {
        precondition(channels > 0, "channels must be > 0")
        self.channels = channels
        self.hash = config.hashChannels
        self.burstsPerRun = UInt64(config.interleaveBytes / o.burstBytes)
        self.burstShift = UInt64(o.burstBytes.trailingZeroBitCount)
        self.runShift = UInt64(config.interleaveBytes.trailingZeroBitCount)
        self.banksPerGroup = o.banksPerGroup
        func bits(_ n: Int) -> UInt64 { UInt64(n.trailingZeroBitCount) }
        var shift: UInt64 = 0
        var bg: (UInt64, UInt64) = (0, 0), ba: (UInt64, UInt64) = (0, 0), co: (UInt64, UInt64) = (0, 0)
        for f in config.order.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            switch f {
            case "bg": bg = (shift, UInt64(o.bankGroups - 1)); shift += bits(o.bankGroups)
            case "ba": ba = (shift, UInt64(o.banksPerGroup - 1)); shift += bits(o.banksPerGroup)
            default: co = (shift, UInt64(o.columnsPerRow - 1)); shift += bits(o.columnsPerRow)
            }
        }
        bgField = bg; baField = ba; coField = co; rowShift = shift
        bgBits = bits(o.bankGroups)
        bankHashBits = config.hashBanks ? bits(o.bankGroups) + bits(o.banksPerGroup) : 0
    }

    /// Bank group, bank in group and row of channel-local burst `local` (bank hashing applied).
    /// (Every shift amount here is a bit position below 64, so masking shifts change nothing.)
    @inline(__always)
    func bankRow(local: UInt64) -> (bg: UInt64, ba: UInt64, row: UInt64) {
        var bg = (local &>> bgField.0) & bgField.1
        var ba = (local &>> baField.0) & baField.1
        let row = local &>> rowShift
        if bankHashBits > 0 {
            // Fold every row bit into bankHashBits bits, then XOR into (ba, bg).
            var fold: UInt64 = 0
            var r = row
            while r != 0 { fold ^= r; r &>>= bankHashBits }
            bg ^= fold & bgField.1
            ba ^= (fold &>> bgBits) & baField.1
        }
        return (bg, ba, row)
    }

    /// The channel of the burst containing `address` (`decode(address).channel` without the
    /// bank, row and column).
    @inline(__always)
    public func channel(of address: UInt64) -> Int { upperAndChannel(ofRun: address &>> runShift).channel }

    /// Decodes the burst containing `address`.
    public func decode(_ address: UInt64) -> DecodedAddress {
        let run = address &>> runShift
        let (upper, ch) = upperAndChannel(ofRun: run)
        let inRun = (address &>> burstShift) & (burstsPerRun - 1)
        let local = upper &* burstsPerRun + inRun
        let (bg, ba, row) = bankRow(local: local)
        return DecodedAddress(channel: Int(ch), bankGroup: Int(bg), bank: Int(bg) * banksPerGroup + Int(ba),
                              row: Int64(row), column: Int((local &>> coField.0) & coField.1))
    }
}
