internal import CustosCrypto

/// The Trezor One signature slots (three key indexes and three 64-byte signatures), checked the way trezorlib's
/// `check_sig_v1` and the bootloader check them: the first `required` slots name distinct keys (1-based) and every
/// later slot is empty.
struct TrezorOneSignatureSlots: Sendable {
    let indexes: [UInt8]
    let signatures: [[UInt8]]

    var isUnsigned: Bool { indexes.allSatisfy { $0 == 0 } }

    /// Nil when the slots meet the threshold with `keys`, else why not.
    func failure(digest: [UInt8], required: Int, keys: [[UInt8]]) -> String? {
        if isUnsigned { return "the image is unsigned (all signature slots empty)" }
        guard required >= 1, required <= indexes.count, required <= signatures.count else {
            return "a threshold of \(required) cannot be met with \(indexes.count) signature slots"
        }
        let used = indexes.prefix(required).filter { $0 != 0 }
        let distinct = Set(used)
        guard distinct.count == required else {
            return "not enough distinct signatures (found \(distinct.count), need \(required))"
        }
        let zero = [UInt8](repeating: 0, count: 64)
        guard indexes.dropFirst(required).allSatisfy({ $0 == 0 }),
            signatures.dropFirst(required).allSatisfy({ $0 == zero })
        else { return "too many signatures: slots after the first \(required) must be empty" }
        for slot in 0..<required {
            let index = Int(indexes[slot])
            guard index <= keys.count else { return "unknown key \(index) in signature slot \(slot + 1)" }
            guard
                SignatureChecks.secp256k1(publicKey: keys[index - 1], signature: signatures[slot], digest: digest)
            else { return "invalid signature in slot \(slot + 1) (key \(index))" }
        }
        return nil
    }

    var slotText: String { indexes.map(String.init).joined(separator: ",") }
}
