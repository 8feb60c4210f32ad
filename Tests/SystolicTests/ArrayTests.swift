import Testing
import SimKernel
import MemorySystem
import Workloads
@testable import Systolic

@Suite struct SystolicArrayTests {
    static let net = """
        network fcnet
        Input           data -> data label shape=20x1x1
        InnerProduct    fc1 data -> fc1 num_output=10
        SoftmaxWithLoss loss fc1 label -> loss
        end
        """

    func config(rows: Int, cols: Int, dataflow: Dataflow, tech: ScratchpadTechnology, banks: Int) -> SystolicConfig {
        SystolicConfig(array: ArrayConfig(rows: rows, cols: cols, dataflow: dataflow),
                       partitions: TensorClass.allCases.map { PartitionConfig($0, tech, capacityKB: 64, banks: banks) })
    }

    func run(_ c: SystolicConfig, batch: Int = 6) throws -> (TrainingPlan, [SystolicOpRecord], SystolicEngine) {
        let network = try NetworkParser.parse(text: Self.net, file: "fcnet.net")
        var options = TrainingOptions()
        options.convolutionAlgorithm = .implicitGemm
        let plan = try TrainingPlan(network: network, batch: batch, options: options)
        let sim = Simulator()
        let memory = MemorySystem(config: MemoryConfig(), sim: sim)
        let engine = SystolicEngine(config: c, plan: plan, memory: memory, sim: sim, seed: 1)
        let records = engine.run()
        return (plan, records, engine)
    }

    /// Hand count, M = 10, N = 6, K = 20 on 4×4: fill R + C − 2 = 6, drain R = 4.
    /// OS: ⌈10/4⌉·⌈6/4⌉ = 6 folds × (6 + K 20 + 4) = 180 cycles.
    /// WS: ⌈20/4⌉·⌈10/4⌉ = 15 folds × (6 + N 6 + 4) = 240. IS: ⌈20/4⌉·⌈6/4⌉ = 10 × (6 + M 10 + 4) = 200.
    @Test(arguments: [(Dataflow.outputStationary, 6, 30), (.weightStationary, 15, 16), (.inputStationary, 10, 20)])
    func foldCyclesAreFillStreamDrain(dataflow: Dataflow, folds: Int, perFold: Int) throws {
        let a = ArrayConfig(rows: 4, cols: 4, dataflow: dataflow)
        let fp = FoldPlan(m: 10, n: 6, k: 20, array: a)
        #expect(fp.folds == folds)
        #expect(fp.cyclesPerFold == perFold)
        #expect(fp.totalCycles == folds * perFold)
        // The engine runs the same folds for the network's forward FC GEMM (M = out 10, N = batch 6, K = in 20),
        // one fold event each, and the op lasts at least its fold cycles (1 GHz: 1 ns per cycle).
        let (plan, records, engine) = try run(config(rows: 4, cols: 4, dataflow: dataflow, tech: ScratchpadTechnologies.sram, banks: 8))
        let fc = try #require(records.first { plan.ops[$0.index].layer == "fc1" && plan.ops[$0.index].phase == .forward
                                               && { if case .gemm = plan.ops[$0.index].kind { true } else { false } }($0) })
        #expect(fc.folds == Int64(folds))
        #expect(fc.arrayCycles == Int64(folds * perFold))
        #expect(fc.macs == 10 * 6 * 20)
        #expect(fc.end.raw - fc.start.raw >= Int64(folds * perFold) * 1000)
        let gemmFolds = records.reduce(Int64(0)) { $0 + $1.folds }
        let others = records.filter { r in if case .gemm = plan.ops[r.index].kind { false } else { true } }.count
        #expect(engine.foldsDone == gemmFolds + Int64(others))
    }

    /// A 6 ns STT-MRAM write on one bank cannot keep up with the array's output words; eight banks can.
    @Test func oneBankSTTStallsEightBanksDoNot() throws {
        let stt = ScratchpadTechnologies.sttMram
        var one = PartitionState(PartitionConfig(.activations, stt, capacityKB: 64, banks: 1), writeBufferEntries: 8, capacityKB: 64)
        var eight = PartitionState(PartitionConfig(.activations, stt, capacityKB: 64, banks: 8), writeBufferEntries: 8, capacityKB: 64)
        // 64 words, one per ns (an array emitting one 128-bit word per cycle at 1 GHz).
        #expect(one.write(words: 64, start: 0, span: 63_000) > 0)
        #expect(eight.write(words: 64, start: 0, span: 63_000) == 0)
        // The same through the whole engine: a 4×4 OS array drains one word per cycle.
        let (_, r1, _) = try run(config(rows: 4, cols: 4, dataflow: .outputStationary, tech: stt, banks: 1))
        let (_, r8, _) = try run(config(rows: 4, cols: 4, dataflow: .outputStationary, tech: stt, banks: 8))
        let s1 = r1.reduce(Int64(0)) { $0 + $1.writeStallPs }, s8 = r8.reduce(Int64(0)) { $0 + $1.writeStallPs }
        #expect(s1 > 0)
        #expect(s8 == 0)
    }

    /// Iso-area holds more, so a footprint beyond the SRAM capacity spills less to DRAM.
    @Test func isoAreaSpillsLess() throws {
        var base = config(rows: 4, cols: 4, dataflow: .outputStationary, tech: ScratchpadTechnologies.sttMram, banks: 8)
        for i in base.partitions.indices { base.partitions[i].capacityKB = 1 }
        var area = base
        area.isoArea = true
        let (_, a, _) = try run(base, batch: 32)
        let (_, b, _) = try run(area, batch: 32)
        func bytes(_ r: [SystolicOpRecord]) -> Int64 { r.reduce(0) { s, x in s + x.partitions.reduce(0) { $0 + $1.dramReadBytes + $1.dramWriteBytes } } }
        #expect(bytes(b) < bytes(a))
    }
}
