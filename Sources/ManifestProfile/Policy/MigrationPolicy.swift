internal import Bitcoin
public import CustosSupport

/// The emergency-migration policy a custody team pins: where funds may go, the fee caps, who must co-sign and until
/// when. The same JSON file is the `policy/migration.json` target of the manifest and what `custos migrate
/// --policy FILE` reads; `parse` needs no TUF metadata.
///
/// ```json
/// {"version": 1, "network": "bitcoin", "allowed_destinations": ["bc1q...", "wsh(...)#checksum"],
///  "max_fee_rate_sat_vb": 50, "max_fee_sat": 200000, "required_cosigners": ["d34db33f", "0a1b2c3d"],
///  "quorum": 2, "expires": "2027-06-30T00:00:00Z"}
/// ```
public struct MigrationPolicy: Sendable, Equatable {
    public static let targetPath = "policy/migration.json"
    public static let kind = "migration-policy"
    public static let supportedVersion: Int64 = 1
    /// Far above any real policy; keeps a hostile file from costing memory.
    public static let maximumFileLength = 1 << 20

    public let network: BitcoinNetwork
    /// Addresses and descriptors (with checksum) in their canonical text, as the Bitcoin module writes them
    /// (segwit addresses lowercase, descriptors re-serialised with their checksum).
    public let allowedDestinations: [String]
    /// Maximum fee rate in sat/vB (may be fractional).
    public let maximumFeeRate: Double
    public let maximumFee: Int64
    /// Master key fingerprints (8 lowercase hex digits) of the cosigners the policy names.
    public let requiredCosigners: [String]
    /// How many of `requiredCosigners` must sign.
    public let quorum: Int
    public let expires: UTCTime

    private static let knownFields: Set<String> = [
        "version", "network", "allowed_destinations", "max_fee_rate_sat_vb", "max_fee_sat", "required_cosigners",
        "quorum", "expires",
    ]

    /// Parses and validates a policy file. Unknown fields are refused, so a misspelt cap is never silently ignored.
    public static func parse(
        _ bytes: [UInt8], source: String = MigrationPolicy.targetPath
    ) throws(ProfileError)
        -> MigrationPolicy
    {
        let fail = { (reason: String) in ProfileError(subject: source, reason: reason) }
        guard bytes.count <= maximumFileLength else {
            throw fail("policy file is larger than \(maximumFileLength) bytes")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw fail(error.description)
        }
        guard case .object(let object) = document else { throw fail("the policy must be a JSON object") }
        if let unknown = object.members.first(where: { !knownFields.contains($0.key) }) {
            throw fail("unknown field \"\(unknown.key)\"")
        }
        guard case .integer(let version)? = object["version"] else { throw fail("version must be an integer") }
        guard version == supportedVersion else { throw fail("unsupported policy version \(version) (only 1)") }
        guard case .string(let networkName)? = object["network"], let network = BitcoinNetwork(rawValue: networkName)
        else { throw fail("network must be one of bitcoin, testnet, signet, regtest") }

        guard case .array(let destinationValues)? = object["allowed_destinations"], !destinationValues.isEmpty else {
            throw fail("allowed_destinations must be a non-empty array")
        }
        var destinations: [String] = []
        for value in destinationValues {
            guard case .string(let destination) = value else { throw fail("allowed_destinations must hold strings") }
            let normalized = try normalizedDestination(destination, network: network, fail: fail)
            guard !destinations.contains(normalized) else { throw fail("destination \(destination) is listed twice") }
            destinations.append(normalized)
        }

        let feeRate: Double
        switch object["max_fee_rate_sat_vb"] {
        case .integer(let value)?: feeRate = Double(value)
        case .decimal(let text)?:
            guard let value = Double(text) else { throw fail("max_fee_rate_sat_vb \(text) is not a number") }
            feeRate = value
        default: throw fail("max_fee_rate_sat_vb must be a number")
        }
        guard feeRate.isFinite, feeRate > 0 else { throw fail("max_fee_rate_sat_vb must be positive") }
        guard case .integer(let maximumFee)? = object["max_fee_sat"], maximumFee > 0,
            maximumFee <= 2_100_000_000_000_000
        else { throw fail("max_fee_sat must be a positive integer number of satoshis") }

        guard case .array(let cosignerValues)? = object["required_cosigners"], !cosignerValues.isEmpty else {
            throw fail("required_cosigners must be a non-empty array")
        }
        var cosigners: [String] = []
        for value in cosignerValues {
            guard case .string(let fingerprint) = value, fingerprint.utf8.count == 8,
                fingerprint.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0 | 0x20) })
            else { throw fail("required_cosigners must hold 8-hex-digit key fingerprints") }
            let lower = fingerprint.lowercased()
            guard !cosigners.contains(lower) else { throw fail("cosigner \(fingerprint) is listed twice") }
            cosigners.append(lower)
        }
        guard case .integer(let quorum)? = object["quorum"], quorum >= 1, quorum <= Int64(cosigners.count) else {
            throw fail("quorum must be an integer from 1 to the number of required cosigners (\(cosigners.count))")
        }
        guard case .string(let expiresText)? = object["expires"], let expires = parseRFC3339UTC(expiresText) else {
            throw fail("expires must be an RFC 3339 UTC time such as 2027-06-30T00:00:00Z")
        }
        return MigrationPolicy(
            network: network, allowedDestinations: destinations, maximumFeeRate: feeRate, maximumFee: maximumFee,
            requiredCosigners: cosigners, quorum: Int(quorum), expires: expires)
    }

    /// Whether the policy's validity has ended at `time`.
    public func isExpired(at time: UTCTime) -> Bool {
        time >= expires
    }

    /// Whether `destination` (an address, or a descriptor with checksum) is on the allow list: both sides compare in
    /// their canonical text, so an upper-case segwit address or `'` for `h` in a descriptor still matches.
    public func allowsDestination(_ destination: String) -> Bool {
        guard let canonical = Self.canonicalDestination(destination, network: network) else { return false }
        return allowedDestinations.contains(canonical)
    }

    /// Reasons a fee of `fee` satoshis for a transaction of `virtualSize` vbytes breaks the caps (empty if none).
    public func feeProblems(fee: Int64, virtualSize: Int64) -> [String] {
        var problems: [String] = []
        if fee > maximumFee { problems.append("fee \(fee) sat is above the policy's maximum of \(maximumFee) sat") }
        if virtualSize > 0 {
            let rate = Double(fee) / Double(virtualSize)
            if rate > maximumFeeRate {
                problems.append("fee rate \(rate) sat/vB is above the policy's maximum of \(maximumFeeRate) sat/vB")
            }
        } else {
            problems.append("virtual size must be positive")
        }
        return problems
    }

    private static func normalizedDestination(
        _ destination: String, network: BitcoinNetwork, fail: (String) -> ProfileError
    ) throws(ProfileError) -> String {
        if destination.contains("(") {
            let descriptor: Descriptor
            do {
                descriptor = try Descriptor(destination, requireChecksum: true)
            } catch {
                throw fail("descriptor \(destination) is not acceptable: \(error)")
            }
            let holdsPrivateKey = descriptor.root.keys.contains { key in
                switch key.source {
                case .privateKey, .extendedPrivate: return true
                case .publicKey, .xOnly, .extendedPublic: return false
                }
            }
            guard !holdsPrivateKey else {
                throw fail("descriptor \(destination) holds private keys; a policy names public keys only")
            }
            return descriptor.description
        }
        guard let canonical = canonicalDestination(destination, network: network) else {
            throw fail("\(destination) is not a valid \(network.rawValue) address")
        }
        return canonical
    }

    /// The canonical text of an address on `network`, or of a checksummed descriptor; nil if it is neither.
    static func canonicalDestination(_ destination: String, network: BitcoinNetwork) -> String? {
        if destination.contains("(") {
            return (try? Descriptor(destination, requireChecksum: true))?.description
        }
        return (try? Address(destination, network: network.network))?.description
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, optionally with fractional seconds (dropped).
    static func parseRFC3339UTC(_ text: String) -> UTCTime? {
        if let time = UTCTime(iso8601: text) { return time }
        let bytes = Array(text.utf8)
        guard bytes.count > 21, bytes[19] == UInt8(ascii: "."), bytes.last == UInt8(ascii: "Z"),
            bytes[20..<(bytes.count - 1)].allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        return UTCTime(iso8601: String(decoding: bytes[..<19], as: UTF8.self) + "Z")
    }
}
