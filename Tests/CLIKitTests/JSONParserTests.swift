import Testing
@testable import CLIKit

@Suite struct JSONParserTests {
    func syntaxError(_ text: String) -> JSONSyntaxError? {
        do { _ = try JSONParser.parse(text); return nil } catch { return error }
    }

    @Test func parsesAllKinds() throws {
        let v = try JSONParser.parse(#" {"a": [1, -2.5e3, true, false, null], "s": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "o": {}} "#)
        #expect(v["a"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null]))
        #expect(v["s"] == .string("x\"\\/\u{08}\u{0C}\n\r\té😀"))
        #expect(v["o"] == .object([:]))
        #expect(v["a"]?.intValue == nil && JSONValue.number("7").intValue == 7 && JSONValue.number("-2.5e3").doubleValue == -2500)
    }

    @Test func errorsCarryLineAndColumn() {
        #expect(syntaxError("[1,]") == JSONSyntaxError(line: 1, column: 4, message: "expected a JSON value, found ']'"))
        #expect(syntaxError("{\"a\":1,\"a\":2}")?.message == "duplicate key \"a\"")
        #expect(syntaxError("{\"a\":1,\"a\":2}")?.column == 8)
        #expect(syntaxError("01")?.message == "leading zeros are not allowed in numbers")
        #expect(syntaxError("1.")?.message == "expected a digit after the decimal point")
        #expect(syntaxError("tru")?.message == "invalid literal; expected 'true'")
        #expect(syntaxError("\"é\n\"") == JSONSyntaxError(line: 1, column: 3, message: "control character in string; write it as an escape like \\n"))
        #expect(syntaxError("\"\\ud800\"")?.message == "unpaired UTF-16 surrogate in \\u escape")
        #expect(syntaxError("\"\\x\"")?.message == "invalid escape '\\x'")
        #expect(syntaxError("\"abc")?.message == "unterminated string (opened at column 1)")
        #expect(syntaxError("1 2")?.message == "unexpected text after the JSON value")
        #expect(syntaxError("// c\n1")?.message == "expected a JSON value, found '/'")
        #expect(syntaxError("\n\n  x") == JSONSyntaxError(line: 3, column: 3, message: "expected a JSON value, found 'x'"))
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        #expect(syntaxError(String(repeating: "[", count: 100_000))?.message == "nesting deeper than 256 levels")
        #expect(syntaxError(String(repeating: "[", count: 256) + String(repeating: "]", count: 256)) == nil)
    }

    @Test func serializesDeterministically() {
        let v = JSONValue.object(["b": .array([.int(1), .object([:]), .array([])]), "a": .string("\u{01}\"x"), "c": .null])
        #expect(v.serialized(pretty: false) == #"{"a":"\u0001\"x","b":[1,{},[]],"c":null}"#)
        #expect(v.serialized() == """
            {
              "a": "\\u0001\\"x",
              "b": [
                1,
                {},
                []
              ],
              "c": null
            }
            """)
        #expect(JSONValue.double(.nan) == nil && JSONValue.double(0.5) == .number("0.5"))
    }
}

@Suite struct ProgressBarTests {
    final class Capture: @unchecked Sendable {
        var text = ""
    }

    @Test func rendersAndRateLimits() {
        let capture = Capture()
        var bar = ProgressBar(label: "run", total: 3, isEnabled: true, minimumInterval: .seconds(3600), width: 10,
                              output: { capture.text += $0 })
        #expect(bar.render(1) == "run [###-------]  33% 1/3")
        #expect(bar.render(9) == "run [##########] 100% 3/3")
        bar.update(1)
        bar.update(2)  // within the interval: dropped
        bar.finish()
        #expect(capture.text == "\rrun [###-------]  33% 1/3\rrun [##########] 100% 3/3\n")
        #expect(ProgressBar(label: "z", total: 0, width: 4).render(0) == "z [####] 100% 0/0")
    }

    @Test func silentWhenDisabled() {
        let capture = Capture()
        var bar = ProgressBar(label: "x", total: 10, isEnabled: false, output: { capture.text += $0 })
        for i in 0...10 { bar.update(UInt64(i)) }
        bar.finish()
        #expect(capture.text.isEmpty)
    }
}
