import Foundation
import Testing
@testable import STTCycleSim
import SimKernel

/// Every class of bad input ends with exit status 2 and a message that says what is
/// wrong, where, and how to fix it — never a crash, and never a half-written output.
@Suite(.serialized) struct BadInputTests {
    static let badTraces: [(name: String, format: String, text: String, expect: String)] = [
        ("bad address", "dramsim3", "0x100 READ 1\n0xZZ READ 2\n", "bad.trc:2: '0xZZ' is not a hexadecimal address"),
        ("address too wide", "dramsim3", "0x11112222333344445 READ 1\n", "bad.trc:1:"),
        ("unknown op", "dramsim3", "0x100 FETCH 1\n", "bad.trc:1: unknown operation 'FETCH'"),
        ("missing field", "dramsim3", "0x100 READ\n", "bad.trc:1: expected 3 fields, found 2"),
        ("decreasing cycles", "dramsim3", "0x100 READ 10\n0x140 READ 9\n", "bad.trc:2: cycle 9 is earlier than the previous line's 10"),
        ("negative cycle", "dramsim3", "0x100 READ -4\n", "bad.trc:1: '-4' is not a cycle number"),
        ("binary garbage", "dramsim3", "0x100 READ 1\n\u{01}\u{02}garbage\n", "bad.trc:2: the line holds a non-text byte"),
        ("ramulator extra field", "ramulator", "0x100 R 5\n", "bad.trc:1: unexpected field '5'"),
        ("native bad data", "native", "0 W 0x40 cafe\n", "bad.trc:1: 'cafe' is neither an access mode nor 128 hex digits"),
        ("native missing address", "native", "0 W\n", "bad.trc:1: expected 3 fields"),
        ("ramulator2 R/W op", "ramulator2", "LD 0x40\nR 0x80\n", "bad.trc:2: unknown operation 'R'"),
        ("ramulator2 bad address", "ramulator2", "ST 12ab\n", "bad.trc:1: '12ab' is not an address"),
        ("ramulator2 extra field", "ramulator2", "LD 0x40 7\n", "bad.trc:1: unexpected field '7'"),
    ]

    @Test(arguments: 0..<badTraces.count)
    func badTraceIsAClearError(_ i: Int) throws {
        let c = Self.badTraces[i]
        let dir = BinaryRunner.tempDir()
        let path = BinaryRunner.write(c.text, to: "bad.trc", in: dir)
        let csv = dir.appendingPathComponent("out.csv").path
        let r = try BinaryRunner.run(["--trace", path, "--trace-format", c.format, "--csv", csv])
        #expect(r.status == 2, "\(c.name): status \(r.status)")
        #expect(r.stderr.contains(c.expect), "\(c.name): stderr was \(r.stderr)")
        #expect(r.stderr.contains("hint:"), "\(c.name): no hint")
        #expect(!FileManager.default.fileExists(atPath: csv), "\(c.name): CSV written despite the error")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("tmp") }
        #expect(leftovers.isEmpty)
    }

    /// A directory given to --trace used to run as an empty trace and exit 0.
    @Test func traceDirectoryIsAClearError() throws {
        let dir = BinaryRunner.tempDir()
        let r = try BinaryRunner.run(["--trace", dir.path])
        #expect(r.status == 2, "status \(r.status)")
        #expect(r.stderr.contains("is a directory, not a trace file") && r.stderr.contains("hint:"), "\(r.stderr)")
    }

    /// A `.npy` in --values DIR named after no blob is listed as a warning (the run goes on).
    @Test func unmatchedNPYFilesAreWarnedAbout() throws {
        let dir = BinaryRunner.tempDir()
        let values = dir.appendingPathComponent("values")
        try FileManager.default.createDirectory(at: values, withIntermediateDirectories: true)
        _ = BinaryRunner.write("not read", to: "no_such_blob.npy", in: values)
        _ = BinaryRunner.write("not an npy", to: "notes.txt", in: values)
        let net = BinaryRunner.packageRoot.appendingPathComponent("Tests/STTCycleSimTests/Fixtures/tiny.net").path
        let r = try BinaryRunner.run(["--workload", net, "--batch", "1", "--values", values.path, "--detail", "full"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: \(values.path)/no_such_blob.npy matches no blob"), "\(r.stderr)")
        #expect(!r.stderr.contains("notes.txt"))
    }

    static let badArguments: [(args: [String], expect: String)] = [
        (["--trace"], "needs a value"),
        (["--batch", "x", "--workload", "vgg19"], "'--batch'"),
        (["--batch", "99999999999999999999", "--workload", "vgg19"], "--batch"),
        (["--batch", "0", "--workload", "vgg19"], "1...65536"),
        (["--memory", "sram", "--bench"], "dram, mlc, bitlevel, bitlevel+sparsecode"),
        (["--frobnicate"], "unknown option '--frobnicate'"),
        (["--system", "tpu", "--bench"], "gpu"),
        (["--bench", "--set", "memory.controller.scheduler=lifo"], "frfcfs"),
        (["--trace", "x.trc", "--trace-format", "csv"], "dramsim3, ramulator, native"),
        (["--trace", "x.trc", "--bench"], "--trace"),
        (["--bench", "--set", "memory.chanels=4"], "memory.chanels"),
        (["--bench", "--set", "memory.channels=eight"], "expected an integer"),
        (["--bench", "--set", "memory.channels=0"], "memory.channels must be in 1…256"),
        (["--bench", "--set", "memory.channels=8"], "e.g. 2097152 or 4194304 bytes for 8 channels"),
        (["--bench", "--set", "memory.controller.bitLevelBlockBits=48"], "bitLevelBlockBits must be 32, 64 or 128"),
        (["--bench", "--set", "memory.device.organization.rowBytes=100"], "rowBytes must be a power-of-two multiple of 64"),
        (["--bench", "--set", "memory.device.timing.tRCDRD=fast"], "not a timing value"),
        (["--bench", "--memory", "dram", "--set", "mechanisms.remap=true"], "mechanisms need a device with access modes (technology mlc-stt-ram); gddr5x has none"),
        (["--trace", "/nonexistent/x.trc"], "cannot open the trace"),
        ([], "nothing to run"),
    ]

    @Test(arguments: 0..<badArguments.count)
    func badArgumentsAreClearErrors(_ i: Int) throws {
        let c = Self.badArguments[i]
        let r = try BinaryRunner.run(c.args)
        #expect(r.status == 2, "\(c.args): status \(r.status), stderr \(r.stderr)")
        #expect(r.stderr.contains(c.expect), "\(c.args): stderr was \(r.stderr)")
    }

    @Test func badConfigFiles() throws {
        let dir = BinaryRunner.tempDir()
        let cases: [(String, String)] = [
            ("{\"memory\": {\"channels\": 4,}", "line"),                    // truncated / invalid JSON
            ("{\"memroy\": {}}", "memroy"),                                // unknown key
            ("{\"memory\": {\"channels\": \"4\"}}", "memory.channels"),    // wrong type
            ("{\"memory\": {\"device\": {\"organization\": {\"rowBytes\": 1048576000}}}}", "rowBytes"), // impossible geometry
        ]
        for (i, (text, expect)) in cases.enumerated() {
            let path = BinaryRunner.write(text, to: "c\(i).json", in: dir)
            let r = try BinaryRunner.run(["--bench", "--config", path])
            #expect(r.status == 2, "\(text): status \(r.status)")
            #expect(r.stderr.contains(expect), "\(text): \(r.stderr)")
        }
    }

    @Test func dumpedConfigLoadsBackIdentically() throws {
        let dir = BinaryRunner.tempDir()
        let first = try BinaryRunner.run(["--memory", "mlc", "--set", "memory.channels=11", "--set", "gpu.l2.totalBytes=2883584", "--dump-config"])
        #expect(first.status == 0)
        let path = BinaryRunner.write(first.stdout, to: "c.json", in: dir)
        let second = try BinaryRunner.run(["--memory", "mlc", "--config", path, "--dump-config"])
        #expect(second.stdout == first.stdout)
        #expect(first.stdout.contains("\"channels\": 11"))
    }

    /// Seeded mutations of valid trace lines: every one parses or throws a TraceError
    /// naming the line; none crashes or hangs.
    @Test func traceParserFuzz() throws {
        let dir = BinaryRunner.tempDir()
        var rng: UInt64 = 12345
        func next() -> UInt64 {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return rng >> 17
        }
        let seeds = ["0x1f40 READ 12", "0xABCDEF00 WRITE 99", "12 W 0x40 bitlevel " + String(repeating: "a5", count: 64), "0x40 R"]
        let alphabet = Array("0123456789abcdefxXRWREADWRITE #\t,-\u{7f}\u{00}é".unicodeScalars)
        var parsed = 0, rejected = 0
        for round in 0..<100 {
            var lines: [String] = []
            for _ in 0..<100 {
                var chars = Array(seeds[Int(next() % UInt64(seeds.count))].unicodeScalars)
                for _ in 0..<Int(next() % 4) {
                    let k = Int(next() % UInt64(max(chars.count, 1)))
                    switch next() % 3 {
                    case 0 where !chars.isEmpty: chars.remove(at: k)
                    case 1: chars.insert(alphabet[Int(next() % UInt64(alphabet.count))], at: min(k, chars.count))
                    default: if !chars.isEmpty { chars[k] = alphabet[Int(next() % UInt64(alphabet.count))] }
                    }
                }
                lines.append(String(String.UnicodeScalarView(chars)))
            }
            let path = BinaryRunner.write(lines.joined(separator: "\n"), to: "f\(round).trc", in: dir)
            for format in TraceFormat.allCases {
                var reader = try TraceReader(path: path, format: format, clockPeriod: Picoseconds(500), seed: 1)
                do {
                    while try reader.next() != nil { parsed += 1 }
                } catch let e as TraceError {
                    rejected += 1
                    #expect(e.line >= 1 && e.line <= 100 && e.file == path)
                }
            }
        }
        #expect(parsed + rejected >= 10_000 / 100 * 3)
        #expect(parsed > 0 && rejected > 0)
    }
}

@Suite(.serialized) struct SignalTests {
    /// SIGINT / SIGTERM stop a run cleanly: exit 130 / 143, a message, no output file.
    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func signalStopsCleanly(signal: Int32, status: Int32) throws {
        let dir = BinaryRunner.tempDir()
        let trace = BinaryRunner.write(sampleTrace(250_000), to: "long.trc", in: dir)
        let csv = dir.appendingPathComponent("out.csv").path
        let p = Process()
        p.executableURL = BinaryRunner.executable
        p.arguments = ["--trace", trace, "--memory", "dram,mlc", "--csv", csv]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        usleep(300_000)
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == status, "stderr: \(text)")
        #expect(text.contains("interrupted"))
        #expect(!FileManager.default.fileExists(atPath: csv))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("tmp") }.isEmpty)
    }

    /// A workload run is stopped inside a kernel, not only between kernels.
    @Test func signalStopsAWorkloadRun() throws {
        let dir = BinaryRunner.tempDir()
        let csv = dir.appendingPathComponent("out.csv").path
        let p = Process()
        p.executableURL = BinaryRunner.executable
        p.arguments = ["--workload", "alexnet", "--batch", "8", "--detail", "full", "--csv", csv]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        let start = Date()
        try p.run()
        usleep(1_500_000)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 130, "stderr: \(text)")
        #expect(Date().timeIntervalSince(start) < 30, "the run did not stop promptly")
        #expect(!FileManager.default.fileExists(atPath: csv))
    }
}
