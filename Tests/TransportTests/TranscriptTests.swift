import CustosTestSupport
import Foundation
import Testing

@testable import DeviceTransport

@Suite("transcript format")
struct TranscriptTests {
    @Test func parsesEveryDirectiveAndKeepsLineNumbers() throws {
        let text = """
            # a comment
            => 3f23 23
            <= AB cd

            !delay 250ms
            !delay 2s
            !delay 1500us
            !silent
            !disconnect
            """
        let transcript = try Transcript.parse(text)
        #expect(
            transcript.entries == [
                .init(line: 2, .hostWrites([0x3f, 0x23, 0x23])), .init(line: 3, .deviceSends([0xab, 0xcd])),
                .init(line: 5, .delay(.milliseconds(250))), .init(line: 6, .delay(.seconds(2))),
                .init(line: 7, .delay(.microseconds(1500))), .init(line: 8, .silence), .init(line: 9, .disconnect),
            ])
    }

    @Test func textRoundTrips() throws {
        let original = Transcript([
            .hostWrites([1, 2, 3]), .delay(.milliseconds(40)), .deviceSends([0xff]), .silence, .disconnect,
        ])
        let text = original.text(header: ["hello"])
        #expect(text.hasPrefix("# hello\n=> 010203\n!delay 40ms\n<= ff\n!silent\n!disconnect\n"))
        #expect(try Transcript.parse(text).entries.map(\.step) == original.entries.map(\.step))
    }

    @Test(arguments: [
        ("=> 3g", 1), ("=> 123", 1), ("=>", 1), ("<= ", 1), ("# ok\n!delay", 2), ("!delay 5 ms", 1), ("!delay -5ms", 1),
        ("!wait", 1), ("hello", 1), ("!silent now", 1),
    ])
    func badLinesAreTypedErrorsNamingTheLine(text: String, line: Int) {
        #expect(throws: TranscriptError.self) { try Transcript.parse(text) }
        do {
            _ = try Transcript.parse(text)
        } catch {
            #expect(error.line == line)
        }
    }

    /// Found by the transcript fuzz target: the lines were split on the Character "\n", which "\r\n" is not, so a
    /// file saved with CRLF line endings was one line; beginning with a comment, it replayed as an empty
    /// conversation.
    @Test func crlfLineEndingsReadTheSameAsLF() throws {
        let text = "# recorded on Windows\n=> 3f23 23\n!delay 250ms\n<= ab cd\n!silent\n"
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        let expected = try Transcript.parse(text)
        #expect(expected.entries.count == 4)
        #expect(try Transcript.parse(crlf) == expected)
        #expect(throws: TranscriptError(line: 2, reason: "expected hex digits after =>")) {
            try Transcript.parse("# ok\r\n=> 3g\r\n")
        }
    }

    /// Found by the transcript fuzz target: an unknown directive was echoed raw into the error, so a transcript
    /// could put terminal escape sequences into Custos's output.
    @Test func anUnknownDirectiveIsEchoedWithControlCharactersEscaped() {
        do {
            _ = try Transcript.parse("!\u{1B}[2J\u{0}")
            Issue.record("parsed")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
            #expect(error.description.contains("!\\u{1B}[2J\\u{0}"))
        }
    }

    /// Found by the transcript fuzz target: delays were written in whole milliseconds, so `!delay 15us` came back
    /// as `!delay 0ms`.
    @Test(arguments: [
        ("!delay 15us", "!delay 15us"), ("!delay 1500us", "!delay 1500us"), ("!delay 2000us", "!delay 2ms"),
        ("!delay 250ms", "!delay 250ms"), ("!delay 3000ms", "!delay 3s"), ("!delay 3600000s", "!delay 3600000s"),
    ])
    func delaysAreWrittenExactly(line: String, written: String) throws {
        let transcript = try Transcript.parse(line)
        #expect(transcript.text() == written + "\n")
        #expect(try Transcript.parse(transcript.text()).entries.map(\.step) == transcript.entries.map(\.step))
    }

    @Test func aRecordedDelayLongerThanTheMicrosecondLimitIsWrittenInMilliseconds() throws {
        let transcript = Transcript([.delay(.milliseconds(4_000) + .microseconds(250))])
        #expect(transcript.text() == "!delay 4000ms\n")
    }

    @Test func aReportBeyondTheLineLimitIsRefused() {
        let text = "=> " + String(repeating: "00", count: Transcript.maximumReportBytes + 1)
        #expect(throws: TranscriptError.self) { try Transcript.parse(text) }
    }

    @Test func everyBundledTranscriptParses() throws {
        let folder = PackagePaths.root.appendingPathComponent("Vectors/usb")
        let files =
            FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".transcript") } ?? []
        var passed = 0
        for file in files {
            let transcript = try Transcript.parse(
                String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
            #expect(!transcript.entries.isEmpty, "\(file)")
            let reports = transcript.entries.compactMap { entry -> [UInt8]? in
                switch entry.step {
                case .hostWrites(let bytes), .deviceSends(let bytes): return bytes
                default: return nil
                }
            }
            #expect(reports.allSatisfy { $0.count == 64 }, "\(file): every report is 64 bytes")
            passed += 1
        }
        #expect(files.count >= 10)
        reportVectorCount("Vectors/usb transcripts", passed: passed, total: files.count)
    }
}
