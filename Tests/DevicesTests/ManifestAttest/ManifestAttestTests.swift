import CustosTestSupport
import DeviceTransport
import Devices
import Foundation
import Testing

/// `custos devices attest --manifest` through the built binary: python-tuf manifests (TestManifest), replayed
/// transcripts whose FirmwareHash answers Python's hashlib computed (Vectors/usb/tools/make_vectors.py).
@Suite("custos devices attest --manifest")
struct ManifestAttestTests {
    @Test func theApprovedImageMatches() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval])
        let outcome = try Attest.replay("attest-t1-dev", manifest: manifest, ["--allow-unofficial", "--json"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try Attest.json(outcome)
        #expect(report["verdict"] as? String == "match")
        #expect(report["model"] as? String == "T1B1")
        #expect(report["firmwareVersion"] as? String == "1.12.1")
        #expect(report["matchedTarget"] as? String == "firmware/trezor/T1B1/t1-trzf-v3-dev.bin")
        // Custos's expected answer equals the one hashlib computed from the same image.
        let hashlib = try Attest.hashlibAnswer("attest-t1-dev")
        #expect(report["expectedHash"] as? String == hashlib)
        #expect(report["deviceHash"] as? String == hashlib)
        let approved = try #require((report["approved"] as? [[String: Any]])?.first)
        #expect(approved["fingerprint"] as? String == TestManifest.devImageFingerprint)
        #expect(approved["official"] as? Bool == false)
        // The image came from the store, where `manifest update --images` put it.
        #expect((approved["file"] as? String)?.hasPrefix(manifest.store + "/targets/") == true)
        #expect(approved["fileBytes"] as? Int == 72704)
    }

    @Test func theTextReportNamesTheApprovalAndTheVerdict() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval])
        let outcome = try Attest.replay("attest-t1-dev", manifest: manifest, ["--allow-unofficial"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let text = outcome.standardOutput
        #expect(text.contains("approved:   firmware/trezor/T1B1/t1-trzf-v3-dev.bin version 1.12.1 (minimum 1.12.0"))
        #expect(text.contains("fingerprint \(TestManifest.devImageFingerprint) as approved"))
        #expect(text.contains("official:   NO: signed only with public development/debug keys"))
        #expect(text.contains("verdict:    MATCH: the device runs the approved image firmware/trezor/T1B1/"))
    }

    /// Without --allow-unofficial, an approved image that is no vendor release is refused before the device is
    /// asked for its hash: the recorded conversation holds Initialize only.
    @Test func anUnofficialImageIsRefusedBeforeGetFirmwareHash() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval])
        let recording = manifest.folder.appendingPathComponent("recorded.transcript").path
        let outcome = try Attest.replay("attest-t1-dev", manifest: manifest, ["--json", "--record", recording])
        #expect(outcome.status == 1)
        let report = try Attest.json(outcome)
        #expect(report["verdict"] as? String == "refused")
        let problems = Attest.problemMessages(report) ?? []
        #expect(problems.contains { $0.contains("not an official vendor release") && $0.contains("debug keys") })
        #expect(Attest.problemCodes(report) == ["attest.image.unofficial"])
        let recorded = try Transcript.parse(String(contentsOfFile: recording, encoding: .utf8))
        #expect(recorded.hostWrites.count == 1)
        #expect(throws: DeviceError.self) { try TranscriptChallenge.recorded(in: recorded) }
    }

    @Test func aDeviceAnsweringForAnotherImageIsAMismatch() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval])
        let outcome = try Attest.replay("attest-t1-synthetic", manifest: manifest, ["--allow-unofficial", "--json"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("MISMATCH"))
        let report = try Attest.json(outcome)
        #expect(report["verdict"] as? String == "mismatch")
        #expect(report["matchedTarget"] is NSNull)
        #expect(report["deviceHash"] as? String == (try Attest.hashlibAnswer("attest-t1-synthetic")))
        #expect(report["expectedHash"] as? String == (try Attest.hashlibAnswer("attest-t1-dev")))
    }

    @Test func noApprovalForTheDevicesVersionIsRefused() throws {
        let manifest = try TestManifest(
            [TestManifest.Approval(version: "1.11.0", minimumVersion: "1.10.0", imageName: "t1-1.11.0.bin")],
            downloadImages: false)
        let outcome = try Attest.replay("attest-t1-dev", manifest: manifest, ["--allow-unofficial"])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("REFUSED"))
        #expect(
            outcome.standardError.contains(
                "the manifest approves no trezor T1B1 firmware of version 1.12.1 (approved: 1.11.0)"))
        #expect(!outcome.standardError.contains("anti-rollback"))
    }

    @Test func noApprovalForTheDevicesModelIsRefused() throws {
        let manifest = try TestManifest(
            [
                TestManifest.Approval(model: "T3T1", version: "2.8.1", minimumVersion: "2.8.0", imageName: "t3t1.bin")
            ], downloadImages: false)
        let outcome = try Attest.replay("attest-t1-dev", manifest: manifest, ["--allow-unofficial"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("the manifest approves no firmware for trezor T1B1"))
    }

    @Test func aDeviceBelowMinVersionIsARollback() throws {
        // The dev image stays approved at 1.12.1, but a newer approval raises the model's floor to 1.13.0.
        let manifest = try TestManifest(
            [
                TestManifest.devImageApproval,
                TestManifest.Approval(version: "1.13.0", minimumVersion: "1.13.0", imageName: "t1-1.13.0.bin"),
            ], downloadImages: false)
        let outcome = try Attest.replay(
            "attest-t1-dev", manifest: manifest,
            ["--allow-unofficial", "--json", "--image-dir", PackagePaths.root.path + "/Firmware/test-images/trezor"])
        #expect(outcome.status == 1)
        let report = try Attest.json(outcome)
        #expect(report["verdict"] as? String == "refused")
        #expect(
            Attest.problemMessages(report) == [
                "the device runs 1.12.1, below the manifest's minimum 1.13.0 for trezor T1B1 (anti-rollback)"
            ])
        #expect(Attest.problemCodes(report) == ["manifest.device.rollback"])
    }

    /// The manifest is valid when stored and expires later: faketime moves the clock past its expiry.
    @Test func anExpiredManifestIsRefused() throws {
        let faketime = try #require(
            ["/usr/bin/faketime", "/usr/local/bin/faketime"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "faketime is missing: `make deps` installs it")
        let manifest = try TestManifest([TestManifest.devImageApproval], expires: "2099-01-01T00:00:00Z")
        let before = try Attest.replay(
            "attest-t1-dev", manifest: manifest, ["--allow-unofficial"], wrapper: [faketime, "2098-12-31 12:00:00"])
        #expect(before.status == 0, "\(before.standardError)")
        let after = try Attest.replay(
            "attest-t1-dev", manifest: manifest, ["--allow-unofficial", "--json"],
            wrapper: [faketime, "2099-01-01 00:00:01"])
        #expect(after.status == 1)
        let report = try Attest.json(after)
        #expect(report["verdict"] as? String == "refused")
        #expect(
            Attest.problemMessages(report)?.first?.hasPrefix("the pinned manifest has expired (root, timestamp")
                == true)
    }

    @Test func anImageDirectorySuppliesTheImageWithoutADownload() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval], downloadImages: false)
        let folder = PackagePaths.root.path + "/Firmware/test-images/trezor"
        let outcome = try Attest.replay(
            "attest-t1-dev", manifest: manifest, ["--allow-unofficial", "--json", "--image-dir", folder])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let approved = try #require((try Attest.json(outcome)["approved"] as? [[String: Any]])?.first)
        #expect(approved["file"] as? String == folder + "/t1-trzf-v3-dev.bin")
    }

    @Test func anImageNotOnThisMachineIsRefusedWithTheRemedy() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval], downloadImages: false)
        let outcome = try Attest.replay("attest-t1-dev", manifest: manifest, ["--allow-unofficial"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("is not on this machine"))
        #expect(outcome.standardError.contains("custos manifest update --images"))
    }

    /// A file with the approved name but other bytes is reported and never used, whatever else it is.
    @Test func aCopyThatIsNotTheApprovedTargetIsNeverUsed() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval], downloadImages: false)
        let folder = manifest.folder.appendingPathComponent("images")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tampered = PackagePaths.root.appendingPathComponent(
            "Firmware/test-images/trezor/t1-trzf-v3-dev-tampered-code.bin")
        try FileManager.default.copyItem(at: tampered, to: folder.appendingPathComponent("t1-trzf-v3-dev.bin"))
        let outcome = try Attest.replay(
            "attest-t1-dev", manifest: manifest, ["--allow-unofficial", "--image-dir", folder.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("sha256 is"))
        #expect(outcome.standardError.contains("not the approved firmware/trezor/T1B1/t1-trzf-v3-dev.bin"))
        // The genuine copy downloaded into the store is found after the bad one and used.
        let update = try CustosBinary.run([
            "manifest", "update", "--from", manifest.repository, "--store", manifest.store, "--images",
        ])
        #expect(update.status == 0, "\(update.standardError)")
        #expect(update.standardOutput.contains("approved images: 1 downloaded, 0 already stored, 0 failed"))
        let retried = try Attest.replay(
            "attest-t1-dev", manifest: manifest, ["--allow-unofficial", "--image-dir", folder.path])
        #expect(retried.status == 0, "\(retried.standardError)")
    }

    @Test func updateImagesReportsAnImageTheRepositoryDoesNotServe() throws {
        let manifest = try TestManifest([TestManifest.devImageApproval])
        let absent = try TestManifest(
            [TestManifest.Approval(version: "1.13.0", minimumVersion: "1.12.0", imageName: "t1-1.13.0.bin")],
            downloadImages: false)
        let outcome = try CustosBinary.run([
            "manifest", "update", "--from", absent.repository, "--store", absent.store, "--images",
        ])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("approved images: 0 downloaded, 0 already stored, 1 failed"))
        #expect(outcome.standardError.contains("firmware/trezor/T1B1/t1-1.13.0.bin"))
        #expect(outcome.standardError.contains("the metadata is updated"))
        // A second update of a complete store downloads nothing again.
        let again = try CustosBinary.run([
            "manifest", "update", "--from", manifest.repository, "--store", manifest.store, "--images",
        ])
        #expect(again.standardOutput.contains("approved images: 0 downloaded, 1 already stored, 0 failed"))
    }

    @Test func aStoreWithNothingTrustedIsUnparsable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-empty-\(UUID().uuidString)")
        let outcome = try CustosBinary.run([
            "devices", "attest", "--transcript", Attest.transcript("attest-t1-dev"), "--manifest", folder.path,
        ])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("custos manifest init --root"))
    }

    @Test(arguments: [
        ["--manifest", "/tmp/x", "--image", "/tmp/y"], [], ["--image", "/tmp/y", "--image-dir", "/tmp/z"],
        ["--image", "/tmp/y", "--allow-unofficial"],
    ])
    func usageErrors(arguments: [String]) throws {
        let outcome = try CustosBinary.run(
            ["devices", "attest", "--transcript", Attest.transcript("attest-t1-dev")] + arguments)
        #expect(outcome.status == 64)
    }
}

/// The lab manifest bundled in Vectors/usb/manifest (python-tuf, the example's TEST keys) that `make demo` uses.
@Suite("Bundled lab manifest for attestation")
struct BundledAttestManifestTests {
    static let repository = PackagePaths.root.appendingPathComponent("Vectors/usb/manifest").path

    @Test func generatorReproducesTheCommittedManifest() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-lab-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try PythonOracle.run(
            script: "scripts/make-example-manifest.py",
            [
                "--approvals", Self.repository + "/approvals.json", "--keys", "Firmware/manifest/test-keys/keys.json",
                "--out", folder.path,
            ])
        #expect(run.status == 0, "\(run.standardError)")
        let files = [
            "metadata/1.root.json", "metadata/1.targets.json", "metadata/1.trezor.json", "metadata/1.snapshot.json",
            "metadata/timestamp.json",
            "targets/firmware/trezor/T1B1/d691f4658623728dd7d3257ddf6b18b5e724d3126e40e1f49e0139bce9e247f6"
                + ".t1-trzf-v3-dev.bin",
        ]
        for file in files {
            let generated = try Data(contentsOf: folder.appendingPathComponent(file))
            let committed = try Data(contentsOf: URL(fileURLWithPath: Self.repository + "/" + file))
            #expect(generated == committed, "\(file)")
        }
    }

    @Test func theDemoFlowMatches() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-lab-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("store").path
        let pinned = try CustosBinary.run([
            "manifest", "init", "--root", Self.repository + "/metadata/1.root.json", "--store", store,
        ])
        #expect(pinned.status == 0, "\(pinned.standardError)")
        let updated = try CustosBinary.run([
            "manifest", "update", "--from", Self.repository, "--store", store, "--images",
        ])
        #expect(updated.status == 0, "\(updated.standardError)")
        #expect(updated.standardOutput.contains("approved images: 1 downloaded"))
        let attested = try CustosBinary.run([
            "devices", "attest", "--transcript", Attest.transcript("attest-t1-dev"), "--replay-recorded-challenge",
            "--manifest", store, "--allow-unofficial",
        ])
        #expect(attested.status == 0, "\(attested.standardError)")
        #expect(attested.standardOutput.contains("verdict:    MATCH"))
    }
}
