import Workloads

/// One (layer, phase) of the iteration as the NeuroTrainer runs it: a row of the report.
public struct PhaseProgram: Sendable {
    /// Layer name; Prep rows (seed Fig. 13) are named `prep:merge>fc6`, `prep:pad>conv2`, …
    public var layer: String
    public var phase: Phase
    /// The seed's operation name (Table 2–4): Conv-FF, Conv-BP, Conv-UP, FC-FF, FC-BP, FC-UP,
    /// Merge, Partition, Pad, Pool, Stream, SGD.
    public var operation: String
    /// Operand precision (Table 4).
    public var bits: Int
    /// Useful multiply–accumulates of the whole batch (ops = 2 × MACs); 0 for data movement.
    public var macs: Int
    public var dataflow: Dataflow
    /// 22 B per program (18 PMAG + 4 PE, seed §4), one per (layer, phase).
    public static let iBufferBytes = PMAGProgram.programBytes + 4
}

/// Turns a network and its training plan into PMAG/PE programs, per layer and phase,
/// following seed 002 Tables 2–4; tile sizes follow from the buffer sizes.
public struct NeuroTrainerCompiler {
    public let config: NeuroTrainerConfig
    public let batch: Int
    var lanes: Int { min(batch, config.macsPerPE) }
    var sampleGroups: Int { ceilDiv(batch, config.macsPerPE) }

    /// Chosen conv tiles by geometry (ResNet repeats its block shapes; the choice counts lines).
    final class TileMemo: @unchecked Sendable { var tiles: [String: (Int, Int, Int)] = [:] }
    let memo = TileMemo()

    public init(config: NeuroTrainerConfig, batch: Int) { self.config = config; self.batch = batch }

    /// The programs of one training iteration, in execution order.
    public func compile(network: Network, plan: TrainingPlan) -> [PhaseProgram] {
        var seen = Set<String>()
        var out: [PhaseProgram] = []
        var common = Set<String>()      // blobs held in the common-data vault (FC side)
        for layer in network.layers where layer.kind.type == .innerProduct { common.formUnion(layer.tops) }
        // Element-wise layers on FC outputs stay there.
        for layer in network.layers where !layer.kind.isLearnable && layer.bottoms.contains(where: common.contains) {
            common.formUnion(layer.tops)
        }
        for op in plan.ops {
            let key = op.layer + "/" + op.phase.rawValue
            guard seen.insert(key).inserted, let layer = network.layer(named: op.layer) else { continue }
            out += programs(layer, phase: op.phase, commonBlobs: common)
        }
        return out
    }

    func programs(_ layer: Layer, phase: Phase, commonBlobs: Set<String>) -> [PhaseProgram] {
        let inShape = layer.primaryInputShape, outShape = layer.outputShapes[0]
        let bottomCommon = layer.bottoms.first.map(commonBlobs.contains) ?? false
        let macs = layer.forwardMACs * batch
        func row(_ op: String, _ bits: Int, _ m: Int, _ d: Dataflow, name: String? = nil) -> PhaseProgram {
            PhaseProgram(layer: name ?? layer.name, phase: phase, operation: op, bits: bits, macs: m, dataflow: d)
        }
        if phase == .update {
            return [row("SGD", config.updateBits, 0, stream(.local, elements: layer.parameterCount, bits: 32, reads: 3, writes: 2))]
        }
        switch layer.kind {
        case .convolution(let p):
            switch phase {
            case .forward:
                var r: [PhaseProgram] = []
                if p.padH > 0 || p.padW > 0 {
                    let padded = inShape.channels * (inShape.height + 2 * p.padH) * (inShape.width + 2 * p.padW)
                    r.append(row("Pad", config.forwardBits, 0, stream(.local, elements: padded * batch, bits: config.forwardBits, reads: 1, writes: 1),
                                 name: "prep:pad>\(layer.name)"))
                }
                r.append(row("Conv-FF", config.forwardBits, macs, .convolution(convForward(p, inShape, outShape))))
                return r
            case .backwardData:
                let t = convBackward(p, inShape, outShape)
                let padded = outShape.channels * (outShape.height + 2 * t.pad) * (outShape.width + 2 * t.pad)
                return [row("Pad", config.backwardBits, 0, stream(.local, elements: padded * batch, bits: config.backwardBits, reads: 1, writes: 1),
                            name: "prep:pad>\(layer.name)"),
                        row("Conv-BP", config.backwardBits, macs, .convolution(t))]
            default:
                return [row("Conv-UP", config.updateBits, macs, convUpdate(p, inShape, outShape))]
            }
        case .innerProduct(let n, _):
            let inputs = inShape.count
            switch phase {
            case .forward:
                var r: [PhaseProgram] = []
                if !bottomCommon {
                    r.append(row("Merge", config.forwardBits, 0, stream(.merge, elements: inputs * batch, bits: config.forwardBits, reads: 1, writes: 0),
                                 name: "prep:merge>\(layer.name)"))
                }
                r.append(row("FC-FF", config.forwardBits, macs, .broadcastGemm(fcGemm(m: n, k: inputs, bits: config.forwardBits))))
                return r
            case .backwardData:
                var r = [row("FC-BP", config.backwardBits, macs, .broadcastGemm(fcGemm(m: inputs, k: n, bits: config.backwardBits)))]
                if !bottomCommon {
                    r.append(row("Partition", config.backwardBits, 0, stream(.partition, elements: inputs * batch, bits: config.backwardBits, reads: 0, writes: 1),
                                 name: "prep:partition<\(layer.name)"))
                }
                return r
            default:
                return [row("FC-UP", config.updateBits, macs, .outerProduct(outer(outputs: n, inputs: inputs)))]
            }
        default:
            return elementwise(layer, phase: phase, inCommon: bottomCommon, inShape: inShape, outShape: outShape).map {
                row($0.0, $0.1, 0, $0.2)
            }
        }
    }

    /// Layers without weights. ReLU and dropout are applied by the PMAG's LUT on the data
    /// stream (seed §3.2) and cost nothing; so do layers on the FC side (in the common vault).
    func elementwise(_ layer: Layer, phase: Phase, inCommon: Bool, inShape: BlobShape,
                     outShape: BlobShape) -> [(String, Int, Dataflow)] {
        let bits = phase == .forward ? config.forwardBits : config.backwardBits
        let inN = inShape.count * batch, outN = outShape.count * batch
        switch layer.kind {
        case .relu, .dropout, .softmax, .softmaxWithLoss, .concat, .input: return []
        case _ where inCommon: return []
        case .pooling(let p):
            // Comparators: a window of k×k per output, k comparators (lanes) per cycle.
            let window = Double(p.kernelH * p.kernelW)
            return [("Pool", bits, stream(.local, elements: phase == .forward ? outN : inN, bits: bits, reads: phase == .forward ? 1 : 2,
                                          writes: 1, cyclesPerElement: window / Double(config.macsPerPE)))]
        case .lrn(let size):
            return [("Stream", bits, stream(.local, elements: outN, bits: bits, reads: phase == .forward ? 1 : 3, writes: 1,
                                            cyclesPerElement: Double(size) / Double(config.macsPerPE)))]
        case .eltwise:
            return [("Stream", bits, stream(.local, elements: outN, bits: bits, reads: phase == .forward ? layer.bottoms.count : 1,
                                            writes: phase == .forward ? 1 : layer.bottoms.count))]
        default:
            return [("Stream", bits, stream(.local, elements: outN, bits: bits, reads: phase == .forward ? 1 : 2, writes: 1))]
        }
    }

    // MARK: - Tiles from the buffer sizes

    func stream(_ kind: StreamTiling.Kind, elements: Int, bits: Int, reads: Int, writes: Int,
                cyclesPerElement: Double = 0) -> Dataflow {
        let eb = bits / 8
        return .stream(StreamTiling(kind: kind, elementsPerPE: ceilDiv(elements, config.pes), elementBytes: eb, reads: reads,
                                    writes: writes, cyclesPerElement: cyclesPerElement,
                                    chunkElements: max(1, config.input2Bytes / 2 / eb), pes: config.pes))
    }

    func convForward(_ p: ConvolutionParameters, _ i: BlobShape, _ o: BlobShape) -> ConvTiling {
        var t = ConvTiling(outC: o.channels / p.group, outH: o.height, outW: o.width, redC: i.channels / p.group,
                           kH: p.kernelH, kW: p.kernelW, stride: p.strideH, pad: p.padH, inH: i.height, inW: i.width,
                           lanes: lanes, sampleGroups: sampleGroups, groups: p.group, bits: config.forwardBits,
                           pes: config.pes, nw: 1, wt: 1, dt: 1, isBackward: false)
        chooseConvTile(&t)
        return t
    }

    /// Conv-BP as a convolution of dY with the transposed kernels; a stride s is folded into
    /// ⌈K/s⌉² taps per input pixel and s² pixels per position (the seed's counters step by
    /// the stride) [assumed].
    func convBackward(_ p: ConvolutionParameters, _ i: BlobShape, _ o: BlobShape) -> ConvTiling {
        let s = p.strideH, k = ceilDiv(p.kernelH, s), kw = ceilDiv(p.kernelW, p.strideW)
        var t = ConvTiling(outC: i.channels / p.group, outH: ceilDiv(i.height, s), outW: ceilDiv(i.width, p.strideW),
                           redC: o.channels / p.group, kH: k, kW: kw, stride: 1, pad: max(0, k - 1 - p.padH / s),
                           inH: o.height, inW: o.width, lanes: lanes, sampleGroups: sampleGroups, groups: p.group,
                           bits: config.backwardBits, pes: config.pes, nw: 1, wt: 1, dt: 1, isBackward: true)
        t.pixelsPerPosition = s * p.strideW
        chooseConvTile(&t)
        return t
    }

    /// The tile with the fewest vault bytes per compute cycle that fits the three buffer
    /// halves. Bytes are the 32 B lines the PMAG programs of the tile's first step actually
    /// touch (halos, padding and the layout's strides included), not element counts.
    func chooseConvTile(_ t: inout ConvTiling) {
        let key = "\(t.outC) \(t.outH) \(t.outW) \(t.redC) \(t.kH) \(t.kW) \(t.stride) \(t.pad) \(t.inH) \(t.inW) \(t.pixelsPerPosition) \(t.lanes) \(t.bits) \(t.isBackward)"
        if let (nw, wt, dt) = memo.tiles[key] { t.nw = nw; t.wt = wt; t.dt = dt; return }
        defer { memo.tiles[key] = (t.nw, t.wt, t.dt) }
        let eb = t.bits / 8, taps = t.kH * t.kW
        let half1 = config.input1Bytes / 2, half2 = config.input2Bytes / 2, halfOut = config.outputBytes / 2
        var best: (ratio: Double, nw: Int, wt: Int, dt: Int)? = nil
        for dt in Set([t.redC, 256, 128, 64, 32, 16, 8, 4, 2, 1].map { min($0, t.redC) }).sorted(by: >) {
            for wt in Set([t.outW, 64, 32, 16, 8, 4, 2, 1].map { min($0, t.outW) }).sorted(by: >) {
                let win = (wt - 1) * t.stride + t.kW
                guard dt * t.kH * win * t.lanes * eb <= half2 else { continue }
                let nw = min(t.outC, half1 / (dt * taps * eb), halfOut / (wt * t.pixelsPerPosition * t.lanes * 4))
                guard nw >= 1 else { continue }
                var c = t
                c.nw = nw; c.wt = wt; c.dt = dt
                let first = c.step(0)
                let lines = first.localReads.reduce(0) { $0 + $1.lines(lineBytes: 32).count }
                let ratio = Double(lines * 32) / Double(max(first.computeCycles, 1))
                if best == nil || ratio < best!.ratio - 1e-12 { best = (ratio, nw, wt, dt) }
            }
        }
        if let b = best { t.nw = b.nw; t.wt = b.wt; t.dt = b.dt }
    }

    /// FC-FF/BP: `m` output rows split over the PEs, reduction `k`, the batch as lanes.
    func fcGemm(m: Int, k: Int, bits: Int) -> GemmTiling {
        let eb = bits / 8
        let rowsPerPE = ceilDiv(m, config.pes)
        let p = max(1, min(config.outputBytes / 2 / (config.macsPerPE * 4), rowsPerPE))
        let l = max(1, min(config.input1Bytes / 2 / (p * eb), config.input2Bytes / 2 / (config.macsPerPE * eb), k))
        return GemmTiling(m: m, k: k, lanes: lanes, laneGroups: sampleGroups, bits: bits, pes: config.pes, p: p, l: l,
                          rowsPerPE: rowsPerPE, kPerPE: k)
    }

    /// Conv-UP lowered (seed Fig. 6b): dW (N_O × D·K²) = dY (N_O × N·H_O·W_O) · X_M, 32 lanes
    /// of X_M columns. Two mappings, as the host compiler would choose between them: the
    /// reduction (samples × positions) split over the PEs with both operands local and the
    /// partial dW merged over the bus (seed Fig. 6a: dW_i per part, then averaged), or dW's
    /// rows split over the PEs with X_M broadcast from the common vault (the FC dataflow). The
    /// one moving fewer bytes over the bus is taken.
    func convUpdate(_ p: ConvolutionParameters, _ i: BlobShape, _ o: BlobShape) -> Dataflow {
        let m = o.channels, cols = i.channels / p.group * p.kernelH * p.kernelW
        let red = batch * o.height * o.width
        let lanes = min(cols, config.macsPerPE), groups = ceilDiv(cols, config.macsPerPE)
        let mergeBytes = config.pes * m * cols * 4
        let rowsPerPE = ceilDiv(m, config.pes)
        let pRows = max(1, min(config.outputBytes / 2 / (config.macsPerPE * 4), rowsPerPE))
        let broadcastBytes = red * cols * 4 * ceilDiv(rowsPerPE, pRows)
        if broadcastBytes < mergeBytes {
            let l = max(1, min(config.input1Bytes / 2 / (pRows * 4), config.input2Bytes / 2 / (config.macsPerPE * 4), red))
            var t = GemmTiling(m: m, k: red, lanes: lanes, laneGroups: groups, bits: config.updateBits, pes: config.pes,
                               p: pRows, l: l, rowsPerPE: rowsPerPE, kPerPE: red)
            t.mergesOutput = false
            return .broadcastGemm(t)
        }
        let rows = max(1, min(config.outputBytes / 2 / (config.macsPerPE * 4), m))
        let l = max(1, min(config.input1Bytes / 2 / (rows * 4), config.input2Bytes / 2 / (config.macsPerPE * 4)))
        return .localGemm(GemmTiling(m: m, k: red, lanes: lanes, laneGroups: groups, bits: config.updateBits, pes: config.pes,
                                     p: rows, l: l, rowsPerPE: m, kPerPE: ceilDiv(red, config.pes)))
    }

    func outer(outputs: Int, inputs: Int) -> OuterTiling {
        let h = max(1, min(config.outputBytes / 2 / (config.macsPerPE * 4), ceilDiv(outputs, config.pes)))
        let ns = max(1, min(batch, config.input1Bytes / 2 / (h * 4)))
        return OuterTiling(outputs: outputs, inputs: inputs, batch: batch, pes: config.pes, h: h, ns: ns)
    }
}
