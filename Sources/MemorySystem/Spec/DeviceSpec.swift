/// The geometry of one channel's devices.
public struct DeviceOrganization: Sendable, Codable, Hashable {
    /// Bank groups per channel.
    public var bankGroups: Int
    /// Banks in each bank group.
    public var banksPerGroup: Int
    /// Bytes in one row (page) across the channel.
    public var rowBytes: Int
    /// Rows in each bank.
    public var rowsPerBank: Int
    /// Data pins of the channel.
    public var channelWidthBits: Int
    /// Beats per burst.
    public var burstLength: Int

    public var banks: Int { bankGroups * banksPerGroup }
    /// Bytes per burst: the access atom of the channel.
    public var burstBytes: Int { channelWidthBits * burstLength / 8 }
    /// Bursts (columns of `burstBytes`) in a row.
    public var columnsPerRow: Int { rowBytes / max(burstBytes, 1) }
    /// Capacity of one channel in bytes (DRAM; an MLC channel stores as many data bytes
    /// in normal mode, in half as many cells).
    public var channelBytes: Int { banks * rowsPerBank * rowBytes }
}

/// Timing parameters of a channel, each in ns or cycles as its source states it.
/// Names follow JEDEC; `tBL` is the data-bus time of one burst.
public struct DeviceTiming: Sendable, Codable, Hashable {
    /// Command clock period.
    public var tCK: TimingValue
    public var CL: TimingValue
    public var CWL: TimingValue
    public var tBL: TimingValue
    public var tRCDRD: TimingValue
    public var tRCDWR: TimingValue
    public var tRP: TimingValue
    public var tRAS: TimingValue
    public var tRC: TimingValue
    public var tCCD_S: TimingValue
    public var tCCD_L: TimingValue
    public var tRRD_S: TimingValue
    public var tRRD_L: TimingValue
    public var tFAW: TimingValue
    public var tWTR_S: TimingValue
    public var tWTR_L: TimingValue
    public var tWR: TimingValue
    public var tRTP: TimingValue
    /// Read-to-write bus turnaround added to CL + tBL − CWL.
    public var tRTRS: TimingValue
    public var tRFC: TimingValue
    /// Average refresh interval; `0ns` disables refresh.
    public var tREFI: TimingValue
}

/// Dynamic energy per operation, in the units the paper uses (seed 000 Table 3).
public struct DeviceEnergy: Sendable, Codable, Hashable {
    /// Energy per bit read over the interface (pJ/bit).
    public var readPJPerBit: Double
    /// DRAM: energy per bit written (pJ/bit). Unused for MLC STT-RAM (see the step energies).
    public var writePJPerBit: Double
    /// MLC: energy of the hard (step-1) write current per cell it drives (pJ/bit).
    public var hardStepPJPerBit: Double
    /// MLC: energy of the soft (step-2, or soft-only) write current per cell it drives (pJ/bit).
    public var softStepPJPerBit: Double
    /// Opt-in: energy per activation (pJ). Default 0: the paper counts only per-bit terms.
    public var activatePJ: Double
    /// Opt-in: energy per refresh command (pJ). Default 0.
    public var refreshPJ: Double
}

/// A configuration enum decoded from its name, with an error that lists the valid names.
public protocol NamedConfigChoice: RawRepresentable<String>, CaseIterable, Codable {}

extension NamedConfigChoice {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let v = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription:
                "'\(text)' is not one of " + Self.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
        }
        self = v
    }
}

/// Everything that describes one channel's device: geometry, timing, energy.
public struct DeviceSpec: Sendable, Codable, Hashable {
    public var name: String
    public var technology: MemoryTechnology
    public var organization: DeviceOrganization
    public var timing: DeviceTiming
    public var energy: DeviceEnergy
    /// Present for MLC STT-RAM only.
    public var mlc: MLCTiming?
    /// Present for SLC STT-RAM only.
    public var slc: SLCTiming? = nil

    /// Errors with the full path of the offending parameter (prefix e.g. `memory.device`).
    public func validate(path: String) -> [String] {
        var errors: [String] = []
        let o = organization
        func pow2(_ v: Int, _ name: String) {
            if v <= 0 || v & (v - 1) != 0 { errors.append("\(path).organization.\(name) must be a positive power of two (is \(v))") }
        }
        pow2(o.bankGroups, "bankGroups")
        pow2(o.banksPerGroup, "banksPerGroup")
        pow2(o.rowsPerBank, "rowsPerBank")
        // The access atom: 64 B (a BL16 burst on 32 pins, the GPU devices) or 32 B (an HMC
        // vault's transaction); requests carry at most 64 B of data (`BurstData`).
        let atom = o.channelWidthBits * o.burstLength
        if atom != MemoryRequest.burstBytes * 8 && atom != 256 {
            errors.append("\(path).organization: channelWidthBits × burstLength must be 512 bits (one 64-byte burst) or 256 bits (a 32-byte HMC transaction); is \(o.channelWidthBits) × \(o.burstLength)")
        } else if o.rowBytes < o.burstBytes || o.rowBytes % o.burstBytes != 0 || (o.rowBytes / o.burstBytes) & (o.rowBytes / o.burstBytes - 1) != 0 {
            errors.append("\(path).organization.rowBytes must be a power-of-two multiple of \(o.burstBytes) bytes (is \(o.rowBytes))")
        }
        if case .ns(let v) = timing.tCK, v <= 0 { errors.append("\(path).timing.tCK must be > 0 ns") }
        if case .ck = timing.tCK { errors.append("\(path).timing.tCK must be given in ns (e.g. \"0.529ns\")") }
        if timing.tBL.cycles(tCKps: tCKps) <= 0 { errors.append("\(path).timing.tBL must be at least 1 cycle") }
        if timing.tCCD_S.cycles(tCKps: tCKps) <= 0 { errors.append("\(path).timing.tCCD_S must be at least 1 cycle") }
        for (name, v) in [("readPJPerBit", energy.readPJPerBit), ("writePJPerBit", energy.writePJPerBit),
                          ("hardStepPJPerBit", energy.hardStepPJPerBit), ("softStepPJPerBit", energy.softStepPJPerBit),
                          ("activatePJ", energy.activatePJ), ("refreshPJ", energy.refreshPJ)] where !(v >= 0 && v.isFinite) {
            errors.append("\(path).energy.\(name) must be a finite number ≥ 0 (is \(v))")
        }
        errors += technology.behavior.validate(self, path: path)
        return errors
    }

    /// The command clock period in integer picoseconds.
    public var tCKps: Int64 {
        switch timing.tCK {
        case .ns(let v): return max(1, Int64((v * 1000).rounded()))
        case .ck: return 1
        }
    }
}
