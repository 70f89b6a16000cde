public import Bitcoin
public import BitcoinPSBT

/// The record `custos migrate bump` leaves in a replacement PSBT: a PSBT_GLOBAL_PROPRIETARY entry (identifier
/// "custos", subtype 1) holding the txid of the transaction it replaces, so `custos migrate status` can say that the
/// file is a fee bump whose inputs all need new signatures. Signers ignore proprietary records (BIP174).
public enum ReplacementMarker {
    static let identifier = Array("custos".utf8)
    static let subtype: UInt64 = 1

    /// The unsigned txid this PSBT replaces, if it is a bump.
    public static func replacedTransaction(in psbt: PSBT) -> TransactionID? {
        psbt.global.proprietaryValue(identifier: identifier, subtype: subtype).flatMap { TransactionID(bytes: $0) }
    }

    static func mark(_ psbt: inout PSBT, replacing txid: TransactionID) {
        psbt.global.setProprietary(identifier: identifier, subtype: subtype, value: txid.bytes)
    }
}
