import Testing
import SimKernel
import MemorySystem
import DataValues
@testable import Offload

/// A client that never sends anything (the GPU's place when the engine runs alone).
final class IdleClient: MemoryClient {
    func memoryCompleted(_ completion: Completion, _ sim: Simulator) {}
    func memorySpaceAvailable(channel: Int, _ sim: Simulator) {}
}

@Suite struct CopyEngineTests {
    /// Bursts whose words are zero with probability 1 − density (deterministic per address).
    static func bits(density: Double) -> (UInt64) -> BurstData {
        { address in
            var d = BurstData()
            for i in 0..<8 {
                var word: UInt64 = 0
                for half in 0..<2 {
                    let h = SplitMix64.hash(address &+ UInt64(2 * i + half))
                    if Double(h >> 11) / Double(1 << 53) < density { word |= (h | 1) & 0xFFFF_FFFF << (32 * UInt64(half)) }
                }
                d[i] = word
            }
            return d
        }
    }

    static func system(codec: OffloadCodec = .none, link: PCIeLinkConfig = PCIeLinkConfig(), density: Double = 1)
        -> (Simulator, MemorySystem, CopyEngine, IdleClient) {
        let sim = Simulator()
        let memory = MemorySystem(config: MemoryConfig(device: DevicePresets.gddr5x), sim: sim)
        let idle = IdleClient()
        memory.setClient(idle)
        let engine = CopyEngine(config: CopyEngineConfig(), link: link, codec: codec, codecParameters: OffloadCodecParameters(),
                                memory: memory, sim: sim, bits: bits(density: density))
        return (sim, memory, engine, idle)
    }

    /// The link arithmetic: gen3 x16 is 15.75 GB/s raw per direction; 256 B TLPs with 24 B
    /// of overhead leave 14.4 GB/s; a 1 GB copy in 4 KiB chunks takes 1 GB ÷ that within 1 %.
    @Test func linkArithmetic() {
        let link = PCIeLinkConfig()
        #expect(abs(link.rawBytesPerSecond - 15.753_846e9) < 1e3)
        #expect(abs(link.effectiveBytesPerSecond - 15.753_846e9 * 256 / 280) < 1e3)
        let gb = 1 << 30, chunk = CopyEngineConfig().chunkBytes
        let ps = Double(gb / chunk) * Double(link.serializationPs(bytes: chunk))
        let expected = Double(gb) / link.effectiveBytesPerSecond * 1e12
        #expect(abs(ps / expected - 1) < 0.01)
        // A slow host caps the rate.
        var slowHost = link
        slowHost.hostGBps = 5
        #expect(slowHost.effectiveBytesPerSecond == 5e9)
        #expect(slowHost.serializationPs(bytes: 5000) == 1_000_000)
    }

    /// A whole D2H copy through the memory system takes bytes ÷ effective bandwidth (plus
    /// the link latency and one chunk's read and codec time) within 1 %; every byte is read once.
    @Test func copyTimeMatchesEffectiveBandwidth() {
        let (sim, _, engine, idle) = Self.system()
        let bytes = 16 << 20
        let job = engine.enqueue(.d2h, start: 1 << 20, bytes: bytes, sim)
        let waited = engine.wait(for: job, sim)
        let expected = Double(bytes) / PCIeLinkConfig().effectiveBytesPerSecond * 1e12
        #expect(abs(Double(waited) / expected - 1) < 0.01, "\(waited) ps against \(expected)")
        let s = engine.jobs[job].stats
        #expect(s.rawBytes == Int64(bytes) && s.compressedBytes == Int64(bytes) && s.dramBytes == Int64(bytes))
        #expect(s.metadataBytes == Int64(bytes / 4096 * 4))
        withExtendedLifetime(idle) {}
    }

    /// With ZVC the link carries the codec's size of the real bits; the prefetch sends the
    /// same compressed bytes back and writes every burst; a sparser tensor copies faster.
    @Test func compressedRoundTrip() {
        var times: [Int64] = []
        for density in [0.5, 0.1] {
            let (sim, _, engine, idle) = Self.system(codec: .zvc, density: density)
            let bytes = 1 << 20, start: UInt64 = 4 << 20
            let out = engine.enqueue(.d2h, start: start, bytes: bytes, sim)
            times.append(engine.wait(for: out, sim))
            // The expected size, from the same bits.
            var expected = 0
            for c in 0..<(bytes / 4096) {
                var words: [UInt32] = []
                for b in 0..<64 {
                    let d = Self.bits(density: density)(start + UInt64(c * 4096 + 64 * b))
                    for i in 0..<8 { words += [UInt32(truncatingIfNeeded: d[i]), UInt32(truncatingIfNeeded: d[i] >> 32)] }
                }
                expected += OffloadCodecs.compressedBytes(words, codec: .zvc)
            }
            #expect(engine.jobs[out].stats.compressedBytes == Int64(expected))
            let back = engine.enqueue(.h2d, start: start, bytes: bytes, chunkSizes: engine.chunkSizes[out]!, sim)
            _ = engine.wait(for: back, sim)
            #expect(engine.jobs[back].stats.compressedBytes == Int64(expected))
            #expect(engine.jobs[back].stats.dramBytes == Int64(bytes))
            #expect(engine.totals.dramBytes == 2 * Int64(bytes))
            withExtendedLifetime(idle) {}
        }
        #expect(times[1] < times[0])
    }

    /// An infinitely fast link: the copy is bound by DRAM and the codec, far below the PCIe time.
    @Test func fastLinkIsDRAMBound() {
        var link = PCIeLinkConfig()
        link.gigatransfersPerSecond = 1e6
        link.latencyNs = 0
        link.hostGBps = 1e6
        let (sim, _, engine, idle) = Self.system(link: link)
        let job = engine.enqueue(.d2h, start: 0, bytes: 4 << 20, sim)
        let waited = engine.wait(for: job, sim)
        #expect(Double(waited) < Double(4 << 20) / PCIeLinkConfig().effectiveBytesPerSecond * 1e12 / 5)
        withExtendedLifetime(idle) {}
    }

    /// Reads at time 0, one per 64 B from `base` (a competing client that saturates DRAM).
    struct Flood: RequestSource {
        var left: Int
        var address: UInt64
        mutating func next() throws -> TimedRequest? {
            guard left > 0 else { return nil }
            left -= 1
            address += 64
            return TimedRequest(time: .zero, request: MemoryRequest(id: UInt64(left), address: address, kind: .read))
        }
    }

    /// The engine's bursts share the controllers with every other client: the same copy
    /// (DRAM-bound, over an infinitely fast link) takes longer while another client floods DRAM.
    @Test func copiesCompeteForDRAM() {
        var link = PCIeLinkConfig()
        link.gigatransfersPerSecond = 1e6
        link.latencyNs = 0
        link.hostGBps = 1e6
        var times: [Int64] = []
        for flood in [false, true] {
            let sim = Simulator()
            let memory = MemorySystem(config: MemoryConfig(device: DevicePresets.gddr5x), sim: sim)
            let driver = RequestDriver(memory: memory, source: Flood(left: flood ? 200_000 : 0, address: 1 << 30), sim: sim)
            let engine = CopyEngine(config: CopyEngineConfig(), link: link, codec: .none, codecParameters: OffloadCodecParameters(),
                                    memory: memory, sim: sim, bits: Self.bits(density: 1))
            let job = engine.enqueue(.d2h, start: 0, bytes: 2 << 20, sim)
            times.append(engine.wait(for: job, sim))
            #expect(engine.jobs[job].stats.dramBytes == 2 << 20)
            withExtendedLifetime(driver) {}
        }
        #expect(Double(times[1]) > 1.3 * Double(times[0]), "alone \(times[0]) ps, beside a flood \(times[1]) ps")
    }
}
