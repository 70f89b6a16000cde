internal import Bitcoin
internal import BitcoinPSBT
internal import Ceremony
internal import CustosCrypto
internal import PSBTTestKit

/// Issue 6's figure: a 5,000-UTXO emergency sweep planned in one go — UTXOS.json parsed, every UTXO's scripts
/// derived from the descriptor (and checked against its prev_tx when given), split under the 400,000 WU standard
/// weight, priced, and written as base64 PSBTs — for a 2-of-3 wsh(sortedmulti) and a 2-of-3 tr(sortedmulti_a)
/// wallet. The split is checked: every transaction under the limit, counts even, every UTXO spent once in order.
enum CeremonyBenchmark {
    static let utxoCount = 5_000

    static func run() {
        print("## Emergency migration ceremony (\(utxoCount)-UTXO sweep plan)\n")
        print(
            "| wallet | UTXOS.json | parse | plan (derive, split, PSBTs) | base64 | total | transactions | largest weight (WU) |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for (kind, withPrevTx) in [
            (TestWallet.Kind.wshSortedMulti, false), (.wshSortedMulti, true), (.trSortedMultiA, false),
        ] {
            do {
                try measure(kind, withPrevTx: withPrevTx)
            } catch {
                print("| \(kind) | benchmark failed: \(error) |")
            }
        }
        print("")
    }

    private static func measure(_ kind: TestWallet.Kind, withPrevTx: Bool) throws {
        let wallet = try TestWallet(kind: kind, threshold: 2, keyCount: 3, seed: 9)
        let json = try utxoList(wallet, withPrevTx: withPrevTx)
        let descriptor = wallet.descriptor.description
        let destination = Address(
            kind: .witness(version: 0, program: Hash160.hash(Array("benchmark destination".utf8))), network: .regtest)
        var parse = Double.infinity
        var plan = Double.infinity
        var encode = Double.infinity
        var result: SweepPlan?
        let clock = ContinuousClock()
        // Best of three: the fastest run has the least interference from other processes.
        for _ in 0..<3 {
            var utxos: [UTXO] = []
            parse = min(parse, seconds(clock.measure { utxos = (try? UTXO.parseList(json)) ?? [] }))
            var planned: SweepPlan?
            plan = min(
                plan,
                seconds(
                    clock.measure {
                        guard let wallet = try? CeremonyWallet(text: descriptor), let rate = FeeRate("12") else {
                            return
                        }
                        planned = try? SweepPlanner.plan(
                            SweepRequest(
                                wallet: wallet, utxos: utxos, destination: destination.description, feeRate: rate))
                    }))
            guard let planned else { throw Failure.planFailed }
            encode = min(encode, seconds(clock.measure { blackHole(planned.parts.map(\.psbt.base64)) }))
            result = planned
        }
        guard let result, checkSplit(result) else {
            print("| \(kind) | the split is wrong |")
            return
        }
        let largest = result.parts.map(\.weightUpperBound).max() ?? 0
        let counts = result.parts.map { String($0.utxoPositions.count) }.joined(separator: "+")
        print(
            "| \(kind)\(withPrevTx ? ", with prev_tx" : "") | \(json.count / 1024) KiB | \(ms(parse)) | \(ms(plan)) "
                + "| \(ms(encode)) | **\(ms(parse + plan + encode))** | \(result.parts.count) (\(counts)) | \(largest) |"
        )
    }

    /// Every transaction under the standard weight, counts within one of each other, each UTXO once in order.
    private static func checkSplit(_ plan: SweepPlan) -> Bool {
        let counts = plan.parts.map(\.utxoPositions.count)
        var next = 0
        for part in plan.parts {
            guard part.utxoPositions.lowerBound == next, part.weightUpperBound <= SweepRequest.standardWeightLimit,
                part.psbt.inputs.count == part.utxoPositions.count
            else { return false }
            next = part.utxoPositions.upperBound
        }
        return next == utxoCount && (counts.max() ?? 0) - (counts.min() ?? 0) <= 1
    }

    /// UTXOS.json for `utxoCount` outputs of the wallet (receive and change alternating), each funded by its own
    /// small transaction.
    private static func utxoList(_ wallet: TestWallet, withPrevTx: Bool) throws -> [UInt8] {
        var text = "["
        for position in 0..<utxoCount {
            let index = UInt32(position / 2)
            let expansion = try wallet.descriptor.expand(index: index, multipathIndex: position % 2)
            let value = Int64(100_000 + position)
            guard let previous = TransactionID(bytes: SHA256.hash(Array("bench \(position)".utf8))) else {
                throw Failure.fixture
            }
            let funding = Transaction(
                inputs: [TransactionInput(previousOutput: OutPoint(txid: previous, index: 0))],
                outputs: [TransactionOutput(value: value, scriptPubKey: expansion.scriptPubKey)])
            text += position == 0 ? "\n" : ",\n"
            text += "{\"txid\": \"\(funding.txid)\", \"vout\": 0, \"value\": \(value), \"index\": \(index), "
            text += "\"change\": \(position % 2 == 1)"
            if withPrevTx { text += ", \"prev_tx\": \"\(funding.serialized().hexString)\"" }
            text += "}"
        }
        return Array((text + "\n]\n").utf8)
    }

    enum Failure: Error {
        case planFailed
        case fixture
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func ms(_ seconds: Double) -> String { Measure.format(seconds * 1_000, decimals: 0) + " ms" }
}
