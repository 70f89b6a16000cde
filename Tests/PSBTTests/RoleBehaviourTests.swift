import Bitcoin
import BitcoinPSBT
import CustosCrypto
import CustosTestSupport
import Foundation
import PSBTTestKit
import Testing

@Suite("PSBT roles: conversion, extraction limits, size estimates, bounded decoding")
struct RoleBehaviourTests {
    /// Every valid v0 PSBT of the BIPs, Core and HWI converts to v2 and back byte for byte, and every valid v2 one
    /// that version 0 can hold converts to v0 and back to the same transaction and records.
    @Test func versionConversionIsLossless() throws {
        var psbts: [String] = []
        for file in [
            "psbt/bips/bip174_test_vectors.json", "psbt/bips/bip370_test_vectors.json",
            "psbt/bips/bip371_test_vectors.json",
        ] {
            let object = try SharedVectors.json(file) as? [String: Any]
            for item in object?["cases"] as? [[String: Any]] ?? [] where item["valid"] as? Bool == true {
                psbts.append(item["psbt_base64"] as? String ?? "")
            }
        }
        let core = try SharedVectors.json("psbt/bitcoin-core/rpc_psbt.json") as? [String: Any]
        psbts += core?["valid"] as? [String] ?? []
        var roundTrips = 0
        var refusedAsLossy = 0
        for text in psbts {
            let psbt = try PSBT(base64: text)
            let target: UInt32 = psbt.version == 0 ? 2 : 0
            let conversion = Result { () throws(PSBTRoleError) -> PSBT in
                try PSBTVersionConverter.convert(psbt, to: target)
            }
            guard case .success(let converted) = conversion else {
                // Only v2 features version 0 cannot carry may stop the conversion.
                let lossy = psbt.version == 2 && String(describing: conversion).contains("would be lost")
                let conflict = psbt.computedLockTime == nil
                #expect(lossy || conflict, "refused: \(conversion)")
                refusedAsLossy += 1
                continue
            }
            #expect(converted.version == target)
            #expect(try converted.unsignedTransaction() == psbt.unsignedTransaction())
            let reparsed = try PSBT(serialized: converted.serialized())
            let back = try PSBTVersionConverter.convert(reparsed, to: psbt.version)
            if psbt.version == 0 {
                // Byte for byte, except that a redundant PSBT_GLOBAL_VERSION = 0 record is not written back.
                var expected = psbt
                if psbt.global.map.first(PSBTKeyType.Global.version) != nil {
                    expected = try PSBT(serialized: psbt.serialized().withoutExplicitVersionZero())
                }
                #expect(back.serialized() == expected.serialized(), "v0 → v2 → v0 changed bytes")
                if back.serialized() == expected.serialized() { roundTrips += 1 }
            } else {
                // v2 → v0 → v2 keeps every record (sequences may be written out explicitly).
                let original = Set(psbt.inputs.flatMap(\.map.records) + psbt.outputs.flatMap(\.map.records))
                let again = Set(back.inputs.flatMap(\.map.records) + back.outputs.flatMap(\.map.records))
                let ok = try original.isSubset(of: again) && back.unsignedTransaction() == psbt.unsignedTransaction()
                #expect(ok, "v2 → v0 → v2 lost a record")
                if ok { roundTrips += 1 }
            }
        }
        reportVectorCount(
            "v0 ↔ v2 conversion round trips (\(refusedAsLossy) lossy v2 refused)",
            passed: roundTrips, total: psbts.count - refusedAsLossy)
        #expect(roundTrips + refusedAsLossy == psbts.count)
        #expect(roundTrips > 60)
    }

    @Test func extractorRefusesUnsafeTransactions() throws {
        let wallet = try TestWallet(kind: .wshSortedMulti, threshold: 2, keyCount: 3, seed: 3)
        var spend = try wallet.sweep(inputCount: 2, version: 0, feeRate: 5)
        let signed = try PSBTCombiner.combine([
            NamedPSBT(name: "a", psbt: try wallet.signedCopy(of: spend.psbt, by: 0)),
            NamedPSBT(name: "b", psbt: try wallet.signedCopy(of: spend.psbt, by: 2)),
        ])
        #expect(throws: PSBTRoleError.notFinalized(inputs: [0, 1])) { try PSBTExtractor.extract(signed) }
        let finalized = try PSBTFinalizer.finalize(signed)
        let transaction = try PSBTExtractor.extract(finalized)
        // The estimate with 72-byte (low-S maximum) signatures is an upper bound, never more than 1 vB per signature off.
        let estimated = SpendSize.virtualSize(
            weight: try #require(
                SpendSize.transactionWeight(
                    inputs: try (0..<2).map {
                        try wallet.descriptor.expand(index: UInt32($0 / 2), multipathIndex: $0 % 2)
                    },
                    outputs: transaction.outputs)))
        #expect(estimated >= transaction.virtualSize)
        #expect(estimated - transaction.virtualSize <= 2)

        // A fee above 25,000 sat/vB: refused unless allowed.
        spend = try wallet.sweep(inputCount: 2, version: 0, feeRate: 30_000, amount: 100_000_000)
        let expensive = try PSBTFinalizer.finalize(
            try PSBTCombiner.combine([
                NamedPSBT(name: "a", psbt: try wallet.signedCopy(of: spend.psbt, by: 0)),
                NamedPSBT(name: "b", psbt: try wallet.signedCopy(of: spend.psbt, by: 1)),
            ]))
        #expect {
            try PSBTExtractor.extract(expensive)
        } throws: { error in
            guard case PSBTRoleError.feeRateTooHigh(let rate, 25_000) = error else { return false }
            return rate >= 29_000
        }
        #expect(try PSBTExtractor.extract(expensive, maximumFeeRate: nil).outputs.count == 1)

        // Outputs above inputs, and an input without any UTXO.
        var overspent = try PSBT(
            unsignedTransaction: Transaction(
                inputs: [TransactionInput(previousOutput: OutPoint(txid: .zero, index: 0))],
                outputs: [TransactionOutput(value: 2000, scriptPubKey: Script([0x51]))]))
        overspent.inputs[0].finalize(scriptSig: Script([0x51]), witness: nil)
        #expect(throws: PSBTRoleError.unknownInputAmount(input: 0)) { try PSBTExtractor.extract(overspent) }
        overspent.inputs[0].setWitnessUTXO(TransactionOutput(value: 1000, scriptPubKey: Script([0x51])))
        // A bare OP_1 spend is no template Custos can check: refused unless finalized inputs are trusted.
        #expect {
            try PSBTExtractor.extract(overspent)
        } throws: { error in
            guard case PSBTRoleError.invalidSignatures(let failures) = error else { return false }
            return failures.map(\.reason) == [.finalScriptsUncheckable("a nonstandard output")]
        }
        #expect(throws: PSBTRoleError.outputsExceedInputs(inputTotal: 1000, outputTotal: 2000)) {
            try PSBTExtractor.extract(overspent, verifier: PartialSignatureVerifier(trustFinalized: true))
        }
    }

    /// The fee never wraps: amounts beyond 21 million BTC, or totals beyond it, are refused by name.
    @Test func feeArithmeticIsChecked() throws {
        var psbt = try PSBT(
            unsignedTransaction: Transaction(
                inputs: [0, 1].map { TransactionInput(previousOutput: OutPoint(txid: .zero, index: $0)) },
                outputs: [TransactionOutput(value: 1000, scriptPubKey: Script([0x51]))]))
        let huge = Int64.max / 2 + 1
        for index in 0..<2 {
            psbt.inputs[index].setWitnessUTXO(TransactionOutput(value: huge, scriptPubKey: Script([0x51])))
        }
        #expect(throws: PSBTRoleError.amountOutOfRange("input 0 amount")) { try psbt.fee() }
        let half = TransactionOutput.maximumMoney / 2 + 1
        for index in 0..<2 {
            psbt.inputs[index].setWitnessUTXO(TransactionOutput(value: half, scriptPubKey: Script([0x51])))
        }
        #expect(throws: PSBTRoleError.amountOutOfRange("the input total")) { try psbt.fee() }
        for index in 0..<2 {
            psbt.inputs[index].setWitnessUTXO(TransactionOutput(value: 600, scriptPubKey: Script([0x51])))
        }
        #expect(try psbt.fee() == 200)
    }

    @Test func finalizerRefusesInvalidSignaturesInsteadOfDroppingThem() throws {
        let wallet = try TestWallet(kind: .trSortedMultiA, threshold: 2, keyCount: 3, seed: 4)
        let spend = try wallet.sweep(inputCount: 1, version: 2)
        // Three cosigners sign; one signature is then damaged. Two valid ones would suffice, but a bad signature
        // in the file is a red flag the coordinator must not paper over.
        var combined = try PSBTCombiner.combine(
            try (0..<3).map { NamedPSBT(name: "\($0)", psbt: try wallet.signedCopy(of: spend.psbt, by: $0)) })
        let entry = try #require(combined.inputs[0].tapScriptSignatures.first)
        var damaged = entry.signature
        damaged[0] ^= 1
        combined.inputs[0].addTapScriptSignature(xOnlyKey: entry.xOnlyKey, leafHash: entry.leafHash, signature: damaged)
        #expect {
            try PSBTFinalizer.finalize(combined)
        } throws: { error in
            guard case PSBTRoleError.invalidSignatures(let failures) = error else { return false }
            return failures.count == 1 && failures[0].publicKey == entry.xOnlyKey.hexString
                && failures[0].reason == .doesNotVerify
        }
    }

    /// Length fields never drive allocation: a v2 PSBT claiming 2^60 inputs, a witness with 2^32 items and a key
    /// of 2^31 bytes are refused from a few dozen bytes.
    @Test func hugeCountsAreRefusedWithoutAllocating() throws {
        // Global: tx version 2, input count 2^60 (compact size 0xff...), output count 0, version 2; then nothing.
        var bytes = PSBT.magic
        bytes += [0x01, 0x02, 0x04, 0x02, 0, 0, 0]
        bytes += [0x01, 0x04, 0x09, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x10]
        bytes += [0x01, 0x05, 0x01, 0x00]
        bytes += [0x01, 0xfb, 0x04, 0x02, 0, 0, 0]
        bytes += [0x00]
        #expect(throws: PSBTDecodingError(.file, "Inputs provided does not match the number of inputs in transaction."))
        {
            try PSBT(serialized: bytes)
        }
        // A key length of 2^31 with three bytes behind it.
        let hugeKey = PSBT.magic + [0xfe, 0, 0, 0, 0x80, 1, 2, 3]
        #expect(throws: PSBTDecodingError.self) { try PSBT(serialized: hugeKey) }
        // A final witness claiming 2^32 items.
        var witness: [UInt8] = []
        witness.appendCompactSize(UInt64(1) << 32)
        #expect(throws: DecodingError.self) {
            var reader = ByteReader(witness)
            _ = try reader.readLength("witness item count")
        }
    }

    @Test func detectsBinaryAndBase64WithWhitespace() throws {
        let core = try SharedVectors.json("psbt/bitcoin-core/rpc_psbt.json") as? [String: Any]
        let text = try #require((core?["valid"] as? [String])?.first)
        let psbt = try PSBT(base64: text)
        #expect(try PSBT(detecting: psbt.serialized()) == psbt)
        #expect(try PSBT(detecting: Array("\n  \(text)\r\n".utf8)) == psbt)
        #expect(throws: PSBTDecodingError(.file, "neither a binary PSBT nor base64 text")) {
            try PSBT(detecting: Array("not a psbt".utf8))
        }
        #expect(throws: PSBTDecodingError(.file, "Invalid PSBT magic bytes")) {
            try PSBT(detecting: Array(Base64.encode([1, 2, 3, 4, 5, 6]).utf8))
        }
        #expect(throws: PSBTDecodingError(.file, "empty input")) { try PSBT(detecting: Array(" \n".utf8)) }
    }
}

extension [UInt8] {
    /// The PSBT with its global `01 fb 04 00000000` record removed.
    fileprivate func withoutExplicitVersionZero() -> [UInt8] {
        let record: [UInt8] = [0x01, 0xfb, 0x04, 0, 0, 0, 0]
        guard let start = (0...(count - record.count)).first(where: { Array(self[$0..<$0 + record.count]) == record })
        else { return self }
        return Array(self[..<start]) + Array(self[(start + record.count)...])
    }
}

@Suite("finalized-size estimates for fee planning")
struct SpendSizeTests {
    /// For every script type, SpendSize's weight (with maximum-size ECDSA signatures) is never below the real
    /// finalized transaction's and at most one byte per signature above it; taproot (64-byte Schnorr) is exact.
    @Test(arguments: TestWallet.Kind.allCases)
    func estimateBoundsTheFinalizedWeight(_ kind: TestWallet.Kind) throws {
        for (threshold, keys) in [(2, 3), (3, 5)] {
            let wallet = try TestWallet(kind: kind, threshold: threshold, keyCount: keys, seed: 12)
            let spend = try wallet.sweep(inputCount: 4, version: 2)
            let copies = try (0..<threshold).map {
                NamedPSBT(name: "\($0)", psbt: try wallet.signedCopy(of: spend.psbt, by: $0))
            }
            let transaction = try PSBTExtractor.extract(try PSBTFinalizer.finalize(try PSBTCombiner.combine(copies)))
            let estimate = try #require(
                SpendSize.transactionWeight(inputs: spend.expansions, outputs: transaction.outputs))
            let signatures = threshold * spend.expansions.count
            #expect(estimate >= transaction.weight, "\(kind) \(threshold)-of-\(keys)")
            // Each ECDSA signature is at most 2 bytes shorter than assumed: 2 weight units in a witness, 8 in a
            // scriptSig.
            let slack = kind.isTaproot ? 0 : (kind.isLegacy ? 8 : 2) * signatures
            #expect(estimate - transaction.weight <= slack, "\(kind) \(threshold)-of-\(keys)")
            if kind.isTaproot { #expect(estimate == transaction.weight) }
        }
    }
}
