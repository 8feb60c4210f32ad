/// An element-wise-style kernel (ReLU, dropout, pooling, LRN, softmax, reductions,
/// copies, the input transfer, Winograd transforms, SGD updates): CTAs over the op's
/// bytes. The CTA count is set by the largest access (`ctaBytes` of it per CTA); CTA i
/// handles the same fraction [i/n, (i+1)/n) of every access, so each CTA reads its
/// slice of every read access, computes its share of the FLOPs, and writes its slice
/// of every write access. Small tensors (a bias gradient) are touched by many CTAs in
/// the same few lines, which the L2 absorbs, as the partial sums of a real reduction.
///
/// The input transfer (host to device) is modelled as a device-side write stream: PCIe
/// is not modelled.
struct StreamKernel: Sendable {
    /// Byte ranges (absolute start, length).
    var reads: [(start: Int, bytes: Int)]
    var writes: [(start: Int, bytes: Int)]
    var ctas: Int
    /// Compute time of one CTA, ps.
    var ctaPs: Int64

    init(reads: [(start: Int, bytes: Int)], writes: [(start: Int, bytes: Int)], flops: Int, config: GPUConfig) {
        self.reads = reads.filter { $0.bytes > 0 }
        self.writes = writes.filter { $0.bytes > 0 }
        let largest = (self.reads + self.writes).map(\.bytes).max() ?? 0
        self.ctas = largest == 0 ? 0 : (largest + config.elementwise.ctaBytes - 1) / config.elementwise.ctaBytes
        let flopsPerPs = Double(config.smPeakFlopsPerCycle) * config.elementwise.efficiency / Double(config.corePeriodPs)
        self.ctaPs = ctas == 0 ? 0 : Int64((Double(flops) / Double(ctas) / flopsPerPs).rounded(.up))
    }

    @inline(__always)
    private func slice(_ r: (start: Int, bytes: Int), _ cta: Int) -> (Int, Int) {
        let lo = r.bytes * cta / ctas
        let hi = r.bytes * (cta + 1) / ctas
        return (r.start + lo, hi - lo)
    }

    func emitLoads(cta: Int, into buf: inout LineBuffer) {
        for r in reads {
            let (s, b) = slice(r, cta)
            buf.add(start: s, bytes: b, write: false)
        }
    }

    func emitStores(cta: Int, into buf: inout LineBuffer) {
        for r in writes {
            let (s, b) = slice(r, cta)
            buf.add(start: s, bytes: b, write: true)
        }
    }
}
