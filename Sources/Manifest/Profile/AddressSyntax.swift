internal import CustosCrypto

/// Checks that a string is a well-formed Bitcoin address for a network: Base58Check P2PKH/P2SH with the network's
/// version byte, or a segwit address (BIP 173 bech32 for version 0, BIP 350 bech32m for versions 1 to 16) with the
/// network's prefix. Checksums are verified; the script itself is not interpreted.
enum AddressSyntax {
    static func isValid(_ address: String, on network: BitcoinNetwork) -> Bool {
        guard !address.isEmpty, address.utf8.count <= 90 else { return false }
        if address.lowercased().hasPrefix(network.bech32Prefix + "1") {
            return isValidSegwit(address, prefix: network.bech32Prefix)
        }
        guard let payload = base58CheckDecode(address), payload.count == 21 else { return false }
        return network.base58Versions.contains(payload[0])
    }

    /// Lowercases a segwit address (they may be written in upper case); other addresses are case-sensitive.
    static func normalized(_ address: String) -> String {
        let lower = address.lowercased()
        for network in BitcoinNetwork.allCases where lower.hasPrefix(network.bech32Prefix + "1") {
            return lower
        }
        return address
    }

    // MARK: - Bech32 / bech32m

    private static let bech32Charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)

    private static func isValidSegwit(_ address: String, prefix: String) -> Bool {
        let bytes = Array(address.utf8)
        let hasLower = bytes.contains { (0x61...0x7a).contains($0) }
        let hasUpper = bytes.contains { (0x41...0x5a).contains($0) }
        guard !(hasLower && hasUpper), bytes.allSatisfy({ (33...126).contains($0) }) else { return false }
        let lower = Array(address.lowercased().utf8)
        let prefixBytes = Array(prefix.utf8)
        let dataPart = lower[(prefixBytes.count + 1)...]
        guard dataPart.count >= 7 else { return false }  // witness version + checksum
        var values: [UInt8] = []
        for byte in dataPart {
            guard let value = bech32Charset.firstIndex(of: byte) else { return false }
            values.append(UInt8(value))
        }
        let checksum = polymod(expand(prefixBytes) + values)
        let version = values[0]
        guard version <= 16 else { return false }
        // BIP 350: version 0 uses bech32 (constant 1), later versions bech32m.
        guard checksum == (version == 0 ? 1 : 0x2bc8_30a3) else { return false }
        guard let program = convertBits(Array(values[1..<(values.count - 6)])) else { return false }
        guard (2...40).contains(program.count) else { return false }
        return version != 0 || program.count == 20 || program.count == 32
    }

    private static func expand(_ prefix: [UInt8]) -> [UInt8] {
        prefix.map { $0 >> 5 } + [0] + prefix.map { $0 & 31 }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        let generators: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var checksum: UInt32 = 1
        for value in values {
            let top = checksum >> 25
            checksum = (checksum & 0x1ff_ffff) << 5 ^ UInt32(value)
            for index in 0..<5 where (top >> UInt32(index)) & 1 == 1 {
                checksum ^= generators[index]
            }
        }
        return checksum
    }

    /// Regroups 5-bit values into bytes; leftover padding must be fewer than 5 zero bits.
    private static func convertBits(_ values: [UInt8]) -> [UInt8]? {
        var accumulator: UInt32 = 0
        var bits = 0
        var output: [UInt8] = []
        for value in values {
            accumulator = accumulator << 5 | UInt32(value)
            bits += 5
            while bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xff))
            }
        }
        guard bits < 5, (accumulator << UInt32(8 - bits)) & 0xff == 0 else { return nil }
        return output
    }

    // MARK: - Base58Check

    private static let base58Alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    private static func base58CheckDecode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []  // big-endian
        for character in text.utf8 {
            guard let digit = base58Alphabet.firstIndex(of: character) else { return nil }
            var carry = digit
            for index in bytes.indices.reversed() {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.insert(UInt8(carry & 0xff), at: 0)
                carry >>= 8
            }
        }
        let leadingZeros = text.utf8.prefix { $0 == UInt8(ascii: "1") }.count
        let decoded = [UInt8](repeating: 0, count: leadingZeros) + bytes
        guard decoded.count >= 5 else { return nil }
        let payload = Array(decoded.dropLast(4))
        guard SHA256.doubleHash(payload).prefix(4).elementsEqual(decoded.suffix(4)) else { return nil }
        return payload
    }
}
