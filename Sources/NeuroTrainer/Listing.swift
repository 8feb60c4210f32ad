/// Readable listings of the compiled programs (`--dump-program`): the PMAG nest of a step as
/// a loop nest, the way dataflow tools print a mapping.
extension PMAGProgram: CustomStringConvertible {
    public var description: String {
        func src(_ s: Source) -> String {
            switch s {
            case .counter(let k): "r\(k)"
            case .zero: "0"
            case .p: "p"
            case .q: "q"
            }
        }
        let ranges = (0..<7).map { k in origins[k] == 0 ? "R\(k + 1)=\(self.ranges[k])" : "R\(k + 1)=\(self.ranges[k])@\(origins[k])" }
        var s = ranges.joined(separator: " ") + " | f(\(src(a)),\(src(b)),\(src(c)),\(src(d)))"
        if [a, b, c, d].contains(.p) || [a, b, c, d].contains(.q) {
            s += " p=\(src(self.s))·\(strideP)+\(src(t))−\(padP) q=\(src(u))·\(strideQ)+\(src(v))−\(padQ)"
        }
        s += " extents B=\(extentB) C=\(extentC) D=\(extentD) × \(elementBytes) B @0x\(String(base, radix: 16))"
        return s
    }
}

extension Dataflow {
    /// The dataflow class and its tile sizes.
    public var summary: String {
        switch self {
        case .convolution(let t):
            return "convolution: \(t.nw) kernels × \(t.wt) output columns × \(t.lanes) sample lanes per tile, \(t.dt) of \(t.redC) channels per step (\(t.chunks) steps a tile), \(t.tiles) tiles over the PEs"
        case .broadcastGemm(let t):
            return "matrix × broadcast: blocks of \(t.p) rows × \(t.l) reduction, \(t.lanes) lanes × \(t.laneGroups) group(s); output \(t.mergesOutput ? "merged into the common vault" : "written to the PE's vault")"
        case .localGemm(let t):
            return "local GEMM (reduction split over PEs): blocks of \(t.p) rows × \(t.l), \(t.lanes) lanes × \(t.laneGroups) group(s); partial outputs merged"
        case .outerProduct(let t):
            return "outer products: \(t.h) rows × 32 columns per block, \(t.ns) samples per step"
        case .stream(let t):
            return "stream (\(t.kind)): \(t.elementsPerPE) elements per PE, \(t.chunkElements) per step, \(t.reads) read(s), \(t.writes) write(s)"
        }
    }
}

extension PhaseProgram {
    /// This program's listing: operation, precision, dataflow, steps, and step 0's PMAG programs.
    public var listing: String {
        let flow = dataflow
        var s = "\(layer) \(phase.rawValue): \(operation), \(bits)-bit, \(macs) MACs, \(flow.stepsPerPE) steps per PE\n  \(flow.summary)\n"
        let first = flow.step(0)
        for p in first.localReads { s += "  I.vault  \(p)\n" }
        if let b = first.broadcast { s += "  C.vault  \(b)\n" }
        s += "  PE       \(first.computeCycles) MAC cycles; then \(first.localWriteBytes) B written locally, \(first.mergeBytes) B merged\n"
        return s
    }
}
