import CustosSupport
import Foundation
import Testing

/// `JSONWriter.quote`, which the CLI's one-line JSON reports are assembled with: RFC 8259 escapes, read back
/// by Foundation's decoder (an independent parser) as the very string that went in.
@Suite("JSON string quoting")
struct JSONQuoteTests {
    @Test func escapesWhatJSONRequiresAndNothingElse() {
        #expect(JSONWriter.quote("plain") == "\"plain\"")
        #expect(JSONWriter.quote("a \"b\" \\ c") == #""a \"b\" \\ c""#)
        #expect(JSONWriter.quote("\n\r\t") == #""\n\r\t""#)
        #expect(JSONWriter.quote("\u{0}\u{8}\u{C}\u{1F}") == #""\u0000\u0008\u000c\u001f""#)
        // Slashes, DEL and non-ASCII text stay as they are (UTF-8).
        #expect(JSONWriter.quote("a/b\u{7F}caf\u{E9} \u{1F512}") == "\"a/b\u{7F}caf\u{E9} \u{1F512}\"")
        #expect(JSONWriter.quote("x") == JSONWriter.compact(.string("x")))
    }

    @Test func foundationReadsEveryQuotedStringBackUnchanged() throws {
        var texts = ["", "label \"Trezor\"", "C:\\firmware\\bin", "caf\u{E9} \u{1F512} \u{2028}"]
        texts.append(String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self))
        for text in texts {
            let document = Data(("[" + JSONWriter.quote(text) + "]").utf8)
            let decoded = try #require(try JSONSerialization.jsonObject(with: document) as? [String])
            #expect(decoded == [text])
            #expect(try JSONParser.parse(Array(document)) == .array([.string(text)]))
        }
    }
}
