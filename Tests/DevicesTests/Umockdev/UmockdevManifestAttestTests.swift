import CustosTestSupport
import Foundation
import Testing

/// `custos devices attest --manifest` over the real libusb path: umockdev's fake Trezor replays the usbmon capture
/// synthesised from a transcript, and a python-tuf manifest decides what the device must run.
@Suite("umockdev: custos devices attest --manifest over real libusb")
struct UmockdevManifestAttestTests {
    @Test func theApprovedImageMatchesOverLibusb() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval])
        let outcome = try UmockdevTests().run(
            [
                "devices", "attest", "--manifest", manifest.store, "--allow-unofficial", "--challenge",
                USBVectors.demoChallenge, "--json",
            ],
            transcript: "trezor/attest-t1-dev.transcript")
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try Attest.json(outcome)
        #expect(report["device"] as? String == "usb:001:002")
        #expect(report["verdict"] as? String == "match")
        #expect(report["challengeSource"] as? String == "given")
        #expect(report["matchedTarget"] as? String == "firmware/trezor/T1B1/t1-trzf-v3-dev.bin")
        #expect(report["expectedHash"] as? String == (try Attest.hashlibAnswer("attest-t1-dev")))
    }

    @Test func anotherImageOnTheDeviceIsAMismatchOverLibusb() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval])
        let outcome = try UmockdevTests().run(
            [
                "devices", "attest", "--manifest", manifest.store, "--allow-unofficial", "--challenge",
                USBVectors.demoChallenge,
            ],
            transcript: "trezor/attest-t1-synthetic.transcript")
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("verdict:    MISMATCH"))
    }

    @Test func aRollbackIsRefusedOverLibusb() throws {
        let manifest = try TestManifest(
            [TestManifest.Approval(version: "1.13.0", minimumVersion: "1.13.0", imageName: "t1-1.13.0.bin")],
            downloadImages: false)
        let outcome = try UmockdevTests().run(
            ["devices", "attest", "--manifest", manifest.store, "--json"],
            transcript: "trezor/attest-t1-dev.transcript")
        #expect(outcome.status == 1)
        let report = try Attest.json(outcome)
        #expect(report["verdict"] as? String == "refused")
        #expect(report["device"] as? String == "usb:001:002")
        #expect(Attest.problemMessages(report)?.first?.contains("(anti-rollback)") == true)
    }

    @Test func noApprovalForTheVersionIsRefusedOverLibusb() throws {
        let manifest = try TestManifest(
            [TestManifest.Approval(version: "1.11.0", minimumVersion: "1.10.0", imageName: "t1-1.11.0.bin")],
            downloadImages: false)
        let outcome = try UmockdevTests().run(
            ["devices", "attest", "--manifest", manifest.store, "--json"],
            transcript: "trezor/attest-t1-dev.transcript")
        #expect(outcome.status == 1)
        let report = try Attest.json(outcome)
        #expect(report["verdict"] as? String == "refused")
        #expect(
            Attest.problemMessages(report) == [
                "the manifest approves no trezor T1B1 firmware of version 1.12.1 (approved: 1.11.0)"
            ])
        #expect((report["problems"] as? [[String: Any]])?.first?["code"] as? String == "manifest.device.unapproved")
    }

    /// faketime moves the clock of umockdev-run and of the custos it starts past the manifest's expiry.
    @Test func anExpiredManifestIsRefusedOverLibusb() throws {
        let faketime = try #require(
            ["/usr/bin/faketime", "/usr/local/bin/faketime"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "faketime is missing: `make deps` installs it")
        let manifest = try TestManifest([TestManifest.devImageApproval])
        let outcome = try UmockdevTests().run(
            [
                "devices", "attest", "--manifest", manifest.store, "--allow-unofficial", "--challenge",
                USBVectors.demoChallenge, "--json",
            ],
            transcript: "trezor/attest-t1-dev.transcript", wrapper: [faketime, "2099-06-01 00:00:00"])
        #expect(outcome.status == 1, "\(outcome.standardError)")
        let report = try Attest.json(outcome)
        #expect(report["verdict"] as? String == "refused")
        #expect(report["device"] as? String == "usb:001:002")
        #expect(Attest.problemMessages(report)?.first?.hasPrefix("the pinned manifest has expired") == true)
    }
}
