internal import CustosCrypto
internal import CustosSupport
internal import Firmware

/// The work behind `custos firmware inspect|verify`, kept apart from argument parsing so tests (and the manifest
/// wiring, which passes the approvals read from the pinned TUF manifest) call it directly.
struct FirmwareRun {
    /// Largest image read: far above any vendor's firmware area (a few MiB).
    static let imageReadLimit = 64 * 1024 * 1024

    static let bitBox02Editions = BitBox02Product.allCases.map(\.rawValue)

    /// One line of output per image (plus the JSON array's brackets for several images).
    var lines: [String]
    var status: ExitStatus
    var summary: String

    /// Verifies each image; `approvals` nil = no manifest (JSON `approved` is null).
    static func verify(
        paths: [String], approvals: ApprovedFirmwareList?, json: Bool,
        verifier: FirmwareVerifier = FirmwareVerifier(),
        read: (String) throws(FileError) -> [UInt8] = readImage
    ) -> FirmwareRun {
        each(paths, json: json, verifying: true, read: read) { path, image in
            let result = verifier.verify(image, approvals: approvals)
            return (verificationJSON(path: path, result), verificationText(path: path, result), result.accepted)
        }
    }

    /// Parses each image and describes it.
    static func inspect(
        paths: [String], json: Bool, read: (String) throws(FileError) -> [UInt8] = readImage
    ) -> FirmwareRun {
        each(paths, json: json, verifying: false, read: read) { path, image in
            let description = image.description
            let object =
                "{" + commonFields(path: path, description) + ", \"facts\": " + JSONText.strings(description.facts)
                + "}"
            let text =
                "\(path): \(description.vendor.rawValue) \(description.format) \(description.model ?? "-") "
                + "\(description.version ?? "-") fingerprint \(description.fingerprint.hexString); "
                + description.facts.joined(separator: "; ")
            return (object, text, true)
        }
    }

    static func readImage(_ path: String) throws(FileError) -> [UInt8] {
        try FileIO.readInput(path, limit: imageReadLimit)
    }

    /// Reads, parses and reports the images one at a time (so only one is in memory), then sets the exit status:
    /// 2 if any image is unparsable, else 1 if any is refused.
    private static func each(
        _ paths: [String], json: Bool, verifying: Bool, read: (String) throws(FileError) -> [UInt8],
        report: (String, FirmwareImage) -> (object: String, text: String, accepted: Bool)
    ) -> FirmwareRun {
        var objects: [String] = []
        var texts: [String] = []
        var refused = 0
        var unparsable = 0
        for path in paths {
            switch load(path, read: read) {
            case .failure(let problem):
                unparsable += 1
                objects.append(unparsableJSON(path: path, problem: problem, verify: verifying))
                texts.append("UNPARSABLE  \(path): \(problem.message)")
            case .success(let image):
                let line = report(path, image)
                if !line.accepted { refused += 1 }
                objects.append(line.object)
                texts.append(line.text)
            }
        }
        let status: ExitStatus = unparsable > 0 ? .unparsable : (refused > 0 ? .rejected : .ok)
        let summary =
            unparsable > 0
            ? "\(unparsable) of \(paths.count) image(s) could not be parsed"
            : "\(refused) of \(paths.count) image(s) refused"
        return FirmwareRun(lines: json ? jsonLines(objects) : texts, status: status, summary: summary)
    }

    /// Prints the lines and ends with the run's exit status (CommandRunner maps the failure to it).
    func finish() throws {
        for line in lines { ReportOutput.print(line) }
        guard status == .ok else {
            throw ReportedFailure(status == .unparsable ? CLICodes.imagesUnparsable : CLICodes.imagesRefused, summary)
        }
    }

    private enum Loaded {
        case success(FirmwareImage)
        case failure(Problem)
    }

    private static func load(_ path: String, read: (String) throws(FileError) -> [UInt8]) -> Loaded {
        do {
            return .success(try FirmwareImage(bytes: try read(path)))
        } catch let error as FileError {
            return .failure(error.problem)
        } catch let error as FirmwareFormatError {
            return .failure(error.problem)
        } catch {
            return .failure(Problem(code: FirmwareFormatError.Codes.unrecognised, message: "\(error)"))
        }
    }

    // MARK: - Output

    private static func verificationText(path: String, _ result: FirmwareVerification) -> String {
        let image = result.image
        let word = result.printedVerdict.rawValue
        let verdict = word + String(repeating: " ", count: max(0, 8 - word.count))
        var line =
            "\(verdict) \(image.vendor.rawValue) \(image.model ?? "-") \(result.version ?? "-") "
            + "fingerprint \(image.fingerprint.hexString)  \(path)"
        if let release = result.listedRelease {
            line +=
                " (official release \(release.version)"
                + (release.supersededBy.map { ", superseded by \($0)" } ?? "") + ")"
        }
        if result.accepted && result.verdict == .unlisted {
            line += ": accepted: the manifest approves it (in no pinned vendor release index, so not genuine)"
        }
        if !result.accepted { line += ": " + result.problems.map(\.message).joined(separator: "; ") }
        return line
    }

    private static func verificationJSON(path: String, _ result: FirmwareVerification) -> String {
        let listed = result.listedRelease
        let approved = result.approved.map { $0 ? "true" : "false" } ?? "null"
        return "{" + commonFields(path: path, result.image, version: result.version)
            + ", \"verdict\": \(JSONWriter.quote(result.printedVerdict.rawValue)), \"accepted\": \(result.accepted)"
            + ", \"genuine\": \(result.genuine), \"approved\": \(approved), \"problems\": \(JSONText.problems(result.problems))"
            + ", \"signature\": \(JSONWriter.quote(result.signature.outcome.rawValue))"
            + ", \"key_sets\": \(JSONText.strings(result.signature.keySets))"
            + ", \"release\": \(JSONText.optional(listed?.version))"
            + ", \"superseded_by\": \(JSONText.optional(listed?.supersededBy))"
            + ", \"release_source\": \(JSONText.optional(listed?.source))}"
    }

    private static func commonFields(path: String, _ image: FirmwareDescription, version: String? = nil) -> String {
        "\"file\": \(JSONWriter.quote(path)), \"vendor\": \(JSONWriter.quote(image.vendor.rawValue)), "
            + "\"format\": \(JSONWriter.quote(image.format)), \"model\": \(JSONText.optional(image.model)), "
            + "\"version\": \(JSONText.optional(version ?? image.version)), "
            + "\"fingerprint\": \(JSONWriter.quote(image.fingerprint.hexString)), "
            + "\"sha256\": \(JSONWriter.quote(image.fileSHA256.hexString))"
    }

    private static func unparsableJSON(path: String, problem: Problem, verify: Bool) -> String {
        "{\"file\": \(JSONWriter.quote(path)), \"vendor\": null, \"format\": null, \"model\": null, \"version\": null, "
            + "\"fingerprint\": null, \"sha256\": null"
            + (verify
                ? ", \"verdict\": \"UNPARSABLE\", \"accepted\": false, \"genuine\": false, \"approved\": null" : "")
            + ", \"problems\": \(JSONText.problems([problem]))}"
    }

    /// One object for one image; an array with one object per line for several.
    private static func jsonLines(_ objects: [String]) -> [String] {
        guard objects.count != 1 else { return objects }
        guard !objects.isEmpty else { return ["[]"] }
        return ["["] + objects.enumerated().map { $0.offset < objects.count - 1 ? $0.element + "," : $0.element } + [
            "]"
        ]
    }
}
