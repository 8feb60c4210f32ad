/// Where the elements of one GEMM operand (a rows × cols matrix per batch/group) live
/// in device memory. `emit` adds the lines of a rectangular panel, so the addresses a
/// CTA touches are those of the real tensor layout (NCHW, row-major weights) and L2
/// reuse between CTAs emerges from the addresses.
enum Operand: Sendable {
    /// Element (r, c) of batch b at `base + (b·batchStride + r·rowStride + c·colStride) × 4`.
    case dense(base: Int, rowStride: Int, colStride: Int, batchStride: Int)
    /// An NCHW tensor seen as channel × pixel: row r is channel `b·groupChannels + r`,
    /// column p is pixel p of the batch (image p / plane, position p % plane).
    case planes(base: Int, channels: Int, plane: Int, groupChannels: Int)
    /// The im2col view of an NCHW tensor (see `Window`).
    case window(Window)
    /// Transposed filters for backward-data: row r = input channel, column k = (output
    /// channel k / taps, tap); `W[co][ci][kh][kw]` with `cinG` input channels per group,
    /// `kk` = kh·kw, `coutG` output channels per group.
    case filtersT(base: Int, cinG: Int, coutG: Int, kk: Int, taps: Int)
    /// Row-major rows of wide elements: element (r, c) is `elementBytes` contiguous bytes at
    /// `base + (r·rowStride + c)·elementBytes` (fused Winograd's transformed filters: the
    /// (m+2)² values of one (C_out, C_in) pair together).
    case wide(base: Int, rowStride: Int, elementBytes: Int)

    static let element = 4

    func emit(rows: Range<Int>, cols: Range<Int>, batch b: Int, write: Bool, into buf: inout LineBuffer) {
        guard !rows.isEmpty, !cols.isEmpty else { return }
        let e = Self.element
        switch self {
        case let .dense(base, rs, cs, bs):
            if cs == 1 {
                for r in rows { buf.add(start: base + (b * bs + r * rs + cols.lowerBound) * e, bytes: cols.count * e, write: write) }
            } else if rs == 1 {
                for c in cols { buf.add(start: base + (b * bs + c * cs + rows.lowerBound) * e, bytes: rows.count * e, write: write) }
            } else {
                for r in rows { for c in cols { buf.add(start: base + (b * bs + r * rs + c * cs) * e, bytes: e, write: write) } }
            }
        case let .planes(base, channels, plane, groupChannels):
            var n = cols.lowerBound / plane
            while n * plane < cols.upperBound {
                let q0 = max(cols.lowerBound, n * plane) - n * plane
                let q1 = min(cols.upperBound, (n + 1) * plane) - n * plane
                for r in rows {
                    let ch = b * groupChannels + r
                    buf.add(start: base + ((n * channels + ch) * plane + q0) * e, bytes: (q1 - q0) * e, write: write)
                }
                n += 1
            }
        case .window(let w):
            w.emit(rows: rows, cols: cols, group: b, write: write, into: &buf)
        case let .wide(base, rowStride, elementBytes):
            for r in rows {
                buf.add(start: base + (r * rowStride + cols.lowerBound) * elementBytes, bytes: cols.count * elementBytes, write: write)
            }
        case let .filtersT(base, cinG, coutG, kk, taps):
            for co in (cols.lowerBound / taps)...((cols.upperBound - 1) / taps) {
                let start = ((b * coutG + co) * cinG + rows.lowerBound) * kk
                buf.add(start: base + start * e, bytes: rows.count * kk * e, write: write)
            }
        }
    }
}

/// The im2col view of an NCHW tensor (C × H × W per image) as one GEMM operand: one
/// axis indexes (channel, tap) with `taps` entries per channel, the other the pixels of
/// a `pixelH × pixelW` plane over the batch. For the pixels of a panel, a channel's
/// panel needs the tensor rows of its convolution window: forward-style
/// (`inverse == false`, pixels are outputs reading this tensor):
/// rows `y·stride − pad + kh`; backward-data (`inverse`, pixels are inputs receiving
/// from this output-gradient tensor): rows `ho` with `ho·stride − pad + kh = y` for some kh.
/// Each needed tensor row is one contiguous run of columns.
struct Window: Sendable {
    var base: Int
    var channels: Int
    var height: Int
    var width: Int
    /// Channels of one group (added per group index).
    var groupChannels: Int
    var taps: Int
    var kernelH: Int
    var kernelW: Int
    var strideH: Int
    var strideW: Int
    var padH: Int
    var padW: Int
    var pixelH: Int
    var pixelW: Int
    var inverse: Bool
    /// True when GEMM rows are (channel, tap) and columns pixels; false for the transpose.
    var channelsAreRows: Bool
    /// Every (channel) row needs its pixels' whole kernel window (fused Winograd: a channel's
    /// input tile, or an output tile written back), instead of one tap's.
    var wholeWindow = false

    func emit(rows: Range<Int>, cols: Range<Int>, group: Int, write: Bool, into buf: inout LineBuffer) {
        let (k, p) = channelsAreRows ? (rows, cols) : (cols, rows)
        let plane = pixelH * pixelW
        for ch in (k.lowerBound / taps)...((k.upperBound - 1) / taps) {
            let t0 = max(k.lowerBound, ch * taps) - ch * taps
            let t1 = min(k.upperBound, (ch + 1) * taps) - 1 - ch * taps
            var (khLo, khHi, kwLo, kwHi) = (0, kernelH - 1, 0, kernelW - 1)
            if !inverse && !wholeWindow {
                khLo = t0 / kernelW
                khHi = t1 / kernelW
                if khLo == khHi { kwLo = t0 % kernelW; kwHi = t1 % kernelW }
            }
            let channel = group * groupChannels + ch
            var n = p.lowerBound / plane
            while n * plane < p.upperBound {
                let q0 = max(p.lowerBound, n * plane) - n * plane
                let q1 = min(p.upperBound, (n + 1) * plane) - 1 - n * plane
                let (y0, y1) = (q0 / pixelW, q1 / pixelW)
                let (x0, x1) = y0 == y1 ? (q0 % pixelW, q1 % pixelW) : (0, pixelW - 1)
                let (r0, r1) = map(y0, y1, khLo, khHi, stride: strideH, pad: padH, kernel: kernelH, limit: height)
                let (c0, c1) = map(x0, x1, kwLo, kwHi, stride: strideW, pad: padW, kernel: kernelW, limit: width)
                if r0 <= r1 && c0 <= c1 {
                    for r in r0...r1 {
                        buf.add(start: base + (((n * channels + channel) * height + r) * width + c0) * Operand.element,
                                bytes: (c1 - c0 + 1) * Operand.element, write: write)
                    }
                }
                n += 1
            }
        }
    }

    /// Tensor index range (clamped to 0..<limit) needed by pixel coordinates a…b.
    private func map(_ a: Int, _ b: Int, _ kLo: Int, _ kHi: Int, stride: Int, pad: Int, kernel: Int, limit: Int) -> (Int, Int) {
        let lo: Int, hi: Int
        if inverse {
            lo = Self.ceilDiv(a + pad - kernel + 1, stride)
            hi = Self.floorDiv(b + pad, stride)
        } else {
            lo = a * stride - pad + kLo
            hi = b * stride - pad + kHi
        }
        return (max(lo, 0), min(hi, limit - 1))
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func ceilDiv(_ a: Int, _ b: Int) -> Int { -floorDiv(-a, b) }
}
