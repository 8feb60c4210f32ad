import Foundation
import Testing
@testable import CLIKit

/// A fresh empty directory per test, removed afterwards by the caller.
func makeScratchDirectory(_ name: String = #function) -> String {
    let dir = NSTemporaryDirectory() + "clikit-\(getpid())-\(name.filter(\.isLetter))-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func listing(_ dir: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }

struct Boom: Error {}

@Suite struct AtomicFileWriterTests {
    @Test func writesAndReplaces() throws {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.csv"
        try AtomicFileWriter(path: path, signalGuard: nil).write("one\n")
        #expect(try readTextFile(path) == "one\n")
        try AtomicFileWriter(path: path, syncToDisk: true, signalGuard: nil).write("two\n")
        #expect(try readTextFile(path) == "two\n")
        #expect(listing(dir) == ["out.csv"])
    }

    @Test func throwingBodyLeavesOldFileAndNoTemporary() throws {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/stats.csv"
        try AtomicFileWriter(path: path, signalGuard: nil).write("old\n")
        let guardian = SignalGuard()
        #expect(throws: Boom.self) {
            try AtomicFileWriter(path: path, signalGuard: guardian).write { sink in
                // More than one buffer's worth, so bytes really reach the temporary file.
                for i in 0..<20_000 { try sink.write("row \(i)\n") }
                #expect(guardian.registeredFiles.count == 1)
                #expect(listing(dir).count == 2)
                throw Boom()
            }
        }
        #expect(try readTextFile(path) == "old\n")
        #expect(listing(dir) == ["stats.csv"])
        #expect(guardian.registeredFiles.isEmpty)
    }

    @Test func newFileNotCreatedWhenBodyThrows() {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: Boom.self) {
            try AtomicFileWriter(path: dir + "/new.csv", signalGuard: nil).write { sink in
                try sink.write("partial")
                throw Boom()
            }
        }
        #expect(listing(dir).isEmpty)
    }

    @Test func signalBeforeRenameAbandonsTheWrite() throws {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/r.json"
        try AtomicFileWriter(path: path, signalGuard: nil).write("old")
        let guardian = SignalGuard()
        #expect(throws: Interrupted.self) {
            try AtomicFileWriter(path: path, signalGuard: guardian).write { sink in
                try sink.write("new")
                guardian.record(SIGTERM)
            }
        }
        #expect(try readTextFile(path) == "old")
        #expect(listing(dir) == ["r.json"])
    }

    @Test func keepsPermissionBits() throws {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/x"
        try AtomicFileWriter(path: path, signalGuard: nil).write("a")
        chmod(path, 0o600)
        try AtomicFileWriter(path: path, signalGuard: nil).write("b")
        var info = stat()
        stat(path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
    }

    @Test func missingDirectoryIsExplained() {
        let path = "/nonexistent-clikit-dir/sub/stats.csv"
        do {
            try AtomicFileWriter(path: path, signalGuard: nil).write("x")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == ENOENT)
            #expect(error.description == """
                error: cannot write '/nonexistent-clikit-dir/sub/stats.csv': directory '/nonexistent-clikit-dir/sub' does not exist
                hint: create it (mkdir -p '/nonexistent-clikit-dir/sub') or choose another output path.
                """)
        }
    }

    @Test func destinationIsADirectory() {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            try AtomicFileWriter(path: dir, signalGuard: nil).write("x")
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == "it is a directory")
        }
    }

    @Test func errnoMessages() {
        #expect(FileError.writing("d/f", errno: EACCES).description
                == "error: cannot write 'd/f': permission denied in directory 'd'\nhint: choose a directory you can write to, or fix its permissions.")
        #expect(FileError.writing("f", errno: ENOSPC).reason == "no space left on the device")
        #expect(FileError.writing("/f", errno: EROFS).reason == "the file system is read-only")
        #expect(FileError.reading("cfg.json", errno: ENOENT).description
                == "error: cannot read 'cfg.json': no such file\nhint: check the spelling and the current directory.")
        #expect(FileError.directory(of: "/f") == "/" && FileError.directory(of: "f") == ".")
    }

    @Test func temporaryNameIsHiddenAndInSameDirectory() {
        let name = AtomicFileWriter(path: "out/run.csv").temporaryPath()
        #expect(name.hasPrefix("out/.run.csv.tmp-\(getpid())-"))
        #expect(AtomicFileWriter(path: "run.csv").temporaryPath().hasPrefix(".run.csv.tmp-"))
    }

    @Test func readTextFileErrors() throws {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: FileError.reading(dir, errno: EISDIR)) { try readTextFile(dir) }
        #expect(FileManager.default.createFile(atPath: dir + "/bad", contents: Data([0xFF, 0xFE])))
        #expect { try readTextFile(dir + "/bad") } throws: { ($0 as? FileError)?.reason == "it is not valid UTF-8 text" }
    }
}

@Suite struct SignalGuardTests {
    @Test func firstSignalDecidesExitCode() {
        let g = SignalGuard()
        #expect(!g.interrupted && g.exitCode == nil)
        #expect(throws: Never.self) { try g.checkInterrupted() }
        #expect(g.record(SIGTERM) == 1)
        #expect(g.record(SIGINT) == 2)
        #expect(g.interrupted && g.exitCode == .terminated && g.exitCode?.rawValue == 143)
        #expect(throws: Interrupted.self) { try g.checkInterrupted() }
        g.reset()
        g.record(SIGINT)
        #expect(g.exitCode == .interrupted && g.exitCode?.rawValue == 130)
    }

    @Test func secondSignalRemovesRegisteredFiles() throws {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let g = SignalGuard()
        let path = dir + "/.x.tmp"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let keep = g.register(temporaryFile: dir + "/.y.tmp")
        g.unregister(keep)
        _ = g.register(temporaryFile: path)
        #expect(g.respond(afterSignalNumber: g.record(SIGINT)) == nil)
        #expect(listing(dir) == [".x.tmp"])
        #expect(g.respond(afterSignalNumber: g.record(SIGINT)) == .interrupted)
        #expect(listing(dir).isEmpty && g.registeredFiles.isEmpty)
    }

    @Test func realSignalSetsTheSharedFlag() async throws {
        SignalGuard.install()
        SignalGuard.install()  // idempotent
        SignalGuard.shared.reset()
        // Sent to the process: a test-runner thread may have the signal blocked, so wait for delivery.
        kill(getpid(), SIGTERM)
        for _ in 0..<200 where !SignalGuard.shared.interrupted { try await Task.sleep(for: .milliseconds(5)) }
        #expect(SignalGuard.shared.interrupted)
        #expect(SignalGuard.shared.exitCode == .terminated)
        SignalGuard.shared.reset()
        #expect(!SignalGuard.shared.interrupted)
    }
}
