public import CustosCrypto
public import Secp256k1

/// Deliberately broken ECDSA signatures for refusal tests and lab vectors: each still parses as strict DER, so what
/// is refused is the signature itself, not its encoding.
public enum SignatureTampering {
    /// secp256k1's group order n, big-endian.
    static let groupOrder: [UInt8] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
        0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
    ]

    /// n − s for a 32-byte big-endian s: the other S of the same signature.
    public static func negate(_ s: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: 32)
        var borrow = 0
        for index in (0..<32).reversed() {
            var difference = Int(groupOrder[index]) - Int(s[index]) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 256 }
            result[index] = UInt8(difference)
        }
        return result
    }

    /// The same signature with s replaced by n − s: valid in the math, high-S (non-standard since BIP146).
    public static func highS(_ signature: ECDSASignature) throws(CryptoError) -> ECDSASignature {
        try ECDSASignature(compact: Array(signature.compact[..<32]) + negate(Array(signature.compact[32...])))
    }

    /// The signature with the lowest bit of r flipped: still well formed, no longer a signature of anything signed.
    public static func flippedR(_ signature: ECDSASignature) throws(CryptoError) -> ECDSASignature {
        var compact = signature.compact
        compact[31] ^= 0x01
        return try ECDSASignature(compact: compact)
    }
}
