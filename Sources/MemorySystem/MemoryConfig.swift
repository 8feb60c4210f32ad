import SimKernel

/// Everything that describes the memory side of a system.
public struct MemoryConfig: Sendable, Codable, Hashable {
    /// Number of memory controllers (channels). Seed 000 Table 2: 8; the real GP102 has 11.
    public var channels: Int
    public var device: DeviceSpec
    public var controller: ControllerConfig
    public var mapping: AddressMappingConfig
    /// Memory cells of the whole device memory (DRAM: one bit each), cells. Default
    /// 11 × 2^33: the GTX 1080 Ti's eleven 8 Gb GDDR5X chips (11 GB; NVIDIA specifications);
    /// `--gpu` sets it per part. A technology with b bits per cell holds b× the bits in the
    /// same cells (`capacityBytes`), which is seed 003 meeting seed 000 (`--offload`).
    public var capacityCells: UInt64

    public init(channels: Int = 8, device: DeviceSpec = DevicePresets.gddr5x,
                controller: ControllerConfig = ControllerConfig(), mapping: AddressMappingConfig = AddressMappingConfig(),
                capacityCells: UInt64 = MemoryConfig.gtx1080TiCells) {
        self.channels = channels
        self.device = device
        self.controller = controller
        self.mapping = mapping
        self.capacityCells = capacityCells
    }

    /// 11 × 8 Gb chips.
    public static let gtx1080TiCells: UInt64 = 11 << 33

    /// All problems, each naming the parameter's full path (prefix e.g. `memory`).
    public func validate(path: String) -> [String] {
        var e: [String] = []
        if channels < 1 || channels > 256 { e.append("\(path).channels must be in 1…256 (is \(channels))") }
        e += device.validate(path: "\(path).device")
        e += controller.validate(path: "\(path).controller")
        e += mapping.validate(path: "\(path).mapping")
        if capacityCells == 0 { e.append("\(path).capacityCells must be > 0 cells") }
        return e
    }

    /// Peak data bandwidth of all channels, bytes per second: one burst per tCCD_S.
    public var peakBandwidthBytesPerSecond: Double {
        let t = ConstraintTable(spec: device)
        let ccd = max(device.timing.tCCD_S.cycles(tCKps: device.tCKps), t.tBL)
        return Double(channels * device.organization.burstBytes) / (Double(ccd * device.tCKps) * 1e-12)
    }
}

/// The memory side of a system: the address map and one controller per channel.
public final class MemorySystem {
    public let config: MemoryConfig
    public let mapper: AddressMapper
    public let controllers: [MemoryController]
    /// The same controllers, unretained, for the per-request path (`controllers` keeps
    /// them alive).
    let fastControllers: FixedArray<Unmanaged<MemoryController>>
    /// The remap logic (seed 000 §4.2): annotations, access modes, SparseCode. Requests go
    /// through it only when `routesThroughMechanisms` (some mechanism is on).
    public let mechanisms: MechanismEngine
    public let routesThroughMechanisms: Bool

    /// Builds the controllers and registers them with `sim`. `config` and `mechanisms`
    /// must validate (`MechanismSettings.validate`); the default is everything off.
    public init(config: MemoryConfig, mechanisms settings: MechanismSettings = .off, sim: Simulator) {
        self.config = config
        self.mapper = AddressMapper(config: config.mapping, channels: config.channels, organization: config.device.organization)
        self.controllers = (0..<config.channels).map {
            MemoryController(channel: $0, config: config.controller, spec: config.device)
        }
        for c in controllers { c.attach(to: sim) }
        self.fastControllers = FixedArray(controllers.map { Unmanaged.passUnretained($0) })
        self.mechanisms = MechanismEngine(settings: settings, mapper: mapper, controllers: controllers, device: config.device,
                                          blockBits: config.controller.bitLevelBlockBits)
        self.routesThroughMechanisms = settings.anyOn
        mechanisms.attach(to: sim)
    }

    /// Sets the client every controller reports to.
    public func setClient(_ client: any MemoryClient) {
        self.client = client
        mechanisms.client = client
        for c in controllers { c.client = routesThroughMechanisms ? mechanisms : client }
    }

    /// The client set last (`setClient`), unretained like the controllers' reference.
    public private(set) unowned(unsafe) var client: (any MemoryClient)?
    /// The router `addClient` installed (retained here; it retains no client).
    private var router: MemoryClientRouter?

    /// Adds a second client beside the current one (e.g. a DMA engine beside the GPU's L2):
    /// completions of requests with `source` go to it. Call after `setClient`; the caller
    /// keeps `extra` alive for the run.
    public func addClient(_ extra: any MemoryClient, source: UInt32) {
        guard let current = client else { preconditionFailure("addClient before setClient") }
        if router == nil || router! !== current {
            router = MemoryClientRouter(primary: current)
            setClient(router!)
        }
        router!.add(extra, source: source)
    }

    /// Hands `request` to its channel's controller. Returns false when that queue is full
    /// (the client hears `memorySpaceAvailable` when it has room). With a mechanism on,
    /// the remap logic picks the request's access mode from the category of its address
    /// (overriding `request.mode`) and may encode it (`MechanismEngine`).
    @discardableResult
    public func submit(_ request: MemoryRequest, _ sim: Simulator) -> Bool {
        if routesThroughMechanisms { return mechanisms.submit(request, sim) }
        let d = mapper.decode(request.address)
        return fastControllers[d.channel]._withUnsafeGuaranteedRef { $0.enqueue(request, bank: d.bank, row: d.row, sim) }
    }

    /// False when `submit` of a `kind` request to `channel` would surely be refused; the
    /// client then hears `memorySpaceAvailable`, as after a refused `submit`. A client that
    /// retries often asks first and skips decoding the address and building the request (its
    /// mode and write data). With a mechanism on it is always true: the engine decides in
    /// `submit`.
    @inline(__always)
    public func mayAccept(_ kind: AccessKind, channel: Int) -> Bool {
        if routesThroughMechanisms { return true }
        return fastControllers[channel]._withUnsafeGuaranteedRef { $0.admits(kind) }
    }

    /// Whether anything reads the bytes of write requests: a mechanism (annotations,
    /// SparseCode statistics) or a device whose write cost depends on the data.
    /// When false a client may send writes without data.
    public var usesWriteData: Bool { routesThroughMechanisms || config.device.technology.behavior.writeDependsOnData }

    /// The channel of an address.
    public func channel(of address: UInt64) -> Int { mapper.channel(of: address) }

    /// Counters of all controllers added up.
    public var totals: ControllerStats {
        var t = ControllerStats()
        for c in controllers { t.merge(c.stats) }
        return t
    }

    /// True when no controller holds a request.
    public var isIdle: Bool { controllers.allSatisfy(\.isIdle) }
}
