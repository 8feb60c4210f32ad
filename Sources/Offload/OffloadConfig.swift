import DataValues

// Seed 003 (cDMA over vDNN): the host link, the copy engine and the offload policy, as
// plain data. Sources: ../shared/docs/SYSTEMS.md §C2 (and the tags repeated per field).

/// What happens when a training iteration's footprint exceeds device memory (`--offload`).
public enum OffloadPolicy: String, Sendable, Codable, CaseIterable, Hashable {
    /// No offload when the footprint fits; `vdnn-dyn` when it does not (the summary says so).
    case auto
    /// Never offload: a footprint over capacity is an error naming the shortfall.
    case none
    /// Pretend device memory is unlimited (seed 000's implicit assumption; like-for-like reproduction).
    case unlimited
    /// vDNN_all: offload the input feature map of every layer.
    case vdnnAll = "vdnn-all"
    /// vDNN_conv: offload the input feature maps of convolution layers only.
    case vdnnConv = "vdnn-conv"
    /// vDNN_dyn: no offload if it fits, else conv, else all (the first that fits).
    case vdnnDyn = "vdnn-dyn"
}

/// A PCIe link between the GPU and pinned host memory: per direction a serialiser of TLPs.
public struct PCIeLinkConfig: Sendable, Codable, Hashable {
    /// Transfer rate per lane, GT/s (default 8: PCIe 3.0 specification).
    public var gigatransfersPerSecond: Double = 8
    /// Lanes (default 16: a x16 slot, GTX 1080 Ti and Titan Xp).
    public var lanes: Int = 16
    /// Line-code efficiency, payload bits per transmitted bit (default 128/130: PCIe 3.0's 128b/130b).
    public var encodingEfficiency: Double = 128.0 / 130.0
    /// Bytes of data per TLP (default 256: a common max payload size; assumed, SYSTEMS.md §C2).
    public var tlpPayloadBytes: Int = 256
    /// Framing, header, sequence number and CRC per TLP, bytes (default 24; assumed, SYSTEMS.md §C2).
    public var tlpOverheadBytes: Int = 24
    /// Fixed latency from the last byte leaving one side to its arrival at the other, ns (default 1000; assumed, SYSTEMS.md §C3).
    public var latencyNs: Double = 1000
    /// Bandwidth cap of pinned host memory as sink and source, GB/s (default 60: above the link, so not a bottleneck; assumed).
    public var hostGBps: Double = 60

    public init() {}

    /// Raw bytes per second per direction: GT/s × lanes × efficiency ÷ 8 (15.75 GB/s for gen3 x16).
    public var rawBytesPerSecond: Double { gigatransfersPerSecond * 1e9 * Double(lanes) * encodingEfficiency / 8 }
    /// Payload bytes per second per direction after TLP overheads and the host cap.
    public var effectiveBytesPerSecond: Double {
        min(rawBytesPerSecond * Double(tlpPayloadBytes) / Double(tlpPayloadBytes + tlpOverheadBytes), hostGBps * 1e9)
    }

    /// Time a transfer of `bytes` payload occupies one direction, ps: its TLPs' wire bytes at
    /// the raw rate, or the host memory's time if that is longer.
    public func serializationPs(bytes: Int) -> Int64 {
        guard bytes > 0 else { return 0 }
        let tlps = (bytes + tlpPayloadBytes - 1) / tlpPayloadBytes
        let wire = Double(bytes + tlps * tlpOverheadBytes) / rawBytesPerSecond
        let host = Double(bytes) / (hostGBps * 1e9)
        return Int64((max(wire, host) * 1e12).rounded(.up))
    }

    public func validate(path: String) -> [String] {
        var e: [String] = []
        if !(gigatransfersPerSecond > 0) { e.append("\(path).gigatransfersPerSecond must be > 0 GT/s (is \(gigatransfersPerSecond))") }
        if lanes < 1 { e.append("\(path).lanes must be ≥ 1 (is \(lanes))") }
        if !(encodingEfficiency > 0 && encodingEfficiency <= 1) { e.append("\(path).encodingEfficiency must be in (0, 1] (is \(encodingEfficiency))") }
        if tlpPayloadBytes < 1 { e.append("\(path).tlpPayloadBytes must be ≥ 1 B (is \(tlpPayloadBytes))") }
        if tlpOverheadBytes < 0 { e.append("\(path).tlpOverheadBytes must be ≥ 0 B (is \(tlpOverheadBytes))") }
        if !(latencyNs >= 0) { e.append("\(path).latencyNs must be ≥ 0 ns (is \(latencyNs))") }
        if !(hostGBps > 0) { e.append("\(path).hostGBps must be > 0 GB/s (is \(hostGBps))") }
        return e
    }
}

/// The GPU's copy engine, with the cDMA compressor in its path.
public struct CopyEngineConfig: Sendable, Codable, Hashable {
    /// Bytes the engine compresses and sends as one unit, B (default 4096; assumed, SYSTEMS.md §C3).
    public var chunkBytes: Int = 4096
    /// Chunks the engine's buffer holds in flight per direction (default 8, i.e. 32 KiB; assumed).
    public var bufferChunks: Int = 8
    /// Compressor (and decompressor) throughput, bytes of raw data per ns (default 64 B/ns; assumed:
    /// fast enough that the link, not the codec, limits; the paper's engine design is not reachable).
    public var codecBytesPerNs: Double = 64
    /// Compressor (and decompressor) pipeline latency per chunk, ns (default 20; assumed).
    public var codecLatencyNs: Double = 20
    /// Metadata the engine keeps per chunk (its compressed size, needed to decompress), B (default 4; assumed).
    public var metadataBytesPerChunk: Int = 4

    public init() {}

    public func validate(path: String) -> [String] {
        var e: [String] = []
        if chunkBytes < 64 || chunkBytes % 64 != 0 { e.append("\(path).chunkBytes must be a positive multiple of 64 B (is \(chunkBytes))") }
        if bufferChunks < 1 { e.append("\(path).bufferChunks must be ≥ 1 (is \(bufferChunks))") }
        if !(codecBytesPerNs > 0) { e.append("\(path).codecBytesPerNs must be > 0 (is \(codecBytesPerNs))") }
        if !(codecLatencyNs >= 0) { e.append("\(path).codecLatencyNs must be ≥ 0 ns (is \(codecLatencyNs))") }
        if metadataBytesPerChunk < 0 { e.append("\(path).metadataBytesPerChunk must be ≥ 0 B (is \(metadataBytesPerChunk))") }
        return e
    }
}

/// Everything about offload in one configuration section (`offload.*`).
public struct OffloadConfig: Sendable, Codable, Hashable {
    /// What to do when the footprint exceeds capacity (`--offload`; default `auto`).
    public var policy: OffloadPolicy = .auto
    /// The copy engine's codec (`--compress`; default `none`: plain vDNN).
    public var codec: OffloadCodec = .none
    public var codecParameters = OffloadCodecParameters()
    public var link = PCIeLinkConfig()
    public var engine = CopyEngineConfig()

    public init() {}

    public func validate(path: String) -> [String] {
        codecParameters.validate(path: path + ".codecParameters") + link.validate(path: path + ".link")
            + engine.validate(path: path + ".engine")
    }
}
