public import CustosSupport

/// The four fields every role's `signed` object carries.
public struct CommonFields: Sendable, Equatable {
    /// `_type`: root, timestamp, snapshot or targets.
    public let type: String
    public let version: Int64
    public let specVersion: String
    public let expires: UTCTime

    init(reading reader: FieldReader, expectedType: String) throws(TUFError) {
        type = try reader.string("_type")
        guard UTF8Bytes.equal(type, expectedType) else {
            throw .malformed(role: reader.role, reason: "expected _type \"\(expectedType)\", got \"\(type)\"")
        }
        version = try reader.integer("version")
        guard version >= 1 else { throw reader.fail("version must be at least 1, got \(version)") }
        specVersion = try reader.string("spec_version")
        // Semver X.Y.Z (or legacy X.Y) with major version 1, as python-tuf accepts.
        let parts = specVersion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
            parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } })
        else { throw reader.fail("spec_version \"\(specVersion)\" is not a version number") }
        guard parts[0] == "1" else {
            throw reader.fail("unsupported spec_version \(specVersion) (major version 1 only)")
        }
        let expiresText = try reader.string("expires")
        guard let expires = UTCTime(iso8601: expiresText) else {
            throw reader.fail("expires \"\(expiresText)\" is not in the form YYYY-MM-DDTHH:MM:SSZ")
        }
        self.expires = expires
    }

    /// True when `expires` is not after `time` (an expiry equal to the reference time counts as expired).
    public func isExpired(at time: UTCTime) -> Bool {
        time >= expires
    }
}

/// A hash algorithm name and its expected hex digest, in the order the metadata lists them.
public struct HashValue: Sendable, Equatable {
    public let algorithm: String
    public let hexDigest: String
}

/// Reads the `hashes` object of `reader`'s object: algorithm names to hex digests, at least one.
func readHashes(_ object: JSONObject, reader: FieldReader) throws(TUFError) -> [HashValue] {
    guard object.count > 0 else { throw reader.fail("\(reader.location).hashes must list at least one hash") }
    var hashes: [HashValue] = []
    hashes.reserveCapacity(object.count)
    for member in object.members {
        guard case .string(let digest) = member.value else {
            throw reader.fail("\(reader.location).hashes values must be strings")
        }
        hashes.append(HashValue(algorithm: member.key, hexDigest: digest))
    }
    return hashes
}

/// What snapshot lists for a targets role, or timestamp for snapshot: version, and optionally length and hashes.
public struct MetaFile: Sendable, Equatable {
    public let version: Int64
    public let length: Int64?
    public let hashes: [HashValue]?

    init(reading reader: FieldReader) throws(TUFError) {
        version = try reader.integer("version")
        guard version >= 1 else { throw reader.fail("\(reader.location).version must be at least 1") }
        length = try reader.optionalInteger("length")
        if let length, length < 0 { throw reader.fail("\(reader.location).length must not be negative") }
        if let hashObject = try reader.optionalObject("hashes") {
            hashes = try readHashes(hashObject, reader: reader)
        } else {
            hashes = nil
        }
    }
}

/// One target file: its path, length, hashes and the opaque `custom` object (where the Custos profile lives).
public struct TargetFile: Sendable, Equatable {
    public let path: String
    public let length: Int64
    public let hashes: [HashValue]
    public let custom: JSONValue?

    init(path: String, reading reader: FieldReader) throws(TUFError) {
        self.path = path
        length = try reader.integer("length")
        guard length >= 0 else { throw reader.fail("\(reader.location).length must not be negative") }
        hashes = try readHashes(try reader.object("hashes"), reader: reader)
        custom = reader.object["custom"]
    }
}

/// Which keys sign a role and how many of them must.
public struct RoleKeys: Sendable, Equatable {
    public let keyIDs: [String]
    public let threshold: Int64

    init(reading reader: FieldReader) throws(TUFError) {
        keyIDs = try reader.stringArray("keyids")
        guard Set(keyIDs.map { ExactString($0) }).count == keyIDs.count else {
            throw reader.fail("\(reader.location).keyids lists a key id more than once")
        }
        threshold = try reader.integer("threshold")
        guard threshold >= 1 else { throw reader.fail("\(reader.location).threshold must be at least 1") }
    }

    public init(keyIDs: [String], threshold: Int64) {
        self.keyIDs = keyIDs
        self.threshold = threshold
    }
}
