import Foundation
import Testing
@testable import Workloads

/// `training.gradientMaps`: Caffe-style diffs for the whole iteration, or recycled.
@Suite struct GradientRecyclingTests {
    func plan(_ name: String, batch: Int, _ policy: GradientMapPolicy) throws -> TrainingPlan {
        var o = TrainingOptions()
        o.gradientMaps = policy
        let net = try WorkloadLibrary(directory: try TestPaths.workloads().path).load(name)
        return try TrainingPlan(network: net.hasLoss ? net : try net.withTrainingLoss(), batch: batch, options: o)
    }

    @Test(arguments: ["vgg16", "alexnet"])
    func recyclingLowersTheGradientFootprintAndKeepsTheOps(name: String) throws {
        let caffe = try plan(name, batch: 4, .caffe), rec = try plan(name, batch: 4, .recycled)
        let all = caffe.gradientMapBytes(.caffe), pool = caffe.gradientMapBytes(.recycled)
        #expect(pool < all)
        // Backward of the layer with the largest diff reads its top diff while writing its
        // bottom diff: the pool holds at least the largest map, and at most all of them.
        let largest = caffe.tensors.filter { $0.role == .gradientMap }.map(\.bytes).max()!
        #expect(pool >= largest)
        #expect(caffe.footprintBytes == caffe.allocation.footprintBytes)
        #expect(rec.footprintBytes == caffe.footprintBytes - all + pool)
        // Same ops, same accesses: the traffic the GPU model derives from them is unchanged.
        #expect(rec.ops == caffe.ops)
        #expect(rec.allocation.regions == caffe.allocation.regions)
    }

    @Test func lifetimesEndWhenTheLayerBelowHasConsumedTheMap() throws {
        let p = try plan("vgg16", batch: 1, .recycled)
        let lives = p.gradientMapLifetimes()
        #expect(!lives.isEmpty)
        for (id, span) in lives {
            // First touched by a backward op; after its last use no op touches it.
            #expect(p.ops[span.lowerBound].phase != .forward, "\(p.tensor(id).name)")
            for op in p.ops[(span.upperBound + 1)...] {
                #expect(!op.accesses.contains { $0.tensor == id })
            }
        }
    }
}
