import Bitcoin
import CustosCrypto
import CustosTestSupport

extension KernelOracle {
    /// Verifies every input of `transactionHex` against the outputs it spends.
    static func verify(transactionHex: String, spentOutputs: [TransactionOutput]) throws -> Verdict {
        try verify(
            transactionHex: transactionHex,
            spentOutputs: spentOutputs.map { ($0.scriptPubKey.bytes.hexString, $0.value) })
    }
}
