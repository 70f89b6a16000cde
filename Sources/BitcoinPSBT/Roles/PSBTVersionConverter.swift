internal import Bitcoin

/// Converts between PSBT version 0 (global unsigned transaction) and version 2 (per-input and per-output fields).
/// Every other record is kept as it is, so v0 → v2 → v0 gives back the same records: the original bytes, except
/// that an explicit PSBT_GLOBAL_VERSION 0 record (optional in version 0) is not written back and the global
/// transaction is written first. A conversion that would drop information version 0 cannot hold is refused
/// instead.
public enum PSBTVersionConverter {
    public static func convert(_ psbt: PSBT, to version: UInt32) throws(PSBTRoleError) -> PSBT {
        guard version == 0 || version == 2 else { throw .unsupportedVersion(version) }
        guard psbt.version != version else { return psbt }
        var result = psbt
        if version == 2 {
            let transaction = try psbt.unsignedTransaction()
            result.setVersion2Fields(from: transaction)
            return result
        }
        // v2 → v0: refuse fields version 0 has no place for.
        if psbt.global.transactionModifiable != nil {
            throw .missingField("a place for PSBT_GLOBAL_TX_MODIFIABLE in version 0 (it would be lost)")
        }
        if let index = psbt.inputs.firstIndex(where: {
            $0.requiredTimeLocktime != nil || $0.requiredHeightLocktime != nil
        }) {
            throw .missingField("a place for input \(index)'s required lock time in version 0 (it would be lost)")
        }
        let transaction = try psbt.unsignedTransaction()
        for type in [
            PSBTKeyType.Global.transactionVersion, PSBTKeyType.Global.fallbackLocktime,
            PSBTKeyType.Global.inputCount, PSBTKeyType.Global.outputCount, PSBTKeyType.Global.version,
        ] {
            result.global.remove(type)
        }
        for index in result.inputs.indices { result.inputs[index].removeTransactionFields() }
        for index in result.outputs.indices { result.outputs[index].removeTransactionFields() }
        result.global.setUnsignedTransaction(transaction)
        return result
    }
}
