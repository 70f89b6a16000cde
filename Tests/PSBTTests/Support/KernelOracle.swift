import Bitcoin
import CustosCrypto
import CustosTestSupport
import Foundation

/// Bitcoin Core's script interpreter through py-bitcoinkernel (Tests/Oracles/verify_transaction.py).
enum KernelOracle {
    struct Verdict: Decodable {
        struct Input: Decodable {
            let index: Int
            let valid: Bool
            let error: String?
        }

        let txid: String
        let inputs: [Input]
    }

    /// Verifies every input of `transactionHex` with all script verification flags.
    static func verify(transactionHex: String, spentOutputs: [TransactionOutput]) throws -> Verdict {
        let request: [String: Any] = [
            "transaction": transactionHex,
            "spent_outputs": spentOutputs.map {
                ["script_pubkey": $0.scriptPubKey.bytes.hexString, "amount": $0.value]
            },
        ]
        let outcome = try PythonOracle.run(
            script: "Tests/Oracles/verify_transaction.py", [],
            standardInput: try JSONSerialization.data(withJSONObject: request))
        guard let data = outcome.standardOutput.data(using: .utf8), !data.isEmpty else {
            throw TestDataError("kernel oracle printed nothing: \(outcome.standardError)")
        }
        return try JSONDecoder().decode(Verdict.self, from: data)
    }
}
