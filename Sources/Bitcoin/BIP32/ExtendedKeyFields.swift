internal import CustosCrypto

/// The fields shared by extended public and private keys, checked against BIP32's structural rules.
struct ExtendedKeyFields {
    let version: UInt32
    let depth: UInt8
    let parentFingerprint: Fingerprint
    let childNumber: UInt32
    let chainCode: [UInt8]
    let keyData: [UInt8]

    init(
        version: UInt32, depth: UInt8, parentFingerprint: Fingerprint, childNumber: UInt32, chainCode: [UInt8],
        keyData: [UInt8]
    ) {
        self.version = version
        self.depth = depth
        self.parentFingerprint = parentFingerprint
        self.childNumber = childNumber
        self.chainCode = chainCode
        self.keyData = keyData
    }

    /// Parses the 78-byte serialization.
    init(_ bytes: [UInt8]) throws(BIP32Error) {
        guard bytes.count == ExtendedPublicKey.serializedCount else {
            throw .invalidEncoding("\(bytes.count) bytes instead of 78")
        }
        version = bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
        depth = bytes[4]
        parentFingerprint = Fingerprint(value: bytes[5..<9].reduce(0) { $0 << 8 | UInt32($1) })
        childNumber = bytes[9..<13].reduce(0) { $0 << 8 | UInt32($1) }
        chainCode = Array(bytes[13..<45])
        keyData = Array(bytes[45..<78])
        if depth == 0 && parentFingerprint.value != 0 {
            throw .invalidKeyData("zero depth with a non-zero parent fingerprint")
        }
        if depth == 0 && childNumber != 0 { throw .invalidKeyData("zero depth with a non-zero child number") }
    }

    /// The 78-byte serialization: version, depth, parent fingerprint, child number (big-endian), chain code, key.
    var serialized: [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(ExtendedPublicKey.serializedCount)
        output.appendUInt32BigEndian(version)
        output.append(depth)
        output.append(contentsOf: parentFingerprint.bytes)
        output.appendUInt32BigEndian(childNumber)
        output.append(contentsOf: chainCode)
        output.append(contentsOf: keyData)
        return output
    }

    /// BIP32's child key derivation step, the same for private and public parents: HMAC-SHA512 keyed with the
    /// parent's chain code over `keyMaterial` (the parent's compressed public key, or 0x00 and its private key for
    /// a hardened child) and the big-endian index. The left half tweaks the parent key; the right half is the
    /// child's chain code.
    static func childStep(
        chainCode: [UInt8], keyMaterial: [UInt8], index: UInt32
    ) -> (tweak: ArraySlice<UInt8>, chainCode: [UInt8]) {
        var message = keyMaterial
        message.appendUInt32BigEndian(index)
        let digest = HMACSHA512.authenticationCode(key: chainCode, message: message)
        return (digest[0..<32], Array(digest[32..<64]))
    }

    var publicNetwork: Network? {
        switch version {
        case Network.mainnet.extendedPublicKeyVersion: return .mainnet
        case Network.testnet.extendedPublicKeyVersion: return .testnet
        default: return nil
        }
    }

    var privateNetwork: Network? {
        switch version {
        case Network.mainnet.extendedPrivateKeyVersion: return .mainnet
        case Network.testnet.extendedPrivateKeyVersion: return .testnet
        default: return nil
        }
    }
}
