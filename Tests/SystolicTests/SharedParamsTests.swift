import Foundation
import Testing
@testable import Systolic

/// The Swift MTJ model and scripts/stt_accuracy.py share scripts/sttmram_params.json: the
/// Swift defaults must equal its parameters, and Swift's WER and cell write energy must equal
/// the checkpoints the Python script computed from the same file.
@Suite struct SharedParamsTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/sttmram_params.json")

    @Test func swiftDefaultsAndCheckpointsMatchThePythonModel() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let p = try #require(json["mtj"] as? [String: Double])
        let m = MTJParams()
        let mine: [String: Double] = ["delta": m.delta, "alpha": m.alpha, "anisotropyFieldT": m.anisotropyFieldT, "tau0Ns": m.tau0Ns,
                                      "rParallelOhm": m.rParallelOhm, "rAntiParallelOhm": m.rAntiParallelOhm, "rAccessOhm": m.rAccessOhm,
                                      "nominalVoltageV": m.nominalVoltageV, "nominalPulseNs": m.nominalPulseNs, "nominalWER": m.nominalWER]
        #expect(p == mine)
        #expect(json["sttPeripheryWriteFJPerBit"] as? Double == ScratchpadTechnologies.sttMram.writeFJPerBit)
        let checkpoints = try #require(json["checkpoints"] as? [[String: Double]])
        #expect(checkpoints.count >= 3)
        let ic0 = m.criticalCurrentA
        for c in checkpoints {
            let v = c["voltageV"]!, t = c["pulseNs"]!
            let w = m.wer(voltage: v, pulseNs: t, ic0: ic0)
            #expect(abs(w.toP / c["werToP"]! - 1) < 1e-9, "V=\(v) t=\(t)")
            #expect(abs(w.toAP / c["werToAP"]! - 1) < 1e-9, "V=\(v) t=\(t)")
            #expect(abs(m.cellWriteEnergyFJ(voltage: v, pulseNs: t) / c["cellWriteFJ"]! - 1) < 1e-12)
        }
    }
}
