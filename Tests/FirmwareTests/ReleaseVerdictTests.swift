import CustosCrypto
import CustosTestSupport
import Testing

@testable import Firmware

/// GENUINE / UNLISTED / REFUSED. Vendor-signed images are made here with Custos TEST keys or the vendors' public
/// development keys trusted as production, so the release-history step is what decides between GENUINE and
/// UNLISTED: every kind of image must be looked up (bootloaders, secure monitors and raw Coldcard images included),
/// and only a listed one is genuine.
@Suite("Release verdicts: GENUINE only for a published release")
struct ReleaseVerdictTests {
    static func entry(_ suffix: String) throws -> TestImages.Entry {
        try #require(try TestImages.manifest().first { $0.file.hasSuffix(suffix) }, "\(suffix)")
    }

    static func image(_ suffix: String) throws -> FirmwareImage {
        try FirmwareImage(bytes: try TestImages.bytes(try entry(suffix)))
    }

    /// The TEST-key store, with Trezor's public development boardloader/secmon keys and the Coldcard key-1 stand-in
    /// (a Custos TEST key) also marked production.
    static func store(releases: [VendorRelease] = []) throws -> FirmwareTrustStore {
        var store = try TestImages.storeTrustingTestKeys()
        let coldcardStandIn = try #require(try entry("coldcard-test-key-as-key1.bin").testKey)
        store.keySets = store.keySets.map { set in
            switch (set.vendor, set.name) {
            case (.trezor, "core.dev.boardloader"), (.trezor, "core.dev.secmon"):
                return PinnedKeySet(
                    vendor: set.vendor, name: set.name, role: .production, algorithm: set.algorithm,
                    threshold: set.threshold, keysHex: set.keysHex, source: "test: dev keys as production")
            case (.coldcard, "key1"):
                return PinnedKeySet(
                    vendor: .coldcard, name: "key1", role: .production, algorithm: .secp256k1, threshold: 1,
                    index: 1, keysHex: [coldcardStandIn], source: "Custos TEST key as key 1")
            default: return set
            }
        }
        store.releases += releases
        return store
    }

    /// Each vendor-signed kind: UNLISTED with the exact message and exit-1 semantics; the same image listed in the
    /// store's history: GENUINE, and "superseded by" when the entry says so.
    @Test(arguments: [
        ("bitbox02-btconly-2026-test.bin", ReleaseHashKind.payloadSHA256),
        ("T3T1-bootloader-dev.bin", .bootloaderFingerprint),
        ("T3W1-secmon-dev.bin", .secmonFingerprint),
        ("coldcard-test-key-as-key1.bin", .fileSHA256),
    ])
    func unlistedUntilTheHistoryListsIt(file: String, kind: ReleaseHashKind) throws {
        let image = try Self.image(file)
        let unlisted = FirmwareVerifier(trust: try Self.store()).verify(image)
        #expect(unlisted.vendorSigned, "\(file): \(unlisted.problems)")
        #expect(unlisted.verdict == .unlisted && unlisted.printedVerdict == .unlisted)
        #expect(!unlisted.genuine && !unlisted.accepted)
        #expect(unlisted.problems.contains { $0.message == FirmwareVerdict.unlistedMessage }, "\(unlisted.problems)")

        let description = image.description
        let hash: String
        switch kind {
        case .fileSHA256: hash = description.fileSHA256.hexString
        case .payloadSHA256: hash = SHA256.hash(try TestImages.bytes(try Self.entry(file)).dropFirst(588)).hexString
        default: hash = description.fingerprint.hexString
        }
        let release = VendorRelease(
            vendor: description.vendor, model: description.model ?? "", version: description.version ?? "9.0.0",
            edition: "test", kind: kind, hashHex: hash, supersededBy: "99.0.0", source: "test@0:list")
        let listed = FirmwareVerifier(trust: try Self.store(releases: [release])).verify(image)
        if kind == .fileSHA256 {
            // Coldcard publishes hashes of .dfu files only: a raw image stays unlisted even when its bytes match.
            #expect(listed.verdict == .unlisted)
        } else {
            #expect(listed.verdict == .genuine && listed.genuine && listed.accepted, "\(listed.problems)")
            #expect(listed.listedRelease?.supersededBy == "99.0.0")
            #expect(listed.problems.isEmpty)
        }
    }

    /// A Coldcard DFU is looked up by its file hash: unlisted, then genuine once listed.
    @Test func coldcardDFUIsGenuineOnlyWhenListed() throws {
        let raw = try TestImages.bytes(try Self.entry("coldcard-test-key-as-key1.bin"))
        let dfu = try FirmwareImage(bytes: ColdcardDfu.wrap(raw))
        let store = try Self.store()
        #expect(FirmwareVerifier(trust: store).verify(dfu).verdict == .unlisted)
        let release = VendorRelease(
            vendor: .coldcard, model: "mk3", version: "5.4.3", edition: "test.dfu", kind: .fileSHA256,
            hashHex: dfu.description.fileSHA256.hexString)
        #expect(FirmwareVerifier(trust: try Self.store(releases: [release])).verify(dfu).verdict == .genuine)
    }

    /// Not vendor-signed is REFUSED whatever the index says, and a genuine image a manifest does not approve is
    /// printed as refused.
    @Test func refusedBeatsListedAndTheManifestCanRefuseAGenuineImage() throws {
        let image = try Self.image("T3T1-bootloader-one-signer.bin")
        let release = VendorRelease(
            vendor: .trezor, model: "T3T1", version: "2.1.16", edition: "bootloader", kind: .bootloaderFingerprint,
            hashHex: image.description.fingerprint.hexString)
        let store = try Self.store(releases: [release])
        let refused = FirmwareVerifier(trust: store).verify(image)
        #expect(refused.verdict == .refused && !refused.accepted)
        #expect(!refused.problems.contains { $0.message == FirmwareVerdict.unlistedMessage })

        let genuineImage = try Self.image("T3T1-bootloader-dev.bin")
        let listed = VendorRelease(
            vendor: .trezor, model: "T3T1", version: "2.1.16", edition: "bootloader", kind: .bootloaderFingerprint,
            hashHex: genuineImage.description.fingerprint.hexString)
        let verifier = FirmwareVerifier(trust: try Self.store(releases: [listed]))
        let notApproved = verifier.verify(genuineImage, approvals: ApprovedFirmwareList([]))
        #expect(notApproved.genuine && notApproved.approved == false && !notApproved.accepted)
        #expect(notApproved.verdict == .genuine && notApproved.printedVerdict == .refused)
    }
}

/// The DfuSe wrapping the test-image generator uses (one target, one element at 0x08008000), for the DFU test.
enum ColdcardDfu {
    static func wrap(_ raw: [UInt8]) -> [UInt8] {
        func u32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) } }
        let element = u32(0x0800_8000) + u32(raw.count) + raw
        let name = Array("ST...".utf8) + [UInt8](repeating: 0, count: 250)
        var target = Array("Target".utf8) + [0] + u32(1) + name + u32(element.count) + u32(1)
        target += element
        var body = Array("DfuSe".utf8) + [1] + u32(11 + target.count) + [1] + target
        body += [0xFF, 0xFF, 0x11, 0xDF, 0x83, 0x04, 0x1A, 0x01] + Array("UFD".utf8) + [16]
        return body + u32(Int(~CRC32.checksum(body)))
    }
}
