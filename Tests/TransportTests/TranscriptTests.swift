import CustosTestSupport
import Foundation
import Testing

@testable import Transport

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
