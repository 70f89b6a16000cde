import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Secp256k1

/// A temporary folder for one test, removed when the value goes away.
final class CeremonyFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("custos-ceremony-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A test wallet (PSBTTestKit, fixed seeds, regtest) with outputs to sweep: one small funding transaction per UTXO,
/// alternating receive and change indexes, so UTXOS.json can carry each prev_tx.
struct SweepFixture: Sendable {
    let wallet: TestWallet
    /// UTXOS.json entries' data, in order.
    let utxos: [(outpoint: OutPoint, value: Int64, index: UInt32, change: Bool, funding: Transaction)]
    /// Every spent output by outpoint (for the kernel oracle).
    let spent: [OutPoint: TransactionOutput]

    /// The pinned safe address of the tests: P2WPKH of SHA-256("safe destination"), as PSBTTestKit's sweeps use.
    static let destination: String = {
        let key = (try? Secp256k1PrivateKey(bytes: SHA256.hash(Array("safe destination".utf8)))).flatMap {
            try? $0.publicKey
        }
        let program = Hash160.hash(key?.compressed ?? [])
        return Address(kind: .witness(version: 0, program: program), network: .regtest).description
    }()

    /// Another valid regtest address the policy does not allow.
    static let otherAddress: String = {
        Address(kind: .witness(version: 0, program: SHA256.hash(Array("attacker".utf8))), network: .regtest)
            .description
    }()

    init(
        kind: TestWallet.Kind, threshold: Int = 2, keyCount: Int = 3, count: Int, amount: Int64 = 1_000_000,
        seed: UInt8 = 11
    ) throws {
        wallet = try TestWallet(kind: kind, threshold: threshold, keyCount: keyCount, seed: seed)
        var utxos: [(OutPoint, Int64, UInt32, Bool, Transaction)] = []
        var spent: [OutPoint: TransactionOutput] = [:]
        for position in 0..<count {
            let index = UInt32(position / 2)
            let change = position % 2 == 1
            let expansion = try wallet.descriptor.expand(index: index, multipathIndex: change ? 1 : 0)
            let value = amount + Int64(position)
            // The output sits at vout 1 behind an unrelated one, so a wrong vout is caught.
            let funding = Transaction(
                version: 2,
                inputs: [
                    TransactionInput(
                        previousOutput: OutPoint(
                            txid: try requireValue(
                                TransactionID(bytes: SHA256.hash(Array("funding \(seed) \(position)".utf8)))),
                            index: 0))
                ],
                outputs: [
                    TransactionOutput(value: 5_000, scriptPubKey: Script([0x51])),
                    TransactionOutput(value: value, scriptPubKey: expansion.scriptPubKey),
                ])
            let outpoint = OutPoint(txid: funding.txid, index: 1)
            utxos.append((outpoint, value, index, change, funding))
            spent[outpoint] = funding.outputs[1]
        }
        self.utxos = utxos
        self.spent = spent
    }

    var descriptorText: String { wallet.descriptor.description + "\n" }

    /// UTXOS.json; `withPrevTx` adds each funding transaction.
    func utxosJSON(withPrevTx: Bool = true) throws -> String {
        let entries: [OrderedJSON] = utxos.map { utxo in
            var members: [(String, OrderedJSON)] = [
                ("txid", .string(utxo.outpoint.txid.description)), ("vout", .integer(Int64(utxo.outpoint.index))),
                ("value", .integer(utxo.value)), ("index", .integer(Int64(utxo.index))), ("change", .bool(utxo.change)),
            ]
            if withPrevTx { members.append(("prev_tx", .string(utxo.funding.serialized().hexString))) }
            return .object(members)
        }
        return OrderedJSON.array(entries).text() + "\n"
    }

    /// Writes descriptor.txt and utxos.json into `folder`.
    func writeInputs(to folder: CeremonyFolder, withPrevTx: Bool = true) throws {
        try folder.write("descriptor.txt", descriptorText)
        try folder.write("utxos.json", try utxosJSON(withPrevTx: withPrevTx))
    }

    /// Cosigner `index` signs the PSBT in `file` (base64 or binary) and writes the signed copy.
    func sign(_ file: String, by index: Int, into output: String) throws {
        var decoder = PSBTDecoder()
        let psbt = try decoder.decode(detecting: Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        let signed = try wallet.signedCopy(of: psbt, by: index)
        try Data((signed.base64 + "\n").utf8).write(to: URL(fileURLWithPath: output))
    }

    /// The outputs a transaction spends, in input order.
    func spentOutputs(of transaction: Transaction) throws -> [TransactionOutput] {
        try transaction.inputs.map { input in
            guard let output = spent[input.previousOutput] else {
                throw TestDataError("input spends \(input.previousOutput), not a fixture UTXO")
            }
            return output
        }
    }

    /// Bitcoin Core's interpreter on every input of an extracted transaction.
    func kernelVerdict(_ hex: String) throws -> KernelOracle.Verdict {
        let transaction = try Transaction(serialized: try hexBytes(hex))
        return try KernelOracle.verify(
            transactionHex: hex,
            spentOutputs: try spentOutputs(of: transaction).map { ($0.scriptPubKey.bytes.hexString, $0.value) })
    }

    /// Master key fingerprints of the cosigners, in descriptor order.
    var fingerprints: [String] {
        wallet.masters.map { (try? $0.fingerprint.description) ?? "" }
    }

    /// A policy JSON for this wallet's tests.
    func policy(
        destinations: [String] = [SweepFixture.destination], maximumFeeRate: Double = 200,
        maximumFee: Int64 = 50_000_000, required: [String]? = nil, quorum: Int? = nil,
        expires: String = "2099-12-31T00:00:00Z"
    ) throws -> String {
        OrderedJSON.object([
            ("version", .integer(1)), ("network", .string("regtest")),
            ("allowed_destinations", .array(destinations.map(OrderedJSON.string))),
            ("max_fee_rate_sat_vb", .number(maximumFeeRate)), ("max_fee_sat", .integer(maximumFee)),
            ("required_cosigners", .array((required ?? fingerprints).map(OrderedJSON.string))),
            ("quorum", .integer(Int64(quorum ?? wallet.threshold))), ("expires", .string(expires)),
        ]).text() + "\n"
    }
}

/// `#require` for fixture code outside a test function.
func requireValue<T>(_ value: T?, _ what: String = #function) throws -> T {
    guard let value else { throw TestDataError("missing value: \(what)") }
    return value
}
