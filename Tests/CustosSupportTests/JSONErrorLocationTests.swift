import CustosSupport
import Testing

/// The shared parser says where a document breaks as a line and column (what a person editing a case file needs)
/// as well as a byte offset, and keeps the strictness the TUF client relies on.
@Suite("JSON error locations")
struct JSONErrorLocationTests {
    private func error(_ text: String) -> JSONError? {
        do throws(JSONError) {
            _ = try JSONParser.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        // A value missing on the second line: the column of the '}' that stands where it should be.
        (
            "{\"format\": 1, \"id\": \"x\",\n \"kind\": }", 2, 10, 34,
            "unexpected character '}' where a value was expected"
        ),
        // A duplicate key is reported at the repeated key, not where the parser noticed.
        ("{\"format\": 1, \"format\": 2}", 1, 15, 14, "duplicate key \"format\""),
        // A leading zero is reported at the digit that follows it.
        ("[1,\n2,\n\n  01]", 4, 4, 11, "leading zero"),
        ("{\"a\": \"\u{00E9}\"} x", 1, 13, 12, "unexpected content"),
    ])
    func parseErrorsSayLineAndColumn(text: String, line: Int, column: Int, offset: Int, reason: String) throws {
        let failure = try #require(error(text))
        let location = try #require(failure.location)
        #expect(location.line == line)
        #expect(location.column == column)
        #expect(location.offset == offset)
        #expect(failure.offset == offset)
        #expect(failure.reason.contains(reason))
        #expect(failure.positionedReason == "line \(line), column \(column): \(failure.reason)")
        #expect(
            failure.description == "invalid JSON at line \(line), column \(column) (byte \(offset)): \(failure.reason)")
    }

    @Test func invalidUTF8IsLocatedAtTheStringThatHoldsIt() throws {
        let failure: JSONError
        do {
            _ = try JSONParser.parse([0x7B, 0x0A, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])
            Issue.record("invalid UTF-8 was accepted")
            return
        } catch {
            failure = error
        }
        #expect(failure.location?.line == 2 && failure.location?.column == 2)
        #expect(failure.reason.contains("not UTF-8"))
    }

    @Test func anEncodingErrorHasNoLocation() throws {
        #expect {
            _ = try CanonicalJSON.encode(.decimal("1.5"))
        } throws: { error in
            guard let error = error as? JSONError else { return false }
            return error.location == nil && error.description.hasPrefix("cannot encode JSON: ")
        }
    }

    @Test func numbersStayExact() throws {
        // Canonical JSON needs integers as written, and anything else kept as text, never rounded through Double.
        let value = try JSONParser.parse(Array("[9007199254740993, -0, 1.10, 1e400]".utf8))
        #expect(value == .array([.integer(9_007_199_254_740_993), .integer(0), .decimal("1.10"), .decimal("1e400")]))
    }
}

/// The indented writer lays files out as Python's `json.dumps(indent=2, ensure_ascii=False)` does, so generated
/// case files look the same whichever tool wrote them.
@Suite("JSON writer")
struct JSONWriterTests {
    @Test func indentedMatchesPythonsLayout() throws {
        let value = JSONValue.object([
            "format": .integer(1), "id": .string("psbt/demo/combine"),
            "input": .object(["psbts": .array([.string("a.psbt"), .string("c \"quoted\".psbt")])]),
            "expected": .object(["verdict": .string("ok"), "empty": .array([]), "none": .object([:])]),
            "note": .string("caf\u{E9}\n"),
        ])
        let expected = """
            {
              "format": 1,
              "id": "psbt/demo/combine",
              "input": {
                "psbts": [
                  "a.psbt",
                  "c \\"quoted\\".psbt"
                ]
              },
              "expected": {
                "verdict": "ok",
                "empty": [],
                "none": {}
              },
              "note": "caf\u{E9}\\n"
            }
            """
        #expect(JSONWriter.indented(value) == expected)
        // And it reads back as the same value.
        #expect(try JSONParser.parse(Array(JSONWriter.indented(value).utf8)) == value)
    }
}
