internal import Bitcoin
internal import CustosCrypto
internal import Secp256k1

/// Strict PSBT decoding with Bitcoin Core's rules (psbt.h): every key size, value size, public key, signature
/// encoding, version rule and count is checked, duplicates are refused and nothing may follow the last map.
/// Records keep their bytes, so a decoded PSBT re-serializes exactly.
extension PSBT {
    public static let magic: [UInt8] = [0x70, 0x73, 0x62, 0x74, 0xff]

    /// Decodes a binary PSBT, or base64 text of one (surrounding whitespace allowed), detected from the bytes.
    public init(detecting input: [UInt8]) throws(PSBTDecodingError) {
        var decoder = PSBTDecoder()
        self = try decoder.decode(detecting: input)
    }

    public init(base64 text: String) throws(PSBTDecodingError) {
        guard let bytes = Base64.decode(Array(text.utf8)) else { throw PSBTDecodingError(.file, "invalid base64") }
        try self.init(serialized: bytes)
    }

    /// Decodes binary PSBT bytes.
    public init(serialized bytes: [UInt8]) throws(PSBTDecodingError) {
        var decoder = PSBTDecoder()
        self = try decoder.decode(serialized: bytes)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0a || byte == 0x0d || byte == 0x09
    }

    init(serialized bytes: [UInt8], context: inout DecodingContext) throws(PSBTDecodingError) {
        var reader = ByteReader(bytes)
        guard let magic = try? reader.readBytes(5), magic == Self.magic else {
            throw PSBTDecodingError(.file, "Invalid PSBT magic bytes")
        }
        let globalRecords = try Self.readMap(&reader, location: .global, name: "the global map")
        let (global, inputCount, outputCount) = try context.validateGlobal(globalRecords)
        let version = global.version
        var inputs: [PSBTInput] = []
        inputs.reserveCapacity(min(inputCount, reader.remainingCount))
        while !reader.isAtEnd && inputs.count < inputCount {
            let index = inputs.count
            let records = try Self.readMap(&reader, location: .input(index), name: "an input map")
            let input = try context.validateInput(records, index: index, version: version)
            if let previous = records.first(where: { $0.type == PSBTKeyType.Input.nonWitnessUTXO }) {
                try Self.checkNonWitnessUTXO(previous, input: input, index: index, global: global)
            }
            inputs.append(input)
        }
        guard inputs.count == inputCount else {
            throw PSBTDecodingError(.file, "Inputs provided does not match the number of inputs in transaction.")
        }
        var outputs: [PSBTOutput] = []
        outputs.reserveCapacity(min(outputCount, reader.remainingCount))
        while !reader.isAtEnd && outputs.count < outputCount {
            let index = outputs.count
            let records = try Self.readMap(&reader, location: .output(index), name: "an output map")
            outputs.append(try context.validateOutput(records, index: index, version: version))
        }
        guard outputs.count == outputCount else {
            throw PSBTDecodingError(.file, "Outputs provided does not match the number of outputs in transaction.")
        }
        guard reader.isAtEnd else { throw PSBTDecodingError(.file, "extra data after PSBT") }
        self.init(global: global, inputs: inputs, outputs: outputs)
    }

    /// Reads records up to the 0x00 separator, refusing duplicate keys.
    private static func readMap(
        _ reader: inout ByteReader, location: PSBTLocation, name: String
    )
        throws(PSBTDecodingError) -> [PSBTRecord]
    {
        var records: [PSBTRecord] = []
        var keys: Set<ArraySlice<UInt8>> = []
        while !reader.isAtEnd {
            do {
                let key = try reader.readVarSlice("key")
                if key.isEmpty { return records }
                let value = try reader.readVarSlice("value")
                let record = try PSBTRecord(key: key, value: value)
                // Small maps (the usual case) check by scanning; large ones through a set.
                let duplicate: Bool
                if records.count < 16 {
                    duplicate = records.contains { $0.key == key }
                    if records.count == 15 { keys = Set(records.map(\.key)) }
                } else {
                    duplicate = keys.contains(key)
                }
                if records.count >= 15 { keys.insert(key) }
                guard !duplicate else {
                    throw PSBTDecodingError(location, "Duplicate Key, key \"\(Array(key).hexString)\" already provided")
                }
                records.append(record)
            } catch let error as PSBTDecodingError {
                throw error
            } catch {
                throw PSBTDecodingError(location, "\(error)")
            }
        }
        throw PSBTDecodingError(location, "Separator is missing at the end of \(name)")
    }

    private static func checkNonWitnessUTXO(
        _ record: PSBTRecord, input: PSBTInput, index: Int, global: PSBTGlobal
    ) throws(PSBTDecodingError) {
        guard let previous = try? Transaction(serialized: record.value) else { return }
        let outpoint: OutPoint
        if let transaction = global.unsignedTransaction {
            outpoint = transaction.inputs[index].previousOutput
        } else if let txid = input.previousTxid, let outputIndex = input.outputIndex {
            outpoint = OutPoint(txid: txid, index: outputIndex)
        } else {
            return
        }
        guard previous.txid == outpoint.txid else {
            throw PSBTDecodingError(.input(index), "Non-witness UTXO does not match outpoint hash")
        }
        guard Int(outpoint.index) < previous.outputs.count else {
            throw PSBTDecodingError(.input(index), "Input specifies output index that does not exist")
        }
    }
}

/// Decoding state: the public keys already parsed and checked on the curve. A cosigner file repeats each key in a
/// signature and a derivation, and cosigners' copies of one PSBT share them all, so decoding them with one
/// `PSBTDecoder` parses each key once.
struct DecodingContext {
    var parsedKeys = ParsedPublicKeys()

    mutating func isValidPublicKey(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count == 33 || bytes.count == 65 else { return false }
        if parsedKeys.contains(bytes) { return true }
        guard let key = try? Secp256k1PublicKey(bytes: bytes) else { return false }
        parsedKeys.insert(key, for: bytes)
        return true
    }

    /// Parses, on every core, the compressed keys that key the records of `bytes` (partial signatures and BIP32
    /// derivations: record types 0x02 and 0x06 with 33 bytes of key data) and caches the valid ones, before the
    /// strict single-threaded decode checks each key where it appears. Only the cache is touched, and only with
    /// points libsecp256k1 accepted, so the decode's checks, errors and their order are unchanged: an invalid key is
    /// not cached and fails where it always did. A scan that meets malformed structure just stops there.
    mutating func cacheKeys(of bytes: [UInt8]) {
        var reader = ByteReader(bytes)
        var candidates: [ArraySlice<UInt8>] = []
        var seen: Set<ArraySlice<UInt8>> = []
        do {
            try reader.skip(PSBT.magic.count)
            while !reader.isAtEnd {
                let key = try reader.readVarSlice("key")
                if key.isEmpty { continue }
                _ = try reader.readVarSlice("value")
                let type = key[key.startIndex]
                guard key.count == 34, type == 0x02 || type == 0x06 else { continue }
                let keyData = key.dropFirst()
                if !parsedKeys.contains(keyData) && seen.insert(keyData).inserted { candidates.append(keyData) }
            }
        } catch {
            // Malformed structure: the decode reports it; the keys found so far are still worth caching.
        }
        guard candidates.count >= ParallelMap.minimumParallelCount else { return }
        let keys = candidates
        let parsed = ParallelMap.map(count: keys.count) { index in
            try? Secp256k1PublicKey(bytes: keys[index])
        }
        for (bytes, key) in zip(keys, parsed) {
            if let key { parsedKeys.insert(key, for: bytes) }
        }
    }

    // MARK: Global

    mutating func validateGlobal(
        _ records: [PSBTRecord]
    ) throws(PSBTDecodingError)
        -> (PSBTGlobal, inputCount: Int, outputCount: Int)
    {
        typealias Key = PSBTKeyType.Global
        func fail(_ reason: String) -> PSBTDecodingError { PSBTDecodingError(.global, reason) }
        var transaction: Transaction?
        var inputCount: Int?
        var outputCount: Int?
        var version: UInt32 = 0
        for record in records {
            switch record.type {
            case Key.unsignedTransaction:
                try expectKeySize(record, 1, "Global Unsigned TX", .global)
                let decoded: Transaction
                do {
                    decoded = try Transaction(serialized: record.value, allowWitness: false)
                } catch {
                    throw fail("unsigned transaction (read without witness serialization): \(error)")
                }
                guard decoded.inputs.allSatisfy({ $0.scriptSig.isEmpty && $0.witness.isEmpty }) else {
                    throw fail("Unsigned tx does not have empty scriptSigs and scriptWitnesses.")
                }
                transaction = decoded
            case Key.extendedPublicKey:
                try expectKeySize(record, 79, "Global XPUB", .global)
                guard isValidPublicKey(record.keyData.suffix(33)) else { throw fail("Invalid pubkey") }
                try expectKeyOrigin(record.value, .global)
            case Key.transactionVersion, Key.fallbackLocktime:
                try expectKeySize(
                    record, 1,
                    record.type == Key.transactionVersion
                        ? "Global Transaction Version"
                        : "Global Fallback Locktime", .global)
                try expectValueSize(record, 4, .global)
            case Key.inputCount, Key.outputCount:
                try expectKeySize(
                    record, 1,
                    record.type == Key.inputCount
                        ? "Global Input Count"
                        : "Global Output Count", .global)
                var reader = ByteReader(slice: record.value)
                guard let count = try? reader.readCompactSize(), reader.isAtEnd else {
                    throw fail("Size of value was not the stated size")
                }
                let clamped = Int(clamping: count)
                if record.type == Key.inputCount { inputCount = clamped } else { outputCount = clamped }
            case Key.transactionModifiable:
                try expectKeySize(record, 1, "Global TX Modifiable Flags", .global)
                try expectValueSize(record, 1, .global)
            case Key.version:
                try expectKeySize(record, 1, "Global PSBT Version", .global)
                try expectValueSize(record, 4, .global)
                version = PSBTInput.uint32(record.value)
                guard version <= 2 else { throw fail("Unsupported version number") }
            case Key.proprietary:
                try expectProprietary(record, .global)
            default:
                break
            }
        }
        let has = { (type: UInt64) in records.contains { $0.type == type } }
        switch version {
        case 0:
            guard let transaction else { throw fail("No unsigned transaction was provided") }
            for (type, name) in [
                (Key.transactionVersion, "PSBT_GLOBAL_TX_VERSION"),
                (Key.fallbackLocktime, "PSBT_GLOBAL_FALLBACK_LOCKTIME"), (Key.inputCount, "PSBT_GLOBAL_INPUT_COUNT"),
                (Key.outputCount, "PSBT_GLOBAL_OUTPUT_COUNT"), (Key.transactionModifiable, "PSBT_GLOBAL_TX_MODIFIABLE"),
            ]
            where has(type) {
                throw fail("\(name) is not allowed in PSBTv0")
            }
            let global = PSBTGlobal(
                map: PSBTMap(records: records, writeOrder: Key.writeOrder), unsignedTransaction: transaction)
            return (global, transaction.inputs.count, transaction.outputs.count)
        case 1:
            throw fail("There is no PSBT version 1")
        default:
            guard has(Key.transactionVersion) else { throw fail("PSBT_GLOBAL_TX_VERSION is required in PSBTv2") }
            guard let inputCount else { throw fail("PSBT_GLOBAL_INPUT_COUNT is required in PSBTv2") }
            guard let outputCount else { throw fail("PSBT_GLOBAL_OUTPUT_COUNT is required in PSBTv2") }
            guard transaction == nil else { throw fail("PSBT_GLOBAL_UNSIGNED_TX is not allowed in PSBTv2") }
            let global = PSBTGlobal(
                map: PSBTMap(records: records, writeOrder: Key.writeOrder), unsignedTransaction: nil)
            return (global, inputCount, outputCount)
        }
    }

    // MARK: Inputs

    mutating func validateInput(
        _ records: [PSBTRecord], index: Int, version: UInt32
    ) throws(PSBTDecodingError)
        -> PSBTInput
    {
        typealias Key = PSBTKeyType.Input
        let location = PSBTLocation.input(index)
        func fail(_ reason: String) -> PSBTDecodingError { PSBTDecodingError(location, reason) }
        func requireVersion2(_ name: String) throws(PSBTDecodingError) {
            guard version >= 2 else { throw fail("\(name) is not allowed in PSBTv0") }
        }
        var foundPreviousTxid = false
        var foundOutputIndex = false
        for record in records {
            switch record.type {
            case Key.nonWitnessUTXO:
                try expectKeySize(record, 1, "Input Non-witness UTXO", location)
                do {
                    _ = try Transaction(serialized: record.value)
                } catch {
                    throw fail("non-witness UTXO: \(error)")
                }
            case Key.witnessUTXO:
                try expectKeySize(record, 1, "Input Witness UTXO", location)
                do {
                    _ = try TransactionOutput(serialized: record.value)
                } catch {
                    throw fail("witness UTXO: \(error)")
                }
            case Key.partialSignature:
                guard record.key.count == 34 || record.key.count == 66 else {
                    throw fail("Size of key was not the expected size for the type partial signature pubkey")
                }
                let key = Array(record.keyData).hexString
                guard isValidPublicKey(record.keyData) else { throw fail("Invalid pubkey \(key)") }
                guard SignatureEncoding.isValidECDSASignature(record.value) else {
                    throw fail("Signature is not a valid encoding (partial signature for key \(key))")
                }
            case Key.sighashType:
                try expectKeySize(record, 1, "Input Sighash Type", location)
                try expectValueSize(record, 4, location)
            case Key.redeemScript:
                try expectKeySize(record, 1, "Input redeemScript", location)
            case Key.witnessScript:
                try expectKeySize(record, 1, "Input witnessScript", location)
            case Key.bip32Derivation:
                try expectDerivation(record, location)
            case Key.finalScriptSig:
                try expectKeySize(record, 1, "Input Final scriptSig", location)
            case Key.finalScriptWitness:
                try expectKeySize(record, 1, "Input Final scriptWitness", location)
                guard (try? PSBTInput.decodeWitness(record.value)) != nil else {
                    throw fail("Size of value was not the stated size")
                }
            case Key.ripemd160Preimage, Key.hash160Preimage:
                try expectKeySize(
                    record, 21,
                    record.type == Key.ripemd160Preimage
                        ? "Input RIPEMD160 Preimage"
                        : "Input Hash160 Preimage", location)
            case Key.sha256Preimage, Key.hash256Preimage:
                try expectKeySize(
                    record, 33,
                    record.type == Key.sha256Preimage
                        ? "Input SHA256 Preimage"
                        : "Input Hash256 Preimage", location)
            case Key.previousTxid:
                try expectKeySize(record, 1, "Input Previous TXID", location)
                try requireVersion2("Previous txid")
                try expectValueSize(record, 32, location)
                foundPreviousTxid = true
            case Key.outputIndex:
                try expectKeySize(record, 1, "Input Previous Output's Index", location)
                try requireVersion2("Previous output's index")
                try expectValueSize(record, 4, location)
                foundOutputIndex = true
            case Key.sequence:
                try expectKeySize(record, 1, "Input Sequence", location)
                try requireVersion2("Sequence")
                try expectValueSize(record, 4, location)
            case Key.requiredTimeLocktime:
                try expectKeySize(record, 1, "Input Required Time Based Locktime", location)
                try requireVersion2("Required time based locktime")
                try expectValueSize(record, 4, location)
                guard PSBTInput.uint32(record.value) >= 500_000_000 else {
                    throw fail("Required time based locktime is invalid (less than 500000000)")
                }
            case Key.requiredHeightLocktime:
                try expectKeySize(record, 1, "Input Required Height Based Locktime", location)
                try requireVersion2("Required height based locktime")
                try expectValueSize(record, 4, location)
                let height = PSBTInput.uint32(record.value)
                guard height < 500_000_000 else {
                    throw fail("Required height based locktime is invalid (greater than or equal to 500000000)")
                }
                guard height != 0 else { throw fail("Required height based locktime is invalid (0)") }
            case Key.tapKeySignature:
                try expectKeySize(record, 1, "Input Taproot Key Path Signature", location)
                try expectSchnorrSignature(record.value, "Input Taproot key path signature", location)
            case Key.tapScriptSignature:
                try expectKeySize(record, 65, "Input Taproot Script Path Signature", location)
                try expectSchnorrSignature(record.value, "Input Taproot script path signature", location)
            case Key.tapLeafScript:
                guard record.key.count >= 34 else {
                    throw fail("Input Taproot leaf script key is not at least 34 bytes")
                }
                guard (record.key.count - 2) % 32 == 0 else {
                    throw fail("Input Taproot leaf script key's control block size is not valid")
                }
                guard !record.value.isEmpty else { throw fail("Input Taproot leaf script must be at least 1 byte") }
            case Key.tapBIP32Derivation:
                try expectKeySize(record, 33, "Input Taproot BIP32 Keypath", location)
                try expectTaprootDerivation(record.value, "Input", location)
            case Key.tapInternalKey:
                try expectKeySize(record, 1, "Input Taproot Internal Key", location)
                try expectValueSize(record, 32, location)
            case Key.tapMerkleRoot:
                try expectKeySize(record, 1, "Input Taproot Merkle Root", location)
                try expectValueSize(record, 32, location)
            case Key.musig2ParticipantPublicKeys:
                try expectMuSig2Participants(record, "Input", location)
            case Key.musig2PublicNonce, Key.musig2PartialSignature:
                let name = record.type == Key.musig2PublicNonce ? "pubnonce" : "partial sig"
                guard record.key.count == 67 || record.key.count == 99 else {
                    throw fail("Input musig2 \(name) key is not expected size of 67 or 99 bytes")
                }
                let data = record.keyData
                guard isValidPublicKey(data.dropFirst(33).prefix(33)) else {
                    throw fail("musig2 aggregate pubkey is invalid")
                }
                guard isValidPublicKey(data.prefix(33)) else { throw fail("musig2 participant pubkey is invalid") }
                if record.type == Key.musig2PublicNonce {
                    guard record.value.count == 66 else { throw fail("Input musig2 pubnonce value is not 66 bytes") }
                } else {
                    try expectValueSize(record, 32, location)
                }
            case Key.proprietary:
                try expectProprietary(record, location)
            default:
                break
            }
        }
        if version >= 2 {
            guard foundPreviousTxid else { throw fail("Previous TXID is required in PSBTv2") }
            guard foundOutputIndex else { throw fail("Previous output's index is required in PSBTv2") }
        }
        return PSBTInput(map: PSBTMap(records: records, writeOrder: Key.writeOrder))
    }

    // MARK: Outputs

    mutating func validateOutput(
        _ records: [PSBTRecord], index: Int, version: UInt32
    ) throws(PSBTDecodingError)
        -> PSBTOutput
    {
        typealias Key = PSBTKeyType.Output
        let location = PSBTLocation.output(index)
        func fail(_ reason: String) -> PSBTDecodingError { PSBTDecodingError(location, reason) }
        var foundAmount = false
        var foundScript = false
        for record in records {
            switch record.type {
            case Key.redeemScript:
                try expectKeySize(record, 1, "Output redeemScript", location)
            case Key.witnessScript:
                try expectKeySize(record, 1, "Output witnessScript", location)
            case Key.bip32Derivation:
                try expectDerivation(record, location)
            case Key.amount:
                try expectKeySize(record, 1, "Output Amount", location)
                guard version >= 2 else { throw fail("Output amount is not allowed in PSBTv0") }
                try expectValueSize(record, 8, location)
                foundAmount = true
            case Key.script:
                try expectKeySize(record, 1, "Output Script", location)
                guard version >= 2 else { throw fail("Output script is not allowed in PSBTv0") }
                foundScript = true
            case Key.tapInternalKey:
                try expectKeySize(record, 1, "Output Taproot Internal Key", location)
                try expectValueSize(record, 32, location)
            case Key.tapTree:
                try expectKeySize(record, 1, "Output Taproot Tree Key", location)
                try expectTapTree(record.value, location)
            case Key.tapBIP32Derivation:
                try expectKeySize(record, 33, "Output Taproot BIP32 Keypath", location)
                try expectTaprootDerivation(record.value, "Output", location)
            case Key.musig2ParticipantPublicKeys:
                try expectMuSig2Participants(record, "Output", location)
            case Key.proprietary:
                try expectProprietary(record, location)
            default:
                break
            }
        }
        if version >= 2 {
            guard foundAmount else { throw fail("Output amount is required in PSBTv2") }
            guard foundScript else { throw fail("Output script is required in PSBTv2") }
        }
        return PSBTOutput(map: PSBTMap(records: records, writeOrder: Key.writeOrder))
    }

    // MARK: Checks shared by the maps

    private func expectKeySize(
        _ record: PSBTRecord, _ size: Int, _ name: String, _ location: PSBTLocation
    )
        throws(PSBTDecodingError)
    {
        guard record.key.count == size else {
            throw PSBTDecodingError(location, "Size of key was not \(size) for the type \(name)")
        }
    }

    private func expectValueSize(
        _ record: PSBTRecord, _ size: Int, _ location: PSBTLocation
    )
        throws(PSBTDecodingError)
    {
        guard record.value.count == size else {
            throw PSBTDecodingError(location, "Size of value was not the stated size")
        }
    }

    private func expectKeyOrigin(_ value: ArraySlice<UInt8>, _ location: PSBTLocation) throws(PSBTDecodingError) {
        guard !value.isEmpty, value.count % 4 == 0 else {
            throw PSBTDecodingError(location, "Invalid length for HD key path")
        }
    }

    private mutating func expectDerivation(_ record: PSBTRecord, _ location: PSBTLocation) throws(PSBTDecodingError) {
        guard record.key.count == 34 || record.key.count == 66 else {
            throw PSBTDecodingError(location, "Size of key was not the expected size for the type BIP32 keypath")
        }
        guard isValidPublicKey(record.keyData) else { throw PSBTDecodingError(location, "Invalid pubkey") }
        try expectKeyOrigin(record.value, location)
    }

    private func expectSchnorrSignature(
        _ value: ArraySlice<UInt8>, _ name: String, _ location: PSBTLocation
    )
        throws(PSBTDecodingError)
    {
        if value.count < 64 { throw PSBTDecodingError(location, "\(name) is shorter than 64 bytes") }
        if value.count > 65 { throw PSBTDecodingError(location, "\(name) is longer than 65 bytes") }
    }

    private func expectTaprootDerivation(
        _ value: ArraySlice<UInt8>, _ context: String, _ location: PSBTLocation
    )
        throws(PSBTDecodingError)
    {
        var reader = ByteReader(slice: value)
        guard let count = try? reader.readCompactSize(), count <= UInt64(value.count) / 32,
            32 * Int(count) <= reader.remainingCount
        else { throw PSBTDecodingError(location, "\(context) Taproot BIP32 keypath has an invalid length") }
        let originLength = reader.remainingCount - 32 * Int(count)
        guard originLength > 0, originLength % 4 == 0 else {
            throw PSBTDecodingError(location, "Invalid length for HD key path")
        }
    }

    private mutating func expectMuSig2Participants(
        _ record: PSBTRecord, _ context: String, _ location: PSBTLocation
    )
        throws(PSBTDecodingError)
    {
        try expectKeySize(record, 34, "\(context) MuSig2 Participants Pubkeys", location)
        guard isValidPublicKey(record.keyData) else {
            throw PSBTDecodingError(location, "\(context) musig2 aggregate pubkey is invalid")
        }
        var offset = record.value.startIndex
        while record.value.endIndex - offset >= 33 {
            guard isValidPublicKey(record.value[offset..<offset + 33]) else {
                throw PSBTDecodingError(location, "\(context) musig2 participant pubkey is invalid")
            }
            offset += 33
        }
        guard offset == record.value.endIndex else {
            throw PSBTDecodingError(
                location, "\(context) musig2 participants pubkeys value size is not a multiple of 33")
        }
    }

    private func expectProprietary(_ record: PSBTRecord, _ location: PSBTLocation) throws(PSBTDecodingError) {
        var reader = ByteReader(slice: record.keyData)
        guard (try? reader.readVarSlice("identifier")) != nil, (try? reader.readCompactSize("subtype")) != nil else {
            throw PSBTDecodingError(location, "Proprietary key is malformed")
        }
    }

    private func expectTapTree(_ value: ArraySlice<UInt8>, _ location: PSBTLocation) throws(PSBTDecodingError) {
        guard !value.isEmpty else { throw PSBTDecodingError(location, "Output Taproot tree must not be empty") }
        var reader = ByteReader(slice: value)
        var leaves: [(depth: Int, leaf: TapLeaf)] = []
        while !reader.isAtEnd {
            guard let depth = try? reader.readUInt8(), let version = try? reader.readUInt8(),
                let script = try? reader.readVarSlice("leaf script")
            else { throw PSBTDecodingError(location, "Output Taproot tree is malformed") }
            guard Int(depth) <= TaprootTree.maximumDepth else {
                throw PSBTDecodingError(location, "Output Taproot tree has as leaf greater than Taproot maximum depth")
            }
            guard version & 0x01 == 0 else {
                throw PSBTDecodingError(location, "Output Taproot tree has a leaf with an invalid leaf version")
            }
            leaves.append((Int(depth), TapLeaf(script: Script(script), version: version)))
        }
        guard (try? TaprootTree(leaves: leaves)) != nil else {
            throw PSBTDecodingError(location, "Output Taproot tree is malformed")
        }
    }
}
