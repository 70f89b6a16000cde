import CustosTestSupport
import Firmware
import Foundation
import Testing

@testable import CustosCLI

/// `custos firmware inspect|verify` through the built binary, and the seam the manifest wiring will call.
@Suite("custos firmware")
struct FirmwareCommandTests {
    private var images: URL { PackagePaths.root.appendingPathComponent("Firmware/test-images") }

    @Test func verifyRefusesTheUnsafeLookAlikeWithExitOne() throws {
        let path = images.appendingPathComponent("trezor/T3T1-firmware-unsafe-vendor.bin").path
        let outcome = try CustosBinary.run(["firmware", "verify", "--json", path])
        #expect(outcome.status == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(object["vendor"] as? String == "trezor")
        #expect(object["model"] as? String == "T3T1")
        #expect(object["version"] as? String == "2.8.1")
        #expect(object["genuine"] as? Bool == false)
        #expect(object["approved"] is NSNull)
        #expect((object["fingerprint"] as? String)?.count == 64)
        let problems = try #require(object["problems"] as? [[String: Any]]).compactMap { $0["message"] as? String }
        #expect(problems.contains { $0.contains("UNSAFE") })
    }

    @Test func severalImagesGiveOneLineEachAndTheWorstExitCode() throws {
        let paths = ["trezor/t1-trzf-v3-dev.bin", "coldcard/coldcard-key0.dfu", "garbage/random.bin"].map {
            images.appendingPathComponent($0).path
        }
        let text = try CustosBinary.run(["firmware", "verify"] + paths)
        #expect(text.status == 2, "an unparsable image outranks refused ones")
        let lines = text.standardOutput.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("REFUSED") && lines[2].hasPrefix("UNPARSABLE"))
        let json = try CustosBinary.run(["firmware", "verify", "--json"] + paths.prefix(2))
        #expect(json.status == 1)
        let array = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(json.standardOutput.split(separator: "\n").count == 4, "brackets plus one line per image")
    }

    @Test func inspectParsesAndGarbageIsExitTwo() throws {
        let good = try CustosBinary.run([
            "firmware", "inspect", images.appendingPathComponent("jade/jade-dev-key-a.bin").path,
        ])
        #expect(good.status == 0)
        #expect(good.standardOutput.contains("jade jade 1.0.35"))
        let bad = try CustosBinary.run(["firmware", "inspect", images.appendingPathComponent("garbage/empty.bin").path])
        #expect(bad.status == 2)
        let missing = try CustosBinary.run(["firmware", "verify", "/nonexistent/image.bin"])
        #expect(missing.status == 2)
        let usage = try CustosBinary.run(["firmware", "verify"])
        #expect(usage.status == 64)
        let badEdition = try CustosBinary.run(["firmware", "verify", "--bitbox02-edition", "nova", "x"])
        #expect(badEdition.status == 64)
        // --manifest reads a `custos manifest` store; one that holds no trusted manifest is unreadable input.
        let noManifest = try CustosBinary.run(["firmware", "verify", "--manifest", "/nonexistent/store", "y"])
        #expect(noManifest.status == 2)
        #expect(noManifest.standardError.contains("no trusted root"))
    }

    @Test func bitBox02EditionPolicyIsApplied() throws {
        let path = images.appendingPathComponent("bitbox02/bitbox02-btconly-2026-test.bin").path
        let outcome = try CustosBinary.run(["firmware", "verify", "--bitbox02-edition", "bitbox02-multi", path])
        #expect(outcome.status == 1)
        #expect(outcome.standardOutput.contains("edition is bitbox02-btconly, the team expects bitbox02-multi"))
    }

    private static func object(_ lines: [String]) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(lines.joined(separator: "\n").utf8)) as? [String: Any])
    }

    /// The seam `--manifest` uses: UNLISTED (exit 1) without approval, accepted (exit 0, approved, not genuine) with.
    @Test func verifySeamAcceptsAnApprovedGenuineImage() throws {
        let path = images.appendingPathComponent("passport/passport-color-test.bin").path
        var store = FirmwareTrustStore.embedded
        let manifest =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: images.appendingPathComponent("manifest.json"))) as? [String: Any]
        let entry = (manifest?["images"] as? [[String: Any]])?.first {
            ($0["file"] as? String) == "passport/passport-color-test.bin"
        }
        let keys = try #require(entry?["test_keys"] as? [String])
        store.keySets.append(
            PinnedKeySet(
                vendor: .passport, name: "custos-test", role: .production, algorithm: .secp256k1, threshold: 2,
                keysHex: keys, source: "Custos TEST keys"))
        let verifier = FirmwareVerifier(trust: store)
        let fingerprint = try #require(entry?["fingerprint"] as? String)
        let approvals = ApprovedFirmwareList([
            ApprovedFirmware(
                vendor: .passport, model: "passport-color", version: "2.3.5", fingerprint: fingerprint,
                minVersion: "2.3.0")
        ])
        // Passport publishes no index Custos can pin: vendor-signed but UNLISTED, exit 1, with the exact message.
        let unlisted = FirmwareRun.verify(paths: [path], approvals: nil, json: true, verifier: verifier)
        #expect(unlisted.status == .rejected)
        let unlistedObject = try Self.object(unlisted.lines)
        #expect(unlistedObject["verdict"] as? String == "UNLISTED")
        #expect(unlistedObject["genuine"] as? Bool == false && unlistedObject["accepted"] as? Bool == false)
        let unlistedProblems = (unlistedObject["problems"] as? [[String: Any]]) ?? []
        #expect(
            unlistedProblems.contains {
                $0["message"] as? String == FirmwareVerdict.unlistedMessage
                    && $0["code"] as? String == "firmware.release.unlisted"
            })
        let unlistedText = FirmwareRun.verify(paths: [path], approvals: nil, json: false, verifier: verifier)
        #expect(unlistedText.lines.count == 1 && unlistedText.lines[0].hasPrefix("UNLISTED "))
        #expect(unlistedText.lines[0].contains(FirmwareVerdict.unlistedMessage))

        // Approved in the manifest: accepted (exit 0), approved, still not genuine.
        let accepted = FirmwareRun.verify(paths: [path], approvals: approvals, json: true, verifier: verifier)
        #expect(accepted.status == .ok)
        let acceptedObject = try Self.object(accepted.lines)
        #expect(acceptedObject["approved"] as? Bool == true && acceptedObject["accepted"] as? Bool == true)
        #expect(acceptedObject["genuine"] as? Bool == false && acceptedObject["verdict"] as? String == "UNLISTED")
        let acceptedText = FirmwareRun.verify(paths: [path], approvals: approvals, json: false, verifier: verifier)
        #expect(acceptedText.status == .ok && acceptedText.lines[0].hasPrefix("UNLISTED "))
        #expect(acceptedText.lines[0].contains("accepted: the manifest approves it"))
        let refused = FirmwareRun.verify(
            paths: [path], approvals: ApprovedFirmwareList([]), json: true, verifier: verifier)
        #expect(refused.status == .rejected)
        #expect(refused.lines[0].contains("\"approved\": false"))
        let production = FirmwareRun.verify(paths: [path], approvals: approvals, json: false)
        #expect(production.status == .rejected, "the embedded store does not trust TEST keys")
    }
}
