import CustosTestSupport
import Foundation

/// A pinned manifest for `custos devices attest --manifest` tests: python-tuf builds the repository
/// (scripts/make-example-manifest.py, fresh Ed25519 test keys), and the built `custos` pins its root and updates a
/// store from it, as a custody lab would.
final class TestManifest {
    /// One approval entry of the script's approvals file.
    struct Approval {
        var model = "T1B1"
        var version: String
        var minimumVersion: String
        /// A local image to approve (hashed and served by the repository), or nil for an entry given by length and
        /// hash only (an image this machine never sees).
        var file: String?
        var fingerprint = String(repeating: "cd", count: 32)
        var imageName = "image.bin"

        var json: [String: Any] {
            var entry: [String: Any] = [
                "vendor": "trezor", "model": model, "version": version, "min_version": minimumVersion,
                "fingerprint": fingerprint, "channel": "stable",
            ]
            if let file {
                entry["file"] = file
            } else {
                entry["target"] = "firmware/trezor/\(model)/\(imageName)"
                entry["length"] = 1024
                entry["sha256"] = String(repeating: "ab", count: 32)
            }
            return entry
        }
    }

    /// The dev-signed Trezor One image the attestation transcripts answer for (TRZF 1.12.1).
    static let devImage = PackagePaths.root.appendingPathComponent("Firmware/test-images/trezor/t1-trzf-v3-dev.bin")
        .path
    static let devImageFingerprint = "c45296f7bb43d806e59cc7c6b156f31f05de33158c24f20387db6fe5fdbb9d0a"
    static let devImageApproval = Approval(
        version: "1.12.1", minimumVersion: "1.12.0", file: devImage, fingerprint: devImageFingerprint)

    let folder: URL
    var repository: String { folder.appendingPathComponent("repository").path }
    var store: String { folder.appendingPathComponent("store").path }

    /// Builds the repository and a store pinned to its root and updated from it (`--images` when `downloadImages`).
    init(_ approvals: [Approval], expires: String = "2099-01-01T00:00:00Z", downloadImages: Bool = true) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("custos-attest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let approvalsFile = folder.appendingPathComponent("approvals.json")
        try JSONSerialization.data(withJSONObject: ["approvals": approvals.map(\.json)]).write(to: approvalsFile)
        let built = try PythonOracle.run(
            script: "scripts/make-example-manifest.py",
            [
                "--approvals", approvalsFile.path, "--policy", "Firmware/manifest/migration-policy.json", "--keys",
                folder.appendingPathComponent("keys.json").path, "--out", repository, "--expires", expires,
            ])
        guard built.status == 0 else { throw TestDataError("make-example-manifest.py failed: \(built.standardError)") }
        let pinned = try CustosBinary.run([
            "manifest", "init", "--root", repository + "/metadata/1.root.json", "--store", store,
        ])
        guard pinned.status == 0 else { throw TestDataError("manifest init failed: \(pinned.standardError)") }
        let updated = try CustosBinary.run(
            ["manifest", "update", "--from", repository, "--store", store] + (downloadImages ? ["--images"] : []))
        guard updated.status == 0 else { throw TestDataError("manifest update failed: \(updated.standardError)") }
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// `custos devices attest` runs against the replayed transcripts of Vectors/usb/trezor.
enum Attest {
    /// The `message` of each JSON problem object; nil unless every problem is an object with a dotted `code`.
    static func problemMessages(_ report: [String: Any]) -> [String]? {
        guard let problems = report["problems"] as? [[String: Any]] else { return nil }
        let messages = problems.compactMap { problem -> String? in
            guard let code = problem["code"] as? String, code.contains(".") else { return nil }
            return problem["message"] as? String
        }
        return messages.count == problems.count ? messages : nil
    }

    /// The `code` of each JSON problem object.
    static func problemCodes(_ report: [String: Any]) -> [String] {
        ((report["problems"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
    }

    static func transcript(_ name: String) -> String {
        USBVectors.path("trezor/\(name).transcript")
    }

    /// Replays `transcript` with its own recorded challenge (the only one a recording can answer). With a
    /// `wrapper` (e.g. faketime and its arguments), custos runs under it.
    static func replay(
        _ transcript: String, manifest: TestManifest, _ extra: [String] = [], wrapper: [String] = []
    ) throws -> CustosBinary.Outcome {
        let arguments =
            [
                "devices", "attest", "--transcript", Self.transcript(transcript), "--replay-recorded-challenge",
                "--manifest", manifest.store,
            ] + extra
        guard let program = wrapper.first else { return try CustosBinary.run(arguments) }
        return try CustosBinary.run(
            Array(wrapper.dropFirst()) + [CustosBinary.url.path] + arguments,
            executable: URL(fileURLWithPath: program))
    }

    static func json(_ outcome: CustosBinary.Outcome) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        else { throw TestDataError("not a JSON object: \(outcome.standardOutput)") }
        return object
    }

    /// The FirmwareHash a transcript's header says hashlib computed (the 64-hex-digit comment line).
    static func hashlibAnswer(_ transcript: String) throws -> String {
        let text = try String(contentsOfFile: Self.transcript(transcript), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.hasPrefix("# ") ? String($0.dropFirst(2)) : "" }
        guard let line = lines.first(where: { $0.count == 64 && $0.allSatisfy(\.isHexDigit) }) else {
            throw TestDataError("no FirmwareHash comment in \(transcript)")
        }
        return line
    }
}
