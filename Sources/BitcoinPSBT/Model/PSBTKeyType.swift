/// PSBT key types (BIP174, BIP370, BIP371, BIP373), with the order Bitcoin Core writes them in, which is where a
/// new record is inserted so that PSBTs from Core keep Core's layout when Custos adds to them.
public enum PSBTKeyType {
    public enum Global {
        public static let unsignedTransaction: UInt64 = 0x00
        public static let extendedPublicKey: UInt64 = 0x01
        public static let transactionVersion: UInt64 = 0x02
        public static let fallbackLocktime: UInt64 = 0x03
        public static let inputCount: UInt64 = 0x04
        public static let outputCount: UInt64 = 0x05
        public static let transactionModifiable: UInt64 = 0x06
        public static let version: UInt64 = 0xfb
        public static let proprietary: UInt64 = 0xfc

        static let writeOrder: [UInt64] = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xfb, 0xfc]
    }

    public enum Input {
        public static let nonWitnessUTXO: UInt64 = 0x00
        public static let witnessUTXO: UInt64 = 0x01
        public static let partialSignature: UInt64 = 0x02
        public static let sighashType: UInt64 = 0x03
        public static let redeemScript: UInt64 = 0x04
        public static let witnessScript: UInt64 = 0x05
        public static let bip32Derivation: UInt64 = 0x06
        public static let finalScriptSig: UInt64 = 0x07
        public static let finalScriptWitness: UInt64 = 0x08
        public static let ripemd160Preimage: UInt64 = 0x0a
        public static let sha256Preimage: UInt64 = 0x0b
        public static let hash160Preimage: UInt64 = 0x0c
        public static let hash256Preimage: UInt64 = 0x0d
        public static let previousTxid: UInt64 = 0x0e
        public static let outputIndex: UInt64 = 0x0f
        public static let sequence: UInt64 = 0x10
        public static let requiredTimeLocktime: UInt64 = 0x11
        public static let requiredHeightLocktime: UInt64 = 0x12
        public static let tapKeySignature: UInt64 = 0x13
        public static let tapScriptSignature: UInt64 = 0x14
        public static let tapLeafScript: UInt64 = 0x15
        public static let tapBIP32Derivation: UInt64 = 0x16
        public static let tapInternalKey: UInt64 = 0x17
        public static let tapMerkleRoot: UInt64 = 0x18
        public static let musig2ParticipantPublicKeys: UInt64 = 0x1a
        public static let musig2PublicNonce: UInt64 = 0x1b
        public static let musig2PartialSignature: UInt64 = 0x1c
        public static let proprietary: UInt64 = 0xfc

        static let writeOrder: [UInt64] = [
            0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0a, 0x0b, 0x0c, 0x0d, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
            0x1a, 0x1b, 0x1c, 0x07, 0x08, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0xfc,
        ]

        /// What a finalizer removes: everything but the UTXOs, final scripts, transaction fields (BIP370), and
        /// proprietary and unknown records (BIP174).
        static let removedWhenFinalized: Set<UInt64> = [
            0x02, 0x03, 0x04, 0x05, 0x06, 0x0a, 0x0b, 0x0c, 0x0d, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x1a, 0x1b, 0x1c,
        ]
    }

    public enum Output {
        public static let redeemScript: UInt64 = 0x00
        public static let witnessScript: UInt64 = 0x01
        public static let bip32Derivation: UInt64 = 0x02
        public static let amount: UInt64 = 0x03
        public static let script: UInt64 = 0x04
        public static let tapInternalKey: UInt64 = 0x05
        public static let tapTree: UInt64 = 0x06
        public static let tapBIP32Derivation: UInt64 = 0x07
        public static let musig2ParticipantPublicKeys: UInt64 = 0x08
        public static let proprietary: UInt64 = 0xfc

        static let writeOrder: [UInt64] = [0x00, 0x01, 0x02, 0x03, 0x04, 0xfc, 0x05, 0x06, 0x07, 0x08]
    }

    /// Position of a type in a write order; unknown types go last.
    static func rank(_ type: UInt64, in order: [UInt64]) -> Int {
        order.firstIndex(of: type) ?? order.count
    }
}
