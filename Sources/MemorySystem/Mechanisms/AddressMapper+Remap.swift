/// Channel-local burst indexes: the address map of `AddressMapper.decode` split in two
/// halves, so the remap logic can place bursts of its own (encoded SparseCode bursts,
/// soft-only rows) inside a channel without inventing byte addresses.
extension AddressMapper {
    /// The channel of run `run` (a run is `interleaveBytes` contiguous bytes): the run
    /// index modulo the channel count, rotated by a multiplicative (golden-ratio) hash of
    /// the quotient when `hashChannels` is on. The only definition of the channel hash.
    @inline(__always)
    func channel(ofRun run: UInt64) -> Int { upperAndChannel(ofRun: run).channel }

    /// `run / channels` (the run's index among its channel's runs) and the run's channel,
    /// with one division.
    @inline(__always)
    func upperAndChannel(ofRun run: UInt64) -> (upper: UInt64, channel: Int) {
        let n = UInt64(channels)
        let upper = run / n
        var ch = run - upper * n
        if hash { ch = (ch + ((upper &* 0x9E37_79B9_7F4A_7C15) >> 40)) % n }
        return (upper, Int(ch))
    }

    /// The channel-local burst index of `address` (what `decode` splits into bank group,
    /// bank, column and row).
    @inline(__always)
    func localIndex(_ address: UInt64) -> UInt64 {
        let run = address &>> runShift
        return (run / UInt64(channels)) &* burstsPerRun + ((address >> 6) & (burstsPerRun - 1))
    }

    /// Bank and row of channel-local burst `local`.
    @inline(__always)
    func locate(local: UInt64) -> (bank: Int, row: Int64) {
        let (bg, ba, row) = bankRow(local: local)
        return (Int(bg) * banksPerGroup + Int(ba), Int64(row))
    }

    /// Bursts of a channel row: `2^rowShift` local indexes share a row of every bank
    /// (`columnsPerRow` per bank).
    var localsPerRowStripe: UInt64 { UInt64(1) << rowShift }

    /// For each channel, the bursts of `range` (64-byte aligned) it holds and the smallest
    /// channel-local index among them (nil when it holds none). A run's channel is a
    /// permutation within each group of `channels` runs, so full groups are counted in
    /// O(1) and only the two edge groups are enumerated.
    /// - Complexity: O(channels).
    func channelSpans(of range: Range<UInt64>) -> [(first: UInt64?, count: Int)] {
        var spans = [(first: UInt64?, count: Int)](repeating: (nil, 0), count: channels)
        guard !range.isEmpty else { return spans }
        let n = UInt64(channels), bpr = burstsPerRun
        let firstBurst = range.lowerBound >> 6, endBurst = (range.upperBound + 63) >> 6
        let runLo = firstBurst / bpr, runHi = (endBurst - 1) / bpr
        let gLo = runLo / n, gHi = runHi / n
        func visit(run k: UInt64) {
            let lo = max(k * bpr, firstBurst), hi = min((k + 1) * bpr, endBurst)
            guard lo < hi else { return }
            let c = channel(ofRun: k)
            let local = (k / n) * bpr + (lo - k * bpr)
            spans[c].count += Int(hi - lo)
            if spans[c].first.map({ local < $0 }) ?? true { spans[c].first = local }
        }
        for k in runLo...min(runHi, gLo * n + n - 1) { visit(run: k) }
        if gHi > gLo + 1 {
            let full = Int(gHi - gLo - 1) * Int(bpr)
            for c in 0..<channels {
                spans[c].count += full
                let local = (gLo + 1) * bpr
                if spans[c].first.map({ local < $0 }) ?? true { spans[c].first = local }
            }
        }
        if gHi > gLo { for k in (gHi * n)...runHi { visit(run: k) } }
        return spans
    }
}
