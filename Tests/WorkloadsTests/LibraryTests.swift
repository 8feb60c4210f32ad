import Foundation
import Testing
@testable import Workloads

@Suite struct LibraryTests {
    @Test func loadsBuiltInsByNameFromExplicitDirectory() throws {
        let library = WorkloadLibrary(directory: try TestPaths.workloads().path)
        #expect(Array(library.availableNames.prefix(5)) == WorkloadLibrary.builtInNames)
        for name in WorkloadLibrary.builtInNames {
            let network = try library.load(name)
            #expect(network.hasLoss, "\(name)")
        }
        #expect(try library.load("vgg19").forwardMACs == 19_632_062_464)
    }

    @Test func searchesCurrentDirectoryThenExecutableAncestors() throws {
        let root = try TestPaths.packageRoot()
        let fromCwd = WorkloadLibrary(currentDirectory: root.path, executablePath: nil)
        #expect(fromCwd.directory == root.appendingPathComponent("workloads").path)
        let exe = root.appendingPathComponent(".build/debug/stt-cyclesim").path
        let fromExe = WorkloadLibrary(currentDirectory: "/nonexistent", executablePath: exe)
        #expect(fromExe.directory == root.appendingPathComponent("workloads").path)
        let none = WorkloadLibrary(currentDirectory: "/nonexistent", executablePath: nil)
        #expect(none.directory == nil)
        #expect(throws: WorkloadError.self) { try none.load("vgg19") }
    }

    @Test func loadsPathsAndReportsUnknownNames() throws {
        let library = WorkloadLibrary(directory: try TestPaths.workloads().path)
        let prototxt = try TestPaths.caffe("bvlc_alexnet_train_val.prototxt").path
        #expect(try library.load(prototxt).parameterCount == 60_965_224)
        let net = try TestPaths.workloads().appendingPathComponent("alexnet.net").path
        #expect(try library.load(net).parameterCount == 60_965_224)
        do {
            _ = try library.load("vgg20")
            Issue.record("vgg20 loaded")
        } catch {
            #expect(error.message.contains("unknown workload 'vgg20'") && error.message.contains("vgg19"))
        }
        #expect(throws: WorkloadError.self) { try library.load("/nonexistent/x.net") }
    }
}
