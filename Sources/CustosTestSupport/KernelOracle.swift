internal import Foundation

/// Bitcoin Core's script interpreter through py-bitcoinkernel (Tests/Oracles/verify_transaction.py): every input
/// of a transaction checked with all script verification flags.
public enum KernelOracle {
    public struct Verdict: Decodable, Sendable {
        public struct Input: Decodable, Sendable {
            public let index: Int
            public let valid: Bool
            public let error: String?
        }

        public let txid: String
        public let inputs: [Input]

        public var allValid: Bool { !inputs.isEmpty && inputs.allSatisfy(\.valid) }
    }

    /// Verifies every input of `transactionHex`; `spentOutputs` are (scriptPubKey hex, amount in satoshis) in
    /// input order.
    public static func verify(
        transactionHex: String, spentOutputs: [(scriptPubKey: String, amount: Int64)]
    ) throws -> Verdict {
        let request: [String: Any] = [
            "transaction": transactionHex,
            "spent_outputs": spentOutputs.map { ["script_pubkey": $0.scriptPubKey, "amount": $0.amount] },
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
