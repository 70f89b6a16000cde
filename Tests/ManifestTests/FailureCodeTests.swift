import CustosSupport
import Foundation
import ManifestProfile
import TUF
import Testing

@Suite("Manifest failure codes")
struct ManifestFailureCodeTests {
    @Test func aStoreWithNothingPinnedIsUninitializedAndUnusableInput() {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-none-\(UUID().uuidString)")
        let error = #expect(throws: StoredManifestError.self) {
            try TrustedManifest.loadStored(from: ManifestStore(folder: folder.path))
        }
        #expect(error?.code.name == "manifest.store.uninitialized")
        #expect(error?.category == .malformed)
        #expect(error?.message.contains("--") == false, "the CLI names the command that pins a root")
    }

    @Test func repositoryMetadataFailuresAreRefusals() {
        #expect(TUFError.expired(role: "timestamp").code.name == "tuf.metadata.expired")
        #expect(TUFError.malformed(role: "root", reason: "x").category == .refused)
        #expect(TUFError.download(.notFound(location: "https://example/1.root.json")).code.name == "fetch.not-found")
        let local = StoredManifestError(folder: "/store", error: .malformed(role: "root", reason: "not JSON"))
        #expect(local.code.name == "manifest.store.unusable" && local.category == .malformed)
        let unsigned = StoredManifestError(
            folder: "/store", error: .unsigned(role: "root", validSignatures: 0, threshold: 1))
        #expect(unsigned.code == TUFError.Codes.threshold)
    }

    @Test func profileErrorsAreMalformed() {
        let error = #expect(throws: ProfileError.self) { try MigrationPolicy.parse(Array("{}".utf8)) }
        #expect(error?.code.name == "manifest.profile" && error?.category == .malformed)
    }
}
