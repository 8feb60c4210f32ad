import Foundation

/// How physical addresses spread over channels, bank groups, banks, rows and columns.
///
/// An address is cut into 64-byte bursts. Runs of `interleaveBytes` go to one channel;
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
/// The default `bg,co,ba` puts consecutive bursts in different bank groups (tCCD_S, not
/// tCCD_L) and keeps a 256-byte run in one row of each of four bank groups.
public struct AddressMappingConfig: Sendable, Codable, Hashable {
    /// Bytes mapped contiguously to one channel; a power-of-two multiple of 64.
    public var interleaveBytes: Int
    /// Hash higher address bits into the channel choice.
    public var hashChannels: Bool
    /// Comma-separated field order, least significant first: a permutation of `bg,ba,co`.
    public var order: String

    public init(interleaveBytes: Int = 256, hashChannels: Bool = true, order: String = "bg,co,ba") {
        self.interleaveBytes = interleaveBytes
        self.hashChannels = hashChannels
        self.order = order
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
    let runShift: UInt64
    let hash: Bool
    let banksPerGroup: Int
    /// (shift, mask) for bg, ba, co in the channel-local burst index.
    let bgField: (UInt64, UInt64)
    let baField: (UInt64, UInt64)
    let coField: (UInt64, UInt64)
    let rowShift: UInt64

    public init(config: AddressMappingConfig, channels: Int, organization o: DeviceOrganization) {
        precondition(channels > 0, "channels must be > 0")
        self.channels = channels
        self.hash = config.hashChannels
        self.burstsPerRun = UInt64(config.interleaveBytes / MemoryRequest.burstBytes)
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
    }

    /// Decodes the burst containing `address`.
    public func decode(_ address: UInt64) -> DecodedAddress {
        let run = address >> runShift
        let upper = run / UInt64(channels)
        let ch = channel(ofRun: run)
        let inRun = (address >> 6) & (burstsPerRun - 1)
        let local = upper &* burstsPerRun + inRun
        let bg = Int((local >> bgField.0) & bgField.1)
        let ba = Int((local >> baField.0) & baField.1)
        return DecodedAddress(channel: Int(ch), bankGroup: bg, bank: bg * banksPerGroup + ba,
                              row: Int64(local >> rowShift), column: Int((local >> coField.0) & coField.1))
    }
}
