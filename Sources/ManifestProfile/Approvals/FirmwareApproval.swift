public import CustosSupport
public import TUF

/// A firmware image the manifest approves: a targets entry at `firmware/<vendor>/<model>/<image file>` whose
/// length and hashes are those of the image, with
/// `custom: {"custos": {"kind": "firmware", "vendor", "model", "version", "fingerprint", "min_version", "channel"}}`.
public struct FirmwareApproval: Sendable, Equatable {
    public static let kind = "firmware"

    /// The TUF target path, `firmware/<vendor>/<model>/<image file>`.
    public let targetPath: String
    public let imageFileName: String
    /// Vendor name as in the path, e.g. `trezor`.
    public let vendor: String
    /// Device model as in the path, e.g. `T3T1`.
    public let model: String
    public let version: DottedVersion
    /// The vendor's fingerprint of the image or its published hash, lowercase hex.
    public let fingerprint: String
    /// Anti-rollback floor: a device must not run (or be moved to) a version below this one.
    public let minimumVersion: DottedVersion
    /// Release channel, e.g. `stable`.
    public let channel: String
    /// Length and hashes of the image file itself (from the targets entry).
    public let length: Int64
    public let hashes: [HashValue]

    /// Reads an approval from a targets entry. Throws if the entry is not a firmware approval or breaks the
    /// profile; callers decide whether that is fatal.
    public init(target: TargetFile) throws(ProfileError) {
        let fail = { (reason: String) in ProfileError(subject: target.path, reason: reason) }
        let block = try CustosBlock(target: target)
        guard block.kind == Self.kind else { throw fail("custom.custos.kind is \"\(block.kind)\", not firmware") }
        let segments = target.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count == 4, segments[0] == "firmware", segments.dropFirst().allSatisfy({ !$0.isEmpty }) else {
            throw fail("a firmware approval's path must be firmware/<vendor>/<model>/<image file>")
        }
        vendor = try block.string("vendor")
        model = try block.string("model")
        guard UTF8Bytes.equal(vendor, segments[1]), UTF8Bytes.equal(model, segments[2]) else {
            throw fail("vendor/model \(vendor)/\(model) differ from the path's \(segments[1])/\(segments[2])")
        }
        targetPath = target.path
        imageFileName = segments[3]
        version = try block.version("version")
        minimumVersion = try block.version("min_version")
        guard minimumVersion <= version else {
            throw fail("min_version \(minimumVersion) is above the approved version \(version)")
        }
        let fingerprintText = try block.string("fingerprint")
        guard fingerprintText.utf8.count >= 16, fingerprintText.utf8.count % 2 == 0,
            fingerprintText.utf8.allSatisfy(Self.isHexDigit)
        else { throw fail("fingerprint must be an even number (at least 16) of hex digits") }
        fingerprint = fingerprintText.lowercased()
        channel = try block.string("channel")
        length = target.length
        hashes = target.hashes
    }

    /// The image's SHA-256 from the targets entry, if listed.
    public var sha256: String? {
        hashes.first { $0.algorithm == "sha256" }?.hexDigest
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}

/// The `custom.custos` object of a target, with typed field access.
struct CustosBlock {
    let kind: String
    let object: JSONObject
    let subject: String

    init(target: TargetFile) throws(ProfileError) {
        subject = target.path
        guard case .object(let custom)? = target.custom, case .object(let custos)? = custom["custos"] else {
            throw ProfileError(subject: target.path, reason: "custom.custos is missing or not an object")
        }
        guard case .string(let kind)? = custos["kind"] else {
            throw ProfileError(subject: target.path, reason: "custom.custos.kind is missing or not a string")
        }
        self.kind = kind
        object = custos
    }

    /// Whether a target carries a Custos block at all (other targets are simply not part of the profile).
    static func isPresent(in target: TargetFile) -> Bool {
        guard case .object(let custom)? = target.custom else { return false }
        return custom["custos"] != nil
    }

    func string(_ key: String) throws(ProfileError) -> String {
        guard case .string(let text)? = object[key], !text.isEmpty else {
            throw ProfileError(subject: subject, reason: "custom.custos.\(key) must be a non-empty string")
        }
        return text
    }

    func version(_ key: String) throws(ProfileError) -> DottedVersion {
        let text = try string(key)
        guard let version = DottedVersion(text) else {
            throw ProfileError(
                subject: subject, reason: "custom.custos.\(key) \"\(text)\" is not a dotted decimal version")
        }
        return version
    }
}
