import Foundation

/// Runs the built `stt-cyclesim` executable as a user would.
struct BinaryRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable next to the test bundle (SwiftPM builds it before the tests).
    static let executable: URL = {
        let fm = FileManager.default
        var candidates: [URL] = []
        let arg0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = arg0.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("stt-cyclesim"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/stt-cyclesim"))
        return candidates.first { fm.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// The directory holding Package.swift.
    static let packageRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    static func run(_ arguments: [String], cwd: URL? = nil) throws -> Outcome {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = cwd }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func tempDir() -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("stt-cyclesim-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    static func write(_ text: String, to name: String, in dir: URL) -> String {
        let url = dir.appendingPathComponent(name)
        try? text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

/// A small deterministic trace in DRAMsim3 form.
func sampleTrace(_ n: Int, seed: UInt64 = 7) -> String {
    var s = seed
    var lines = ["# generated for tests"]
    lines.reserveCapacity(n + 1)
    for i in 0..<n {
        s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let addr = (s >> 20) & 0x3FFF_FFC0
        lines.append("0x" + String(addr, radix: 16) + (i % 3 == 0 ? " WRITE " : " READ ") + String(i * 3))
    }
    return lines.joined(separator: "\n") + "\n"
}
