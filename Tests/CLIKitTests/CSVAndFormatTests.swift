import Foundation
import Testing
@testable import CLIKit

@Suite struct CSVWriterTests {
    @Test func quotingFollowsRFC4180() {
        #expect(CSVWriter.quote("plain") == "plain")
        #expect(CSVWriter.quote("a,b") == "\"a,b\"")
        #expect(CSVWriter.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.quote("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.quote("cr\r\nlf") == "\"cr\r\nlf\"")
        #expect(CSVWriter.quote("") == "")
    }

    @Test func rendersRowsWithColumnStyles() throws {
        let csv = CSVWriter(columns: [CSVColumn("name, full"), CSVColumn("cycles"), CSVColumn("ratio"),
                                      CSVColumn("energy_mJ", doubles: .fixed(3)), CSVColumn("exact", doubles: .shortest)])
        let text = try csv.render([
            ["resnet18", 123_456_789, .double(2.0 / 3.0), 1.5, 0.1],
            [.text("a\"b"), .uint(UInt64.max), .double(1e-7), .double(-0.0001), .empty],
            [.text("x"), .int(-5), .double(.nan), .double(.infinity), .double(-0.0)],
        ])
        #expect(text == """
            "name, full",cycles,ratio,energy_mJ,exact
            resnet18,123456789,0.666667,1.500,0.1
            "a""b",18446744073709551615,1e-07,0.000,
            x,-5,nan,inf,0.0

            """)
    }

    @Test func wrongFieldCountIsAnError() {
        let csv = CSVWriter(header: ["a", "b"])
        #expect(throws: CSVError(row: 2, fieldCount: 1, columnCount: 2)) { try csv.render([[1, 2], [3]]) }
        #expect(CSVError(row: 2, fieldCount: 1, columnCount: 2).description == "CSV row 2 has 1 fields but the header has 2 columns")
    }

    @Test func crlfAndFileOutput() throws {
        let dir = makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = CSVWriter(header: ["k", "v"], lineEnding: "\r\n")
        try csv.write([["a", 1], ["b", 2.5]], to: dir + "/t.csv", signalGuard: nil)
        #expect(try readTextFile(dir + "/t.csv") == "k,v\r\na,1\r\nb,2.5\r\n")
        #expect(throws: CSVError.self) { try csv.write([["a"]], to: dir + "/u.csv", signalGuard: nil) }
        #expect(listing(dir) == ["t.csv"])
    }
}

@Suite struct FormatTests {
    @Test func numbers() {
        #expect(Format.number(2.0 / 3, .significant(4)) == "0.6667")
        #expect(Format.number(1234567, .significant(6)) == "1.23457e+06")
        #expect(Format.number(1.005, .fixed(2)) == "1.00")  // binary 1.005 is just below
        #expect(Format.number(-0.004, .fixed(2)) == "0.00")
        #expect(Format.number(-0.0, .significant(6)) == "0")
        #expect(Format.number(-1.5, .fixed(1)) == "-1.5")
        #expect(Format.number(1e-5, .shortest) == "1e-05")
    }

    @Test func groupedDurationsRates() {
        #expect(Format.grouped(0) == "0")
        #expect(Format.grouped(999) == "999")
        #expect(Format.grouped(1234567) == "1,234,567")
        #expect(Format.grouped(-1234) == "-1,234")
        #expect(Format.grouped(UInt64.max) == "18,446,744,073,709,551,615")
        #expect(Format.grouped(Int.min) == "-9,223,372,036,854,775,808")
        #expect(Format.duration(seconds: 0.00123) == "1.23 ms")
        #expect(Format.duration(seconds: 4.56e-7) == "456 ns")
        #expect(Format.duration(seconds: 12.345) == "12.3 s")
        #expect(Format.duration(seconds: 0.9996) == "1.00 s")
        #expect(Format.duration(seconds: 125) == "2 min 05 s")
        #expect(Format.duration(seconds: 3720) == "1 h 02 min")
        #expect(Format.duration(seconds: 0) == "0 s")
        #expect(Format.bandwidth(bytesPerSecond: 4.56e9) == "4.56 GB/s")
        #expect(Format.bandwidth(bytesPerSecond: 999.96e6) == "1.00 GB/s")
        #expect(Format.si(0.00123, unit: "J") == "1.23 mJ")
        #expect(Format.si(-2.5e-12, unit: "s") == "-2.50 ps")
        #expect(Format.bytes(12) == "12 B")
        #expect(Format.bytes(1536) == "1.50 KiB")
        #expect(Format.bytes(3 << 30) == "3.00 GiB")
        #expect(Format.percent(0.1234) == "12.3%")
    }
}
