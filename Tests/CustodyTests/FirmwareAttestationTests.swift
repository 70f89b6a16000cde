import Custody
import CustosSupport
import CustosTestSupport
import DeviceTransport
import Devices
import Foundation
import ManifestProfile
import TUF
import Testing

/// `attest --manifest` as the library runs it for the CLI and the lab: a store pinned to the bundled lab manifest
/// (python-tuf, TEST keys; Vectors/usb/manifest), the approved images downloaded as TUF targets, and recorded
/// Trezor One conversations whose answers hashlib computed (Vectors/usb/tools/make_vectors.py).
@Suite("Custody: attesting a device against the pinned manifest")
struct FirmwareAttestationTests {
    static let usb = PackagePaths.root.appendingPathComponent("Vectors/usb").path
    static let approvedTarget = "firmware/trezor/T1B1/t1-trzf-v3-dev.bin"

    /// A temporary store, pinned and updated with the approved images at `clock`.
    final class Store {
        let folder: String

        init(clock: String = "2030-01-01T00:00:00Z") throws {
            folder = NSTemporaryDirectory() + "custos-custody-\(UUID().uuidString)"
            let store = ManifestStore(folder: folder)
            let root = try Data(contentsOf: URL(fileURLWithPath: usb + "/manifest/metadata/1.root.json"))
            _ = try store.initialize(trustedRoot: Array(root))
            let time = try #require(UTCTime(iso8601: clock))
            let update = try store.updateDownloadingImages(from: usb + "/manifest", referenceTime: time)
            #expect(update.images.downloaded == [FirmwareAttestationTests.approvedTarget])
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }
    }

    static func attest(
        _ transcriptName: String, store: Store, allowUnofficial: Bool, at clock: String = "2030-01-01T00:00:00Z"
    ) async throws -> FirmwareAttestation.Outcome {
        let text = try String(contentsOfFile: usb + "/trezor/\(transcriptName).transcript", encoding: .utf8)
        let transcript = try Transcript.parse(text)
        let selection = try ManifestImageSelection.load(
            folder: store.folder, imageDirectories: [], allowUnofficial: allowUnofficial,
            referenceTime: try #require(UTCTime(iso8601: clock)))
        let opened = try await DeviceOpening.open(
            .transcript(transcript, name: transcriptName), probeTimeout: .seconds(1))
        let outcome = await FirmwareAttestation.attest(
            session: DeviceSession(identity: opened.identity, transport: opened.transport), timeout: .seconds(2),
            reference: .manifest(selection), challenge: try TranscriptChallenge.recorded(in: transcript),
            source: .transcript)
        await opened.transport.close()
        return outcome
    }

    @Test func theApprovedImageMatchesAndIsNamed() async throws {
        let store = try Store()
        guard
            case .compared(let result, let compared) = try await Self.attest(
                "attest-t1-dev", store: store, allowUnofficial: true)
        else {
            Issue.record("expected a comparison")
            return
        }
        #expect(result.matches)
        let matched = try #require(result.matchingImage)
        #expect(compared.images[matched].approved?.approval.targetPath == Self.approvedTarget)
        // The device's answer, as make_vectors.py computed it with hashlib over the approved image.
        #expect(result.deviceHash.hexString == "888c8586d496f1c08ed8d941c372773cbd014854a74293402eb764232e852638")
    }

    /// A device answering for another image of the approved version is a mismatch, not a match on a prefix.
    @Test func anAnswerForAnotherImageIsAMismatch() async throws {
        let store = try Store()
        guard
            case .compared(let result, _) = try await Self.attest(
                "attest-t1-synthetic", store: store, allowUnofficial: true)
        else {
            Issue.record("expected a comparison")
            return
        }
        #expect(!result.matches)
        #expect(result.matchingImage == nil)
    }

    /// Without permission for unofficial images, the debug-signed approved image is refused before the device is
    /// asked for its hash, with the code programs match on.
    @Test func anUnofficialApprovedImageIsRefusedWithItsCode() async throws {
        let store = try Store()
        guard
            case .refused(_, let reasons, let unparsable) = try await Self.attest(
                "attest-t1-dev", store: store, allowUnofficial: false)
        else {
            Issue.record("expected a refusal")
            return
        }
        #expect(!unparsable)
        #expect(reasons.map(\.code.name) == ["attest.image.unofficial"])
        #expect(reasons.first?.context.first { $0.key == "target" }?.value == Self.approvedTarget)
    }

    /// Updated while valid, attested after every role expired: an expired manifest approves nothing.
    @Test func anExpiredManifestApprovesNothing() async throws {
        let store = try Store()
        guard
            case .refused(_, let reasons, _) = try await Self.attest(
                "attest-t1-dev", store: store, allowUnofficial: true, at: "2036-01-02T00:00:00Z")
        else {
            Issue.record("expected a refusal")
            return
        }
        #expect(reasons.map(\.code.name) == ["tuf.metadata.expired"])
        #expect(reasons.first?.message.contains("expired") == true)
    }

    /// A store with nothing pinned is unusable local input (malformed), not a refusal.
    @Test func aStoreWithNothingTrustedIsMalformedInput() throws {
        let folder = NSTemporaryDirectory() + "custos-custody-empty-\(UUID().uuidString)"
        let error = try #require(throws: CustodyError.self) {
            try ManifestImageSelection.load(folder: folder, imageDirectories: [], allowUnofficial: false)
        }
        #expect(error.code.name == "manifest.store.uninitialized")
        #expect(error.category == .malformed)
    }
}
