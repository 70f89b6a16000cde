import CustosSupport
import Testing

@testable import DeviceTransport

@Suite("Transport failure codes")
struct TransportFailureCodeTests {
    @Test func aBrokenTranscriptLineIsMalformedWithItsLine() throws {
        let error = #expect(throws: TranscriptError.self) { try Transcript.parse("=> 3f23\n<= zz\n") }
        let failure = try #require(error)
        #expect(failure.code.name == "transport.transcript.syntax")
        #expect(failure.category == .malformed)
        #expect(failure.context.first { $0.key == "line" }?.value == "2")
    }

    @Test func linkFailuresAreTheEnvironmentsAndUSBKindsKeepTheirCode() {
        let denied = USBError(kind: .accessDenied, operation: "open usb:001:002", code: -3)
        #expect(denied.code == USBError.Codes.accessDenied)
        #expect(TransportError.usb(denied).code == USBError.Codes.accessDenied)
        #expect(!denied.message.contains("custos"), "the CLI adds its own remedy")
        #expect(TransportError.timedOut(operation: "read").category == .environment)
        #expect(TransportError.transcriptEnded(afterLine: 9).code.name == "transport.transcript.diverged")
    }
}
