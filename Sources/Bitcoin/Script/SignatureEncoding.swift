/// Bitcoin's encoding rules for signatures in scripts (format checks only; verification is CustosCrypto's).
public enum SignatureEncoding {
    /// BIP66 strict DER with a trailing hash-type byte (Bitcoin Core's IsValidSignatureEncoding).
    public static func isStrictDER(_ signature: some Collection<UInt8>) -> Bool {
        let bytes = Array(signature)
        // 0x30 len 0x02 rlen r 0x02 slen s hashtype
        guard bytes.count >= 9, bytes.count <= 73, bytes[0] == 0x30, Int(bytes[1]) == bytes.count - 3 else {
            return false
        }
        let lengthR = Int(bytes[3])
        guard 5 + lengthR < bytes.count else { return false }
        let lengthS = Int(bytes[5 + lengthR])
        guard lengthR + lengthS + 7 == bytes.count else { return false }
        guard bytes[2] == 0x02, lengthR != 0, bytes[4] & 0x80 == 0 else { return false }
        if lengthR > 1 && bytes[4] == 0x00 && bytes[5] & 0x80 == 0 { return false }
        guard bytes[lengthR + 4] == 0x02, lengthS != 0, bytes[lengthR + 6] & 0x80 == 0 else { return false }
        if lengthS > 1 && bytes[lengthR + 6] == 0x00 && bytes[lengthR + 7] & 0x80 == 0 { return false }
        return true
    }

    /// Strict DER and a defined hash type (Bitcoin Core's DERSIG | STRICTENC checks, as PSBT parsing applies them
    /// to partial signatures).
    public static func isValidECDSASignature(_ signature: some BidirectionalCollection<UInt8>) -> Bool {
        guard let last = signature.last else { return false }
        return isStrictDER(signature) && SighashType(rawValue: UInt32(last)).isDefinedForECDSA
    }
}
